"""Test-wide fixtures (each session's own data directory is set up in tests/settings.py)."""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from billing.accounts import account_for
from billing.models import Plan
from billing.plans import ensure_default_plans

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"the shared data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture
def on_plan(db):
    """Move a user onto a plan (by slug), as a confirmed subscription does."""

    def move(user, slug: str):
        ensure_default_plans(Plan)
        account = account_for(user)
        account.plan = Plan.objects.get(slug=slug)
        account.save(update_fields=["plan"])
        return user

    return move


@pytest.fixture
def reader(db):
    """A signed-up user with a verified e-mail address, on the Free plan."""
    user = get_user_model().objects.create_user(username="reader", email="reader@example.org", password="pw-Ab12cd34!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
