"""Bring the full-text index and the vector store up to date with the Paper table.

A paper needs indexing when its indexed_hash differs from its content_hash; papers that no longer
exist are dropped. One writer at a time across processes (the import command and the Celery worker)
is guaranteed by an fcntl lock; work goes in chunks so memory stays flat and progress survives a crash.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F

from search.engine import encoder, lexical, lexical_dir, postgres, vector_dir, vectors
from search.models import Paper

logger = logging.getLogger(__name__)

# Papers embedded and published per step: small enough to keep memory flat, large enough that
# rewriting the vector matrix after each step costs little next to embedding it.
CHUNK = 1024


@dataclass(frozen=True)
class IndexReport:
    indexed: int
    removed: int
    seconds: float


@contextlib.contextmanager
def writer_lock() -> Iterator[None]:
    """Block until no other process is writing the index, then hold the lock."""
    path = Path(settings.SEARCH_INDEX_DIR) / "write.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def embedding_text(paper: Paper) -> str:
    title = paper.title.strip()
    separator = " " if title.endswith((".", "?", "!")) else ". "
    return f"{title}{separator}{paper.abstract.strip()}".strip(". ")


def _stale_chunks() -> Iterator[list[Paper]]:
    last_id = 0
    while True:
        chunk = list(
            Paper.objects.exclude(indexed_hash=F("content_hash"))
            .filter(id__gt=last_id)
            .order_by("id")
            .only("id", "title", "abstract", "authors", "venue", "content_hash")[:CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last_id = chunk[-1].id


def _index_chunk(papers: list[Paper]) -> None:
    matrix = encoder.encode([embedding_text(paper) for paper in papers])
    if settings.SEARCH_BACKEND == "postgres":
        rows = [(p.id, p.title, p.abstract, " ".join([*(p.authors or []), p.venue]), p.content_hash) for p in papers]
        postgres.write(rows, matrix)
    else:
        ids = np.asarray([paper.id for paper in papers], dtype=np.int64)
        vectors.update(vector_dir(), ids, matrix, ann_from=settings.SEARCH_ANN_MIN_PAPERS)
        documents = [lexical.Document(p.id, p.title, p.abstract, list(p.authors or []), p.venue) for p in papers]
        lexical.write(lexical_dir(), documents)
    with transaction.atomic():
        for paper in papers:
            # A paper edited while it was being embedded keeps its new hash and is indexed next time.
            Paper.objects.filter(id=paper.id, content_hash=paper.content_hash).update(indexed_hash=paper.content_hash)


def _drop_deleted() -> int:
    if settings.SEARCH_BACKEND == "postgres":
        return postgres.drop_deleted()
    indexed = vectors.load(vector_dir()).ids
    existing = np.fromiter(Paper.objects.values_list("id", flat=True).iterator(), dtype=np.int64)
    removed = indexed[~np.isin(indexed, existing)]
    if len(removed):
        vectors.update(vector_dir(), removed=removed, ann_from=settings.SEARCH_ANN_MIN_PAPERS)
        lexical.write(lexical_dir(), removed=removed.tolist())
    return len(removed)


def _forget_other_encoder() -> None:
    """Vectors from another encoder setting cannot be compared with today's queries: re-embed every paper."""
    store = vectors.load(vector_dir())
    if len(store) and store.encoder != encoder.VERSION:
        logger.info("the vectors were made by %s, not %s: re-indexing every paper", store.encoder, encoder.VERSION)
        vectors.publish(vector_dir(), store.ids[:0], np.zeros((0, encoder.DIMENSIONS), np.float32))
        Paper.objects.update(indexed_hash="")


def index_pending() -> IndexReport:
    """Index every new or changed paper and drop deleted ones; safe to call from several processes at once."""
    started = time.monotonic()
    indexed = 0
    with writer_lock():
        if settings.SEARCH_BACKEND == "postgres":
            postgres.create_schema()
        _forget_other_encoder()
        removed = _drop_deleted()
        for papers in _stale_chunks():
            _index_chunk(papers)
            indexed += len(papers)
            logger.info("indexed %d papers (%.1f papers/s)", indexed, indexed / (time.monotonic() - started))
    return IndexReport(indexed=indexed, removed=removed, seconds=time.monotonic() - started)
