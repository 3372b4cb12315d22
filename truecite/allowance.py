"""Who may run a check: signed-in users spend credits through billing; anonymous visitors get a small
daily allowance per IP, counted in Django's cache (shared by every web process)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache

from billing.credits import InsufficientCredits, charge, refund
from billing.models import LedgerEntry

ACTION = "truecite_check"


class AllowanceUsed(Exception):
    """An anonymous visitor has used today's free checks; the message is meant for them."""


def client_ip(request) -> str:
    # Behind a proxy, set it to overwrite REMOTE_ADDR; a client-sent X-Forwarded-For is not trusted here.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(request) -> str:
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"truecite:anon:{dt.date.today().isoformat()}:{digest}"


def anonymous_checks_left(request) -> int:
    return max(0, settings.TRUECITE_ANONYMOUS_DAILY_CHECKS - int(cache.get(_key(request), 0)))


def take(request) -> LedgerEntry | None:
    """Use one check (a ledger entry for a signed-in user); raises InsufficientCredits or AllowanceUsed."""
    if request.user.is_authenticated:
        return charge(request.user, ACTION, reference="TrueCite check")
    key = _key(request)
    cache.add(key, 0, 26 * 3600)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 26 * 3600)
        used = 1
    if used > settings.TRUECITE_ANONYMOUS_DAILY_CHECKS:
        raise AllowanceUsed(
            f"You have used today's {settings.TRUECITE_ANONYMOUS_DAILY_CHECKS} free checks. "
            "Sign up for free to keep checking, or come back tomorrow."
        )
    return None


def give_back(request, entry: LedgerEntry | None) -> None:
    """Undo take() after a check that failed."""
    if entry is not None:
        refund(entry, reason="TrueCite check failed")
    elif not request.user.is_authenticated:
        try:
            cache.decr(_key(request))
        except ValueError:
            pass


__all__ = ["AllowanceUsed", "InsufficientCredits", "anonymous_checks_left", "give_back", "take"]
