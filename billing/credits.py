"""The one place balances change: charge, refund, can_use, balance, and the grants billing itself makes.

Every change runs in a transaction that first writes the user's BillingAccount row. On PostgreSQL that
UPDATE takes the row lock, on SQLite the database write lock; either way two requests for the same user
run one after the other, so the balance read inside the transaction is the one the charge is checked
against and no credit is spent twice.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from billing.accounts import account_for, email_verified
from billing.models import BillingAccount, LedgerEntry, LedgerKind, Plan

ACTIONS = ("question", "deep_search", "truecite_check")
ACTION_LABELS = {"question": "a question", "deep_search": "a Deep Search", "truecite_check": "a TrueCite check"}
# Stripe finalises a renewal invoice about an hour after the period ends; credits outlive the period
# a little so a subscriber is never at zero while the renewal is being paid.
RENEWAL_GRACE = dt.timedelta(hours=6)


class InsufficientCredits(Exception):
    """The user cannot do this now; `message` says why and `upgrade_url` where to fix it."""

    def __init__(self, message: str, *, action: str = "", needed: int = 0, available: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.action = action
        self.needed = needed
        self.available = available
        self.upgrade_url = reverse("billing:pricing")


class FeatureNotInPlan(InsufficientCredits):
    """The action is not part of the user's plan, whatever the balance."""


