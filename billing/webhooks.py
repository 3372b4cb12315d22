"""POST /billing/webhook/: verify Stripe's signature, then apply each event exactly once.

The ProcessedEvent row is inserted in the same transaction as the state change, so a crash leaves
neither (Stripe retries) and a replay or concurrent retry finds the row and changes nothing.
"""

import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import subscriptions
from billing.models import ProcessedEvent

log = logging.getLogger(__name__)

HANDLERS = {
    "checkout.session.completed": subscriptions.checkout_completed,
    "customer.subscription.created": subscriptions.subscription_changed,
    "customer.subscription.updated": subscriptions.subscription_changed,
    "customer.subscription.deleted": subscriptions.subscription_changed,
    "invoice.paid": subscriptions.invoice_paid,
    "invoice.payment_failed": subscriptions.invoice_payment_failed,
}

# ProcessedEvent's column widths, and the last second a datetime holds (9999-12-31T23:59:59Z).
MAX_FIELD_CHARS = 100
LAST_UNIX_SECOND = 253_402_300_799


class MalformedEvent(ValueError):
    """A correctly signed body that is not an event this endpoint can apply."""


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponseBadRequest("Stripe webhooks are not configured on this site.")
    try:
        # The signature alone: stripe.Webhook.construct_event raises AttributeError on a signed body that is
        # not a JSON object, so the event's shape is checked here instead.
        stripe.WebhookSignature.verify_header(
            request.body,
            request.headers.get("Stripe-Signature"),
            settings.STRIPE_WEBHOOK_SECRET,
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except (ValueError, stripe.SignatureVerificationError) as error:
        log.warning("Rejected Stripe webhook: %s", error)
        return HttpResponseBadRequest("Invalid Stripe signature or payload.")
    try:
        event = checked_event(request.body)
    except MalformedEvent as error:
        log.warning("Rejected a signed but malformed Stripe event: %s", error)
        return HttpResponseBadRequest(f"Malformed Stripe event: {error}.")
    outcome = process_event(event)
    return JsonResponse({"received": True, "outcome": outcome})


def checked_event(body: bytes) -> dict:
    """The event in a verified body, with the envelope fields process_event relies on checked."""
    try:
        event = json.loads(body)
    except ValueError as error:
        raise MalformedEvent("the body is not JSON") from error
    if not isinstance(event, dict):
        raise MalformedEvent("the body is not a JSON object")
    if not isinstance(event.get("id"), str) or not 0 < len(event["id"]) <= MAX_FIELD_CHARS:
        raise MalformedEvent(f"its id is missing or not a string of 1 to {MAX_FIELD_CHARS} characters")
    if not isinstance(event.get("type"), str) or len(event["type"]) > MAX_FIELD_CHARS:
        raise MalformedEvent(f"its type is missing or not a string of up to {MAX_FIELD_CHARS} characters")
    if not isinstance(event.get("data"), dict) or not isinstance(event["data"].get("object"), dict):
        raise MalformedEvent("it has no data.object")
    created = event.get("created")
    if not isinstance(created, int) or isinstance(created, bool) or not 0 <= created <= LAST_UNIX_SECOND:
        raise MalformedEvent("its created time is not a Unix time in whole seconds")
    return event


def process_event(event: dict) -> str:
    """Apply a verified, checked event once; returns what happened."""
    handler = HANDLERS.get(event["type"])
    if handler is None:
        log.info("Ignoring Stripe event %s of unhandled type %s", event["id"], event["type"])
        return "ignored: unhandled type"
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = ProcessedEvent.objects.create(
                    event_id=event["id"], type=event["type"], stripe_created=event["created"]
                )
        except IntegrityError:
            log.info("Stripe event %s already processed", event["id"])
            return "duplicate: already processed"
        outcome = handler(event["data"]["object"], record.stripe_created)
        record.outcome = outcome[:300]
        record.save(update_fields=["outcome"])
    log.info("Stripe event %s (%s): %s", event["id"], event["type"], outcome)
    return outcome
