"""Crossref REST API (polite pool) -> PaperRecord.

parse_item / parse_response are pure and also serve the file importer (import_papers --format crossref).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.conf import settings

from search.catalog.normalize import normalize_doi, unique
from search.records import PaperRecord, RecordError

from . import http
from .fields import arxiv_id_from_doi, full_date, parse_each, plain_text

SERVICE = "crossref"
ROWS_MAX = 1000
# The first of these that carries a year dates the work: "issued" is Crossref's own earliest date.
_DATE_FIELDS = ("issued", "published", "published-print", "published-online", "created")


def search(query: str, limit: int) -> list[PaperRecord]:
    """Works matching query as a bibliographic string (title, authors, venue, year), best first."""

    def page(cursor: str, rows: int) -> tuple[list[PaperRecord], str | None]:
        params = {"query.bibliographic": query, "rows": min(ROWS_MAX, rows), "cursor": cursor}
        payload = _get_json(f"{settings.CROSSREF_URL}/works", params)
        message = payload.get("message") or {}
        return (parse_response(payload) if message.get("items") else []), message.get("next-cursor")

    return http.cursor_paged(page, limit)


def lookup_doi(doi: str) -> PaperRecord | None:
    """The work registered under this DOI, or None when Crossref does not know it."""
    bare = normalize_doi(doi)
    if not bare:
        return None
    payload = http.none_if_not_found(lambda: _get_json(f"{settings.CROSSREF_URL}/works/{quote(bare, safe='/()')}", {}))
    if payload is None:
        return None
    records = parse_response(payload)
    return records[0] if records else None


def response_items(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The work items of a 'work-list' response, or the one item of a 'work' response."""
    message = payload.get("message") if isinstance(payload, dict) else None
    if not isinstance(message, dict):
        raise RecordError("not a Crossref API response (no 'message' object)")
    if payload.get("message-type") == "work-list" or isinstance(message.get("items"), list):
        return message.get("items") or []
    if message.get("DOI"):
        return [message]
    raise RecordError(f"unexpected Crossref message-type {payload.get('message-type')!r}")


def parse_response(payload: dict[str, Any]) -> list[PaperRecord]:
    """Every usable item of a response; items without a title (e.g. journal issues) are logged and skipped."""
    return parse_each(response_items(payload), parse_item, "Crossref item")


def parse_item(item: dict[str, Any]) -> PaperRecord:
    """One Crossref work item -> PaperRecord; RecordError when it has no DOI or no title."""
    if not isinstance(item, dict):
        raise RecordError("a Crossref item must be a JSON object")
    doi = normalize_doi(item.get("DOI"))
    if not doi:
        raise RecordError("Crossref item has no DOI")
    title = _title(item)
    if not title:
        raise RecordError(f"Crossref item {doi} has no title")
    year, published = _dates(item)
    return PaperRecord(
        title=title,
        source=SERVICE,
        source_id=doi,
        abstract=plain_text(item.get("abstract")),
        authors=[name for author in item.get("author") or [] if (name := _author_name(author))],
        year=year,
        published=published,
        venue=plain_text(_first(item.get("container-title")) or _first(item.get("short-container-title"))),
        doi=doi,
        arxiv_id=arxiv_id_from_doi(doi),
        url=_landing_page(item) or f"https://doi.org/{doi}",
        keywords=unique([plain_text(subject) for subject in item.get("subject") or []]),
        publication_types=[item["type"]] if item.get("type") else [],
    )


def _title(item: dict[str, Any]) -> str:
    title = plain_text(_first(item.get("title")))
    subtitle = plain_text(_first(item.get("subtitle")))
    if title and subtitle and subtitle.casefold() not in title.casefold():
        return f"{title}: {subtitle}"
    return title


def _landing_page(item: dict[str, Any]) -> str:
    return ((item.get("resource") or {}).get("primary") or {}).get("URL") or item.get("URL") or ""


def _author_name(author: dict[str, Any]) -> str:
    """'Given Family' for people, the name as given for organisations."""
    if not isinstance(author, dict):
        return ""
    person = " ".join(part.strip() for part in (author.get("given"), author.get("family")) if part and part.strip())
    return plain_text(person or author.get("name"))


def _dates(item: dict[str, Any]) -> tuple[int | None, dt.date | None]:
    for field in _DATE_FIELDS:
        parts = _first((item.get(field) or {}).get("date-parts")) or []
        parts = [int(p) for p in parts if isinstance(p, (int, str)) and str(p).isdecimal()]
        if parts:
            return parts[0], full_date(*parts[:3])
    return None, None


def _first(values: Any) -> Any:
    return values[0] if isinstance(values, list) and values else None


def _get_json(url: str, params: dict[str, Any]) -> dict[str, Any]:
    # The mailto parameter (with the User-Agent) puts us in Crossref's polite pool.
    return http.get_json(SERVICE, url, {**params, "mailto": settings.CONTACT_EMAIL})
