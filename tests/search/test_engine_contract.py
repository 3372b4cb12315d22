"""The engine's contract on both backends: the embedded one (tantivy + vector matrix) and PostgreSQL
(tsvector/GIN + pgvector/HNSW). The PostgreSQL cases run when the test database is PostgreSQL with
pgvector (scripts/install_pgvector.sh); on SQLite they are skipped and say why."""

from __future__ import annotations

import pytest
from django.db import connection

from search import engine
from search.engine import postgres
from search.indexing import index_pending

pytestmark = pytest.mark.slow

PAPERS = [
    ("Immunotherapy resistance in melanoma", "Many melanoma patients acquire resistance to PD-1 blockade."),
    ("Metformin use and cancer risk", "Diabetic patients taking metformin had a lower incidence of cancer."),
    ("Protein structure prediction with deep learning", "Neural networks predict protein folding accurately."),
    ("Exercise and depression in older adults", "Aerobic exercise reduced depressive symptoms in a randomized trial."),
    ("Gut microbiota and obesity", "The intestinal microbiome differs between lean and obese twins."),
]


@pytest.fixture(params=["embedded", "postgres"])
def backend(request, settings, index_dir, db):
    if request.param == "postgres":
        if connection.vendor != "postgresql":
            pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgres://… (the tests run on SQLite)")
        if not postgres.available():
            pytest.skip("pgvector is not installed in this PostgreSQL: run scripts/install_pgvector.sh")
    settings.SEARCH_BACKEND = request.param
    return request.param


@pytest.fixture
def papers(backend, make_paper):
    made = [make_paper(title, abstract, authors=["Ada Lovelace"], venue="Journal of Tests") for title, abstract in PAPERS]
    index_pending()
    return made


def test_quick_search_ranks_the_matching_paper_first(papers):
    hits = engine.search("immunotherapy melanoma resistance")
    assert hits[0].paper_id == papers[0].id
    assert hits[0].lexical > 0 and hits[0].dense > 0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_stemming_matches_other_word_forms(papers):
    hits = engine.search("predicting folded proteins", mode="lexical")
    assert [h.paper_id for h in hits] == [papers[2].id]


def test_title_words_rank_above_the_same_words_in_an_abstract(backend, make_paper):
    in_abstract = make_paper("A cohort study", "We studied metformin in diabetic adults.")
    in_title = make_paper("Metformin in diabetic adults", "A cohort study.")
    index_pending()
    hits = engine.search("metformin", mode="lexical")
    assert [h.paper_id for h in hits] == [in_title.id, in_abstract.id]


def test_dense_search_finds_a_paper_without_shared_words(papers):
    hits = engine.search("weight gain and intestinal bacteria", mode="dense", top=1)
    assert hits[0].paper_id == papers[4].id


def test_top_limits_the_number_of_hits(papers):
    assert len(engine.search("cancer", top=2)) == 2


def test_authors_and_venue_are_searchable(papers):
    assert len(engine.search("lovelace", mode="lexical")) == len(papers)
    assert len(engine.search("journal tests", mode="lexical")) == len(papers)


def test_related_papers_exclude_the_paper_itself(papers):
    related = engine.related(papers[1].id, top=3)
    assert len(related) == 3
    assert papers[1].id not in {h.paper_id for h in related}


def test_related_of_an_unindexed_paper_is_empty(papers):
    assert engine.related(10**9) == []


def test_query_terms_are_the_matched_words_without_stop_words(papers):
    assert engine.query_terms("The resistance of melanoma to zzyzx") == ["resistance", "melanoma"]


def test_search_before_anything_is_indexed_returns_nothing(backend):
    assert engine.search("melanoma") == []
    assert engine.search("melanoma", mode="lexical") == []
    assert engine.query_terms("melanoma") == []


def test_an_edited_paper_is_found_by_its_new_words(papers):
    paper = papers[3]
    paper.abstract = "Tai chi improved balance in frail elderly people."
    paper.content_hash = "edited"
    paper.save()
    index_pending()
    assert [h.paper_id for h in engine.search("tai chi balance", mode="lexical")] == [paper.id]
    assert paper.id not in {h.paper_id for h in engine.search("aerobic", mode="lexical")}


def test_a_deleted_paper_is_no_longer_found(papers):
    gone = papers[1].id
    papers[1].delete()
    index_pending()
    assert gone not in {h.paper_id for h in engine.search("metformin cancer")}


def test_hostile_queries_just_work(papers):
    for query in ['"unbalanced', "title:", "AND OR NOT", "melanoma) & | ! (", "résistance mélanome", "'; DROP TABLE x; --"]:
        engine.search(query)
