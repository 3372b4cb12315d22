"""Work that a Celery worker does for a user (a question, a Deep Search, a TrueCite check), kept as a
database row that outlives any worker and any broker message.

The row is the source of truth, not the broker: the filesystem broker forgets a message once a worker has
fetched it, and Redis gives a killed worker's message back only after its visibility timeout. So:

- A job is queued, running, or ended (the model's own states, e.g. published, done, failed). Each run of it
  carries a run token; only a message with the job's current token may start it (queued → running, one
  conditional UPDATE, so one worker wins) or go on with it. Copies of a message are therefore harmless.
- A running job's worker beats its heartbeat from a thread, so even a long step never looks stalled; a killed
  worker stops beating at once. A job whose heartbeat is older than JOB_STALL_SECONDS has stalled.
- The sweeper (Celery beat, and every worker as it starts) sends each stalled job on again: under a new run
  token if it had started, so the run it was in can never touch it again. After JOB_MAX_ATTEMPTS runs it is
  failed instead, and its credits are refunded (by the app, once: failing is conditional on the job's state).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections, models
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

QUEUED, RUNNING, FAILED = "queued", "running", "failed"
ACTIVE = (QUEUED, RUNNING)
# Beats per stall period: a worker whose database is slow for a beat or two still keeps its job.
BEATS_PER_STALL = 5


def new_run() -> str:
    return secrets.token_hex(8)


class Job(models.Model):
    """The fields every job has besides its own `status` (whose values include "queued", "running" and "failed")
    and `error`."""

    run = models.CharField(max_length=16, default=new_run, editable=False, help_text="Token of the current run.")
    heartbeat = models.DateTimeField(
        default=timezone.now, help_text="When a worker last showed it was at work on this (or it was queued)."
    )
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Runs started, the current one included.")

    class Meta:
        abstract = True

    @property
    def stalled(self) -> bool:
        """Queued or running, but no worker has shown life for JOB_STALL_SECONDS."""
        return self.status in ACTIVE and self.heartbeat < stall_cutoff()


class Lost(Exception):
    """The job is no longer this run's: a newer run took it over, or it ended."""


def stall_cutoff() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.JOB_STALL_SECONDS)


def start(model: type[Job], pk: int, run: str) -> bool:
    """Take a queued job for the run `run`; False when another copy of the message took it first, or the run is
    not the job's current one."""
    taken = model.objects.filter(pk=pk, run=run, status=QUEUED).update(
        status=RUNNING, heartbeat=timezone.now(), attempts=F("attempts") + 1
    )
    return bool(taken)


def beat(model: type[Job], pk: int, run: str) -> bool:
    """Show that the run is still at work on the job; False when the job is no longer the run's."""
    return bool(model.objects.filter(pk=pk, run=run, status=RUNNING).update(heartbeat=timezone.now()))


def release(model: type[Job], pk: int, run: str, *, delay: float) -> bool:
    """Put a running job back in the queue for a retry `delay` seconds from now (it is not stalled before then)."""
    due = timezone.now() + dt.timedelta(seconds=delay)
    return bool(model.objects.filter(pk=pk, run=run, status=RUNNING).update(status=QUEUED, heartbeat=due))


def fail(model: type[Job], pk: int, run: str, **fields) -> bool:
    """End the run's job as failed (with `fields`, e.g. the error); True only for the one call that did, so the
    caller refunds exactly once."""
    return bool(model.objects.filter(pk=pk, run=run, status__in=ACTIVE).update(status=FAILED, **fields))


def requeue(job: Job) -> str | None:
    """Queue a stalled job again and return the run token its message must carry; None when it has not stalled
    (any more), e.g. because another sweeper got there first.

    A job that had started gets a new token, so its old run stops at its next step; a job that never started
    keeps its token, since its first message may still be waiting in the queue and whichever copy comes first
    may start it.
    """
    run = new_run() if job.status == RUNNING else job.run
    taken = type(job).objects.filter(pk=job.pk, run=job.run, status=job.status, heartbeat__lt=stall_cutoff()).update(
        status=QUEUED, run=run, heartbeat=timezone.now()
    )
    return run if taken else None


def stale(model: type[Job]) -> models.QuerySet:
    return model.objects.filter(status__in=ACTIVE, heartbeat__lt=stall_cutoff())


def sweep(model: type[Job], resume: Callable[[Job], object], give_up: Callable[[Job], object]) -> None:
    """Send every stalled job on again (`resume`), or fail it (`give_up`) once it has had JOB_MAX_ATTEMPTS runs.

    Jobs with a fresh heartbeat are left alone: another worker is running them.
    """
    for job in stale(model):
        if job.status == RUNNING and job.attempts >= settings.JOB_MAX_ATTEMPTS:
            logger.warning("%s %s stalled in its last attempt: failing it", model.__name__, job.pk)
            give_up(job)
        else:
            logger.info("%s %s stalled: sending it on again", model.__name__, job.pk)
            resume(job)


@contextmanager
def kept_alive(model: type[Job], pk: int, run: str) -> Iterator[None]:
    """Beat the job's heartbeat from a thread while the block runs, so that a step which takes long (a model
    loading, a language model answering) never looks stalled, while a killed worker's job stops beating."""
    stop = threading.Event()
    interval = settings.JOB_STALL_SECONDS / BEATS_PER_STALL

    def beating() -> None:
        try:
            while not stop.wait(interval):
                try:
                    if not beat(model, pk, run):
                        return
                except DatabaseError as exc:
                    logger.warning("heartbeat of %s %s failed: %s", model.__name__, pk, exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beating, name=f"heartbeat {model.__name__} {pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        # A beat waiting for a lock that the caller's own transaction holds (tasks run eagerly inside a request
        # or a test) must not hold up the end of the block; it ends by itself once the lock is free.
        thread.join(timeout=interval)
