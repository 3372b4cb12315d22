"""The one way connectors talk to scholarly APIs: polite, patient, and clear when it gives up.

Every request carries the User-Agent with our contact address, waits its turn behind the
service's minimum interval (per host, per process), times out, and is retried with exponential
backoff on timeouts, connection errors, 429 and 5xx, honouring Retry-After. After the last attempt
the caller gets a ConnectorError that says which service failed and why.
"""

from __future__ import annotations

import email.utils
import threading
import time
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

import requests
from django.conf import settings
from tenacity import RetryCallState, RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
T = TypeVar("T")


class ConnectorError(Exception):
    """A scholarly API could not give an answer; the message is fit to show an operator."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _RetryableStatus(Exception):
    def __init__(self, response: requests.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.status = response.status_code
        self.retry_after = _retry_after_seconds(response.headers.get("Retry-After"))


_sessions: dict[str, requests.Session] = {}
_next_slot: dict[str, float] = {}
_lock = threading.Lock()


def get(service: str, url: str, params: dict[str, Any] | None = None) -> requests.Response:
    """GET url for service; return the 2xx/3xx response or raise ConnectorError."""
    retrying = Retrying(
        stop=stop_after_attempt(max(1, settings.HTTP_RETRIES)),
        wait=_wait,
        retry=retry_if_exception_type((_RetryableStatus, requests.Timeout, requests.ConnectionError)),
    )
    try:
        return retrying(_attempt, service, url, params)
    except RetryError as exc:
        last = exc.last_attempt.exception()
        raise ConnectorError(
            f"{service} is unavailable ({_describe(last)} after {settings.HTTP_RETRIES} attempts at {url})",
            status=getattr(last, "status", None),
        ) from last
    except requests.RequestException as exc:
        raise ConnectorError(f"{service} request to {url} failed: {exc}") from exc


def get_json(service: str, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """GET a JSON object, or raise ConnectorError (also when the body is not a JSON object)."""
    response = get(service, url, params)
    try:
        payload = response.json()
    except ValueError as error:
        raise ConnectorError(f"{service} answered something that is not JSON from {response.url}") from error
    if not isinstance(payload, dict):
        raise ConnectorError(f"{service} answered JSON that is not an object from {response.url}")
    return payload


def cursor_paged(fetch_page: Callable[[str, int], tuple[list[T], str | None]], limit: int) -> list[T]:
    """Up to `limit` items of a cursor-paged listing (Crossref, OpenAlex): `fetch_page(cursor, rows)` returns
    a page's items and the next cursor; paging starts at "*" and stops at an empty page or a missing cursor."""
    items: list[T] = []
    cursor: str | None = "*"
    while cursor and len(items) < limit:
        page, cursor = fetch_page(cursor, limit - len(items))
        if not page:
            break
        items.extend(page)
    return items[:limit]


def none_if_not_found(request: Callable[[], T]) -> T | None:
    """The request's answer, or None when the service answered 404: it does not know what was asked for."""
    try:
        return request()
    except ConnectorError as error:
        if error.status == 404:
            return None
        raise


def _attempt(service: str, url: str, params: dict[str, Any] | None) -> requests.Response:
    _wait_for_turn(urlsplit(url).netloc, settings.CONNECTOR_MIN_INTERVAL_SECONDS.get(service, 0.0))
    response = _session(service).get(
        url,
        params=params,
        headers={"User-Agent": settings.HTTP_USER_AGENT},
        timeout=settings.HTTP_TIMEOUT_SECONDS,
    )
    if response.status_code in RETRYABLE_STATUSES:
        raise _RetryableStatus(response)
    if response.status_code >= 400:
        raise ConnectorError(
            f"{service} answered HTTP {response.status_code} for {response.url}", status=response.status_code
        )
    return response


def _session(service: str) -> requests.Session:
    with _lock:
        if service not in _sessions:
            _sessions[service] = requests.Session()
        return _sessions[service]


def _wait_for_turn(host: str, min_interval: float) -> None:
    """Reserve the next free slot for host under the lock, then sleep until it outside the lock."""
    with _lock:
        now = time.monotonic()
        slot = max(now, _next_slot.get(host, now))
        _next_slot[host] = slot + min_interval
    if slot > now:
        time.sleep(slot - now)


def _wait(state: RetryCallState) -> float:
    cap = settings.HTTP_BACKOFF_MAX_SECONDS
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, _RetryableStatus) and error.retry_after is not None:
        return min(error.retry_after, cap)
    return wait_exponential(multiplier=settings.HTTP_BACKOFF_SECONDS, max=cap)(state)


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _describe(error: BaseException | None) -> str:
    if isinstance(error, requests.Timeout):
        return f"no answer within {settings.HTTP_TIMEOUT_SECONDS:g} s"
    if isinstance(error, requests.ConnectionError):
        return "could not connect"
    return str(error)
