"""The answer pipeline as a Celery chain: begin → plan → retrieve → analyze (a group) → write → verify → publish.

A question is a job (wispaper.jobs). `begin` starts a run, whose token every task of the chain carries; a task
whose run is no longer the question's does nothing, so neither a copy of a message nor a run that was taken over
ever runs the question twice at once. Every stage is idempotent; a failing stage is retried with backoff, and on
its final failure the question is marked failed and the credits are refunded. The sweeper (Celery beat, and every
worker as it starts) sends a stalled question on again from the stage it was in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Task, chain, group, shared_task
from celery.exceptions import Ignore
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError

from wispaper import jobs

from . import steps
from .models import ProgressEvent, Question, Stage

logger = logging.getLogger(__name__)


class StageTask(Task):
    stage: str = ""
    autoretry_for = (Exception,)
    dont_autoretry_for = (steps.NoEvidence,)
    max_retries = 3
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = False
    acks_late = True
    reject_on_worker_lost = True

    def on_retry(self, exc, task_id, args, kwargs, einfo) -> None:
        steps.record(args[0], self.stage, ProgressEvent.Kind.RETRYING, f"{exc} (attempt {self.request.retries + 1})")

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        steps.mark_failed(args[0], args[1], self.stage, exc)


def _run_stage(step: Callable, question_id: int, run: str, *args) -> None:
    """Run a stage for the question's current run, beating its heartbeat meanwhile; for any other run, nothing."""
    if not jobs.beat(Question, question_id, run):
        logger.info("question %s: %s skipped, run %s is no longer the question's", question_id, step.__name__, run)
        return
    with jobs.kept_alive(Question, question_id, run):
        step(question_id, *args)


@shared_task(name="qa.begin", acks_late=True, autoretry_for=(DatabaseError,), max_retries=3, retry_backoff=2)
def begin(question_id: int, run: str) -> None:
    if not jobs.start(Question, question_id, run):
        # Another copy of this message began the run, or the run is no longer the question's: the chain stops here.
        raise Ignore()


@shared_task(base=StageTask, stage=Stage.PLAN, name="qa.plan")
def plan(question_id: int, run: str) -> None:
    _run_stage(steps.run_plan, question_id, run)


@shared_task(base=StageTask, stage=Stage.RETRIEVE, name="qa.retrieve")
def retrieve(question_id: int, run: str) -> None:
    _run_stage(steps.run_retrieve, question_id, run)


@shared_task(base=StageTask, stage=Stage.ANALYZE, name="qa.analyze")
def analyze(question_id: int, run: str, part: int, parts: int) -> None:
    _run_stage(steps.run_analyze, question_id, run, part, parts)


@shared_task(base=StageTask, stage=Stage.WRITE, name="qa.write")
def write(question_id: int, run: str) -> None:
    _run_stage(steps.run_write, question_id, run)


@shared_task(base=StageTask, stage=Stage.VERIFY, name="qa.verify")
def verify(question_id: int, run: str) -> None:
    _run_stage(steps.run_verify, question_id, run)


@shared_task(base=StageTask, stage=Stage.PUBLISH, name="qa.publish")
def publish(question_id: int, run: str) -> None:
    _run_stage(steps.run_publish, question_id, run)


ORDER = [Stage.PLAN, Stage.RETRIEVE, Stage.ANALYZE, Stage.WRITE, Stage.VERIFY, Stage.PUBLISH]


def workflow(question_id: int, run: str, start: str = Stage.PLAN) -> chain:
    """The run's chain from `start` on; the analysis is fanned out over QA_ANALYZE_PARTS tasks."""
    parts = max(1, settings.QA_ANALYZE_PARTS)
    signatures = {
        Stage.PLAN: plan.si(question_id, run),
        Stage.RETRIEVE: retrieve.si(question_id, run),
        Stage.ANALYZE: group(analyze.si(question_id, run, part, parts) for part in range(parts)),
        Stage.WRITE: write.si(question_id, run),
        Stage.VERIFY: verify.si(question_id, run),
        Stage.PUBLISH: publish.si(question_id, run),
    }
    stages = ORDER[ORDER.index(Stage(start or Stage.PLAN)) :]
    return chain(begin.si(question_id, run), *(signatures[s] for s in stages))


def start(question: Question) -> None:
    """Run the question's current run from its stage: on a worker, or right here when tasks run eagerly."""
    try:
        workflow(question.pk, question.run, question.stage or Stage.PLAN).apply_async()
    except Exception:
        # Eager mode re-raises a stage's final failure here; on_failure has already recorded it.
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        logger.info("question %s failed while running eagerly", question.pk)


def resume(question: Question) -> bool:
    """Send a stalled question on again from the stage it stopped in; False when it has not stalled (any more)."""
    was_running = question.status == Question.Status.RUNNING
    run = jobs.requeue(question)
    if run is None:
        return False
    if was_running:
        stage = question.stage or Stage.PLAN
        steps.record(question.pk, stage, ProgressEvent.Kind.RETRYING, "its worker stopped; starting this stage again")
    question.run, question.status = run, Question.Status.QUEUED
    start(question)
    return True


def give_up(question: Question) -> None:
    reason = f"its worker stopped {question.attempts} times before finishing"
    steps.mark_failed(question.pk, question.run, question.stage or Stage.PLAN, reason)


@shared_task(name="qa.sweep", ignore_result=True)
def sweep() -> None:
    """Send stalled questions on again, or fail those out of attempts (run by Celery beat)."""
    jobs.sweep(Question, resume, give_up)


@worker_ready.connect
def sweep_on_start(**_) -> None:
    sweep()
