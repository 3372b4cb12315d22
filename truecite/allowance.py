"""Who may run a check: signed-in users spend credits, anonymous visitors a small daily allowance per client
address (both counted by billing.allowances)."""

from __future__ import annotations

from django.http import HttpRequest

from billing import allowances
from billing.credits import InsufficientCredits

ACTION = "truecite_check"


class AllowanceUsed(Exception):
    """An anonymous visitor has used today's free checks; the message is meant for them."""


def anonymous_checks_left(request: HttpRequest) -> int:
    return allowances.anonymous_left(request, ACTION)


def take(request: HttpRequest) -> allowances.Use:
    """Use one check; raises InsufficientCredits or AllowanceUsed."""
    try:
        return allowances.take(request, ACTION, reference="TrueCite check")
    except allowances.AllowanceUsed as used:
        # Shown in the form like any other reason the check did not run, not as an upgrade prompt.
        raise AllowanceUsed(used.message) from None


def give_back(use: allowances.Use) -> None:
    """Undo take() after a check that failed."""
    allowances.give_back(use, reason="TrueCite check failed")


__all__ = ["AllowanceUsed", "InsufficientCredits", "anonymous_checks_left", "give_back", "take"]
