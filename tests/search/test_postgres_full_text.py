"""PostgreSQL full-text ranks by BM25, as tantivy does: a rare word counts for more than a common one. The
number of papers holding each lexeme is kept exact by the index table's triggers, and a query ranks only the
papers of its rarest words or of two words together, scored by all of its words. Runs on PostgreSQL with
pgvector."""

from __future__ import annotations

import pytest
from django.db import connection

from search import engine
from search.engine import postgres
from search.indexing import index_pending

pytestmark = pytest.mark.slow


@pytest.fixture
def postgres_backend(settings, index_dir, db):
    if connection.vendor != "postgresql" or not postgres.available():
        pytest.skip("needs PostgreSQL with pgvector (DATABASE_URL=postgres://…, scripts/install_pgvector.sh)")
    settings.SEARCH_BACKEND = "postgres"


@pytest.fixture
def catalog(postgres_backend, make_paper):
    """One melanoma paper among twenty cancer cohorts, and a paper that says cancer over and over."""
    melanoma = make_paper("Melanoma case report", "A rare melanoma in a young adult.")
    for number in range(20):
        make_paper(f"Cancer cohort {number}", "Cancer incidence in a regional cohort.")
    repeated = make_paper("Cancer, cancer and cancer", "Cancer screening: cancer staging and cancer survival.")
    index_pending()
    return melanoma, repeated


def stored_counts() -> tuple[dict[str, int], tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT lexeme, papers FROM {postgres.TERMS} WHERE papers <> 0")
        terms = dict(cursor.fetchall())
        cursor.execute(f"SELECT papers, lexemes FROM {postgres.TOTALS}")
        return terms, cursor.fetchone()


def actual_counts() -> tuple[dict[str, int], tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT lexeme, count(*) FROM {postgres.TABLE}, unnest(tsvector_to_array(document)) AS lexeme
                GROUP BY lexeme"""
        )
        terms = dict(cursor.fetchall())
        cursor.execute(f"SELECT count(*), coalesce(sum(length(document)), 0) FROM {postgres.TABLE}")
        return terms, cursor.fetchone()


def test_a_rare_word_outranks_a_common_word_said_many_times(catalog):
    melanoma, repeated = catalog
    hits = engine.search("cancer melanoma", mode="lexical", top=100)
    assert hits[0].paper_id == melanoma.id
    assert hits[1].paper_id == repeated.id  # among the papers that only say cancer, the one that says it most


def test_the_papers_of_each_word_are_counted_through_inserts_updates_and_deletes(catalog, make_paper):
    melanoma, repeated = catalog
    assert stored_counts()[0]["melanoma"] == 1 and stored_counts()[0]["cancer"] == 21
    melanoma.abstract, melanoma.content_hash = "A rare melanoma, not a cancer cohort.", "edited"
    melanoma.save()
    repeated.delete()
    make_paper("Melanoma screening", "Skin checks find melanoma early.")
    index_pending()
    assert stored_counts() == actual_counts()
    assert stored_counts()[0]["melanoma"] == 2 and stored_counts()[0]["cancer"] == 21


def test_a_query_ranks_the_papers_of_its_rarest_words_scored_by_every_word(catalog, make_paper, monkeypatch):
    both = make_paper("Melanoma and cancer", "A melanoma among cancer patients.")
    index_pending()
    monkeypatch.setattr(postgres, "LEXICAL_ROW_BUDGET", 5)  # melanoma's two papers fit, cancer's 22 do not
    hits = engine.search("cancer melanoma", mode="lexical", top=100)
    assert [hit.paper_id for hit in hits] == [both.id, catalog[0].id]


def test_a_query_of_common_words_ranks_the_papers_holding_them_together(postgres_backend, make_paper, monkeypatch):
    for number in range(10):
        make_paper(f"Cancer registry {number}", "Cancer incidence in a region.")
        make_paper(f"Screening trial {number}", "Screening uptake in a region.")
    both = make_paper("Cancer screening", "Screening for cancer in primary care.")
    index_pending()
    monkeypatch.setattr(postgres, "LEXICAL_ROW_BUDGET", 5)  # each word's 11 papers are too many, both together fit
    assert [hit.paper_id for hit in engine.search("cancer screening", mode="lexical", top=100)] == [both.id]


def test_an_index_made_before_the_counts_existed_is_counted_when_the_schema_is_next_created(catalog):
    postgres.drop_counts()
    postgres.create_schema()
    assert stored_counts() == actual_counts()
    assert engine.search("melanoma", mode="lexical")[0].paper_id == catalog[0].id


def test_words_no_paper_holds_do_not_count_as_matched(catalog):
    assert engine.query_terms("melanoma and zzyzx cancer") == ["melanoma", "cancer"]
