"""The Deep Search Celery task: judge the candidates in batches and store each batch as it is judged."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

from billing import credits
from billing.models import LedgerEntry
from search import engine
from search.models import DeepResult, DeepSearch

from .criteria import Criterion
from . import rank as ranking
from .pipeline import DeepHit, batches, prepare, reranker_logits

logger = logging.getLogger(__name__)
MAX_RETRIES = 3


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
        DeepResult.objects.bulk_create(results, ignore_conflicts=True)
        DeepSearch.objects.filter(pk=search.pk).update(judged=search.results.count())


def run(search: DeepSearch) -> None:
    """Judge a Deep Search's candidates, storing results batch by batch, then mark it done."""
    criteria = [Criterion(c["kind"], c["text"]) for c in search.criteria]
    prepared = prepare(search.question, criteria)
    DeepSearch.objects.filter(pk=search.pk).update(
        status=DeepSearch.Status.RUNNING, error="", candidates=len(prepared.candidates)
    )
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
        DeepResult.objects.bulk_update(best, ["score"])
        DeepSearch.objects.filter(pk=search.pk).update(status=DeepSearch.Status.DONE, judged=search.results.count())


def _fail(search: DeepSearch, message: str) -> None:
    DeepSearch.objects.filter(pk=search.pk).update(status=DeepSearch.Status.FAILED, error=message)
    if search.charge_id:
        # Credits come back on final failure; billing makes the refund idempotent.
        entry = LedgerEntry.objects.filter(pk=search.charge_id).first()
        if entry is not None:
            credits.refund(entry, reason="Deep Search failed")


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def run_deep_search(self, search_id: int) -> str:
    search = DeepSearch.objects.filter(pk=search_id).first()
    if search is None or search.status == DeepSearch.Status.DONE:
        return "nothing to do"
    try:
        run(search)
    except engine.QueryError as exc:
        _fail(search, str(exc))
        return "failed"
    except Exception as exc:
        if self.request.retries >= MAX_RETRIES:
            logger.exception("Deep Search %s failed", search_id)
            _fail(search, "The search could not be completed. Your credits have been returned; please try again.")
            return "failed"
        raise self.retry(exc=exc, countdown=min(5 * 2**self.request.retries, 300)) from exc
    return "done"
