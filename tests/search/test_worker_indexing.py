"""A real Celery worker process, on the configured broker, indexes a newly created paper."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from search import engine
from search.tasks import index_pending_papers
from wispaper.celery import app

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 240


def _database_url() -> str:
    """The test database, which the worker must use instead of the one settings name."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    # A queue of its own, so no other worker on a shared Redis takes the task.
    queue = f"test-indexing-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_TASK_ALWAYS_EAGER": "0"}
    log = open(tmp_path / "worker.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wispaper", "worker", "--pool", "solo", "--queues", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    yield queue, process, log
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


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
