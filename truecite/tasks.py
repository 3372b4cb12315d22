"""A TrueCite check as a Celery task: the web request only records and pays for it, and a worker runs it.

A check is a job (wispaper.jobs): only a message with its current run token can start it, a thread beats its
heartbeat while it runs, and it ends done or failed. Each run has a time budget, TRUECITE_CHECK_SECONDS, kept by
Celery's soft time limit; a check past it fails at once rather than being retried, since the same text would take
as long again. A failed check gives back what it used (a credit, or a visitor's free check), exactly once. The
sweeper (Celery beat, and every worker as it starts) sends a stalled check on again, or fails it after its last
attempt.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from truecite import allowance
from truecite.models import Report
from truecite.refparse import InputTooLarge
from truecite.report import check_text
from wispaper import jobs

logger = logging.getLogger(__name__)

# A step stuck in C code never sees the soft limit: this long after it, the worker kills the process instead, and
# the check, its heartbeat stopped, is found stalled by the sweeper.
HARD_LIMIT_GRACE_SECONDS = 30
GIVEN_BACK = "It does not count: the check it used was given back."


def start(report: Report) -> None:
    """Send the check's current run to a worker with its time budget (or run it here when tasks run eagerly)."""
    budget = settings.TRUECITE_CHECK_SECONDS
    run_check.apply_async((report.pk, report.run), soft_time_limit=budget, time_limit=budget + HARD_LIMIT_GRACE_SECONDS)


@shared_task(bind=True, name="truecite.check", acks_late=True, ignore_result=True)
def run_check(self, report_id: int, run: str) -> str:
    """Check the text of the run's report and store the result; the report is failed if the check raises or runs
    past its time budget."""
    if not jobs.start(Report, report_id, run):
        return "nothing to do"
    try:
        report = Report.objects.get(pk=report_id)
        with jobs.kept_alive(Report, report_id, run):
            result = check_text(report.input_text, paper_ids=report.paper_ids)
        finished = Report.objects.filter(pk=report_id, run=run, status=Report.Status.RUNNING).update(
            status=Report.Status.DONE, finished=timezone.now(), **Report.result_fields(result)
        )
    except SoftTimeLimitExceeded:
        _, budget = self.request.timelimit or (None, settings.TRUECITE_CHECK_SECONDS)
        fail(report_id, run, f"The check took longer than {budget:g} seconds, TrueCite's limit, and was stopped. "
                             "Try a shorter text, or split it into parts.")  # fmt: skip
        return "timed out"
    except InputTooLarge as error:
        fail(report_id, run, str(error))
        return "refused"
    except Exception:
        logger.exception("TrueCite check %s failed", report_id)
        fail(report_id, run, "Something went wrong while checking this text. Please try again.")
        return "failed"
    return "done" if finished else "taken over by another run"


def fail(report_id: int, run: str, message: str) -> bool:
    """End the run's check as failed and give back what it used: once, whichever worker or sweeper gets here
    first; False when the check had already ended or another run had taken it over."""
    with transaction.atomic():
        if not jobs.fail(Report, report_id, run, error=f"{message} {GIVEN_BACK}", finished=timezone.now()):
            return False
        use = Report.objects.select_related("charge").get(pk=report_id).use
        if use is not None:
            allowance.give_back(use)
    logger.warning("TrueCite check %s failed: %s", report_id, message)
    return True


def resume(report: Report) -> bool:
    """Send a stalled check on again; False when it has not stalled (any more)."""
    run = jobs.requeue(report)
    if run is None:
        return False
    report.run, report.status = run, Report.Status.QUEUED
    start(report)
    return True


def give_up(report: Report) -> None:
    fail(report.pk, report.run, f"Its worker stopped {report.attempts} times before the check was finished.")


@shared_task(name="truecite.sweep", ignore_result=True)
def sweep() -> None:
    """Send stalled checks on again, or fail those out of attempts (run by Celery beat)."""
    jobs.sweep(Report, resume, give_up)


@worker_ready.connect
def sweep_on_start(**_) -> None:
    sweep()
