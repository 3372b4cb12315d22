"""A question never disappears: failing stages retry, re-delivered tasks duplicate nothing, final failures refund."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from billing import credits
from qa import steps, tasks
from qa.models import PaperAnalysis, ProgressEvent, Question

pytestmark = pytest.mark.slow

QUESTION = "Can immunotherapy eventually cure all major types of cancer?"


def _assert_no_duplicates(question: Question) -> None:
    article = question.article
    papers = list(article.sources.values_list("paper_id", flat=True))
    numbers = list(article.sources.values_list("number", flat=True))
    positions = list(article.sections.values_list("position", flat=True))
    assert len(papers) == len(set(papers)) and numbers == list(range(1, len(numbers) + 1))
    assert positions == list(range(1, len(positions) + 1))
    analysed = list(PaperAnalysis.objects.filter(question=question).values_list("paper_id", flat=True))
    assert len(analysed) == len(set(analysed))


def _fail_once(monkeypatch, name: str) -> list[int]:
    calls = []
    original = getattr(steps, name)

    def flaky(*args):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("worker lost its database connection")
        return original(*args)

    monkeypatch.setattr(steps, name, flaky)
    return calls


@pytest.mark.parametrize("stage", ["run_retrieve", "run_analyze", "run_publish"])
def test_a_stage_that_fails_once_is_retried_and_the_question_finishes(catalog, db, monkeypatch, stage):
    calls = _fail_once(monkeypatch, stage)
    question = Question.objects.create(text=QUESTION)
    tasks.start(question)
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED, question.error
    assert len(calls) >= 2
    assert question.events.filter(kind=ProgressEvent.Kind.RETRYING).exists()
    _assert_no_duplicates(question)


def test_redelivered_tasks_change_nothing(catalog, db):
    question = Question.objects.create(text=QUESTION)
    tasks.start(question)
    question.refresh_from_db()
    before = (list(question.article.sources.values_list("number", "paper_id")), list(question.article.sections.values_list("heading", "body")))
    # A worker killed after doing the work but before acknowledging it: the broker delivers every task again.
    tasks.begin.apply(args=[question.pk, question.run])
    tasks.analyze.apply(args=[question.pk, question.run, 0, 2])
    tasks.analyze.apply(args=[question.pk, question.run, 1, 2])
    for task in (tasks.write, tasks.verify, tasks.publish, tasks.publish):
        task.apply(args=[question.pk, question.run])
    question.refresh_from_db()
    after = (list(question.article.sources.values_list("number", "paper_id")), list(question.article.sections.values_list("heading", "body")))
    assert after == before
    _assert_no_duplicates(question)


def test_a_question_left_running_by_a_killed_worker_is_resumed_where_it_stopped(catalog, db):
    question = Question.objects.create(text=QUESTION)
    for step in (steps.run_plan, steps.run_retrieve, steps.run_analyze):
        step(question.pk)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.JOB_STALL_SECONDS + 1)
    Question.objects.filter(pk=question.pk).update(stage="write", status=Question.Status.RUNNING, attempts=1, heartbeat=long_ago)
    tasks.sweep()
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    assert question.attempts == 2
    assert question.events.filter(stage="plan", kind="started").count() == 1, "finished stages were not redone"
    _assert_no_duplicates(question)


def test_final_failure_shows_what_failed_refunds_and_can_be_retried(client, catalog, asker, monkeypatch, django_capture_on_commit_callbacks):
    def broken(question_id):
        raise RuntimeError("the writer ran out of memory")

    monkeypatch.setattr(steps, "run_write", broken)
    client.force_login(asker)
    before = credits.balance(asker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask", {"text": QUESTION, "public": "on"})
    question = Question.objects.get(asker=asker)
    assert question.status == Question.Status.FAILED
    assert "Writing the article failed" in question.error and "out of memory" in question.error
    assert credits.balance(asker) == before
    page = client.get(f"/questions/{question.pk}/").content.decode()
    assert "could not be answered" in page and "Try again" in page
    assert client.get(f"/questions/{question.pk}/status.json").json()["stages"][3]["state"] == "failed"

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/questions/{question.pk}/retry")
    question.refresh_from_db()
    assert response.status_code == 302
    assert question.status == Question.Status.PUBLISHED, question.error
    assert credits.balance(asker) == before - credits.action_cost("question")
