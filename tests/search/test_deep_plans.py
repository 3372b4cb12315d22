"""Deep Search is a plan feature: a signed-in user whose plan lacks it is told why and which plans include it."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from lxml.html import document_fromstring

from billing import credits
from billing.models import Plan
from search.models import DeepSearch

QUESTION = "randomized trials of PD-1 inhibitors in melanoma reporting overall survival"
CRITERIA_FORM = {"question": QUESTION, "kind_0": "intervention", "text_0": "PD-1 inhibitors"}


@pytest.fixture
def free_without_deep_search(db):
    Plan.objects.filter(slug="free").update(deep_search=False)


def test_the_criteria_form_is_disabled_with_the_reason(client, reader, free_without_deep_search):
    client.force_login(reader)
    html = client.get(reverse("deep:search"), {"q": QUESTION}).content.decode()
    button = document_fromstring(html).xpath('//form[@class="deep-criteria"]//button[@type="submit"]')[0]
    assert button.get("disabled") is not None
    assert "Your Free plan does not include Deep Search. Included in the Plus and Pro plans." in html


def test_running_it_is_refused_and_nothing_is_charged_or_queued(client, reader, free_without_deep_search):
    client.force_login(reader)
    before = credits.balance(reader)
    response = client.post(reverse("deep:search"), CRITERIA_FORM)
    assert response.status_code == 402
    assert "Your Free plan does not include Deep Search." in response.content.decode()
    assert not DeepSearch.objects.exists() and credits.balance(reader) == before


def test_a_paid_plan_needs_a_verified_email_first(client, reader, on_plan):
    EmailAddress.objects.filter(user=reader).update(verified=False)
    client.force_login(on_plan(reader, "plus"))
    response = client.post(reverse("deep:search"), CRITERIA_FORM)
    assert response.status_code == 402
    page = response.content.decode()
    assert "Your Plus plan includes Deep Search once your e-mail address is verified." in page
    assert "Resend the verification e-mail" in page and f'href="{reverse("account_email")}"' in page
    assert not DeepSearch.objects.exists()


def test_a_plan_with_deep_search_shows_the_working_button(client, reader):
    client.force_login(reader)
    html = client.get(reverse("deep:search"), {"q": QUESTION}).content.decode()
    button = document_fromstring(html).xpath('//form[@class="deep-criteria"]//button[@type="submit"]')[0]
    assert button.get("disabled") is None and "Uses one Deep Search from your credits." in html
