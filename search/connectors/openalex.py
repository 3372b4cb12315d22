"""OpenAlex works API -> PaperRecord.

parse_work / parse_response are pure and also serve the file importer (import_papers --format openalex).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings

from search.catalog.normalize import normalize_doi, normalize_pmcid, unique
from search.records import PaperRecord, RecordError

from . import http
from .fields import arxiv_id_from_doi, iso_date, parse_each, plain_text

SERVICE = "openalex"
PAGE_SIZE_MAX = 200


def search(query: str, limit: int) -> list[PaperRecord]:
    """Works matching query (titles, abstracts, full text), best first, at most limit."""

    def page(cursor: str, rows: int) -> tuple[list[PaperRecord], str | None]:
        params = {"search": query, "per_page": min(PAGE_SIZE_MAX, rows), "cursor": cursor}
        payload = _get_json(f"{settings.OPENALEX_URL}/works", params)
        return (parse_response(payload) if payload.get("results") else []), (payload.get("meta") or {}).get("next_cursor")

    return http.cursor_paged(page, limit)


def lookup_doi(doi: str) -> PaperRecord | None:
    """The work with this DOI, or None when OpenAlex does not know it."""
    bare = normalize_doi(doi)
    if not bare:
        return None
    payload = http.none_if_not_found(lambda: _get_json(f"{settings.OPENALEX_URL}/works/doi:{quote(bare, safe='/()')}", {}))
    if payload is None:
        return None
    try:
        return parse_work(payload)
    except RecordError:
        return None


def response_works(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The work objects of a /works list response or of a single /works/<id> response."""
    if not isinstance(payload, dict):
        raise RecordError("an OpenAlex response must be a JSON object")
    if isinstance(payload.get("results"), list):
        return payload["results"]
    if payload.get("id") and "title" in payload:
        return [payload]
    raise RecordError("not an OpenAlex works response (no 'results' and no work 'id')")


def parse_response(payload: dict[str, Any]) -> list[PaperRecord]:
    """Every usable work of a response; works without a title are logged and skipped."""
    return parse_each(response_works(payload), parse_work, "OpenAlex work")


def parse_work(work: dict[str, Any]) -> PaperRecord:
    """One OpenAlex work object -> PaperRecord; RecordError when it has no id or title."""
    if not isinstance(work, dict):
        raise RecordError("an OpenAlex work must be a JSON object")
    work_id = _last_path_part(work.get("id"))
    if not work_id:
        raise RecordError("OpenAlex work has no id")
    title = plain_text(work.get("title") or work.get("display_name"))
    if not title:
        raise RecordError(f"OpenAlex work {work_id} has no title")
    ids = work.get("ids") or {}
    doi = normalize_doi(work.get("doi") or ids.get("doi"))
    location = work.get("primary_location") or {}
    return PaperRecord(
        title=title,
        source=SERVICE,
        source_id=work_id,
        abstract=rebuild_abstract(work.get("abstract_inverted_index")),
        authors=[name for authorship in work.get("authorships") or [] if (name := _author_name(authorship))],
        year=work.get("publication_year") or None,
        published=iso_date(work.get("publication_date")),
        venue=_venue(work, location),
        doi=doi,
        pmid=_last_path_part(ids.get("pmid")),
        pmcid=normalize_pmcid(_last_path_part(ids.get("pmcid"))),
        arxiv_id=arxiv_id_from_doi(doi),
        url=location.get("landing_page_url") or (f"https://doi.org/{doi}" if doi else work.get("id", "")),
        keywords=unique(
            [k.get("display_name", "") for k in work.get("keywords") or [] if isinstance(k, dict)]
            + [m.get("descriptor_name", "") for m in work.get("mesh") or []]
        ),
        publication_types=[work["type"]] if work.get("type") else [],
    )


def rebuild_abstract(inverted_index: dict[str, list[int]] | None) -> str:
    """OpenAlex ships abstracts as word -> positions; put the words back in order."""
    if not inverted_index:
        return ""
    positions = sorted((position, word) for word, places in inverted_index.items() for position in places)
    return plain_text(" ".join(word for _, word in positions))


def _author_name(authorship: dict[str, Any]) -> str:
    name = (authorship.get("author") or {}).get("display_name") or authorship.get("raw_author_name") or ""
    return plain_text(name)


def _venue(work: dict[str, Any], location: dict[str, Any]) -> str:
    for candidate in [location, *(work.get("locations") or [])]:
        name = ((candidate or {}).get("source") or {}).get("display_name")
        if name:
            return name.strip()
    return ((work.get("host_venue") or {}).get("display_name") or "").strip()


def _last_path_part(url: str | None) -> str:
    """'https://openalex.org/W2741809807' -> 'W2741809807'; 'https://pubmed.ncbi.nlm.nih.gov/29456894' -> '29456894'."""
    if not url:
        return ""
    return str(url).rstrip("/").rsplit("/", 1)[-1]


def _get_json(url: str, params: dict[str, Any]) -> dict[str, Any]:
    params = {**params, "mailto": settings.CONTACT_EMAIL}
    if settings.OPENALEX_API_KEY:
        params["api_key"] = settings.OPENALEX_API_KEY
    return http.get_json(SERVICE, url, params)
