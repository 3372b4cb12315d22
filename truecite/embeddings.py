"""Sentence embeddings with an on-disk cache, so training and benchmarks embed each text once."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from search.engine.encoder import DIMENSIONS, encode


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A key → vector store in one .npz file; texts already embedded are never embedded again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                keys = [str(k) for k in data["keys"]]
                self._vectors = dict(zip(keys, data["vectors"]))

    def encode(self, texts: list[str], chunk: int = 512) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if _key(t) not in self._vectors))
        for start in range(0, len(missing), chunk):
            batch = missing[start : start + chunk]
            for text, vector in zip(batch, encode(batch)):
                self._vectors[_key(text)] = vector
            self.save()
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._vectors[_key(t)] for t in texts])

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype="U40")
        vectors = np.stack(list(self._vectors.values())) if self._vectors else np.zeros((0, DIMENSIONS), np.float32)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=keys, vectors=vectors)
        tmp.replace(self.path)
