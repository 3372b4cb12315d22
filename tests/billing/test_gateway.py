"""The Stripe gateway against a fake Stripe server on loopback: the real stripe client code runs."""

import socket

import pytest

from billing import gateway
from billing.accounts import account_for

pytestmark = pytest.mark.django_db


def test_checkout_creates_the_customer_then_a_subscription_checkout(fake_stripe, user, priced_plans):
    account = account_for(user)
    url = gateway.create_checkout_session(
        account, priced_plans["pro"], "year", success_url="http://testserver/ok", cancel_url="http://testserver/no"
    )
    assert url == fake_stripe.returned_urls[-1] and "/c/pay/cs_test_" in url
    (customer,) = fake_stripe.calls("/v1/customers")
    assert customer.form["email"] == user.email and customer.form["metadata[user_id]"] == str(user.pk)
    (session,) = fake_stripe.calls("/v1/checkout/sessions")
    account.refresh_from_db()
    assert session.form["mode"] == "subscription"
    assert session.form["customer"] == account.stripe_customer_id and account.stripe_customer_id.startswith("cus_")
    assert session.form["line_items[0][price]"] == "price_pro_year"
    assert session.form["client_reference_id"] == str(user.pk)
    assert session.form["subscription_data[metadata][plan]"] == "pro"
    assert session.form["success_url"] == "http://testserver/ok"
    assert session.headers["Authorization"] == "Bearer sk_test_fake"
    assert session.headers.get("Idempotency-Key")


def test_existing_customer_is_reused(fake_stripe, user, priced_plans):
    account = account_for(user)
    for _ in range(2):
        gateway.create_checkout_session(account, priced_plans["plus"], "month", success_url="http://t/", cancel_url="http://t/")
    assert len(fake_stripe.calls("/v1/customers")) == 1
    assert len(fake_stripe.calls("/v1/checkout/sessions")) == 2


def test_portal_session_returns_the_portal_url(fake_stripe, user):
    url = gateway.create_portal_session(account_for(user), return_url="http://testserver/account/billing/")
    assert "/p/session/" in url
    (call,) = fake_stripe.calls("/v1/billing_portal/sessions")
    assert call.form["return_url"] == "http://testserver/account/billing/"


def test_plan_without_a_stripe_price_is_refused_before_calling_stripe(fake_stripe, user):
    from billing.models import Plan

    with pytest.raises(gateway.GatewayError, match="no Stripe price"):
        gateway.create_checkout_session(account_for(user), Plan.objects.get(slug="pro"), "month",
                                        success_url="http://t/", cancel_url="http://t/")
    assert fake_stripe.requests == []


def test_stripe_refusal_reaches_the_user_as_a_clear_message(fake_stripe, user, priced_plans):
    plan = priced_plans["pro"]
    plan.stripe_price_month = "price_pro_archived"
    with pytest.raises(gateway.GatewayError, match="refused|No such price"):
        gateway.create_checkout_session(account_for(user), plan, "month", success_url="http://t/", cancel_url="http://t/")


def test_unreachable_stripe_gives_a_clear_error(settings, user, priced_plans):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed_port}"
    settings.STRIPE_TIMEOUT_SECONDS = 1
    with pytest.raises(gateway.GatewayError, match="could not be reached"):
        gateway.create_portal_session(account_for(user), return_url="http://t/")


def test_without_keys_payments_are_not_configured(settings, user):
    settings.STRIPE_SECRET_KEY = ""
    assert not gateway.configured()
    with pytest.raises(gateway.GatewayError, match="not configured"):
        gateway.create_portal_session(account_for(user), return_url="http://t/")


def test_cancel_subscription_cancels_at_stripe(fake_stripe):
    sub_id = fake_stripe.add_subscription("cus_1")
    gateway.cancel_subscription(sub_id)
    assert fake_stripe.subscriptions[sub_id]["status"] == "canceled"
    assert fake_stripe.calls(f"/v1/subscriptions/{sub_id}")[0].method == "DELETE"


def test_cancelling_a_subscription_stripe_no_longer_has_is_not_an_error(fake_stripe):
    gateway.cancel_subscription("sub_gone")
