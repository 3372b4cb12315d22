"""arXiv API (Atom feed; the current format and the legacy 2016 one) -> PaperRecord."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from lxml import etree

from search.catalog.normalize import normalize_arxiv_id, normalize_doi, unique
from search.records import PaperRecord, RecordError

from . import http
from .fields import iso_date, squash_space

SERVICE = "arxiv"
PAGE_SIZE = 100
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ABS_ID = re.compile(r"arxiv\.org/abs/(.+)$")
_FIELD_PREFIX = re.compile(r"\b(?:ti|au|abs|co|jr|cat|rn|id|all):", re.I)
_WORD = re.compile(r"[\w.+-]+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
log = logging.getLogger(__name__)


def search(query: str, limit: int) -> list[PaperRecord]:
    """Preprints matching query, by relevance; arXiv's own syntax (au:, ti:, cat:, AND/OR) passes through."""
    search_query = query if _FIELD_PREFIX.search(query) else " AND ".join(f"all:{w}" for w in _WORD.findall(query))
    if not search_query.strip():
        return []
    records: list[PaperRecord] = []
    while len(records) < limit:
        params = {
            "search_query": search_query,
            "start": len(records),
            "max_results": min(PAGE_SIZE, limit - len(records)),
            "sortBy": "relevance",
        }
        page = _fetch(params)
        records.extend(page)
        if len(page) < params["max_results"]:
            break
    return records[:limit]


def lookup_ids(arxiv_ids: list[str]) -> list[PaperRecord]:
    """The preprints with these ids (any version); ids arXiv does not know are simply absent."""
    ids = [bare for i in arxiv_ids if (bare := normalize_arxiv_id(i))]
    return _fetch({"id_list": ",".join(ids), "max_results": len(ids)}) if ids else []


def parse_response(xml: bytes | str) -> list[PaperRecord]:
    """Every entry of an arXiv Atom feed; RecordError when the feed reports an API error."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as error:
        raise RecordError(f"arXiv feed does not parse: {error}") from error
    if root.tag != f"{{{NS['atom']}}}feed":
        raise RecordError(f"expected an Atom feed, got <{root.tag}>")
    records = []
    for position, entry in enumerate(root.findall("atom:entry", NS), start=1):
        if "/api/errors" in _text(entry, "atom:id"):
            raise RecordError(f"arXiv API error: {_text(entry, 'atom:summary')}")
        try:
            records.append(parse_entry(entry))
        except RecordError as error:
            log.info("arXiv entry %d skipped: %s", position, error)
    return records


def parse_entry(entry: Any) -> PaperRecord:
    """One Atom <entry> -> PaperRecord (arXiv id without version); RecordError without id or title."""
    match = _ABS_ID.search(_text(entry, "atom:id"))
    arxiv_id = normalize_arxiv_id(match.group(1)) if match else ""
    title = _text(entry, "atom:title")
    if not arxiv_id or not title:
        raise RecordError(f"arXiv entry {_text(entry, 'atom:id') or '(no id)'} has no arXiv id or no title")
    published = iso_date(_text(entry, "atom:published"))
    categories = [node.get("term", "") for node in entry.findall("atom:category", NS)]
    return PaperRecord(
        title=title,
        source=SERVICE,
        source_id=arxiv_id,
        abstract=_text(entry, "atom:summary"),
        authors=[name for node in entry.findall("atom:author/atom:name", NS) if (name := squash_space(node.text))],
        year=published.year if published else None,
        published=published,
        venue=_text(entry, "arxiv:journal_ref") or "arXiv",
        doi=normalize_doi(_text(entry, "arxiv:doi")),
        arxiv_id=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        keywords=unique(categories),
        publication_types=["preprint"],
    )


def _fetch(params: dict[str, Any]) -> list[PaperRecord]:
    response = http.get(SERVICE, settings.ARXIV_URL, params)
    try:
        return parse_response(response.content)
    except RecordError as error:
        raise http.ConnectorError(f"arxiv answered something unexpected: {error}") from error


def _text(entry: Any, path: str) -> str:
    node = entry.find(path, NS)
    return squash_space("".join(node.itertext())) if node is not None else ""
