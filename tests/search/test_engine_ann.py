"""The ANN index of a large vector generation: the same answers as the exact scan, kept with each generation."""

from __future__ import annotations

import numpy as np
import pytest

from search import engine
from search.engine import ann, vectors
from search.engine.encoder import DIMENSIONS
from search.indexing import index_pending

PAPERS = 3000
TOPICS = 60


def generated_catalog(papers: int = PAPERS, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Paper ids and unit vectors in clusters around a few topics, as real embeddings are."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((TOPICS, DIMENSIONS))
    matrix = topics[rng.integers(0, TOPICS, papers)] + 0.6 * rng.standard_normal((papers, DIMENSIONS))
    matrix = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    return np.arange(1, papers + 1, dtype=np.int64) * 10, matrix


def related_ids(paper_id: int, top: int = 10) -> list[int]:
    return [hit.paper_id for hit in engine.related(paper_id, top=top)]


def test_a_small_catalog_has_no_index(tmp_path):
    ids, matrix = generated_catalog(200)
    vectors.publish(tmp_path, ids, matrix, ann_from=1000)
    assert vectors.load(tmp_path).index is None


def test_the_ann_index_finds_the_same_nearest_papers_as_the_exact_scan(index_dir):
    ids, matrix = generated_catalog()
    vectors.publish(engine.vector_dir(), ids, matrix)
    assert engine._vectors(engine.vector_dir()).get().index is None
    exact = {paper_id: related_ids(paper_id) for paper_id in ids[::100].tolist()}
    vectors.publish(engine.vector_dir(), ids, matrix, ann_from=1000)
    assert engine._vectors(engine.vector_dir()).get().index is not None
    approximate = {paper_id: related_ids(paper_id) for paper_id in exact}
    assert approximate == exact


def test_a_reader_picks_up_the_index_of_a_newer_generation(tmp_path):
    ids, matrix = generated_catalog()
    vectors.update(tmp_path, ids, matrix, ann_from=1000)
    reader = vectors.Reader(tmp_path)
    assert reader.get().index.ntotal == PAPERS
    fresh = matrix[:1] * -1.0
    vectors.update(tmp_path, np.array([7]), fresh, removed=ids[:5], ann_from=1000)
    store = reader.get()
    assert store.index.ntotal == PAPERS - 4
    assert ann.search(store.index, fresh[0], 1).tolist() == [7]
    assert not set(ann.search(store.index, matrix[1], 50).tolist()) & set(ids[:5].tolist())


def test_each_update_carries_the_cells_and_a_grown_catalog_learns_new_ones(tmp_path):
    ids, matrix = generated_catalog(2 * PAPERS)
    vectors.update(tmp_path, ids[:PAPERS], matrix[:PAPERS], ann_from=1000)
    cells = vectors.load(tmp_path).index.nlist
    vectors.update(tmp_path, ids[PAPERS : PAPERS + 10], matrix[PAPERS : PAPERS + 10], ann_from=1000)
    assert vectors.load(tmp_path).index.nlist == cells == ann.cells_for(PAPERS)
    vectors.update(tmp_path, ids[PAPERS:], matrix[PAPERS:], ann_from=1000)
    store = vectors.load(tmp_path)
    assert store.index.nlist == ann.cells_for(2 * PAPERS) != cells
    assert store.index.ntotal == 2 * PAPERS


@pytest.mark.slow
def test_quick_search_over_the_index_matches_the_exact_scan(index_dir, settings, make_paper):
    settings.SEARCH_ANN_MIN_PAPERS = 40
    topics = ["melanoma immunotherapy", "metformin and cancer", "protein folding", "exercise and depression",
              "gut microbiota", "vitamin D fractures", "sleep and memory", "air pollution asthma"]
    for number in range(48):
        topic = topics[number % len(topics)]
        make_paper(f"{topic.capitalize()}: cohort {number}", f"A study of {topic} in {number * 37} adults.")
    index_pending()
    store = engine._vectors(engine.vector_dir()).get()
    assert store.index is not None and store.index.ntotal == 48
    queries = ["immunotherapy for skin cancer", "does metformin prevent tumours", "bone fractures in the elderly"]
    approximate = {q: [(h.paper_id, round(h.score, 5)) for h in engine.search(q, top=20)] for q in queries}
    vectors.publish(engine.vector_dir(), store.ids, np.asarray(store.matrix))  # the same rows, no index
    assert engine._vectors(engine.vector_dir()).get().index is None
    exact = {q: [(h.paper_id, round(h.score, 5)) for h in engine.search(q, top=20)] for q in queries}
    assert approximate == exact
