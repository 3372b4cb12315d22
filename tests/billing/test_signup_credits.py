"""The welcome credits wait for a verified e-mail address: an unverified sign-up cannot spend them and is told
how to get them; verifying releases them once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from billing import credits
from billing.credits import EmailNotVerified
from billing.models import LedgerEntry, LedgerKind
from search.models import DeepSearch

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-42"
DAILY = 5  # the Free plan's daily credits
# The worker runs eagerly in the request's thread (tests/settings.py); a question the engine refuses at once
# keeps it from loading the language models, which these tests do not need.
DEEP_SEARCH = {"question": "?!", "kind_0": "population", "text_0": "melanoma"}


@pytest.fixture(autouse=True)
def costs(settings):
    settings.BILLING_SIGNUP_GRANT = 25
    settings.BILLING_ACTION_COSTS = {"question": 10, "deep_search": 10, "truecite_check": 1}
    # allauth keeps its rate limits (one confirmation mail per address per 3 minutes) in the cache.
    cache.clear()


def sign_up(client, email: str = "ada@example.org"):
    """Sign up through the site's form; the new user is signed in, the address not yet verified."""
    response = client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    return get_user_model().objects.get(email=email)


def follow_verification_link(client) -> None:
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    client.post(re.sub(r"^https?://[^/]+", "", link))


def test_an_unverified_sign_up_has_only_the_daily_credits(client):
    user = sign_up(client)
    assert credits.balance(user) == DAILY
    assert not LedgerEntry.objects.filter(user=user, kind=LedgerKind.SIGNUP).exists()


def test_an_unverified_sign_up_cannot_spend_the_welcome_credits(client):
    user = sign_up(client)
    with pytest.raises(EmailNotVerified, match="Verify your e-mail address to receive your 25 welcome credits"):
        credits.charge(user, "question")
    assert credits.balance(user) == DAILY


def test_an_unverified_sign_up_may_spend_its_daily_credits(client, settings):
    settings.BILLING_ACTION_COSTS = {**settings.BILLING_ACTION_COSTS, "question": DAILY}
    user = sign_up(client)
    credits.charge(user, "question")
    assert credits.balance(user) == 0


def test_the_refusal_on_a_page_links_to_resending_the_verification_email(client):
    sign_up(client)
    response = client.post("/search/deep/", DEEP_SEARCH)
    html = response.content.decode()
    assert response.status_code == 402 and not DeepSearch.objects.exists()
    assert "Verify your e-mail address to receive your 25 welcome credits" in html
    assert '<a class="button" href="/accounts/email/">Resend the verification e-mail</a>' in html
    cache.clear()  # three minutes later, as far as allauth's rate limit is concerned
    client.post("/accounts/email/", {"action_send": "", "email": "ada@example.org"})
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["ada@example.org"]


def test_verifying_the_email_releases_the_welcome_credits_once(client):
    user = sign_up(client)
    follow_verification_link(client)
    assert credits.balance(user) == DAILY + 25
    credits.charge(user, "question")
    assert credits.balance(user) == DAILY + 25 - 10
    assert LedgerEntry.objects.filter(user=user, kind=LedgerKind.SIGNUP).get().amount == 25


def test_a_verified_sign_up_can_run_what_needs_the_welcome_credits(client):
    user = sign_up(client)
    follow_verification_link(client)
    assert client.post("/search/deep/", DEEP_SEARCH).status_code == 302
    assert DeepSearch.objects.get().user == user


def test_the_billing_page_says_verifying_brings_the_welcome_credits(client):
    sign_up(client)
    page = client.get("/account/billing/").content.decode()
    assert "Verify your e-mail address to receive your 25 welcome credits" in page
