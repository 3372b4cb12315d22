"""A job is one row that only one run at a time may hold: starting is one conditional UPDATE, a stalled job is taken
over under a new run token, and a job out of attempts is failed and refunded exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from billing import credits
from billing.models import LedgerEntry, LedgerKind
from qa import tasks as qa_tasks
from qa.models import ProgressEvent, Question
from search.deep import tasks as deep_tasks
from search.models import DeepSearch
from wispaper import jobs


@pytest.fixture
def user(db):
    user = get_user_model().objects.create_user(username="reader", email="reader@example.org", password="pw-Ab12cd34!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    credits.adjust(user, 20, note="test credits")
    return user


def _quiet_for(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def _running(model, *, quiet: float, attempts: int = 1, **fields):
    job = model.objects.create(**fields)
    model.objects.filter(pk=job.pk).update(status=jobs.RUNNING, attempts=attempts, heartbeat=_quiet_for(quiet))
    job.refresh_from_db()
    return job


def test_only_one_of_two_workers_starts_a_queued_job(db):
    question = Question.objects.create(text="Do statins prevent dementia?")
    assert jobs.start(Question, question.pk, question.run)
    assert not jobs.start(Question, question.pk, question.run)
    question.refresh_from_db()
    assert (question.status, question.attempts) == (Question.Status.RUNNING, 1)


def test_a_message_of_another_run_neither_starts_nor_continues_the_job(db):
    question = Question.objects.create(text="Do statins prevent dementia?")
    assert not jobs.start(Question, question.pk, jobs.new_run())
    jobs.start(Question, question.pk, question.run)
    assert jobs.beat(Question, question.pk, question.run)
    assert not jobs.beat(Question, question.pk, jobs.new_run())


def test_the_sweeper_leaves_a_job_another_worker_is_running_alone(db, settings):
    question = _running(Question, quiet=settings.JOB_STALL_SECONDS / 2, text="Do statins prevent dementia?", stage="analyze")
    qa_tasks.sweep()
    after = Question.objects.get(pk=question.pk)
    assert (after.status, after.run, after.attempts, after.heartbeat) == (question.status, question.run, 1, question.heartbeat)
    assert not after.events.exists()


def test_a_stalled_job_is_taken_over_once_and_its_old_run_can_no_longer_touch_it(db, settings):
    question = _running(Question, quiet=settings.JOB_STALL_SECONDS + 1, text="Do statins prevent dementia?")
    assert question.stalled
    run = jobs.requeue(question)
    assert run and run != question.run
    assert jobs.requeue(question) is None, "a second sweeper took the same job over"
    assert not jobs.beat(Question, question.pk, question.run)
    assert not jobs.fail(Question, question.pk, question.run, error="the old run failed")
    assert jobs.start(Question, question.pk, run)


def test_a_queued_job_nobody_took_is_sent_again_under_the_same_token(db, settings):
    search = DeepSearch.objects.create(question="statins and dementia", criteria=[])
    DeepSearch.objects.filter(pk=search.pk).update(heartbeat=_quiet_for(settings.JOB_STALL_SECONDS + 1))
    search.refresh_from_db()
    # Its first message may still be waiting in the queue: whichever copy comes first starts it.
    assert jobs.requeue(search) == search.run
    search.refresh_from_db()
    assert search.status == jobs.QUEUED and not search.stalled


def test_a_job_waiting_for_its_retry_has_not_stalled(db, settings):
    search = DeepSearch.objects.create(question="statins and dementia", criteria=[])
    jobs.start(DeepSearch, search.pk, search.run)
    assert jobs.release(DeepSearch, search.pk, search.run, delay=settings.JOB_STALL_SECONDS * 2)
    search.refresh_from_db()
    assert search.status == jobs.QUEUED and not search.stalled
    assert not jobs.stale(DeepSearch).exists()


def test_a_stalled_question_in_its_last_attempt_is_failed_and_refunded_exactly_once(user, settings):
    question = _running(Question, quiet=settings.JOB_STALL_SECONDS + 1, attempts=settings.JOB_MAX_ATTEMPTS,
                        asker=user, text="Do statins prevent dementia?", stage="verify")  # fmt: skip
    question.charge = credits.charge(user, "question", reference=f"question:{question.pk}")
    question.save()
    balance = credits.balance(user)
    qa_tasks.sweep()
    qa_tasks.sweep()
    qa_tasks.give_up(question)
    question.refresh_from_db()
    assert question.status == Question.Status.FAILED
    assert question.error.startswith("Checking every citation failed: its worker stopped")
    assert LedgerEntry.objects.filter(user=user, kind=LedgerKind.REFUND).count() == 1
    assert credits.balance(user) == balance + credits.action_cost("question")
    assert question.events.filter(kind=ProgressEvent.Kind.FAILED).count() == 1


def test_a_stalled_deep_search_in_its_last_attempt_is_failed_and_refunded_exactly_once(user, settings):
    search = _running(DeepSearch, quiet=settings.JOB_STALL_SECONDS + 1, attempts=settings.JOB_MAX_ATTEMPTS,
                      user=user, question="statins and dementia", criteria=[])  # fmt: skip
    search.charge_id = credits.charge(user, "deep_search", reference=f"deep_search:{search.pk}").pk
    search.save()
    balance = credits.balance(user)
    deep_tasks.sweep()
    deep_tasks.sweep()
    deep_tasks.give_up(search)
    search.refresh_from_db()
    assert search.status == DeepSearch.Status.FAILED and "credits have been returned" in search.error
    assert LedgerEntry.objects.filter(user=user, kind=LedgerKind.REFUND).count() == 1
    assert credits.balance(user) == balance + credits.action_cost("deep_search")


def test_a_finished_job_is_never_failed_afterwards(db):
    question = Question.objects.create(text="Do statins prevent dementia?", status=Question.Status.PUBLISHED)
    assert not jobs.fail(Question, question.pk, question.run, error="late failure")
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
