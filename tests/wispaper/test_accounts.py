"""Accounts by e-mail (django-allauth) in the site layout: sign up, verify, log in, log out, reset a password."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-42"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth keeps its rate limits (one confirmation mail per address per 3 minutes) in the cache.
    cache.clear()


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def sign_up(client, email: str = "ada@example.org"):
    return client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"])
def test_account_pages_use_the_site_layout(client, path):
    html = client.get(path).content.decode()
    assert '<header class="site-header">' in html
    assert 'class="auth-card' in html
    assert 'href="/search/"' in html


def test_sign_up_creates_the_account_and_mails_a_verification_link(client):
    response = sign_up(client)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ada@example.org")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "/accounts/confirm-email/" in link_in(mail.outbox[0])


def test_following_the_verification_link_verifies_the_address(client):
    sign_up(client)
    path = re.sub(r"^https?://[^/]+", "", link_in(mail.outbox[0]))
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert '<header class="site-header">' in confirm_page.content.decode()
    client.post(path)
    assert EmailAddress.objects.get(email="ada@example.org").verified


def test_a_second_sign_up_with_the_same_address_creates_no_second_account(client):
    sign_up(client)
    client.logout()
    sign_up(client)
    assert get_user_model().objects.filter(email="ada@example.org").count() == 1


def test_log_in_by_email_and_log_out(client):
    get_user_model().objects.create_user("grace", "grace@example.org", PASSWORD)
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "grace@example.org" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert 'href="/accounts/login/"' in client.get("/").content.decode()


def test_a_wrong_password_is_refused_in_the_form(client):
    get_user_model().objects.create_user("grace", "grace@example.org", PASSWORD)
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    get_user_model().objects.create_user("grace", "grace@example.org", PASSWORD)
    client.post("/accounts/password/reset/", {"email": "grace@example.org"})
    assert len(mail.outbox) == 1
    path = re.sub(r"^https?://[^/]+", "", link_in(mail.outbox[0]))
    # allauth moves the key from the URL into the session, then shows the form at a key-less URL.
    form_page = client.get(path, follow=True)
    assert "auth-card" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    client.post(form_url, {"password1": "a-brand-new-passphrase-7", "password2": "a-brand-new-passphrase-7"})
    assert client.login(username="grace", password="a-brand-new-passphrase-7")


def test_account_mails_come_from_wispaper_not_example_com(client):
    sign_up(client)
    assert "WisPaper" in mail.outbox[0].subject
    assert "example.com" not in mail.outbox[0].body
