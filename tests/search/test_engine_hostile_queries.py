"""Queries users type by accident or on purpose: odd ones just work, empty or huge ones get a clear error."""

from __future__ import annotations

import pytest

from search import engine
from search.indexing import index_pending

pytestmark = pytest.mark.slow


@pytest.fixture
def paper(index_dir, make_paper):
    made = make_paper("Metformin and cancer", "Metformin users had fewer cancers (HR 0.7).", venue="Diabetes Care")
    index_pending()
    return made


@pytest.mark.parametrize(
    "query",
    [
        '"metformin cancer',
        "metformin\"'\"",
        "title:",
        "abstract:metformin",
        "venue:(Diabetes",
        "metformin AND OR NOT",
        "+metformin -cancer ~2 ^3",
        "metformin*",
        "[1 TO 5}",
        "metformin \\",
        "/metformin/",
        "métformine 癌症 🙂 Krebs",
        "metformin\x00cancer",
        "x" * engine.MAX_QUERY_CHARS,
        "metformin " * 90,
    ],
)
def test_odd_queries_just_search(paper, query):
    for mode in engine.MODES:
        hits = engine.search(query, mode=mode)
        assert all(isinstance(hit, engine.Hit) for hit in hits)
    assert isinstance(engine.query_terms(query), list)


def test_broken_syntax_still_matches_its_words(paper):
    assert engine.search('"metformin AND (cancer', mode="lexical")[0].paper_id == paper.id


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "!!!", '""', "🙂"])
def test_empty_queries_get_a_friendly_error(paper, query):
    with pytest.raises(engine.QueryError, match="words"):
        engine.search(query)


def test_a_huge_query_gets_a_friendly_error(paper):
    with pytest.raises(engine.QueryError, match="too long"):
        engine.search("metformin " * 1000)


def test_query_error_is_a_value_error():
    assert issubclass(engine.QueryError, ValueError)
