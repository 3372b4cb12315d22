"""Who may start a Deep Search: signed-in users pay credits through billing; anonymous visitors get a
small daily allowance per IP address (settings.DEEP_SEARCH_ANONYMOUS_DAILY; 0 means sign in first)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from billing import credits
from search.models import DeepSearch

from .criteria import Criterion
from .tasks import run_deep_search


class AllowanceUsed(credits.InsufficientCredits):
    """An anonymous visitor has used today's free Deep Searches."""


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def anonymous_left(request: HttpRequest) -> int:
    since = timezone.now() - dt.timedelta(days=1)
    used = DeepSearch.objects.filter(user=None, client_ip=client_ip(request), created__gte=since).count()
    return max(settings.DEEP_SEARCH_ANONYMOUS_DAILY - used, 0)


def start(request: HttpRequest, question: str, criteria: list[Criterion]) -> DeepSearch:
    """Record and pay for a Deep Search, then queue it once the transaction commits.

    Raises credits.InsufficientCredits (or AllowanceUsed) with a message for the user.
    """
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        if user is None and anonymous_left(request) <= 0:
            raise AllowanceUsed(
                f"You have used today's {settings.DEEP_SEARCH_ANONYMOUS_DAILY} free Deep Searches. "
                "Sign up for free to run more.",
                action="deep_search",
            )
        search = DeepSearch.objects.create(
            user=user, client_ip=client_ip(request), question=question,
            criteria=[{"kind": c.kind, "text": c.text} for c in criteria],
        )
        if user is not None:
            search.charge_id = credits.charge(user, "deep_search", reference=f"deep_search:{search.pk}").pk
            search.save(update_fields=["charge_id"])
        transaction.on_commit(lambda: run_deep_search.delay(search.pk))
    return search
