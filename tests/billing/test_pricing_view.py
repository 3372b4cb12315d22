"""/pricing/: the plans side by side, monthly/yearly, the current plan marked, works without Stripe."""

import pytest
from lxml import html

from billing.features import FEATURES, has_feature
from billing.models import Plan

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


def _marks(page: str, slug: str) -> dict[str, bool]:
    """The pricing page's feature marks for one plan: feature name -> shown as included."""
    section = html.fromstring(page).xpath(f'//section[@aria-labelledby="plan-{slug}"]')[0]
    return {li.get("data-feature"): li.get("class") == "yes" for li in section.xpath(".//li[@data-feature]")}


@pytest.mark.parametrize("slug", ["free", "plus", "pro"])
def test_each_plans_feature_marks_are_what_has_feature_grants_a_verified_user_on_it(client, make_user, on_plan, slug):
    user = on_plan(make_user(f"{slug}@example.org"), slug)
    marks = _marks(client.get("/pricing/").content.decode(), slug)
    assert marks == {feature: has_feature(user, feature) for feature in FEATURES}


def test_a_flag_changed_in_the_admin_changes_the_pricing_page_and_the_enforcement_together(client, make_user, on_plan):
    Plan.objects.filter(slug="free").update(exports=False, private_articles=True)
    user = on_plan(make_user(), "free")
    marks = _marks(client.get("/pricing/").content.decode(), "free")
    assert marks["exports"] is False and not has_feature(user, "exports")
    assert marks["private_articles"] is True and has_feature(user, "private_articles")


def test_features_a_plan_lacks_are_announced_as_not_included(client):
    page = client.get("/pricing/").content.decode()
    assert '<span class="visually-hidden">Not included: </span>Private answer articles' in page
