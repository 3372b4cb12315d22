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


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponseBadRequest("Stripe webhooks are not configured on this site.")
    try:
        stripe.Webhook.construct_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        )
    except (ValueError, stripe.SignatureVerificationError) as error:
        log.warning("Rejected Stripe webhook: %s", error)
        return HttpResponseBadRequest("Invalid Stripe signature or payload.")
    outcome = process_event(json.loads(request.body))
    return JsonResponse({"received": True, "outcome": outcome})


def process_event(event: dict) -> str:
    """Apply a verified event once; returns what happened."""
    handler = HANDLERS.get(event.get("type", ""))
    if handler is None:
        log.info("Ignoring Stripe event %s of unhandled type %s", event.get("id"), event.get("type"))
        return "ignored: unhandled type"
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = ProcessedEvent.objects.create(
                    event_id=event["id"], type=event["type"], stripe_created=int(event.get("created") or 0)
                )
        except IntegrityError:
            log.info("Stripe event %s already processed", event["id"])
            return "duplicate: already processed"
        outcome = handler(event["data"]["object"], record.stripe_created)
        record.outcome = outcome[:300]
        record.save(update_fields=["outcome"])
    log.info("Stripe event %s (%s): %s", event["id"], event["type"], outcome)
    return outcome
