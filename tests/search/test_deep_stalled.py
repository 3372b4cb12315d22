"""A Deep Search whose worker stopped says so on its page within the stall threshold; whoever ran it (a visitor: whoever
has its link) can send it on again at once, without paying again."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from search.indexing import index_pending
from search.models import DeepSearch

QUESTION = "randomized trials of PD-1 inhibitors in melanoma reporting overall survival"


@pytest.fixture
def make_user(db):
    def make(name: str):
        user = get_user_model().objects.create_user(username=name, email=f"{name}@example.org", password="pw-Ab12cd34!")
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


def _running(user, *, quiet: float) -> DeepSearch:
    search = DeepSearch.objects.create(user=user, question=QUESTION, criteria=[{"kind": "population", "text": "melanoma"}])
    heartbeat = timezone.now() - dt.timedelta(seconds=quiet)
    DeepSearch.objects.filter(pk=search.pk).update(status=DeepSearch.Status.RUNNING, attempts=1, heartbeat=heartbeat, judged=20, candidates=100)
    search.refresh_from_db()
    return search


def test_a_stalled_search_says_so_and_offers_its_user_a_retry(client, make_user, settings):
    owner = make_user("owner")
    search = _running(owner, quiet=settings.JOB_STALL_SECONDS + 1)
    client.force_login(owner)
    for url in (reverse("deep:results", args=[search.token]), reverse("deep:results", args=[search.token]) + "?partial=1"):
        html = client.get(url).content.decode()
        assert "has stalled" in html and "Judging papers" not in html
        assert f'action="{reverse("deep:retry", args=[search.token])}"' in html and "csrfmiddlewaretoken" in html


def test_a_search_whose_worker_beats_is_judging_not_stalled(client, make_user, settings):
    owner = make_user("owner")
    search = _running(owner, quiet=settings.JOB_STALL_SECONDS / 2)
    client.force_login(owner)
    html = client.get(reverse("deep:results", args=[search.token])).content.decode()
    assert "Judging papers: 20 of 100" in html and "has stalled" not in html and "/retry" not in html


def test_only_its_user_can_retry_a_signed_in_users_search(client, make_user, settings):
    search = _running(make_user("owner"), quiet=settings.JOB_STALL_SECONDS + 1)
    client.force_login(make_user("stranger"))
    html = client.get(reverse("deep:results", args=[search.token])).content.decode()
    assert "has stalled" in html and "/retry" not in html
    assert client.post(reverse("deep:retry", args=[search.token])).status_code == 404
    assert client.get(reverse("deep:retry", args=[search.token])).status_code == 405
    search.refresh_from_db()
    assert search.stalled and search.attempts == 1


@pytest.mark.slow
def test_a_visitor_retrying_a_stalled_search_gets_it_finished(client, index_dir, make_paper, settings, tmp_path):
    settings.DEEP_SENTENCE_CACHE_DIR = tmp_path / "sentences"
    make_paper("Nivolumab versus dacarbazine in untreated melanoma",
               "We randomly assigned 418 patients with metastatic melanoma to nivolumab or dacarbazine. "
               "Overall survival at one year was 72.9% with nivolumab and 42.1% with dacarbazine.")  # fmt: skip
    index_pending()
    search = _running(None, quiet=settings.JOB_STALL_SECONDS + 1)
    response = client.post(reverse("deep:retry", args=[search.token]))
    assert response.status_code == 302 and response["Location"] == reverse("deep:results", args=[search.token])
    search.refresh_from_db()
    assert search.status == DeepSearch.Status.DONE and search.attempts == 2
    assert search.results.count() == search.judged == 1
