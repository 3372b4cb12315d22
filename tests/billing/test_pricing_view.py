"""/pricing/: the plans side by side, monthly/yearly, the current plan marked, works without Stripe."""

import pytest

pytestmark = pytest.mark.django_db


def test_pricing_shows_the_three_plans_with_monthly_prices(client):
    page = client.get("/pricing/").content.decode()
    for name in ("Free", "Plus", "Pro"):
        assert f">{name}" in page
    assert "$12" in page and "$29" in page and "billed monthly" in page
    assert "300 credits a month" in page and "1200 credits a month" in page


def test_yearly_switch_shows_fifteen_percent_off(client):
    page = client.get("/pricing/?interval=year").content.decode()
    assert "$122.40 billed yearly" in page and "$295.80 billed yearly" in page
    assert "$10.20" in page  # 122.40 / 12, the monthly equivalent


def test_without_stripe_keys_payments_are_said_to_be_unconfigured(client, settings, user):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(user)
    response = client.get("/pricing/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Payments are not configured" in page
    assert 'data-plan="pro" disabled' in page


def test_visitor_is_invited_to_sign_up(client):
    page = client.get("/pricing/").content.decode()
    assert "Sign up to choose Pro" in page and "/accounts/signup/?next=/pricing/" in page


def test_signed_in_user_sees_their_plan_marked_and_a_choose_button(client, user, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    client.force_login(user)
    page = client.get("/pricing/").content.decode()
    assert "Your plan" in page and "Your current plan" in page
    assert 'data-plan="pro">Choose Pro' in page


def test_credit_costs_and_expiry_rules_are_stated(client):
    page = client.get("/pricing/").content.decode()
    assert "A question: <strong>5 credits" in page
    assert "unused ones expire" in page
