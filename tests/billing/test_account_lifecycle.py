"""Sign-up opens a Free account, its welcome credits waiting for a verified e-mail; deletion cancels the
subscription and the data."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from billing import credits
from billing.accounts import account_for
from billing.models import BillingAccount, LedgerEntry

pytestmark = pytest.mark.django_db


def test_sign_up_opens_a_free_account_with_the_welcome_credits_waiting_for_verification(client, settings):
    settings.BILLING_SIGNUP_GRANT = 25
    response = client.post("/accounts/signup/", {
        "email": "new.reader@example.org", "password1": "a-Long-pass-phrase-42", "password2": "a-Long-pass-phrase-42",
    })
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.reader@example.org")
    account = BillingAccount.objects.get(user=user)
    assert account.plan.slug == "free" and account.signup_grant_waiting == 25
    assert not LedgerEntry.objects.filter(user=user, key="signup").exists()


def test_deleting_the_account_cancels_the_subscription_and_removes_personal_data(client, user, fake_stripe):
    account = account_for(user)
    account.stripe_customer_id = "cus_1"
    account.stripe_subscription_id = fake_stripe.add_subscription("cus_1")
    account.subscription_status = "active"
    account.save()
    credits.charge(user, "question")
    client.force_login(user)
    response = client.post("/account/delete/", {"confirm_email": user.email.upper()})
    assert response.status_code == 302
    assert fake_stripe.subscriptions[account.stripe_subscription_id]["status"] == "canceled"
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not LedgerEntry.objects.filter(user_id=user.pk).exists()
    assert client.get("/account/billing/").status_code == 302  # logged out


def test_deletion_keeps_the_account_when_stripe_cannot_cancel(client, user, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_TIMEOUT_SECONDS = 1
    account = account_for(user)
    account.stripe_subscription_id, account.subscription_status = "sub_live", "active"
    account.save()
    client.force_login(user)
    response = client.post("/account/delete/", {"confirm_email": user.email}, follow=True)
    assert "was not deleted" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_deletion_needs_the_email_typed(client, user):
    client.force_login(user)
    response = client.post("/account/delete/", {"confirm_email": "someone@else.org"}, follow=True)
    assert "Type your e-mail address" in response.content.decode()
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_free_user_without_subscription_is_deleted_without_calling_stripe(client, user, settings):
    settings.STRIPE_SECRET_KEY = ""
    client.force_login(user)
    assert "Delete your account" in client.get("/account/delete/").content.decode()
    client.post("/account/delete/", {"confirm_email": user.email})
    assert not get_user_model().objects.filter(pk=user.pk).exists()
