"""has_feature: plan flags, with paid features behind a verified e-mail."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from billing.accounts import account_for
from billing.credits import EmailNotVerified, FeatureNotInPlan
from billing.features import has_feature, refusal, require
from billing.models import Plan

pytestmark = pytest.mark.django_db


def on_plan(user, slug: str):
    account = account_for(user)
    account.plan = Plan.objects.get(slug=slug)
    account.save()
    return user


def test_free_plan_has_no_private_articles(user):
    assert has_feature(user, "deep_search") and not has_feature(user, "private_articles")


def test_pro_plan_unlocks_the_llm_writer_and_private_articles(user):
    on_plan(user, "pro")
    assert has_feature(user, "llm_writer") and has_feature(user, "private_articles")


def test_paid_features_need_a_verified_email(user):
    on_plan(user, "pro")
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert not has_feature(user, "private_articles")


def test_anonymous_visitors_have_no_plan_features():
    assert not has_feature(AnonymousUser(), "exports")


def test_unknown_feature_is_a_programming_error(user):
    with pytest.raises(ValueError):
        has_feature(user, "teleport")


def test_a_refusal_names_the_plans_that_include_the_feature(user):
    assert refusal(user, "private_articles") == (
        "Your Free plan does not include private answers. Included in the Plus and Pro plans."
    )
    assert refusal(user, "llm_writer").endswith("Included in the Pro plan.")


def test_a_refusal_on_a_paid_plan_asks_for_a_verified_email(user):
    on_plan(user, "plus")
    EmailAddress.objects.filter(user=user).update(verified=False)
    assert refusal(user, "private_articles") == "Your Plus plan includes private answers once your e-mail address is verified."


def test_a_visitor_is_asked_to_sign_up():
    assert refusal(AnonymousUser(), "exports").startswith("Sign up or sign in to use exports.")


def test_a_feature_no_active_plan_includes_says_so(user):
    Plan.objects.filter(llm_writer=True).update(is_active=False)
    assert refusal(user, "llm_writer").endswith("No plan includes this at the moment.")


def test_what_the_user_may_use_needs_no_refusal(user):
    assert refusal(user, "deep_search") == ""
    require(user, "deep_search")
    with pytest.raises(FeatureNotInPlan, match="does not include private answers"):
        require(user, "private_articles")


def test_requiring_a_feature_the_plan_has_behind_an_unverified_email_points_at_verification(user):
    on_plan(user, "pro")
    EmailAddress.objects.filter(user=user).update(verified=False)
    with pytest.raises(EmailNotVerified, match="once your e-mail address is verified"):
        require(user, "exports")
