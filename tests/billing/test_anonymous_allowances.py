"""Anonymous visitors' daily allowances: counted per client in the database, exactly, however many requests
arrive at once (through the real TrueCite and Deep Search pages, each thread with its own connection)."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.test import Client, RequestFactory
from django.utils import timezone

from billing import allowances
from billing.models import AllowanceCounter
from search.models import DeepSearch
from truecite.models import Report

PARALLEL = 20
REFERENCES = "1. Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. 2017.\n"
# The worker runs eagerly in the request's thread (tests/settings.py). A question the engine refuses at once
# fails the search there without loading the language models: these tests are about who may start one.
DEEP_SEARCH = {"question": "?!", "kind_0": "population", "text_0": "melanoma"}


def post_at_once(path: str, data: dict, addresses: list[str], **headers) -> list[int]:
    """POST from every address at the same moment, each from its own thread and database connection."""
    start = threading.Barrier(len(addresses))

    def post(address: str) -> int:
        client = Client(raise_request_exception=False)
        start.wait()
        try:
            return client.post(path, data, REMOTE_ADDR=address, **headers).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(addresses)) as pool:
        return list(pool.map(post, addresses))


def visitor(address: str = "203.0.113.7"):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


@pytest.fixture
def limits(settings):
    settings.TRUECITE_ANONYMOUS_DAILY_CHECKS = 3
    settings.DEEP_SEARCH_ANONYMOUS_DAILY = 3


@pytest.fixture
def empty_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"


def test_a_visitor_takes_the_daily_limit_and_no_more(db, limits):
    for left in (2, 1, 0):
        allowances.take(visitor(), "truecite_check")
        assert allowances.anonymous_left(visitor(), "truecite_check") == left
    with pytest.raises(allowances.AllowanceUsed, match="today's 3 free checks"):
        allowances.take(visitor(), "truecite_check")


def test_each_action_and_each_client_has_its_own_allowance(db, limits):
    for _ in range(3):
        allowances.take(visitor(), "truecite_check")
    assert allowances.anonymous_left(visitor(), "deep_search") == 3
    assert allowances.anonymous_left(visitor("203.0.113.8"), "truecite_check") == 3


def test_a_use_given_back_can_be_taken_again(db, limits):
    uses = [allowances.take(visitor(), "deep_search") for _ in range(3)]
    allowances.give_back(uses[0], reason="failed")
    assert allowances.anonymous_left(visitor(), "deep_search") == 1
    allowances.take(visitor(), "deep_search")


def test_giving_back_never_counts_below_zero(db, limits):
    use = allowances.take(visitor(), "deep_search")
    allowances.give_back(use, reason="failed")
    allowances.give_back(use, reason="failed")
    assert allowances.anonymous_left(visitor(), "deep_search") == 3


def test_a_zero_allowance_asks_the_visitor_to_sign_up(db, settings):
    settings.DEEP_SEARCH_ANONYMOUS_DAILY = 0
    with pytest.raises(allowances.AllowanceUsed, match="Sign up for free to run a Deep Search"):
        allowances.take(visitor(), "deep_search")


def test_a_new_day_brings_a_new_allowance_and_clears_the_old_counters(db, limits, monkeypatch):
    for _ in range(3):
        allowances.take(visitor(), "truecite_check")
    tomorrow = timezone.now() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert allowances.anonymous_left(visitor(), "truecite_check") == 3
    allowances.take(visitor(), "truecite_check")
    assert list(AllowanceCounter.objects.values_list("day", "used")) == [(tomorrow.date(), 1)]


def test_the_counters_do_not_hold_addresses(db, limits):
    allowances.take(visitor("203.0.113.7"), "truecite_check")
    assert "203.0.113" not in AllowanceCounter.objects.get().client


def test_visitors_in_one_ipv6_64_share_the_truecite_allowance(client, db, limits):
    for host in range(1, 4):
        assert client.post("/truecite/", {"text": REFERENCES}, REMOTE_ADDR=f"2001:db8:1:2::{host}").status_code == 302
    refused = client.post("/truecite/", {"text": REFERENCES}, REMOTE_ADDR="2001:db8:1:2:abcd::9")
    assert refused.status_code == 400 and "3 free checks. Sign up" in refused.content.decode()
    assert client.post("/truecite/", {"text": REFERENCES}, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_a_forged_x_forwarded_for_does_not_buy_a_new_allowance(client, db, limits, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(4):
        response = client.post(
            "/truecite/", {"text": REFERENCES}, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
    assert response.status_code == 400
    assert Report.objects.count() == 3


def test_behind_the_trusted_proxy_each_forwarded_client_has_its_own_allowance(client, db, limits, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(4):
        response = client.post(
            "/truecite/", {"text": REFERENCES}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        assert response.status_code == 302
    assert Report.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_twenty_truecite_checks_at_once_from_one_address_run_exactly_the_limit(limits):
    statuses = post_at_once("/truecite/", {"text": REFERENCES}, ["203.0.113.7"] * PARALLEL)
    assert sorted(statuses) == [302] * 3 + [400] * (PARALLEL - 3)
    assert Report.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_twenty_truecite_checks_at_once_from_one_ipv6_64_run_exactly_the_limit(limits):
    statuses = post_at_once("/truecite/", {"text": REFERENCES}, [f"2001:db8::{n:x}" for n in range(1, PARALLEL + 1)])
    assert statuses.count(302) == 3 and Report.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_twenty_deep_searches_at_once_from_one_address_start_exactly_the_limit(limits, empty_index):
    statuses = post_at_once("/search/deep/", DEEP_SEARCH, ["203.0.113.7"] * PARALLEL)
    assert sorted(statuses) == [302] * 3 + [402] * (PARALLEL - 3)
    assert DeepSearch.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_twelve_deep_searches_at_once_from_twelve_visitors_all_start(limits, empty_index):
    statuses = post_at_once("/search/deep/", DEEP_SEARCH, [f"203.0.113.{n}" for n in range(12)])
    assert statuses == [302] * 12  # a "database is locked" would be a 500 here
    assert DeepSearch.objects.count() == 12
