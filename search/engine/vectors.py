"""The vector store: one float32 matrix of unit vectors and the paper id of each row.

Each write produces a new generation folder (matrix.npy + ids.npy) and then atomically repoints the
`current` symlink at it, so a reader never sees a half-written or mismatched pair. Readers map the
matrix with mmap and pick up a newer generation written by another process (the Celery worker).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import numpy as np

from .encoder import DIMENSIONS, VERSION

CURRENT = "current"


class Store:
    """The rows of one generation: ids[i] is the paper whose unit vector is matrix[i]."""

    def __init__(self, ids: np.ndarray, matrix: np.ndarray, generation: str = "", encoder: str = VERSION) -> None:
        self.ids = ids
        self.matrix = matrix
        self.generation = generation
        self.encoder = encoder
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
    return Store(ids, matrix, generation, encoder)


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


def publish(directory: Path, ids: np.ndarray, matrix: np.ndarray) -> None:
    """Write a new generation and make it current atomically; drop generations older than the previous one."""
    directory.mkdir(parents=True, exist_ok=True)
    previous = _generation(directory)
    generation = f"g{time.time_ns()}"
    folder = directory / generation
    folder.mkdir()
    _save(folder / "ids.npy", np.ascontiguousarray(ids, dtype=np.int64))
    _save(folder / "matrix.npy", np.ascontiguousarray(matrix, dtype=np.float32))
    (folder / "encoder.txt").write_text(VERSION)
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
) -> None:
    """Replace or add the rows of `ids`, drop the rows of `removed`, and publish the result."""
    ids = np.zeros(0, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    matrix = np.zeros((0, DIMENSIONS), dtype=np.float32) if matrix is None else matrix
    removed = np.zeros(0, dtype=np.int64) if removed is None else np.asarray(removed, dtype=np.int64)
    store = load(directory)
    keep = ~np.isin(store.ids, np.concatenate([ids, removed]))
    publish(
        directory,
        np.concatenate([store.ids[keep], ids]),
        np.concatenate([np.asarray(store.matrix[keep]), matrix.reshape(-1, DIMENSIONS)]),
    )
