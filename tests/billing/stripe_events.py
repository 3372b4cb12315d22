"""Stripe webhook events shaped like the current API version's, signed locally like Stripe signs them."""

import json
import secrets
import time

import stripe

API_VERSION = "2026-10-28.endive"
DAY = 86400


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def event(type_: str, obj: dict, *, created: int | None = None, event_id: str | None = None) -> dict:
    return {
        "id": event_id or _id("evt"), "object": "event", "api_version": API_VERSION,
        "created": created or int(time.time()), "data": {"object": obj}, "livemode": False,
        "pending_webhooks": 1, "request": {"id": _id("req"), "idempotency_key": None}, "type": type_,
    }


def subscription(sub_id: str, customer: str, price: str, *, status: str = "active", start: int | None = None,
                 cancel_at_period_end: bool = False, metadata: dict | None = None) -> dict:
    start = start or int(time.time())
    interval = "year" if price.endswith("_year") else "month"
    end = start + (365 if interval == "year" else 30) * DAY
    return {
        "id": sub_id, "object": "subscription", "billing_cycle_anchor": start, "cancel_at": None,
        "cancel_at_period_end": cancel_at_period_end, "canceled_at": None, "collection_method": "charge_automatically",
        "created": start, "currency": "usd", "customer": customer, "ended_at": None,
        "items": {"object": "list", "has_more": False, "url": f"/v1/subscription_items?subscription={sub_id}", "data": [{
            "id": _id("si"), "object": "subscription_item", "created": start,
            "current_period_start": start, "current_period_end": end, "quantity": 1, "subscription": sub_id,
            "price": {"id": price, "object": "price", "active": True, "currency": "usd", "product": _id("prod"),
                      "recurring": {"interval": interval, "interval_count": 1, "usage_type": "licensed"},
                      "type": "recurring", "unit_amount": 2900},
        }]},
        "latest_invoice": _id("in"), "livemode": False, "metadata": metadata or {}, "start_date": start,
        "status": status,
    }


def invoice(sub_id: str, customer: str, price: str, *, start: int, reason: str = "subscription_create",
            status: str = "paid") -> dict:
    end = start + (365 if price.endswith("_year") else 30) * DAY
    return {
        "id": _id("in"), "object": "invoice", "amount_due": 2900, "amount_paid": 2900 if status == "paid" else 0,
        "billing_reason": reason, "collection_method": "charge_automatically", "currency": "usd",
        "customer": customer, "hosted_invoice_url": "https://invoice.stripe.com/i/acct_test/test_inv",
        "livemode": False, "period_start": start, "period_end": start, "status": status,
        "parent": {"type": "subscription_details", "quote_details": None,
                   "subscription_details": {"subscription": sub_id, "metadata": {}}},
        "lines": {"object": "list", "has_more": False, "data": [{
            "id": _id("il"), "object": "line_item", "amount": 2900, "currency": "usd",
            "description": "1 × WisPaper", "period": {"start": start, "end": end},
            "pricing": {"type": "price_details", "price_details": {"price": price, "product": _id("prod")},
                        "unit_amount_decimal": "2900"},
            "parent": {"type": "subscription_item_details",
                       "subscription_item_details": {"subscription": sub_id, "subscription_item": _id("si")}},
        }]},
    }


def checkout_session(customer: str, sub_id: str, user_id: int) -> dict:
    return {
        "id": _id("cs_test"), "object": "checkout.session", "mode": "subscription", "customer": customer,
        "subscription": sub_id, "client_reference_id": str(user_id), "payment_status": "paid",
        "status": "complete", "metadata": {"user_id": str(user_id), "plan": "pro", "interval": "month"},
    }


def signed(payload: dict, secret: str, *, timestamp: int | None = None) -> tuple[str, str]:
    """The body and the Stripe-Signature header for it, as Stripe would send them."""
    body = json.dumps(payload)
    return body, stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)
