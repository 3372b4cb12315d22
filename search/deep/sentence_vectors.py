"""Sentence vectors of papers (title first, then the abstract's sentences), cached per paper on disk.

Only the papers Deep Search judges get vectors, and each paper's are computed once: the file is named
by a hash of the sentences themselves, so an edited abstract gets new vectors and the same paper in
another catalog (a benchmark's) reuses them. Stored as float16: half the disk, no measurable loss in
cosine similarity.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
from django.conf import settings

from search.catalog.sentences import split_sentences
from search.engine import encoder

# Sentences longer than this many characters are cut: the encoder reads 256 word pieces at most anyway.
MAX_SENTENCE_CHARS = 1000


def paper_sentences(title: str, abstract: str, abstract_sentences: list[str] | None = None) -> list[str]:
    """The sentences a paper is judged on: its title, then its abstract's sentences."""
    sentences = list(abstract_sentences or []) or split_sentences(abstract or "")
    return [s[:MAX_SENTENCE_CHARS] for s in [title or "", *sentences] if s and s.strip()]


def cache_dir() -> Path:
    return Path(settings.DEEP_SENTENCE_CACHE_DIR)


def _path(sentences: list[str]) -> Path:
    # The encoder's setting is part of the key: vectors of another setting are never mixed in.
    digest = hashlib.sha256("\n".join([encoder.VERSION, *sentences]).encode("utf-8")).hexdigest()
    return cache_dir() / digest[:2] / f"{digest}.npy"


def cached(sentences: list[str]) -> np.ndarray | None:
    try:
        return np.load(_path(sentences)).astype(np.float32)
    except (FileNotFoundError, ValueError, OSError):
        return None


def _store(sentences: list[str], matrix: np.ndarray) -> None:
    path = _path(sentences)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename: a reader in another process never sees half a file.
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        np.save(handle, matrix.astype(np.float16))
    os.replace(handle.name, path)


def vectors_for(papers: list[list[str]]) -> list[np.ndarray]:
    """One [n_sentences, 384] unit-vector matrix per paper; missing ones are encoded in one batch and cached."""
    found = [cached(sentences) if sentences else np.zeros((0, encoder.DIMENSIONS), np.float32) for sentences in papers]
    missing = [i for i, matrix in enumerate(found) if matrix is None]
    if missing:
        texts = [sentence for i in missing for sentence in papers[i]]
        encoded = encoder.encode(texts)
        start = 0
        for i in missing:
            matrix = encoded[start : start + len(papers[i])]
            start += len(papers[i])
            _store(papers[i], matrix)
            found[i] = matrix
    return found
