"""A real Celery worker is killed in the middle of a question; a new worker finishes it, duplicating nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from qa import tasks
from qa.models import Question
from tests.qa.corpus import create_catalog
from wispaper.celery import app

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 300


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(log) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_TASK_ALWAYS_EAGER": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "wispaper", "worker", "--pool", "solo", "--without-gossip",
         "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _wait(question: Question, done, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        question.refresh_from_db()
        if done(question):
            return
        time.sleep(0.1)
    log.seek(0)
    pytest.fail(f"the worker did not get there (status {question.status}, stage {question.stage}):\n{log.read()[-3000:]}")


def test_killed_worker_question_is_finished_by_the_next_worker(tmp_path, monkeypatch):
    create_catalog()
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    log = open(tmp_path / "worker.log", "w+")
    first = _worker(log)
    try:
        question = Question.objects.create(text="Can immunotherapy eventually cure all major types of cancer?")
        tasks.start(question)
        _wait(question, lambda q: q.events.filter(stage="retrieve", kind="started").exists(), first, log)
        first.send_signal(signal.SIGKILL)
        first.wait()
        question.refresh_from_db()
        assert question.status == Question.Status.RUNNING, "the question finished before the worker was killed"
        second = _worker(log)
        try:
            _wait(question, lambda q: not q.in_progress, second, log)
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        log.close()
    assert question.status == Question.Status.PUBLISHED, question.error
    article = question.article
    papers = list(article.sources.values_list("paper_id", flat=True))
    assert len(papers) == len(set(papers))
    assert list(article.sections.values_list("position", flat=True)) == list(range(1, article.sections.count() + 1))
    assert question.events.filter(message="resumed after a worker restart").exists()
