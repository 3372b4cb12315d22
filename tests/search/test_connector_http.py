"""The connectors' HTTP client against a fake API on 127.0.0.1: retries, Retry-After, timeouts, politeness."""

import time

import pytest

from search.connectors import http
from tests.search.fake_api import FakeAPI, Reply

OK = Reply(body=b'{"ok": true}')


@pytest.fixture(autouse=True)
def fast_http(settings):
    settings.HTTP_RETRIES = 3
    settings.HTTP_BACKOFF_SECONDS = 0.01
    settings.HTTP_BACKOFF_MAX_SECONDS = 5
    settings.HTTP_TIMEOUT_SECONDS = 0.3
    settings.CONNECTOR_MIN_INTERVAL_SECONDS = {"openalex": 0.0, "crossref": 0.0, "pubmed": 0.0, "arxiv": 0.0}
    return settings


def test_a_503_is_retried_and_the_next_answer_is_used():
    with FakeAPI({"/works": [Reply(status=503), OK]}) as api:
        payload = http.get_json("openalex", f"{api.url}/works")

    assert payload == {"ok": True}
    assert len(api.seen) == 2


def test_a_429_waits_as_long_as_retry_after_says():
    with FakeAPI({"/works": [Reply(status=429, headers={"Retry-After": "1"}), OK]}) as api:
        payload = http.get_json("crossref", f"{api.url}/works")

    assert payload == {"ok": True}
    first, second = api.seen
    assert second.at - first.at >= 0.95  # backoff alone would be 0.01 s


def test_a_server_slower_than_the_timeout_gives_a_connector_error_quickly():
    with FakeAPI({"/works": [Reply(delay=3.0)]}) as api:
        started = time.monotonic()
        with pytest.raises(http.ConnectorError, match=r"openalex is unavailable \(no answer within 0.3 s after 3 attempts"):
            http.get("openalex", f"{api.url}/works")
        elapsed = time.monotonic() - started

    assert len(api.seen) == 3
    assert elapsed < 2.0


def test_a_persistent_server_error_gives_up_after_the_configured_attempts():
    with FakeAPI({"/works": [Reply(status=500)]}) as api:
        with pytest.raises(http.ConnectorError, match="HTTP 500 after 3 attempts") as raised:
            http.get("crossref", f"{api.url}/works")

    assert raised.value.status == 500
    assert len(api.seen) == 3


def test_a_client_error_is_not_retried():
    with FakeAPI({}) as api:
        with pytest.raises(http.ConnectorError, match="HTTP 404") as raised:
            http.get("crossref", f"{api.url}/works/10.1/none")

    assert raised.value.status == 404
    assert len(api.seen) == 1


def test_a_404_means_not_found_and_other_errors_still_raise():
    with FakeAPI({"/broken": [Reply(status=500)]}) as api:
        assert http.none_if_not_found(lambda: http.get_json("crossref", f"{api.url}/works/10.1/none")) is None
        with pytest.raises(http.ConnectorError, match="HTTP 500"):
            http.none_if_not_found(lambda: http.get_json("crossref", f"{api.url}/broken"))


def test_an_unreachable_service_says_it_could_not_connect():
    with FakeAPI({}) as api:
        url = api.url  # the port is closed once the server is gone
    with pytest.raises(http.ConnectorError, match="pubmed is unavailable \\(could not connect"):
        http.get("pubmed", f"{url}/esearch.fcgi")


def test_every_request_names_us_and_our_contact_address(settings):
    settings.CONTACT_EMAIL = "curator@example.org"
    settings.HTTP_USER_AGENT = "WisPaper/0.1 (mailto:curator@example.org)"
    with FakeAPI({"/works": [OK]}) as api:
        http.get("openalex", f"{api.url}/works")

    assert api.seen[0].headers["User-Agent"] == "WisPaper/0.1 (mailto:curator@example.org)"


def test_requests_to_one_host_keep_the_service_minimum_interval(settings):
    settings.CONNECTOR_MIN_INTERVAL_SECONDS = {"arxiv": 0.25}
    with FakeAPI({"/api/query": [OK]}) as api:
        for _ in range(3):
            http.get("arxiv", f"{api.url}/api/query")

    gaps = [later.at - earlier.at for earlier, later in zip(api.seen, api.seen[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.23


def test_retry_after_as_an_http_date_is_understood():
    assert http._retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert http._retry_after_seconds("7") == 7.0
    assert http._retry_after_seconds("soon") is None


def test_a_body_that_is_not_json_is_a_connector_error():
    with FakeAPI({"/works": [Reply(body=b"<html>maintenance</html>", headers={"Content-Type": "text/html"})]}) as api:
        with pytest.raises(http.ConnectorError, match="not JSON"):
            http.get_json("openalex", f"{api.url}/works")


def test_cursor_paging_follows_the_cursor_until_the_limit():
    pages = {"*": ([1, 2], "b"), "b": ([3, 4], "c"), "c": ([5, 6], None)}
    asked = []

    def fetch(cursor, rows):
        asked.append((cursor, rows))
        return pages[cursor]

    assert http.cursor_paged(fetch, 3) == [1, 2, 3]
    assert asked == [("*", 3), ("b", 1)]


def test_cursor_paging_stops_at_an_empty_page_or_the_last_cursor():
    assert http.cursor_paged(lambda cursor, rows: ([7], None), 10) == [7]
    assert http.cursor_paged(lambda cursor, rows: ([], "again"), 10) == []
