"""A TrueCite check is a job run by a worker (issue #15: 49,999 full stops once ran 233 s inside a web request):
the form only validates, takes the check and queues it, and returns at once; the worker finishes the check or
fails it within its budget; a failed check gives back what it used, exactly once; a stalled check says so and
can be handed on. Tasks run eagerly here; tests/truecite/test_check_workers.py runs them in a real worker."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from billing.models import AllowanceCounter, LedgerEntry, LedgerKind
from tests.hostile import HOSTILE, MEGABYTE, repeated
from truecite import tasks
from truecite.models import Report
from wispaper import jobs

REFERENCES = "1. Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. 2017.\n"
TOO_MANY = "\n".join(f"{i}. Author A. Title number {i}. Journal. 2020." for i in range(1, 6))


def _refunds(user) -> int:
    return LedgerEntry.objects.filter(user=user, kind=LedgerKind.REFUND).count()


def _charges(user) -> int:
    return LedgerEntry.objects.filter(user=user, kind=LedgerKind.CHARGE).count()


def _free_checks_used() -> int:
    return AllowanceCounter.objects.get(action="truecite_check").used


def _stalled(report: Report, settings, attempts: int = 1) -> Report:
    quiet = timezone.now() - dt.timedelta(seconds=settings.JOB_STALL_SECONDS + 1)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, attempts=attempts, heartbeat=quiet)
    report.refresh_from_db()
    return report


@pytest.fixture
def queued(client, django_capture_on_commit_callbacks):
    """Post the form and keep the check it queues: (response, seconds the request took, the queued work)."""

    def post(data: dict):
        with django_capture_on_commit_callbacks() as work:
            started = time.monotonic()
            response = client.post("/truecite/", data)
            took = time.monotonic() - started
        return response, took, work

    return post


@pytest.mark.parametrize("piece", HOSTILE)
def test_a_megabyte_paste_is_refused_at_once_and_uses_nothing(client, db, settings, queued, piece):
    settings.TRUECITE_ANONYMOUS_DAILY_CHECKS = 1
    response, took, work = queued({"text": repeated(piece, MEGABYTE)})
    assert took < 1.0
    assert response.status_code == 400 and not work and not Report.objects.exists()
    # CharField strips the paste: all whitespace is no text at all.
    assert ("TrueCite checks up to 50,000 at a time" if piece.strip() else "Paste some text") in response.content.decode()
    assert client.post("/truecite/", {"text": REFERENCES}).status_code == 302, "the one free check of the day was used"


@pytest.mark.parametrize("piece", HOSTILE)
def test_the_largest_hostile_paste_is_queued_at_once_and_checked_within_its_budget(client, catalog, settings, queued, piece):
    text = "x" + repeated(piece, settings.TRUECITE_MAX_CHARS - 1)
    response, took, work = queued({"text": text})
    report = Report.objects.get()
    assert took < 1.0
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.status == Report.Status.QUEUED and len(work) == 1
    started = time.monotonic()
    work[0]()  # what the worker does with the queued message
    assert time.monotonic() - started < settings.TRUECITE_CHECK_SECONDS
    report.refresh_from_db()
    assert report.status in (Report.Status.DONE, Report.Status.FAILED) and report.finished
    assert client.get(report.get_absolute_url()).status_code == 200


def test_the_page_of_a_queued_check_polls_its_status_from_a_script_file(client, db, queued):
    response, _, _ = queued({"text": REFERENCES})
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker to start the check" in page
    report = Report.objects.get()
    assert f'data-status-url="/truecite/r/{report.share_id}/status.json"' in page
    assert 'src="/static/js/truecite-progress.js"' in page and "<script>" not in page
    status = client.get(f"/truecite/r/{report.share_id}/status.json").json()
    assert status == {"status": "queued", "label": "Waiting for a worker", "stalled": False, "error": ""}


def test_a_finished_check_shows_its_report(client, catalog, check):
    response = check({"text": REFERENCES})
    report = Report.objects.get()
    assert (report.status, report.attempts, report.verified) == (Report.Status.DONE, 1, 1)
    assert "1 of 1 references verified" in client.get(response["Location"]).content.decode()
    assert client.get(f"/truecite/r/{report.share_id}/status.json").json()["status"] == "done"


def test_a_failed_check_refunds_its_charge_exactly_once(client, db, reader, settings, check):
    settings.TRUECITE_MAX_REFERENCES = 3
    client.force_login(reader)
    check({"text": TOO_MANY})
    report = Report.objects.get()
    assert report.status == Report.Status.FAILED and report.charge.kind == LedgerKind.CHARGE
    assert _refunds(reader) == 1
    # A sweeper or a second copy of the message that comes later finds the check ended and gives nothing back.
    assert not tasks.fail(report.pk, report.run, "failed again")
    tasks.give_up(report)
    tasks.run_check(report.pk, report.run)
    assert _refunds(reader) == 1
    status = client.get(f"/truecite/r/{report.share_id}/status.json").json()
    assert status["status"] == "failed" and "TrueCite checks up to 3 at a time" in status["error"]


def test_a_failed_check_gives_a_visitors_free_check_back_exactly_once(client, db, settings, check):
    settings.TRUECITE_MAX_REFERENCES = 3
    check({"text": REFERENCES})
    check({"text": TOO_MANY})
    failed = Report.objects.get(status=Report.Status.FAILED)
    assert _free_checks_used() == 1
    assert not tasks.fail(failed.pk, failed.run, "failed again")
    tasks.give_up(failed)
    assert _free_checks_used() == 1


def test_a_second_copy_of_the_message_does_not_run_the_check_again(client, catalog, reader, check):
    client.force_login(reader)
    check({"text": REFERENCES})
    report = Report.objects.get()
    assert tasks.run_check(report.pk, report.run) == "nothing to do"
    report.refresh_from_db()
    assert report.attempts == 1 and _charges(reader) == 1


def test_a_stalled_check_says_so_and_offers_a_retry_that_uses_no_other_check(client, catalog, reader, settings, queued):
    client.force_login(reader)
    queued({"text": REFERENCES})  # its message is lost: no worker ever runs it
    report = _stalled(Report.objects.get(), settings)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "This check has stalled" in page and f'action="/truecite/r/{report.share_id}/retry"' in page
    assert client.get(f"/truecite/r/{report.share_id}/status.json").json()["stalled"] is True

    response = client.post(f"/truecite/r/{report.share_id}/retry")
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.attempts, report.verified) == (Report.Status.DONE, 2, 1)
    assert _charges(reader) == 1


def test_only_the_user_who_ran_a_check_may_hand_it_on(client, catalog, reader, settings, queued):
    client.force_login(reader)
    queued({"text": REFERENCES})
    report = _stalled(Report.objects.get(), settings)
    client.logout()
    assert f"/truecite/r/{report.share_id}/retry" not in client.get(report.get_absolute_url()).content.decode()
    assert client.post(f"/truecite/r/{report.share_id}/retry").status_code == 404
    report.refresh_from_db()
    assert report.stalled


def test_the_sweeper_sends_a_stalled_check_on_again(db, catalog, settings, queued):
    queued({"text": REFERENCES})
    report = _stalled(Report.objects.get(), settings)
    tasks.sweep()
    report.refresh_from_db()
    assert (report.status, report.attempts, report.verified) == (Report.Status.DONE, 2, 1)


def test_the_sweeper_leaves_a_check_another_worker_is_running_alone(db, settings, queued):
    queued({"text": REFERENCES})
    report = Report.objects.get()
    assert jobs.start(Report, report.pk, report.run)
    tasks.sweep()
    after = Report.objects.get(pk=report.pk)
    assert (after.status, after.run, after.attempts) == (Report.Status.RUNNING, report.run, 1)


def test_a_check_stalled_in_its_last_attempt_is_failed_and_refunded_exactly_once(client, db, reader, settings, queued):
    client.force_login(reader)
    queued({"text": REFERENCES})
    report = _stalled(Report.objects.get(), settings, attempts=settings.JOB_MAX_ATTEMPTS)
    tasks.sweep()
    tasks.sweep()
    tasks.give_up(report)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED and _refunds(reader) == 1
    page = client.get(report.get_absolute_url()).content.decode()
    assert "This check could not be finished. Its worker stopped 3 times" in page and "given back" in page


def test_checks_in_progress_are_named_so_in_the_history(client, db, reader, queued):
    client.force_login(reader)
    queued({"text": REFERENCES})
    assert "Waiting for a worker" in client.get("/truecite/history/").content.decode()
    assert "Waiting for a worker" in client.get("/truecite/").content.decode()
