"""The credit ledger: charge, refund, can_use and balance as qa and truecite call them."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone

from billing import credits
from billing.accounts import account_for
from billing.credits import InsufficientCredits
from billing.models import LedgerEntry, LedgerKind, Plan

pytestmark = pytest.mark.django_db

SIGNUP = 25
DAILY = 5
COSTS = {"question": 5, "deep_search": 2, "truecite_check": 1}


@pytest.fixture(autouse=True)
def fixed_costs(settings):
    settings.BILLING_SIGNUP_GRANT = SIGNUP
    settings.BILLING_ACTION_COSTS = COSTS


def test_new_user_starts_with_signup_grant_and_daily_allowance(user):
    assert credits.balance(user) == SIGNUP + DAILY
    kinds = sorted(LedgerEntry.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == [LedgerKind.DAILY, LedgerKind.SIGNUP]


def test_charge_spends_the_action_cost(user):
    entry = credits.charge(user, "question", reference="question:7")
    assert entry.amount == -5 and entry.action == "question" and entry.reference == "question:7"
    assert credits.balance(user) == SIGNUP + DAILY - 5


def test_charge_spends_expiring_credits_first(user):
    entry = credits.charge(user, "question")
    assert entry.expiring_amount == -DAILY
    entry = credits.charge(user, "deep_search")
    assert entry.expiring_amount == 0


def test_charge_beyond_balance_raises_with_upgrade_url_and_changes_nothing(user):
    for _ in range(6):
        credits.charge(user, "question")
    before = LedgerEntry.objects.filter(user=user).count()
    with pytest.raises(InsufficientCredits) as caught:
        credits.charge(user, "question")
    assert caught.value.upgrade_url == "/pricing/"
    assert "need 5 credits" in caught.value.message
    assert LedgerEntry.objects.filter(user=user).count() == before
    assert credits.balance(user) == 0
    assert not credits.can_use(user, "question")


def test_anonymous_visitor_cannot_be_charged():
    with pytest.raises(InsufficientCredits, match="Sign up"):
        credits.charge(AnonymousUser(), "question")
    assert credits.can_use(AnonymousUser(), "question") is False
    assert credits.balance(AnonymousUser()) == 0


def test_unknown_action_is_a_programming_error(user):
    with pytest.raises(ValueError, match="Unknown billable action"):
        credits.charge(user, "teleport")


def test_refund_returns_the_credits_once(user):
    entry = credits.charge(user, "question")
    first = credits.refund(entry, reason="pipeline failed")
    again = credits.refund(entry, reason="retried")
    assert first.pk == again.pk and first.amount == 5 and first.note == "pipeline failed"
    assert credits.balance(user) == SIGNUP + DAILY


def test_only_charges_can_be_refunded(user):
    credits.balance(user)
    grant = LedgerEntry.objects.get(user=user, kind=LedgerKind.SIGNUP)
    with pytest.raises(ValueError):
        credits.refund(grant)


def test_ledger_entries_are_append_only(user):
    entry = credits.charge(user, "question")
    entry.amount = 100
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_unused_daily_credits_expire_and_renew_the_next_day(user, monkeypatch):
    credits.charge(user, "truecite_check")  # included in Free's TrueCite allowance: costs nothing
    credits.charge(user, "deep_search")
    assert credits.balance(user) == SIGNUP + DAILY - 2
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert credits.balance(user) == SIGNUP + DAILY
    expired = LedgerEntry.objects.get(user=user, kind=LedgerKind.EXPIRE)
    assert expired.amount == -(DAILY - 2)


def test_refund_after_the_allowance_expired_comes_back_as_lasting_credits(user, monkeypatch):
    entry = credits.charge(user, "deep_search")
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    credits.balance(user)
    refund = credits.refund(entry)
    assert refund.amount == 2 and refund.expiring_amount == 0


def test_truecite_checks_within_the_plan_allowance_are_free(user):
    included = Plan.objects.get(slug="free").truecite_daily_checks
    for _ in range(included):
        assert credits.charge(user, "truecite_check").amount == 0
    assert credits.charge(user, "truecite_check").amount == -1


def test_action_missing_from_plan_is_refused(user):
    Plan.objects.filter(slug="free").update(deep_search=False)
    assert not credits.can_use(user, "deep_search")
    with pytest.raises(credits.FeatureNotInPlan, match="not part of the Free plan"):
        credits.charge(user, "deep_search")


def test_period_grant_expires_leftover_and_happens_once_per_key(user):
    account = account_for(user)
    pro = Plan.objects.get(slug="pro")
    ends = timezone.now() + dt.timedelta(days=30)
    assert credits.grant_period(account, pro, interval="month", key="period:sub_1:1:pro", ends_at=ends)
    assert not credits.grant_period(account, pro, interval="month", key="period:sub_1:1:pro", ends_at=ends)
    assert credits.balance(user) == SIGNUP + pro.monthly_credits


def test_yearly_period_grants_twelve_months_of_credits(user):
    plus = Plan.objects.get(slug="plus")
    credits.grant_period(account_for(user), plus, interval="year", key="period:sub_2:1:plus",
                         ends_at=timezone.now() + dt.timedelta(days=365))
    assert credits.balance(user) == SIGNUP + 12 * plus.monthly_credits


@override_settings(BILLING_ACTION_COSTS={"question": 0, "deep_search": 0, "truecite_check": 0})
def test_free_actions_always_pass(user):
    assert credits.can_use(user, "question")
