"""index_pending: new, changed and deleted papers reach the index; one writer at a time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from search import engine
from search.engine import encoder, vectors
from search.indexing import index_pending, writer_lock
from search.models import Paper

pytestmark = pytest.mark.slow


def test_new_papers_become_searchable(index_dir, make_paper):
    paper = make_paper("Vitamin D and bone fractures", "Supplements did not prevent fractures.")
    report = index_pending()
    assert report.indexed == 1
    assert [h.paper_id for h in engine.search("fractures", mode="lexical")] == [paper.id]
    assert Paper.objects.get(id=paper.id).indexed_hash == paper.content_hash


def test_a_second_run_has_nothing_to_do(index_dir, make_paper):
    make_paper("Vitamin D and bone fractures", "Supplements did not prevent fractures.")
    index_pending()
    assert index_pending().indexed == 0


def test_a_changed_paper_is_reindexed(index_dir, make_paper):
    paper = make_paper("Vitamin D and bone fractures", "Supplements did not prevent fractures.")
    index_pending()
    Paper.objects.filter(id=paper.id).update(abstract="Supplements reduced falls in nursing homes.", content_hash="v2")
    assert index_pending().indexed == 1
    assert engine.search("fractures", mode="lexical")[0].paper_id == paper.id  # the title still says so
    assert [h.paper_id for h in engine.search("nursing homes", mode="lexical")] == [paper.id]
    assert engine.search("supplements prevent", mode="lexical")[0].lexical < 5
    assert len(engine.search("nursing homes", mode="dense")) == 1


def test_a_deleted_paper_is_dropped(index_dir, make_paper):
    kept = make_paper("Vitamin D and bone fractures", "Supplements did not prevent fractures.")
    gone = make_paper("Fractures in athletes", "Stress fractures are common in runners.")
    index_pending()
    gone_id = gone.id
    gone.delete()
    assert index_pending().removed == 1
    assert [h.paper_id for h in engine.search("fractures")] == [kept.id]
    assert engine.related(gone_id) == []


def test_a_paper_without_abstract_is_indexed_by_title(index_dir, make_paper):
    paper = make_paper("Sleep deprivation impairs memory consolidation")
    index_pending()
    assert engine.search("memory consolidation")[0].paper_id == paper.id


def test_only_one_process_writes_at_a_time(index_dir):
    probe = (
        "import fcntl, sys\n"
        "handle = open(sys.argv[1], 'a')\n"
        "try:\n    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)\nexcept BlockingIOError:\n    sys.exit(3)\n"
    )
    lock_file = str(index_dir / "write.lock")
    with writer_lock():
        assert subprocess.run([sys.executable, "-c", probe, lock_file]).returncode == 3
    assert subprocess.run([sys.executable, "-c", probe, lock_file]).returncode == 0


def test_vectors_of_another_encoder_setting_are_rebuilt(index_dir, make_paper, monkeypatch):
    paper = make_paper("Vitamin D and bone fractures", "Supplements did not prevent fractures.")
    monkeypatch.setattr(vectors, "VERSION", "some-older-encoder")
    index_pending()
    monkeypatch.undo()
    assert vectors.load(engine.vector_dir()).encoder == "some-older-encoder"
    assert index_pending().indexed == 1
    store = vectors.load(engine.vector_dir())
    assert store.encoder == encoder.VERSION and list(store.ids) == [paper.id]
