"""The approximate nearest-neighbour index of a large vector-store generation: faiss IVF, inner product.

Scoring every vector reads the whole matrix per query (about a second at a million papers on two busy
cores). A generation with at least the threshold's papers also holds ann.faiss: k-means cells over its
unit vectors, each vector kept in its cell as 8-bit codes with its paper id. A query scans the NPROBE
cells nearest to it; the engine re-scores what it returns against the float32 matrix, so the similarities
it reports are exact and only the candidate list is approximate.

Writers carry the learnt cells from one generation to the next and move only the changed papers, so a
chunk of new papers costs a copy of the codes, not a new k-means; the cells are learnt again when the
catalog has grown or shrunk past what they were made for (cells_for). Readers map the file: opening a
generation costs nothing and every process shares the page cache.
"""

from __future__ import annotations

import logging
import math
import os
from pathlib import Path

import numpy as np

from .encoder import DIMENSIONS

# faiss logs at INFO which CPU build it loaded; a command's stderr is kept for what went wrong.
logging.getLogger("faiss.loader").setLevel(logging.WARNING)
import faiss  # noqa: E402

FILE = "ann.faiss"
# Cells scanned per query. Recall@100 against the exact scan on generated catalogs, scanning 32 / 64 / 128
# cells: 0.937 / 0.972 / 0.989 at 100,000 papers (1,024 cells; 0.7 / 1.1 / 2.0 ms a query on one thread),
# 0.988 / 0.995 / 0.9997 at 1,000,000 (4,096 cells; 2.0 / 2.8 / 4.2 ms).
NPROBE = 128
# k-means on a sample of this many vectors per cell, for this many rounds: enough for stable cells at a
# fraction of faiss's defaults (256, 25), so that learning them at a million papers takes under a minute.
SAMPLE_PER_CELL = 64
ROUNDS = 10
SEED = 2026


def cells_for(rows: int) -> int:
    """About 4·√rows cells (faiss's rule of thumb) but at least ~39 vectors to learn each from (faiss's
    minimum), as a power of two so that modest growth keeps them."""
    return 1 << max(0, round(math.log2(max(1.0, min(4 * math.sqrt(rows), rows / 39)))))


def build(ids: np.ndarray, matrix: np.ndarray) -> faiss.Index:
    """Learn cells for these unit vectors and file every one of them under its paper id."""
    cells = cells_for(len(ids))
    index = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(DIMENSIONS), DIMENSIONS, cells, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    index.cp.niter = ROUNDS
    index.cp.max_points_per_centroid = SAMPLE_PER_CELL
    index.cp.spherical = True  # unit vectors: centroids on the sphere, so inner product picks the nearest cell
    index.cp.seed = SEED
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    index.train(matrix)
    index.add_with_ids(matrix, np.ascontiguousarray(ids, dtype=np.int64))
    return index


def carried(previous: Path, rows: int, touched: np.ndarray, ids: np.ndarray, matrix: np.ndarray) -> faiss.Index | None:
    """The previous generation's index with the touched papers dropped and `ids` (re)filed, when it exists
    and its cells still suit a catalog of `rows` papers; otherwise None (the caller builds anew)."""
    path = previous / FILE
    if not path.exists():
        return None
    index = faiss.read_index(str(path))
    if index.nlist != cells_for(rows):
        return None
    if len(touched):
        index.remove_ids(faiss.IDSelectorBatch(np.ascontiguousarray(touched, dtype=np.int64)))
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(matrix, dtype=np.float32), np.ascontiguousarray(ids, dtype=np.int64))
    return index


def save(index: faiss.Index, folder: Path) -> None:
    path = folder / FILE
    faiss.write_index(index, str(path))
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def open_index(folder: Path) -> faiss.Index | None:
    """The generation's index mapped read-only, or None when the generation has none (a small catalog)."""
    path = folder / FILE
    if not path.exists():
        return None
    index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
    index.nprobe = NPROBE
    return index


def search(index: faiss.Index, vector: np.ndarray, k: int) -> np.ndarray:
    """Paper ids of (about) the k nearest unit vectors, by approximate similarity."""
    _, labels = index.search(np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1), k)
    return labels[0][labels[0] >= 0]
