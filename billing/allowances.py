"""Who may use a metered action now: signed-in users spend credits, anonymous visitors a daily allowance.

A signed-in use is a charge on the credit ledger (billing.credits). An anonymous use is counted per client,
action and day in one AllowanceCounter row, taken by a conditional UPDATE (`used = used + 1 WHERE used <
limit`): the database checks and counts in one step, so parallel requests never take more than the limit, on
SQLite and PostgreSQL alike.

A client is its address as this server sees it: REMOTE_ADDR, or the right-most X-Forwarded-For hop that is not
one of settings.TRUSTED_PROXIES when the request came through one of them. IPv6 addresses are grouped by /64
(one subscriber's network hands out the rest freely) and every loopback address is one machine.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from billing.credits import ACTION_LABELS, InsufficientCredits, charge, refund
from billing.models import AllowanceCounter, LedgerEntry

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Allowance:
    setting: str  # the setting holding the daily limit per client
    used_up: str  # the refusal, with {limit}


ALLOWANCES = {
    "truecite_check": Allowance(
        "TRUECITE_ANONYMOUS_DAILY_CHECKS",
        "You have used today's {limit} free checks. Sign up for free to keep checking, or come back tomorrow.",
    ),
    "deep_search": Allowance(
        "DEEP_SEARCH_ANONYMOUS_DAILY", "You have used today's {limit} free Deep Searches. Sign up for free to run more."
    ),
}


class AllowanceUsed(InsufficientCredits):
    """An anonymous visitor has used today's allowance of the action; the message is meant for them."""


@dataclass(frozen=True)
class AnonymousUse:
    """One use taken from a counter, kept so that give_back returns it to the same client and day."""

    client: str
    action: str
    day: dt.date


Use = LedgerEntry | AnonymousUse


def take(request: HttpRequest, action: str, *, reference: str = "") -> Use:
    """Use the action once: a charge for a signed-in user, one of today's free uses for anyone else.

    Raises InsufficientCredits, or AllowanceUsed for a visitor who has none left today.
    """
    if request.user.is_authenticated:
        return charge(request.user, action, reference=reference)
    limit = _limit(action)
    if limit <= 0:
        raise AllowanceUsed(f"Sign up for free to run {ACTION_LABELS[action]}.", action=action)
    use = AnonymousUse(client=_client_key(request), action=action, day=timezone.localdate())
    counter, created = AllowanceCounter.objects.get_or_create(client=use.client, action=action, day=use.day)
    if created:
        # Only today's counters matter: the first new one of a day clears the days before.
        AllowanceCounter.objects.filter(day__lt=use.day).delete()
    if not AllowanceCounter.objects.filter(pk=counter.pk, used__lt=limit).update(used=F("used") + 1):
        raise AllowanceUsed(ALLOWANCES[action].used_up.format(limit=limit), action=action)
    return use


def give_back(use: Use, *, reason: str) -> None:
    """Undo take() for work that failed: the charge is refunded, or the free use counts no more."""
    if isinstance(use, LedgerEntry):
        refund(use, reason=reason)
        return
    AllowanceCounter.objects.filter(client=use.client, action=use.action, day=use.day, used__gt=0).update(
        used=F("used") - 1
    )


def anonymous_left(request: HttpRequest, action: str) -> int:
    """How many free uses of the action this client has left today."""
    used = (
        AllowanceCounter.objects.filter(client=_client_key(request), action=action, day=timezone.localdate())
        .values_list("used", flat=True)
        .first()
    )
    return max(_limit(action) - (used or 0), 0)


def client_address(request: HttpRequest) -> IPAddress | None:
    """The address the request came from: past trusted proxies only, never what a client says of itself."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None or not _trusted(address):
        return address
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        forwarded = _parse(hop)
        if forwarded is None:
            # A proxy appends the address it saw, always a valid one: anything else came from the client.
            break
        address = forwarded
        if not _trusted(address):
            break
    return address


def client_group(request: HttpRequest) -> str:
    """The network an allowance is counted for: an IPv4 address, an IPv6 /64, or the loopback machine."""
    address = client_address(request)
    if address is None:
        return "unknown"
    if address.is_loopback:
        # 127.0.0.0/8 and ::1 are all this machine: a new source address there is not a new visitor.
        return "loopback"
    if address.version == 6:
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def _client_key(request: HttpRequest) -> str:
    # The counters tell clients apart without holding their addresses.
    return hmac.new(settings.SECRET_KEY.encode(), client_group(request).encode(), hashlib.sha256).hexdigest()[:32]


def _limit(action: str) -> int:
    return getattr(settings, ALLOWANCES[action].setting)


def _parse(text: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d.
    return (address.ipv4_mapped or address) if address.version == 6 else address


def _trusted(address: IPAddress) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
