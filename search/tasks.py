"""Celery tasks of the search app."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from search.indexing import index_pending

MAX_RETRIES = 6


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def index_pending_papers(self) -> dict:
    """Index new and changed papers; a failure (locked database, full disk…) is retried with backoff."""
    try:
        return asdict(index_pending())
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(5 * 2**self.request.retries, 600)) from exc
