"""Fixtures for billing tests: users, plans with Stripe price ids, and a clock at a fixed time."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from billing.models import Plan
from billing.plans import ensure_default_plans
from tests.billing import fake_stripe as fake_stripe_server


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    def make(email: str = "reader@example.org", *, verified: bool = True):
        user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password="pw-Ab12cd34!")
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def priced_plans(db):
    """Plus and Pro with Stripe price ids, as an operator sets them in the admin."""
    ensure_default_plans(Plan)
    for slug in ("plus", "pro"):
        Plan.objects.filter(slug=slug).update(
            stripe_price_month=f"price_{slug}_month", stripe_price_year=f"price_{slug}_year"
        )
    return {plan.slug: plan for plan in Plan.objects.all()}


@pytest.fixture
def fake_stripe(settings):
    """The real gateway pointed at a fake Stripe API on loopback."""
    fake = fake_stripe_server.start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.base
    settings.STRIPE_TIMEOUT_SECONDS = 5
    yield fake
    fake.stop()
