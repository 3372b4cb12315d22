"""The embedded retrieval engine: tantivy BM25 + MiniLM vectors, fused for quick mode.

search() returns hits best first; the open index and vector matrix are cached per process and
reloaded when another process (the Celery worker) has published newer ones.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import threadpoolctl
from django.conf import settings

from . import encoder, fusion, lexical, postgres, vectors

MAX_QUERY_CHARS = 1000
# Full-text hits considered per query; papers below this depth would add almost nothing to a fused score.
LEXICAL_DEPTH = 1000
# Quick mode's result set is the full-text matches plus this many nearest papers by embedding.
DENSE_DEPTH = 100
MODES = ("quick", "lexical", "dense")


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
def _blas() -> threadpoolctl.ThreadpoolController:
    return threadpoolctl.ThreadpoolController()


def _similarities(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    # One BLAS thread: on the busy 2-core machine, waking a second one per product cost 30-50 ms a query.
    with _blas().limit(limits=1, user_api="blas"):
        return np.asarray(matrix @ vector, dtype=np.float32)


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
    dense = _similarities(store.matrix, encoder.encode_query(query))
    bm25 = np.zeros(len(store), dtype=np.float32)
    if mode == "quick":
        ids, scores = _lexical(lexical_dir()).search(query, LEXICAL_DEPTH)
        rows, found = store.rows_of(ids)
        bm25[rows[found]] = scores[found]
        candidates = np.zeros(len(store), dtype=bool)
        candidates[rows[found]] = True
        candidates[fusion.best(dense, DENSE_DEPTH)] = True
        fused = np.where(candidates, fusion.blend(bm25, dense), -np.inf)
        top = min(top, int(candidates.sum()))
    else:
        fused = dense
    return [
        Hit(int(store.ids[row]), float(fused[row]), float(bm25[row]), float(dense[row]))
        for row in fusion.best(fused, top)
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
    similarity = _similarities(store.matrix, np.asarray(store.matrix[row]))
    similarity[row] = -np.inf
    return [
        Hit(int(store.ids[r]), float(similarity[r]), 0.0, float(similarity[r]))
        for r in fusion.best(similarity, min(top, len(store) - 1))
    ]


def query_terms(query: str) -> list[str]:
    """The query's words the full-text index matched on (lowercased, no stop words), for highlighting."""
    try:
        query = _checked(query)
    except QueryError:
        return []
    if settings.SEARCH_BACKEND == "postgres":
        return postgres.matched_words(lexical.query_words(query))
    return _lexical(lexical_dir()).matched_words(query)
