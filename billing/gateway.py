"""The only module that talks to Stripe: customers, Checkout, the Billing Portal and cancellation.

The official client retries network failures with backoff (and idempotency keys); every failure reaches
callers as GatewayError with a message fit to show the user.
"""

import logging

import stripe
from django.conf import settings

from billing.models import BillingAccount, Plan

log = logging.getLogger(__name__)

UNREACHABLE = "Stripe, our payment provider, could not be reached. Nothing was charged; please try again in a minute."


class GatewayError(Exception):
    """A Stripe call failed; str(error) is a message for the user."""


def configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def ensure_customer(account: BillingAccount) -> str:
    """The account's Stripe customer id, creating the customer the first time."""
    if account.stripe_customer_id:
        return account.stripe_customer_id
    customer = _call(
        lambda client: client.v1.customers.create(
            params={"email": account.user.email, "metadata": {"user_id": str(account.user_id)}}
        )
    )
    account.stripe_customer_id = customer.id
    account.save(update_fields=["stripe_customer_id"])
    return customer.id


def create_checkout_session(
    account: BillingAccount, plan: Plan, interval: str, *, success_url: str, cancel_url: str
) -> str:
    """Start a subscription Checkout for the plan's price; returns the URL to send the user to."""
    price_id = plan.price_id(interval)
    if not price_id:
        raise GatewayError(f"The {plan.name} plan has no Stripe price for {interval}ly billing yet.")
    customer_id = ensure_customer(account)
    metadata = {"user_id": str(account.user_id), "plan": plan.slug, "interval": interval}
    session = _call(
        lambda client: client.v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": customer_id,
                "client_reference_id": str(account.user_id),
                "line_items": [{"price": price_id, "quantity": 1}],
                "success_url": success_url,
                "cancel_url": cancel_url,
                "metadata": metadata,
                "subscription_data": {"metadata": metadata},
                "allow_promotion_codes": True,
            }
        )
    )
    return session.url


def create_portal_session(account: BillingAccount, *, return_url: str) -> str:
    """A Billing Portal session where the user changes plan, card or cancels; returns its URL."""
    customer_id = ensure_customer(account)
    session = _call(
        lambda client: client.v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url}
        )
    )
    return session.url


def cancel_subscription(subscription_id: str) -> None:
    """Cancel now; a subscription Stripe no longer has counts as cancelled."""
    try:
        _call(lambda client: client.v1.subscriptions.cancel(subscription_id))
    except GatewayError as error:
        if not isinstance(error.__cause__, stripe.InvalidRequestError) or error.__cause__.code != "resource_missing":
            raise


def _client() -> stripe.StripeClient:
    if not configured():
        raise GatewayError("Payments are not configured on this site.")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        max_network_retries=2,
    )


def _call(request):
    try:
        return request(_client())
    except stripe.APIConnectionError as error:
        log.warning("Stripe unreachable: %s", error)
        raise GatewayError(UNREACHABLE) from error
    except stripe.StripeError as error:
        log.error("Stripe error %s (%s): %s", error.http_status, error.code, error.user_message or error)
        raise GatewayError(
            error.user_message or "Our payment provider refused the request. Please try again or contact us."
        ) from error
