"""Apply what Stripe reports (checkout sessions, subscriptions, invoices) to billing accounts.

Each function takes the event's `data.object` as a plain dict and Stripe's `created` time of the event,
and returns a short outcome for the log. Field lookups accept both the current API shape and the older
one (period on the subscription or on its items; price on the line or under `pricing`).
"""

import datetime as dt
import logging

from django.contrib.auth import get_user_model

from billing import credits, dunning
from billing.accounts import account_for, free_plan
from billing.models import BillingAccount, Interval, Plan

log = logging.getLogger(__name__)

LIVE = {"active", "trialing", "past_due"}
ENDED = {"canceled", "incomplete_expired", "unpaid", "paused"}
# For two snapshots with the same `created` second, the further-along status wins.
STATUS_RANK = {"incomplete": 0, "trialing": 1, "active": 1, "past_due": 2, "unpaid": 3, "paused": 3,
               "canceled": 4, "incomplete_expired": 4}
GRANTING_INVOICES = {"subscription_create", "subscription_cycle"}


def checkout_completed(session: dict, created: int) -> str:
    if session.get("mode") != "subscription":
        return "not a subscription checkout"
    metadata = dict(session.get("metadata") or {}, user_id=session.get("client_reference_id") or "")
    account = locate_account(session.get("customer"), metadata)
    if account is None:
        return "unknown customer"
    if not account.stripe_subscription_id or account.subscription_status in ENDED | {""}:
        account.stripe_subscription_id = session.get("subscription") or ""
        account.save(update_fields=["stripe_customer_id", "stripe_subscription_id"])
    return f"checkout linked to user {account.user_id}"


def subscription_changed(subscription: dict, created: int) -> str:
    """Make the account match this snapshot unless a newer one was already applied."""
    account = locate_account(subscription.get("customer"), subscription.get("metadata") or {})
    if account is None:
        return "unknown customer"
    status = subscription.get("status", "")
    other = bool(account.stripe_subscription_id) and account.stripe_subscription_id != subscription["id"]
    if created < account.stripe_state_at or (
        created == account.stripe_state_at
        and not other
        and STATUS_RANK.get(status, 0) < STATUS_RANK.get(account.subscription_status, 0)
    ):
        return "stale snapshot ignored"
    if other and status in ENDED and account.subscription_status in LIVE:
        return "an older subscription ended; the current one stays"
    item = _first(subscription.get("items"))
    plan, interval = plan_for_price(_item_price(item), subscription.get("metadata") or {})
    start = subscription.get("current_period_start") or item.get("current_period_start")
    end = subscription.get("current_period_end") or item.get("current_period_end")

    account.stripe_subscription_id = subscription["id"]
    account.subscription_status = status
    account.cancel_at_period_end = bool(subscription.get("cancel_at_period_end"))
    account.current_period_end = _when(end)
    account.stripe_state_at = created
    if status in LIVE and plan is not None:
        account.plan, account.interval = plan, interval
        if status != "past_due":
            account.payment_failed_at = None
    elif status in ENDED:
        account.plan, account.interval, account.payment_failed_at = free_plan(), Interval.MONTH, None
        account.current_period_end = None
    account.save()
    if status in ENDED:
        credits.expire_allowance(account, note="Subscription ended")
        return f"subscription {status}: user {account.user_id} back on Free"
    if status in {"active", "trialing"} and plan is not None and start and end:
        _grant(account, plan, interval, subscription["id"], start, end)
    return f"subscription {status} on {plan or account.plan} for user {account.user_id}"


def invoice_paid(invoice: dict, created: int) -> str:
    """A paid first or renewal invoice grants that period's credits (once, whichever event comes first)."""
    subscription_id = _invoice_subscription(invoice)
    account = locate_account(invoice.get("customer"), _invoice_metadata(invoice))
    if account is None:
        return "unknown customer"
    if account.payment_failed_at is not None:
        account.payment_failed_at = None
        account.save(update_fields=["payment_failed_at"])
    if invoice.get("billing_reason") not in GRANTING_INVOICES or not subscription_id:
        return "paid; no credits for this kind of invoice"
    line = next((line for line in _items(invoice.get("lines")) if _line_price(line)), None)
    if line is None:
        return "paid; no priced line"
    plan, interval = plan_for_price(_line_price(line), _invoice_metadata(invoice))
    if plan is None:
        return "paid; price matches no plan"
    period = line.get("period") or {}
    granted = _grant(account, plan, interval, subscription_id, period.get("start"), period.get("end"))
    return f"paid; credits {'granted' if granted else 'already granted'} for user {account.user_id}"


def invoice_payment_failed(invoice: dict, created: int) -> str:
    account = locate_account(invoice.get("customer"), _invoice_metadata(invoice))
    if account is None:
        return "unknown customer"
    account.payment_failed_at = _when(created)
    account.save(update_fields=["payment_failed_at"])
    dunning.notify_payment_failed(account, invoice.get("hosted_invoice_url") or "")
    return f"payment failed; user {account.user_id} told"


def locate_account(customer_id: str | None, metadata: dict) -> BillingAccount | None:
    """The account of a Stripe customer: by stored customer id, else by the user id we put in metadata."""
    if customer_id:
        account = BillingAccount.objects.select_related("plan", "user").filter(stripe_customer_id=customer_id).first()
        if account is not None:
            return account
    user_id = str(metadata.get("user_id") or "")
    user = get_user_model().objects.filter(pk=int(user_id)).first() if user_id.isdecimal() else None
    if user is None:
        log.warning("Stripe customer %s matches no user", customer_id)
        return None
    account = account_for(user)
    if customer_id and not account.stripe_customer_id:
        account.stripe_customer_id = customer_id
        account.save(update_fields=["stripe_customer_id"])
    return account


def plan_for_price(price_id: str, metadata: dict) -> tuple[Plan | None, str]:
    if price_id:
        for plan in Plan.objects.all():
            if price_id == plan.stripe_price_month:
                return plan, Interval.MONTH
            if price_id == plan.stripe_price_year:
                return plan, Interval.YEAR
        log.error("Stripe price %s matches no plan; set it in the admin", price_id)
    plan = Plan.objects.filter(slug=metadata.get("plan") or "").first()
    interval = Interval.YEAR if metadata.get("interval") == Interval.YEAR else Interval.MONTH
    return plan, interval


def _grant(account: BillingAccount, plan: Plan, interval: str, subscription_id: str, start, end) -> bool:
    if not (start and end):
        return False
    return credits.grant_period(
        account, plan, interval=interval, key=f"period:{subscription_id}:{start}:{plan.slug}", ends_at=_when(end)
    )


def _when(timestamp) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(int(timestamp), tz=dt.timezone.utc) if timestamp else None


def _items(listing) -> list[dict]:
    return list((listing or {}).get("data") or [])


def _first(listing) -> dict:
    items = _items(listing)
    return items[0] if items else {}


def _item_price(item: dict) -> str:
    price = item.get("price") or item.get("plan") or {}
    return price.get("id", "") if isinstance(price, dict) else str(price)


def _line_price(line: dict) -> str:
    details = (line.get("pricing") or {}).get("price_details") or {}
    price = details.get("price") or line.get("price") or line.get("plan") or ""
    return price.get("id", "") if isinstance(price, dict) else str(price)


def _invoice_subscription(invoice: dict) -> str:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    subscription = details.get("subscription") or invoice.get("subscription") or ""
    return subscription.get("id", "") if isinstance(subscription, dict) else str(subscription)


def _invoice_metadata(invoice: dict) -> dict:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return details.get("metadata") or invoice.get("subscription_details", {}).get("metadata") or {}
