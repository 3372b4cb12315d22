"""has_feature: plan flags, with paid features behind a verified e-mail."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from billing.accounts import account_for
from billing.features import has_feature
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
