"""A question whose worker stopped says so on its page within the stall threshold, and its asker can send it on
again at once, without paying again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from billing import credits
from qa.models import Question

QUESTION = "Can immunotherapy eventually cure all major types of cancer?"


def _running(asker, *, quiet: float, stage: str = "analyze") -> Question:
    question = Question.objects.create(asker=asker, text=QUESTION)
    heartbeat = timezone.now() - dt.timedelta(seconds=quiet)
    Question.objects.filter(pk=question.pk).update(status=Question.Status.RUNNING, stage=stage, attempts=1, heartbeat=heartbeat)
    question.refresh_from_db()
    return question


def test_a_question_whose_worker_stopped_says_it_has_stalled_and_offers_a_retry(client, asker, settings):
    question = _running(asker, quiet=settings.JOB_STALL_SECONDS + 1)
    client.force_login(asker)
    html = client.get(f"/questions/{question.pk}/").content.decode()
    assert "has stalled" in html and "Working on it" not in html
    assert f'action="/questions/{question.pk}/retry"' in html and "csrfmiddlewaretoken" in html
    status = client.get(f"/questions/{question.pk}/status.json").json()
    assert status["stalled"] is True
    assert [s["state"] for s in status["stages"]] == ["done", "done", "stalled", "waiting", "waiting", "waiting"]


def test_a_question_whose_worker_beats_is_working_not_stalled(client, asker, settings):
    question = _running(asker, quiet=settings.JOB_STALL_SECONDS / 2)
    client.force_login(asker)
    html = client.get(f"/questions/{question.pk}/").content.decode()
    assert "Working on it" in html and "has stalled" not in html and "/retry" not in html
    assert client.get(f"/questions/{question.pk}/status.json").json()["stages"][2]["state"] == "running"


def test_only_the_asker_can_retry_a_stalled_question_and_only_by_post(client, asker, stranger, settings):
    question = _running(asker, quiet=settings.JOB_STALL_SECONDS + 1)
    client.force_login(stranger)
    assert client.post(f"/questions/{question.pk}/retry").status_code == 404
    client.force_login(asker)
    assert client.get(f"/questions/{question.pk}/retry").status_code == 405
    question.refresh_from_db()
    assert question.stalled and question.attempts == 1


@pytest.mark.slow
def test_retrying_a_stalled_question_finishes_it_without_a_new_charge(client, catalog, asker, settings):
    question = _running(asker, quiet=settings.JOB_STALL_SECONDS + 1, stage="plan")
    question.charge = credits.charge(asker, "question", reference=f"question:{question.pk}")
    question.save()
    balance = credits.balance(asker)
    client.force_login(asker)
    response = client.post(f"/questions/{question.pk}/retry")
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED, question.error
    assert question.attempts == 2
    assert credits.balance(asker) == balance
