"""The PostgreSQL search index (tsvector + GIN, pgvector + HNSW): created only on PostgreSQL with pgvector.

SQLite, and a PostgreSQL without pgvector, skip it; search.indexing creates it later if it is missing.
"""

from django.db import migrations


def create(apps, schema_editor) -> None:
    from search.engine import postgres

    if postgres.available():
        postgres.create_schema()


def drop(apps, schema_editor) -> None:
    from search.engine import postgres

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TABLE IF EXISTS {postgres.TABLE}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_deep_search")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
