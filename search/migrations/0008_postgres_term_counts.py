"""BM25 counts for the PostgreSQL search index: how many papers hold each lexeme and the catalog's totals,
kept by triggers on the index table (search.engine.postgres). An index made earlier is counted here; SQLite,
and a PostgreSQL without pgvector, skip it as they skip the index."""

from django.db import migrations


def create(apps, schema_editor) -> None:
    from search.engine import postgres

    if postgres.available():
        postgres.create_schema()


def drop(apps, schema_editor) -> None:
    from search.engine import postgres

    if schema_editor.connection.vendor == "postgresql":
        postgres.drop_counts()


class Migration(migrations.Migration):
    dependencies = [("search", "0007_deepsearch_job")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
