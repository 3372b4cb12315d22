"""The vector store: atomic generations that readers in other processes pick up."""

from __future__ import annotations

import numpy as np

from search.engine import vectors
from search.engine.encoder import DIMENSIONS


def unit_rows(*seeds: int) -> np.ndarray:
    rows = np.stack([np.random.default_rng(seed).standard_normal(DIMENSIONS) for seed in seeds]).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_an_empty_folder_is_an_empty_store(tmp_path):
    assert len(vectors.load(tmp_path / "vectors")) == 0


def test_update_replaces_adds_and_removes_rows(tmp_path):
    folder = tmp_path / "vectors"
    vectors.update(folder, np.array([1, 2, 3]), unit_rows(1, 2, 3))
    vectors.update(folder, np.array([2, 4]), unit_rows(20, 4), removed=np.array([3]))
    store = vectors.load(folder)
    assert sorted(store.ids.tolist()) == [1, 2, 4]
    assert np.allclose(store.matrix[store.row_of(2)], unit_rows(20)[0])
    assert np.allclose(store.matrix[store.row_of(1)], unit_rows(1)[0])
    assert store.row_of(3) is None


def test_a_reader_sees_a_newer_generation_and_keeps_its_old_one_usable(tmp_path):
    folder = tmp_path / "vectors"
    vectors.update(folder, np.array([1]), unit_rows(1))
    reader = vectors.Reader(folder)
    old = reader.get()
    vectors.update(folder, np.array([2]), unit_rows(2))
    vectors.update(folder, np.array([3]), unit_rows(3))
    assert sorted(reader.get().ids.tolist()) == [1, 2, 3]
    assert float(old.matrix[0] @ unit_rows(1)[0]) > 0.99  # mapped before two newer generations replaced it


def test_only_the_current_and_previous_generations_stay_on_disk(tmp_path):
    folder = tmp_path / "vectors"
    for paper_id in range(5):
        vectors.update(folder, np.array([paper_id]), unit_rows(paper_id))
    assert len(list(folder.glob("g*"))) == 2
