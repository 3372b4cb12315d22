"""/account/billing/: plan, renewal, credits left, the ledger, and the upgrade prompt when credits run out."""

import datetime as dt

import pytest
from django.utils import timezone

from billing import credits
from billing.accounts import account_for
from billing.models import Plan

pytestmark = pytest.mark.django_db


def test_shows_plan_credits_and_ledger(client, user):
    credits.charge(user, "deep_search", reference="search:1")
    client.force_login(user)
    page = client.get("/account/billing/").content.decode()
    assert "Free" in page
    assert 'data-testid="credits-left">28<' in page
    assert "Sign-up grant" in page and "Daily allowance" in page and "Charge: Deep Search" in page


def test_out_of_credits_shows_why_and_how_to_upgrade(client, user):
    while credits.can_use(user, "truecite_check"):
        credits.charge(user, "truecite_check")
    client.force_login(user)
    page = client.get("/account/billing/").content.decode()
    assert "You have run out of credits" in page and "See plans and upgrade" in page
    assert "come back tomorrow" in page


def test_subscriber_sees_renewal_date_and_manage_billing(client, user, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    account = account_for(user)
    account.plan = Plan.objects.get(slug="pro")
    account.stripe_customer_id = "cus_1"
    account.subscription_status = "active"
    account.current_period_end = timezone.now() + dt.timedelta(days=12)
    account.save()
    client.force_login(user)
    page = client.get("/account/billing/").content.decode()
    assert "Renews on" in page and "Manage billing" in page


def test_checkout_success_thanks_the_user(client, user):
    client.force_login(user)
    assert "Thank you" in client.get("/account/billing/?checkout=success").content.decode()


def test_unverified_user_is_asked_to_verify(client, make_user):
    client.force_login(make_user("new@example.org", verified=False))
    assert "Verify your e-mail address" in client.get("/account/billing/").content.decode()


def test_requires_login(client, db):
    assert client.get("/account/billing/")["Location"].startswith("/accounts/login/")
