"""A real Celery worker process, on the configured broker, indexes a newly created paper."""

from __future__ import annotations

import time
import uuid

import pytest

from search import engine
from search.tasks import index_pending_papers
from tests.workers import stopped_at_exit
from tests.workers import worker as celery_worker
from wispaper.celery import app

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 240


@pytest.fixture
def worker(tmp_path):
    # A queue of its own, so no other worker on a shared Redis takes the task.
    queue = f"test-indexing-{uuid.uuid4().hex[:8]}"
    with open(tmp_path / "worker.log", "w+") as log, stopped_at_exit() as processes:
        processes.append(celery_worker(log, "--queues", queue))
        yield queue, processes[0], log


def test_worker_indexes_a_new_paper(worker, make_paper, monkeypatch):
    queue, process, log = worker
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    paper = make_paper("Zebrafish fin regeneration", "Blastema cells rebuild the amputated zebrafish fin.")
    index_pending_papers.apply_async(queue=queue)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        if paper.id in {hit.paper_id for hit in engine.search("zebrafish regeneration", mode="lexical")}:
            break
        time.sleep(0.5)
    log.seek(0)
    worker_log = log.read()[-3000:]
    assert process.poll() is None, f"the worker died:\n{worker_log}"
    hits = engine.search("zebrafish regeneration")
    assert hits and hits[0].paper_id == paper.id, f"the worker did not index the paper:\n{worker_log}"
    assert hits[0].dense > 0
