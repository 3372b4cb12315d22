"""The embedded retrieval engine: tantivy BM25 + MiniLM vectors, fused for quick mode.

search() returns hits best first; the open index and vector matrix are cached per process and
reloaded when another process (the Celery worker) has published newer ones. The nearest papers come
from an exact scan of the matrix in a small catalog and from the ANN index (ann.py) in a large one;
either way every similarity reported is computed exactly, and quick mode blends the scores of its
candidates only (the full-text matches and the nearest papers), never of the whole catalog.
"""

from __future__ import annotations

import functools
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import threadpoolctl
from django.conf import settings

from . import ann, encoder, fusion, lexical, postgres, vectors

MAX_QUERY_CHARS = 1000
# Full-text hits considered per query; papers below this depth would add almost nothing to a fused score.
LEXICAL_DEPTH = 1000
# Quick mode's result set is the full-text matches plus this many nearest papers by embedding.
DENSE_DEPTH = 100
MODES = ("quick", "lexical", "dense")
# The ANN index proposes this many times the papers asked for; exact similarities pick the best of them.
ANN_OVERSAMPLE = 2


class QueryError(ValueError):
    """A query the engine cannot run; the message is meant for the user."""


@dataclass(frozen=True)
class Hit:
    paper_id: int
    score: float
    lexical: float  # BM25 score, 0 when the full-text query did not match
    dense: float  # cosine similarity of the query and the paper's title+abstract


def lexical_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / "lexical"


def vector_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / "vectors"


@functools.lru_cache(maxsize=4)
def _lexical(path: Path) -> lexical.Index:
    return lexical.Index(path)


@functools.lru_cache(maxsize=4)
def _vectors(path: Path) -> vectors.Reader:
    return vectors.Reader(path)


@functools.lru_cache(maxsize=1)
def _full_text_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="full-text")


# A forked child (a gunicorn or Celery worker) starts its own thread instead of inheriting a dead one.
os.register_at_fork(after_in_child=_full_text_thread.cache_clear)


@functools.lru_cache(maxsize=1)
def _blas() -> threadpoolctl.ThreadpoolController:
    return threadpoolctl.ThreadpoolController()


def _similarities(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    # One BLAS thread: on the busy 2-core machine, waking a second one per product cost 30-50 ms a query.
    with _blas().limit(limits=1, user_api="blas"):
        return np.asarray(matrix @ vector, dtype=np.float32)


def _nearest(store: vectors.Store, vector: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and similarities of the `top` papers nearest to a unit vector, best first."""
    if store.index is None:
        similarity = _similarities(store.matrix, vector)
        rows = fusion.best(similarity, top)
        return rows, similarity[rows]
    rows, found = store.rows_of(ann.search(store.index, vector, ANN_OVERSAMPLE * top))
    rows = np.unique(rows[found])
    similarity = _similarities(store.matrix[rows], vector)
    best = fusion.best(similarity, top)
    return rows[best], similarity[best]


def _checked(query: str) -> str:
    query = (query or "").strip()
    if not re.search(r"\w", query):
        raise QueryError("Type a few words to search for.")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"That query is too long: keep it under {MAX_QUERY_CHARS:,} characters.")
    return query


def search(query: str, *, top: int = 100, mode: str = "quick") -> list[Hit]:
    """The `top` best papers for a query, best first. Modes: quick (fused), lexical, dense."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}; expected one of {', '.join(MODES)}")
    query = _checked(query)
    if top <= 0:
        return []
    if settings.SEARCH_BACKEND == "postgres":
        vector = None if mode == "lexical" else encoder.encode_query(query)
        return [Hit(*row) for row in postgres.search(lexical.query_words(query), vector, top, mode)]
    store = _vectors(vector_dir()).get()
    # Until the vectors exist (or while they are re-made for a new encoder setting), quick mode is full-text only.
    if mode == "lexical" or (mode == "quick" and (not len(store) or store.encoder != encoder.VERSION)):
        ids, scores = _lexical(lexical_dir()).search(query, top)
        return [Hit(int(i), float(s), float(s), 0.0) for i, s in zip(ids, scores)]
    if not len(store):
        return []
    if mode == "dense":
        rows, dense = _nearest(store, encoder.encode_query(query), top)
        return [Hit(int(store.ids[r]), float(d), 0.0, float(d)) for r, d in zip(rows, dense)]
    # tantivy and torch both release the GIL: the full-text search runs while the query is encoded.
    full_text = _full_text_thread().submit(_lexical(lexical_dir()).search, query, LEXICAL_DEPTH)
    vector = encoder.encode_query(query)
    ids, scores = full_text.result()
    matched, found = store.rows_of(ids)
    nearest, _ = _nearest(store, vector, DENSE_DEPTH)
    rows = np.unique(np.concatenate([matched[found], nearest]))
    dense = _similarities(store.matrix[rows], vector)
    bm25 = np.zeros(len(rows), dtype=np.float32)
    bm25[np.searchsorted(rows, matched[found])] = scores[found]
    fused = fusion.blend(bm25, dense)
    return [
        Hit(int(store.ids[rows[k]]), float(fused[k]), float(bm25[k]), float(dense[k]))
        for k in fusion.best(fused, top)
    ]


def related(paper_id: int, *, top: int = 5) -> list[Hit]:
    """The papers whose embeddings are closest to this paper's, excluding itself."""
    if settings.SEARCH_BACKEND == "postgres":
        vector = postgres.embedding_of(paper_id)
        if vector is None or top <= 0:
            return []
        ids, scores = postgres.nearest(vector, top, exclude=paper_id)
        return [Hit(int(i), float(s), 0.0, float(s)) for i, s in zip(ids, scores)]
    store = _vectors(vector_dir()).get()
    row = store.row_of(paper_id)
    if row is None or top <= 0:
        return []
    rows, similarity = _nearest(store, np.asarray(store.matrix[row]), top + 1)
    return [Hit(int(store.ids[r]), float(s), 0.0, float(s)) for r, s in zip(rows, similarity) if r != row][:top]


def query_terms(query: str) -> list[str]:
    """The query's words the full-text index matched on (lowercased, no stop words), for highlighting."""
    try:
        query = _checked(query)
    except QueryError:
        return []
    if settings.SEARCH_BACKEND == "postgres":
        return postgres.matched_words(lexical.query_words(query))
    return _lexical(lexical_dir()).matched_words(query)
