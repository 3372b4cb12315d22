"""Celery tasks of the search app."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task
from django.db.models import F

from search.indexing import index_pending
from search.models import Paper

MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def index_pending_papers(self) -> dict:
    """Index new and changed papers; a failure (locked database, full disk…) is retried with backoff."""
    try:
        return asdict(index_pending())
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(5 * 2**self.request.retries, 600)) from exc


@shared_task(ignore_result=True)
def index_missed_papers() -> None:
    """Run by Celery beat: papers still waiting to be indexed (their message lost with a killed worker, or never
    sent) are indexed now. The Paper table is the queue: a paper waits while its indexed_hash is not its content_hash."""
    if Paper.objects.exclude(indexed_hash=F("content_hash")).exists():
        index_pending_papers.delay()
