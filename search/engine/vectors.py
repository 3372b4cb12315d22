"""The vector store: one float32 matrix of unit vectors and the paper id of each row.

Each write produces a new generation folder (matrix.npy + ids.npy + encoder.txt, and for a large
catalog the ANN index ann.faiss made from the same rows) and then atomically repoints the `current`
symlink at it, so a reader never sees a half-written or mismatched set. Readers map the matrix (and the
index) with mmap and pick up a newer generation written by another process (the Celery worker).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import ann
from .encoder import DIMENSIONS, VERSION

if TYPE_CHECKING:
    import faiss

CURRENT = "current"


class Store:
    """The rows of one generation: ids[i] is the paper whose unit vector is matrix[i]."""

    def __init__(
        self,
        ids: np.ndarray,
        matrix: np.ndarray,
        generation: str = "",
        encoder: str = VERSION,
        index: faiss.Index | None = None,
    ) -> None:
        self.ids = ids
        self.matrix = matrix
        self.generation = generation
        self.encoder = encoder
        self.index = index  # the ANN index over the same rows; None in a small catalog (exact scan)
        self._order = np.argsort(ids, kind="stable")
        self._sorted = ids[self._order]

    def __len__(self) -> int:
        return len(self.ids)

    def rows_of(self, paper_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row of each paper id, and a mask of the ids that have a row at all."""
        if not len(self.ids):
            return np.zeros(len(paper_ids), dtype=np.int64), np.zeros(len(paper_ids), dtype=bool)
        positions = np.minimum(np.searchsorted(self._sorted, paper_ids), len(self.ids) - 1)
        return self._order[positions], self._sorted[positions] == paper_ids

    def row_of(self, paper_id: int) -> int | None:
        rows, found = self.rows_of(np.asarray([paper_id], dtype=np.int64))
        return int(rows[0]) if found[0] else None


EMPTY = Store(np.zeros(0, dtype=np.int64), np.zeros((0, DIMENSIONS), dtype=np.float32))


def _generation(directory: Path) -> str:
    try:
        return os.readlink(directory / CURRENT)
    except (FileNotFoundError, OSError):
        return ""


def load(directory: Path) -> Store:
    generation = _generation(directory)
    if not generation:
        return EMPTY
    folder = directory / generation
    ids = np.load(folder / "ids.npy")
    matrix = np.load(folder / "matrix.npy", mmap_mode="r")
    encoder = (folder / "encoder.txt").read_text().strip() if (folder / "encoder.txt").exists() else ""
    return Store(ids, matrix, generation, encoder, ann.open_index(folder))


class Reader:
    """One process's view of the store, reloaded only when a newer generation has been published."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.store = EMPTY

    def get(self) -> Store:
        if _generation(self.directory) != self.store.generation:
            self.store = load(self.directory)
        return self.store


def _save(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)
        handle.flush()
        os.fsync(handle.fileno())


def _wants_index(rows: int, ann_from: int | None) -> bool:
    return ann_from is not None and rows >= ann_from


def publish(directory: Path, ids: np.ndarray, matrix: np.ndarray, *, ann_from: int | None = None) -> None:
    """Write a new generation and make it current atomically; with `ann_from` papers or more it gets an
    ANN index learnt anew."""
    _publish(directory, ids, matrix, ann.build(ids, matrix) if _wants_index(len(ids), ann_from) else None)


def _publish(directory: Path, ids: np.ndarray, matrix: np.ndarray, index: faiss.Index | None) -> None:
    """Write a new generation and make it current atomically; drop generations older than the previous one."""
    directory.mkdir(parents=True, exist_ok=True)
    previous = _generation(directory)
    generation = f"g{time.time_ns()}"
    folder = directory / generation
    folder.mkdir()
    _save(folder / "ids.npy", np.ascontiguousarray(ids, dtype=np.int64))
    _save(folder / "matrix.npy", np.ascontiguousarray(matrix, dtype=np.float32))
    (folder / "encoder.txt").write_text(VERSION)
    if index is not None:
        ann.save(index, folder)
    link = directory / f".{generation}.link"
    os.symlink(generation, link)
    os.replace(link, directory / CURRENT)
    # Keep the previous generation: a reader may have resolved the old link a moment ago.
    for stale in directory.glob("g*"):
        if stale.name not in {generation, previous}:
            shutil.rmtree(stale, ignore_errors=True)


def update(
    directory: Path,
    ids: np.ndarray | None = None,
    matrix: np.ndarray | None = None,
    removed: np.ndarray | None = None,
    *,
    ann_from: int | None = None,
) -> None:
    """Replace or add the rows of `ids`, drop the rows of `removed`, and publish the result; with `ann_from`
    papers or more it gets an ANN index, carried over from the previous generation where it can be."""
    ids = np.zeros(0, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    matrix = np.zeros((0, DIMENSIONS), dtype=np.float32) if matrix is None else matrix.reshape(-1, DIMENSIONS)
    removed = np.zeros(0, dtype=np.int64) if removed is None else np.asarray(removed, dtype=np.int64)
    store = load(directory)
    touched = np.concatenate([ids, removed])
    keep = ~np.isin(store.ids, touched)
    all_ids = np.concatenate([store.ids[keep], ids])
    all_rows = np.concatenate([np.asarray(store.matrix[keep]), matrix])
    index = None
    if _wants_index(len(all_ids), ann_from):
        carried = ann.carried(directory / store.generation, len(all_ids), touched, ids, matrix) if store.generation else None
        index = carried if carried is not None else ann.build(all_ids, all_rows)
    _publish(directory, all_ids, all_rows, index)
