"""POST /billing/checkout/ and /billing/portal/: to Stripe's URL through the real gateway, or a clear message."""

import pytest

from billing.accounts import account_for

pytestmark = pytest.mark.django_db


def test_choosing_pro_redirects_to_the_checkout_url_the_gateway_returned(client, user, fake_stripe, priced_plans):
    client.force_login(user)
    response = client.post("/billing/checkout/", {"plan": "pro", "interval": "year"})
    assert response.status_code == 302
    assert response["Location"] == fake_stripe.returned_urls[-1]
    (session,) = fake_stripe.calls("/v1/checkout/sessions")
    assert session.form["line_items[0][price]"] == "price_pro_year"
    assert session.form["success_url"] == "http://testserver/account/billing/?checkout=success"
    assert session.form["cancel_url"] == "http://testserver/pricing/?interval=year"


def test_checkout_needs_a_verified_email(client, make_user, fake_stripe, priced_plans):
    client.force_login(make_user("new@example.org", verified=False))
    response = client.post("/billing/checkout/", {"plan": "pro", "interval": "month"}, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/email/"
    assert "verify your e-mail" in response.content.decode()
    assert fake_stripe.requests == []


def test_checkout_needs_login(client, fake_stripe, priced_plans):
    response = client.post("/billing/checkout/", {"plan": "pro"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unreachable_stripe_brings_the_user_back_with_a_message(client, user, settings, priced_plans):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_TIMEOUT_SECONDS = 1
    client.force_login(user)
    response = client.post("/billing/checkout/", {"plan": "plus", "interval": "month"}, follow=True)
    assert response.redirect_chain[-1][0] == "/pricing/?interval=month"
    assert "could not be reached" in response.content.decode()


def test_without_keys_checkout_says_payments_are_not_configured(client, user, settings, priced_plans):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(user)
    response = client.post("/billing/checkout/", {"plan": "plus"}, follow=True)
    assert "not configured" in response.content.decode()


def test_subscriber_choosing_another_plan_goes_to_the_portal_not_a_second_checkout(client, user, fake_stripe,
                                                                                    priced_plans):
    account = account_for(user)
    account.subscription_status = "active"
    account.save()
    client.force_login(user)
    response = client.post("/billing/checkout/", {"plan": "pro"})
    assert "/p/session/" in response["Location"]
    assert fake_stripe.calls("/v1/checkout/sessions") == []


def test_unknown_plan_is_404(client, user, fake_stripe):
    client.force_login(user)
    assert client.post("/billing/checkout/", {"plan": "platinum"}).status_code == 404


def test_manage_billing_opens_the_portal(client, user, fake_stripe):
    client.force_login(user)
    response = client.post("/billing/portal/")
    assert response.status_code == 302 and response["Location"] == fake_stripe.returned_urls[-1]
    assert fake_stripe.calls("/v1/billing_portal/sessions")[0].form["return_url"] == "http://testserver/account/billing/"
