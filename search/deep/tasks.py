"""The Deep Search Celery task: judge the candidates in batches and store each batch as it is judged.

A Deep Search is a job (wispaper.jobs): the task starts it (only one worker can), its heartbeat is kept while it
runs, and every write is made only while the search is still this run's. The sweeper (Celery beat, and every
worker as it starts) sends a stalled search on again; after its last attempt it fails and its credits come back.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing import credits
from billing.models import LedgerEntry
from search import engine
from search.models import DeepResult, DeepSearch
from wispaper import jobs

from .criteria import Criterion
from . import rank as ranking
from .pipeline import DeepHit, batches, prepare, reranker_logits

logger = logging.getLogger(__name__)


def _still_ours(search: DeepSearch):
    """The search's row, for an update that must happen only while the search is this run's."""
    return DeepSearch.objects.filter(pk=search.pk, run=search.run)


def _store(search: DeepSearch, batch: list[DeepHit]) -> None:
    """Save a judged batch; a paper already stored (a retried run) keeps its first verdict."""
    results = [
        DeepResult(
            search=search, paper_id=hit.paper_id, score=hit.score, satisfied=hit.satisfied, relevance=hit.relevance,
            best_sentence=hit.best_sentence,
            judgements=[
                {"kind": j.kind, "criterion": j.criterion, "status": j.status, "score": round(j.score, 4),
                 "evidence": j.evidence, "sentence": j.sentence}
                for j in hit.judgements
            ],
        )
        for hit in batch
    ]
    with transaction.atomic():
        if not _still_ours(search).update(heartbeat=timezone.now()):
            raise jobs.Lost(f"Deep Search {search.pk} is no longer run {search.run}'s")
        DeepResult.objects.bulk_create(results, ignore_conflicts=True)
        DeepSearch.objects.filter(pk=search.pk).update(judged=search.results.count())


def run(search: DeepSearch) -> None:
    """Judge a Deep Search's candidates, storing results batch by batch, then mark it done."""
    criteria = [Criterion(c["kind"], c["text"]) for c in search.criteria]
    prepared = prepare(search.question, criteria)
    _still_ours(search).update(error="", candidates=len(prepared.candidates))
    # A retried run (worker restarted mid-way) judges only what is not stored yet.
    done = set(search.results.values_list("paper_id", flat=True))
    for batch in batches(prepared, skip=done):
        _store(search, batch)
    _rerank_and_finish(search)


def _rerank_and_finish(search: DeepSearch) -> None:
    """Add the cross-encoder's score to the best results and mark the search done, in one transaction, so a
    run retried after this point finds it done and never adds the score twice."""
    best = list(search.results.order_by("-score", "paper_id")[: settings.DEEP_RERANK_TOP])
    logits = reranker_logits(search.question, [result.paper_id for result in best])
    for result in best:
        result.score = ranking.reranked_score(result.score, logits.get(result.paper_id, 0.0))
    with transaction.atomic():
        if not _still_ours(search).update(status=DeepSearch.Status.DONE, judged=search.results.count()):
            raise jobs.Lost(f"Deep Search {search.pk} is no longer run {search.run}'s")
        DeepResult.objects.bulk_update(best, ["score"])


def _fail(search: DeepSearch, message: str) -> None:
    """End the search as failed and return its credits: once, whichever worker or sweeper gets here first."""
    with transaction.atomic():
        if not jobs.fail(DeepSearch, search.pk, search.run, error=message):
            return
        entry = LedgerEntry.objects.filter(pk=search.charge_id).first() if search.charge_id else None
        if entry is not None:
            credits.refund(entry, reason="Deep Search failed")


def _retry_delay(attempts: int) -> int:
    return min(5 * 2 ** max(attempts - 1, 0), 300)


@shared_task(bind=True, acks_late=True, max_retries=None)
def run_deep_search(self, search_id: int) -> str:
    """Start the search (only one worker can) and judge it; the job's attempts, not Celery's retries, say when
    to give up, since a run whose worker was killed counts too."""
    search = DeepSearch.objects.filter(pk=search_id).first()
    if search is None or not jobs.start(DeepSearch, search.pk, search.run):
        return "nothing to do"
    search.refresh_from_db()
    try:
        with jobs.kept_alive(DeepSearch, search.pk, search.run):
            run(search)
    except jobs.Lost:
        return "taken over by another run"
    except engine.QueryError as exc:
        _fail(search, str(exc))
        return "failed"
    except Exception as exc:
        if search.attempts >= settings.JOB_MAX_ATTEMPTS:
            logger.exception("Deep Search %s failed", search_id)
            _fail(search, "The search could not be completed. Your credits have been returned; please try again.")
            return "failed"
        delay = _retry_delay(search.attempts)
        jobs.release(DeepSearch, search.pk, search.run, delay=delay)
        raise self.retry(exc=exc, countdown=delay) from exc
    return "done"


def resume(search: DeepSearch) -> bool:
    """Send a stalled search on again; False when it has not stalled (any more)."""
    if jobs.requeue(search) is None:
        return False
    run_deep_search.delay(search.pk)
    return True


def give_up(search: DeepSearch) -> None:
    _fail(search, "The search stopped before it was finished. Your credits have been returned; please try again.")


@shared_task(name="deep.sweep", ignore_result=True)
def sweep() -> None:
    """Send stalled Deep Searches on again, or fail those out of attempts (run by Celery beat)."""
    jobs.sweep(DeepSearch, resume, give_up)


@worker_ready.connect
def sweep_on_start(**_) -> None:
    sweep()
