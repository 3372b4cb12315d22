"""What only the embedded engine does; the contract both backends keep is in test_engine_contract.py."""

from __future__ import annotations

import shutil

import pytest

from search import engine
from search.indexing import index_pending

pytestmark = pytest.mark.slow


def test_unknown_mode_is_rejected(index_dir):
    with pytest.raises(ValueError):
        engine.search("melanoma", mode="psychic")


def test_quick_search_is_full_text_only_until_vectors_exist(index_dir, make_paper):
    paper = make_paper("Immunotherapy resistance in melanoma", "Many melanoma patients acquire resistance.")
    index_pending()
    shutil.rmtree(engine.vector_dir())
    hits = engine.search("melanoma")
    assert [h.paper_id for h in hits] == [paper.id]
    assert engine.search("melanoma", mode="dense") == []
