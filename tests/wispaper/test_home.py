"""The home page: the search box front and centre, example searches, the site navigation."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from search.models import Paper

pytestmark = pytest.mark.django_db


def test_home_has_a_search_box_that_submits_to_search(client):
    html = client.get("/").content.decode()
    assert '<form class="search-box search-box-large" method="get" action="/search/" role="search">' in html
    assert 'name="q"' in html


def test_home_offers_example_searches(client):
    html = client.get("/").content.decode()
    assert 'href="/search/?q=immunotherapy%20resistance%20melanoma"' in html


def test_navigation_links_to_every_section(client):
    html = client.get("/").content.decode()
    for href in ('href="/search/"', 'href="/answers/"', 'href="/pricing/"', 'href="/truecite/"'):
        assert href in html


def test_anonymous_visitor_sees_log_in_and_sign_up(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html and 'href="/accounts/signup/"' in html


def test_signed_in_user_sees_an_account_menu_with_log_out(client):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-passphrase-1")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "reader@example.org" in html
    assert 'action="/accounts/logout/"' in html
    assert 'href="/accounts/login/"' not in html


def test_home_counts_the_papers_in_the_catalog(client):
    for number in range(3):
        Paper.objects.create(title=f"Paper {number}", source="test", source_id=str(number))
    assert "Search 3 research papers" in client.get("/").content.decode()
