"""Fixtures for the search engine tests: a private index folder and papers created ready to index."""

from __future__ import annotations

import hashlib
import itertools

import pytest

from search.models import Paper

_numbers = itertools.count(1)


@pytest.fixture
def index_dir(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    return settings.SEARCH_INDEX_DIR


@pytest.fixture
def make_paper(db):
    def make(title: str, abstract: str = "", **fields) -> Paper:
        number = next(_numbers)
        fields.setdefault("source", "test")
        fields.setdefault("source_id", f"test-{number}")
        content_hash = hashlib.sha256(f"{title}\n{abstract}\n{fields}".encode()).hexdigest()
        return Paper.objects.create(
            title=title, normalized_title=title.lower()[:255], abstract=abstract, content_hash=content_hash, **fields
        )

    return make


@pytest.fixture
def sample_file(tmp_path):
    """Write a small import file (gzipped when its name ends in .gz) and return its path."""
    import gzip

    def write(name: str, text: str):
        path = tmp_path / name
        data = text.encode("utf-8")
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        return path

    return write