class EmailNotVerified(InsufficientCredits):
    """Too few credits while the welcome credits wait for a verified e-mail; `verify_url` (re)sends the link."""

    def __init__(self, message: str, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.verify_url = reverse("account_email")


@dataclass(frozen=True)
class Balance:
    total: int
    expiring: int


def action_cost(action: str) -> int:
    if action not in ACTIONS:
        raise ValueError(f"Unknown billable action {action!r}; expected one of {', '.join(ACTIONS)}.")
    return settings.BILLING_ACTION_COSTS[action]


def charge(user, action: str, *, reference: str = "") -> LedgerEntry:
    """Spend the action's cost from the user's credits, atomically, or raise InsufficientCredits."""
    cost = action_cost(action)
    label = ACTION_LABELS[action]
    if not getattr(user, "is_authenticated", False):
        raise InsufficientCredits(f"Sign up for free to run {label}.", action=action, needed=cost)
    account = account_for(user)
    with transaction.atomic():
        account = _lock(account)
        _settle(account)
        _require_feature(account.plan, action)
        if action == "truecite_check" and _included_truecite_checks_left(account) > 0:
            cost = 0
        pools = _pools(user.pk)
        if pools.total < cost and account.signup_grant_waiting:
            raise EmailNotVerified(
                f"You need {cost} credits for {label} and have {max(pools.total, 0)} left. Verify your e-mail "
                f"address to receive your {account.signup_grant_waiting} welcome credits: follow the link we sent "
                "you, or have it sent again.",
                action=action, needed=cost, available=max(pools.total, 0),
            )
        if pools.total < cost:
            raise InsufficientCredits(
                f"You need {cost} credits for {label} and have {max(pools.total, 0)} left on the "
                f"{account.plan.name} plan. Upgrade for more credits, or wait for your credits to renew.",
                action=action, needed=cost, available=max(pools.total, 0),
            )
        return LedgerEntry.objects.create(
            user=user, kind=LedgerKind.CHARGE, amount=-cost, expiring_amount=-min(cost, max(pools.expiring, 0)),
            action=action, reference=reference[:200],
        )


def refund(entry: LedgerEntry, *, reason: str = "") -> LedgerEntry:
    """Give back a charge's credits; refunding the same charge again returns the first refund."""
    if entry.kind != LedgerKind.CHARGE:
        raise ValueError("Only charges can be refunded.")
    account = account_for(entry.user)
    key = f"refund:{entry.pk}"
    with transaction.atomic():
        _lock(account)
        existing = LedgerEntry.objects.filter(user_id=entry.user_id, key=key).first()
        if existing is not None:
            return existing
        # Credits from an allowance that has expired since the charge come back as lasting credits.
        expired_since = LedgerEntry.objects.filter(
            user_id=entry.user_id, kind=LedgerKind.EXPIRE, created_at__gte=entry.created_at
        ).exists()
        return LedgerEntry.objects.create(
            user_id=entry.user_id, kind=LedgerKind.REFUND, amount=-entry.amount,
            expiring_amount=0 if expired_since else -entry.expiring_amount,
            action=entry.action, reference=entry.reference, note=reason[:300], key=key,
        )


def can_use(user, action: str) -> bool:
    """Whether charge(user, action) would succeed right now."""
    cost = action_cost(action)
    if not getattr(user, "is_authenticated", False):
        return False
    account = settle(user)
    if not _plan_allows(account.plan, action):
        return False
    if action == "truecite_check" and _included_truecite_checks_left(account) > 0:
        return True
    return _pools(user.pk).total >= cost


def balance(user) -> int:
    """Credits the user can spend now (after today's allowance and any expiry are applied)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    settle(user)
    return _pools(user.pk).total


def adjust(user, amount: int, *, note: str) -> LedgerEntry:
    """An operator's correction (admin): lasting credits added, or removed with a negative amount."""
    account = account_for(user)
    with transaction.atomic():
        _lock(account)
        return LedgerEntry.objects.create(user_id=account.user_id, kind=LedgerKind.ADJUST, amount=amount, note=note[:300])


def settle(user) -> BillingAccount:
    """Apply due expiries and today's allowance; writes only when something is due."""
    account = account_for(user)
    if not _settlement_due(account):
        return account
    with transaction.atomic():
        account = _lock(account)
        _settle(account)
    return account


def grant_period(account: BillingAccount, plan: Plan, *, interval: str, key: str, ends_at: dt.datetime) -> bool:
    """Expire what is left of the last allowance and grant a paid period's credits, once per key."""
    with transaction.atomic():
        _lock(account)
        if LedgerEntry.objects.filter(user_id=account.user_id, key=key).exists():
            return False
        _expire_pool(account, note="Unused credits of the previous period")
        credits = plan.period_credits(interval)
        LedgerEntry.objects.create(
            user_id=account.user_id, kind=LedgerKind.PERIOD, amount=credits, expiring_amount=credits, key=key,
            expires_at=ends_at + RENEWAL_GRACE, note=f"{plan.name} plan, {interval}ly credits",
        )
        return True


def expire_allowance(account: BillingAccount, *, note: str) -> None:
    """End the current allowance now (subscription ended): unused expiring credits are removed."""
    with transaction.atomic():
        _lock(account)
        _expire_pool(account, note=note)


def _lock(account: BillingAccount) -> BillingAccount:
    BillingAccount.objects.filter(pk=account.pk).update(touched_at=timezone.now())
    return BillingAccount.objects.select_related("plan").get(pk=account.pk)


def _pools(user_id: int) -> Balance:
    sums = LedgerEntry.objects.filter(user_id=user_id).aggregate(total=Sum("amount"), expiring=Sum("expiring_amount"))
    return Balance(total=sums["total"] or 0, expiring=sums["expiring"] or 0)


def _today_key() -> str:
    return f"daily:{timezone.now().date().isoformat()}"


def _latest_allowance(account: BillingAccount) -> LedgerEntry | None:
    return (
        LedgerEntry.objects.filter(user_id=account.user_id, kind__in=[LedgerKind.DAILY, LedgerKind.PERIOD])
        .order_by("-created_at", "-id")
        .first()
    )


def _daily_grant_due(account: BillingAccount, latest: LedgerEntry | None) -> bool:
    # Paid period credits that are still running (e.g. invoice.paid arrived before the subscription
    # event moved the account off Free) are never replaced by a daily allowance.
    running_period = latest is not None and latest.kind == LedgerKind.PERIOD and latest.expires_at > timezone.now()
    return (
        account.plan.daily_credits > 0
        and not running_period
        and not LedgerEntry.objects.filter(user_id=account.user_id, key=_today_key()).exists()
    )


def _signup_grant_due(account: BillingAccount) -> bool:
    return account.signup_grant_waiting > 0 and email_verified(account.user)


def _settlement_due(account: BillingAccount) -> bool:
    latest = _latest_allowance(account)
    if _daily_grant_due(account, latest) or _signup_grant_due(account):
        return True
    return bool(latest and latest.expires_at <= timezone.now() and _pools(account.user_id).expiring > 0)


def _settle(account: BillingAccount) -> None:
    """Inside the lock: expire an allowance past its end, grant the welcome credits once the e-mail address is
    verified, then today's allowance if one is due."""
    now = timezone.now()
    latest = _latest_allowance(account)
    if latest and latest.expires_at <= now:
        _expire_pool(account, note="Unused credits expired")
    if _signup_grant_due(account):
        LedgerEntry.objects.create(
            user_id=account.user_id, kind=LedgerKind.SIGNUP, amount=account.signup_grant_waiting, key="signup",
            note="Welcome credits",
        )
        BillingAccount.objects.filter(pk=account.pk).update(signup_grant_waiting=0)
        account.signup_grant_waiting = 0
    key = _today_key()
    if _daily_grant_due(account, latest):
        _expire_pool(account, note="Unused daily credits expired")
        tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min, tzinfo=dt.timezone.utc)
        LedgerEntry.objects.create(
            user_id=account.user_id, kind=LedgerKind.DAILY, amount=account.plan.daily_credits,
            expiring_amount=account.plan.daily_credits, key=key, expires_at=tomorrow, note="Daily free credits",
        )


def _expire_pool(account: BillingAccount, *, note: str) -> None:
    expiring = _pools(account.user_id).expiring
    if expiring > 0:
        LedgerEntry.objects.create(
            user_id=account.user_id, kind=LedgerKind.EXPIRE, amount=-expiring, expiring_amount=-expiring, note=note
        )


def _plan_allows(plan: Plan, action: str) -> bool:
    return plan.deep_search if action == "deep_search" else True


def _require_feature(plan: Plan, action: str) -> None:
    if not _plan_allows(plan, action):
        raise FeatureNotInPlan(
            f"{ACTION_LABELS[action].capitalize()} is not part of the {plan.name} plan. Upgrade to use it.",
            action=action, needed=action_cost(action),
        )


def _included_truecite_checks_left(account: BillingAccount) -> int:
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    used = LedgerEntry.objects.filter(
        user_id=account.user_id, kind=LedgerKind.CHARGE, action="truecite_check", amount=0, created_at__gte=start
    ).count()
    return account.plan.truecite_daily_checks - used
