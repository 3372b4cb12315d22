"""Sentence embeddings shared by the analyze and write stages, cached across processes and questions."""

from __future__ import annotations

import hashlib

import numpy as np
from django.core.cache import cache

from search.engine.encoder import DIMENSIONS, encode

CACHE_SECONDS = 30 * 24 * 3600


def _key(text: str) -> str:
    return "qa:vec:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors of the texts, one row each; each distinct text is encoded once per cache lifetime."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    keys = [_key(t) for t in texts]
    found = cache.get_many(list(set(keys)))
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
    if missing:
        fresh = {_key(t): v.tobytes() for t, v in zip(missing, encode(missing))}
        cache.set_many(fresh, timeout=CACHE_SECONDS)
        found.update(fresh)
    return np.stack([np.frombuffer(found[k], dtype=np.float32) for k in keys])
