"""The retrieval engine: quick, lexical and dense search, related papers and query terms."""

from __future__ import annotations

import shutil

import pytest

from search import engine
from search.indexing import index_pending

pytestmark = pytest.mark.slow

PAPERS = [
    ("Immunotherapy resistance in melanoma", "Many melanoma patients acquire resistance to PD-1 blockade."),
    ("Metformin use and cancer risk", "Diabetic patients taking metformin had a lower incidence of cancer."),
    ("Protein structure prediction with deep learning", "Neural networks predict protein folding accurately."),
    ("Exercise and depression in older adults", "Aerobic exercise reduced depressive symptoms in a randomized trial."),
    ("Gut microbiota and obesity", "The intestinal microbiome differs between lean and obese twins."),
]


@pytest.fixture
def papers(index_dir, make_paper):
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


def test_search_before_anything_is_indexed_returns_nothing(index_dir):
    assert engine.search("melanoma") == []
    assert engine.search("melanoma", mode="lexical") == []
    assert engine.query_terms("melanoma") == []


def test_unknown_mode_is_rejected(papers):
    with pytest.raises(ValueError):
        engine.search("melanoma", mode="psychic")


def test_quick_search_is_full_text_only_until_vectors_exist(index_dir, make_paper):
    paper = make_paper("Immunotherapy resistance in melanoma", "Many melanoma patients acquire resistance.")
    index_pending()
    shutil.rmtree(engine.vector_dir())
    hits = engine.search("melanoma")
    assert [h.paper_id for h in hits] == [paper.id]
    assert engine.search("melanoma", mode="dense") == []
