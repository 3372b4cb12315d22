"""The answer pipeline as a Celery chain: plan → retrieve → analyze (a group) → write → verify → publish.

Every task is idempotent and acknowledged late, so a task whose worker died is simply run again; a
failing stage is retried with backoff, and on its final failure the question is marked failed and the
credits are refunded. A worker that starts resumes the questions a dead worker left running.
"""

from __future__ import annotations

import logging

from celery import Task, chain, group, shared_task
from celery.signals import worker_ready
from django.conf import settings

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
        steps.mark_failed(args[0], self.stage, exc)


@shared_task(base=StageTask, stage=Stage.PLAN, name="qa.plan")
def plan(question_id: int) -> None:
    steps.run_plan(question_id)


@shared_task(base=StageTask, stage=Stage.RETRIEVE, name="qa.retrieve")
def retrieve(question_id: int) -> None:
    steps.run_retrieve(question_id)


@shared_task(base=StageTask, stage=Stage.ANALYZE, name="qa.analyze")
def analyze(question_id: int, part: int, parts: int) -> None:
    steps.run_analyze(question_id, part, parts)


@shared_task(base=StageTask, stage=Stage.WRITE, name="qa.write")
def write(question_id: int) -> None:
    steps.run_write(question_id)


@shared_task(base=StageTask, stage=Stage.VERIFY, name="qa.verify")
def verify(question_id: int) -> None:
    steps.run_verify(question_id)


@shared_task(base=StageTask, stage=Stage.PUBLISH, name="qa.publish")
def publish(question_id: int) -> None:
    steps.run_publish(question_id)


ORDER = [Stage.PLAN, Stage.RETRIEVE, Stage.ANALYZE, Stage.WRITE, Stage.VERIFY, Stage.PUBLISH]


def workflow(question_id: int, start: str = Stage.PLAN) -> chain:
    """The chain from `start` on; the analysis is fanned out over QA_ANALYZE_PARTS tasks."""
    parts = max(1, settings.QA_ANALYZE_PARTS)
    signatures = {
        Stage.PLAN: plan.si(question_id),
        Stage.RETRIEVE: retrieve.si(question_id),
        Stage.ANALYZE: group(analyze.si(question_id, part, parts) for part in range(parts)),
        Stage.WRITE: write.si(question_id),
        Stage.VERIFY: verify.si(question_id),
        Stage.PUBLISH: publish.si(question_id),
    }
    return chain(*(signatures[s] for s in ORDER[ORDER.index(Stage(start or Stage.PLAN)) :]))


def start(question: Question, from_stage: str = Stage.PLAN) -> None:
    """Run the question's pipeline: on a worker, or right here when tasks run eagerly."""
    try:
        workflow(question.pk, from_stage).apply_async()
    except Exception:
        # Eager mode re-raises a stage's final failure here; on_failure has already recorded it.
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        logger.info("question %s failed while running eagerly", question.pk)


@worker_ready.connect
def resume_interrupted(**_) -> None:
    """Questions a killed worker left running continue from the stage they were in."""
    if not settings.QA_RESUME_ON_WORKER_START:
        return
    for question in Question.objects.filter(status=Question.Status.RUNNING):
        logger.info("resuming question %s at %s", question.pk, question.stage)
        steps.record(question.pk, question.stage or Stage.PLAN, ProgressEvent.Kind.RETRYING, "resumed after a worker restart")
        start(question, question.stage or Stage.PLAN)
