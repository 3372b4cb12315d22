"""PostgreSQL full-text at scale: a query searches only its rarest words, judged by the column statistics
ANALYZE keeps, which each process reads again only after STATISTICS_MAX_AGE. Runs on PostgreSQL with pgvector."""

from __future__ import annotations

import math

import pytest
from django.db import connection

from search import engine
from search.engine import postgres
from search.indexing import index_pending

pytestmark = pytest.mark.slow


@pytest.fixture
def catalog(settings, index_dir, make_paper, monkeypatch):
    if connection.vendor != "postgresql" or not postgres.available():
        pytest.skip("needs PostgreSQL with pgvector (DATABASE_URL=postgres://…, scripts/install_pgvector.sh)")
    settings.SEARCH_BACKEND = "postgres"
    # A small catalog stands in for a large one: pruning from 40 rows, at most 5 matching rows wanted.
    monkeypatch.setattr(postgres, "PRUNE_FROM_ROWS", 40)
    monkeypatch.setattr(postgres, "LEXICAL_ROW_BUDGET", 5)
    monkeypatch.setattr(postgres, "_read_statistics", (-math.inf, 0.0, {}))
    rare = make_paper("Melanoma and cancer", "A rare melanoma case among cancer patients.")
    for number in range(60):
        make_paper(f"Cancer cohort {number}", "Cancer incidence in a regional cohort.")
    index_pending()
    return rare


def analyse() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {postgres.TABLE}")


def test_a_query_searches_only_its_rarest_words_once_the_statistics_say_which(catalog, monkeypatch):
    assert len(engine.search("cancer melanoma", mode="lexical", top=100)) == 61  # no statistics yet: every word
    analyse()
    monkeypatch.setattr(postgres, "STATISTICS_MAX_AGE", 0.0)
    assert [hit.paper_id for hit in engine.search("cancer melanoma", mode="lexical", top=100)] == [catalog.id]


def test_the_statistics_are_read_again_only_after_their_maximum_age(catalog, monkeypatch):
    engine.search("cancer melanoma", mode="lexical")
    analyse()
    assert len(engine.search("cancer melanoma", mode="lexical", top=100)) == 61
    monkeypatch.setattr(postgres, "STATISTICS_MAX_AGE", 0.0)
    assert len(engine.search("cancer melanoma", mode="lexical", top=100)) == 1
