"""Who may start a Deep Search: signed-in users pay credits, anonymous visitors get a small daily allowance per
client address (settings.DEEP_SEARCH_ANONYMOUS_DAILY; 0 means sign in first); billing.allowances counts both."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from billing import allowances
from billing.models import LedgerEntry
from search.models import DeepSearch

from .criteria import Criterion
from .tasks import run_deep_search

ACTION = "deep_search"


def anonymous_left(request: HttpRequest) -> int:
    return allowances.anonymous_left(request, ACTION)


def start(request: HttpRequest, question: str, criteria: list[Criterion]) -> DeepSearch:
    """Record and pay for a Deep Search, then queue it once the transaction commits.

    Raises credits.InsufficientCredits (or allowances.AllowanceUsed) with a message for the user; the search is then
    not recorded.
    """
    with transaction.atomic():
        search = DeepSearch.objects.create(
            user=request.user if request.user.is_authenticated else None, question=question,
            criteria=[{"kind": c.kind, "text": c.text} for c in criteria],
        )
        use = allowances.take(request, ACTION, reference=f"deep_search:{search.pk}")
        if isinstance(use, LedgerEntry):
            # The worker refunds this charge if the search fails.
            search.charge_id = use.pk
            search.save(update_fields=["charge_id"])
        transaction.on_commit(lambda: run_deep_search.delay(search.pk))
    return search
