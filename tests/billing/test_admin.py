"""Admin: plans are editable data; the ledger is read-only except for adding an adjustment."""

import pytest

from billing import credits
from billing.models import LedgerEntry, LedgerKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["plan", "billingaccount", "ledgerentry", "processedevent"])
def test_changelists_render_with_search(admin_client, user, model):
    credits.balance(user)
    response = admin_client.get(f"/admin/billing/{model}/", {"q": "reader"})
    assert response.status_code == 200


def test_plan_prices_and_credits_are_edited_in_admin(admin_client):
    from billing.models import Plan

    plus = Plan.objects.get(slug="plus")
    response = admin_client.get(f"/admin/billing/plan/{plus.pk}/change/")
    assert response.status_code == 200 and "stripe_price_month" in response.content.decode()


def test_operator_adds_an_adjustment_through_the_ledger(admin_client, user):
    before = credits.balance(user)
    response = admin_client.post("/admin/billing/ledgerentry/add/", {"user": user.pk, "amount": 40, "note": "Goodwill"})
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(user=user, kind=LedgerKind.ADJUST)
    assert entry.amount == 40 and entry.note == "Goodwill"
    assert credits.balance(user) == before + 40


def test_ledger_entries_cannot_be_changed_or_deleted_in_admin(admin_client, user):
    entry = credits.charge(user, "question")
    page = admin_client.get(f"/admin/billing/ledgerentry/{entry.pk}/change/").content.decode()
    assert 'name="amount"' not in page
    assert admin_client.post(f"/admin/billing/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
