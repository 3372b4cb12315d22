"""Papers whose indexing message was lost (a worker killed mid-run) are indexed by Celery beat's next sweep."""

from __future__ import annotations

import pytest

from search import engine
from search.tasks import index_missed_papers

pytestmark = pytest.mark.slow


def test_a_paper_left_waiting_is_indexed_by_the_sweep(index_dir, make_paper):
    paper = make_paper("Zebrafish fin regeneration", "Blastema cells rebuild the amputated zebrafish fin.")
    index_missed_papers()
    paper.refresh_from_db()
    assert paper.indexed_hash == paper.content_hash
    assert [hit.paper_id for hit in engine.search("zebrafish regeneration", mode="lexical")] == [paper.id]
