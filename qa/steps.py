"""Each pipeline stage with its persistence: read the previous stage's output, run, store, record progress.

Every step is idempotent (it overwrites its own output), so a re-delivered task or a re-run question
never duplicates anything. qa.tasks runs these as a Celery chain; run_all runs them in this process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing import credits
from search.models import Paper
from wispaper import jobs

from .models import Article, PaperAnalysis, ProgressEvent, Question, Stage
from .pipeline import llm_writer
from .pipeline.analyze import PaperFindings, analyze_papers
from .pipeline.draft import Draft
from .pipeline.plan import Plan, make_plan
from .pipeline.publish import publish_article
from .pipeline.retrieve import retrieve
from .pipeline.verify import verify_draft
from .pipeline.topic import MIN_ON_TOPIC
from .pipeline.write import thin_draft, write_article

logger = logging.getLogger(__name__)


def record(question_id: int, stage: str, kind: str, message: str = "") -> None:
    ProgressEvent.objects.create(question_id=question_id, stage=stage, kind=kind, message=message[:500])


@contextmanager
def _stage(question_id: int, stage: Stage) -> Iterator[Question]:
    question = Question.objects.get(pk=question_id)
    Question.objects.filter(pk=question_id).update(
        status=Question.Status.RUNNING, stage=stage, error="", started=question.started or timezone.now()
    )
    record(question_id, stage, ProgressEvent.Kind.STARTED)
    yield question


def run_plan(question_id: int) -> None:
    with _stage(question_id, Stage.PLAN) as question:
        plan = make_plan(question.text)
        Question.objects.filter(pk=question_id).update(plan=plan.to_dict())
        record(question_id, Stage.PLAN, ProgressEvent.Kind.DONE, f"{len(plan.sections)} sections: " + " · ".join(s.heading for s in plan.sections))


def run_retrieve(question_id: int) -> None:
    with _stage(question_id, Stage.RETRIEVE) as question:
        candidates = retrieve(Plan.from_dict(question.plan), limit=settings.QA_CANDIDATES)
        Question.objects.filter(pk=question_id).update(candidates=[c.to_dict() for c in candidates])
        record(question_id, Stage.RETRIEVE, ProgressEvent.Kind.DONE, f"{len(candidates)} candidate papers")


def run_analyze(question_id: int, part: int = 0, parts: int = 1) -> None:
    """Analyze every `parts`-th candidate, starting at `part`: one slice of the fanned-out analysis."""
    with _stage(question_id, Stage.ANALYZE) as question:
        ids = [c["paper_id"] for c in question.candidates or []][part::parts]
        papers = list(Paper.objects.filter(pk__in=ids))
        findings = analyze_papers(Plan.from_dict(question.plan), papers)
        for result in findings:
            PaperAnalysis.objects.update_or_create(
                question_id=question_id,
                paper_id=result.paper_id,
                defaults={"relevance": result.relevance, "data": result.to_dict()},
            )
        record(question_id, Stage.ANALYZE, ProgressEvent.Kind.DONE, f"read {len(papers)} papers")


def run_write(question_id: int) -> None:
    with _stage(question_id, Stage.WRITE) as question:
        plan = Plan.from_dict(question.plan)
        ids = {c["paper_id"] for c in question.candidates or []}
        findings = [
            PaperFindings.from_dict(a.data)
            for a in PaperAnalysis.objects.filter(question_id=question_id, paper_id__in=ids).order_by("-relevance")
        ]
        draft = thin_draft(plan, findings) if len(findings) < MIN_ON_TOPIC else None
        if draft is None and llm_writer.writes_for(question.asker):
            try:
                draft = llm_writer.write_article(plan, findings)
            except llm_writer.LLMError as exc:
                record(question_id, Stage.WRITE, ProgressEvent.Kind.RETRYING, f"the language model failed ({exc}); using the extractive writer")
        draft = draft or write_article(plan, findings)
        Question.objects.filter(pk=question_id).update(draft=draft.to_dict())
        n = sum(1 for _ in draft.sentences())
        record(question_id, Stage.WRITE, ProgressEvent.Kind.DONE, f"{n} sentences from {len(draft.cited_papers())} sources")


def run_verify(question_id: int) -> None:
    with _stage(question_id, Stage.VERIFY) as question:
        draft = Draft.from_dict(question.draft)
        papers = Paper.objects.in_bulk(draft.cited_papers())
        verified = verify_draft(draft, papers)
        Question.objects.filter(pk=question_id).update(verified=verified.to_dict())
        passed, checked = verified.checks.get("supported", [0, 0])
        record(question_id, Stage.VERIFY, ProgressEvent.Kind.DONE, f"{passed} of {checked} citations supported")


def run_publish(question_id: int) -> Article:
    with _stage(question_id, Stage.PUBLISH) as question:
        draft = Draft.from_dict(question.verified)
        if not any(s.cites for s in draft.sentences()) and not draft.thin:
            raise NoEvidence("The catalog has no papers that answer this question well enough to write an article.")
        article = publish_article(question, draft)
        Question.objects.filter(pk=question_id).update(status=Question.Status.PUBLISHED, finished=timezone.now())
        if draft.thin and question.charge_id:
            # Saying that the catalog cannot answer is not an answer the asker pays for.
            credits.refund(question.charge, reason=f"question {question_id}: the catalog holds too little to answer it")
        record(question_id, Stage.PUBLISH, ProgressEvent.Kind.DONE, f"published as {article.slug}")
        return article


class NoEvidence(RuntimeError):
    """Nothing in the catalog answers the question; retrying will not help."""


def run_all(question: Question) -> Article:
    """The whole pipeline in this process (demo articles, benchmarks)."""
    run_plan(question.pk)
    run_retrieve(question.pk)
    run_analyze(question.pk)
    run_write(question.pk)
    run_verify(question.pk)
    return run_publish(question.pk)


def mark_failed(question_id: int, run: str, stage: str, error: BaseException | str) -> bool:
    """The run's final failure: the asker sees what failed and gets the credits back, exactly once.

    False when the question had already ended or another run had taken it over.
    """
    label = Stage(stage).label if stage in Stage.values else stage
    now = timezone.now()
    with transaction.atomic():
        failed = jobs.fail(
            Question, question_id, run, stage=stage, error=f"{label} failed: {error}"[:2000], finished=now, updated=now
        )
        if not failed:
            return False
        record(question_id, stage, ProgressEvent.Kind.FAILED, str(error))
        question = Question.objects.select_related("charge").get(pk=question_id)
        if question.charge_id:
            credits.refund(question.charge, reason=f"question {question_id} failed at {stage}")
    logger.warning("question %s failed at %s: %s", question_id, stage, error)
    return True


def reset(question: Question) -> None:
    """Queue the question again from the start as a new job (retry after a failure, or an editor's re-run)."""
    question.status, question.stage, question.error, question.finished = Question.Status.QUEUED, "", "", None
    question.run, question.attempts, question.heartbeat = jobs.new_run(), 0, timezone.now()
    question.save(update_fields=["status", "stage", "error", "finished", "run", "attempts", "heartbeat", "updated"])
