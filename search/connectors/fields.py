"""Field clean-up shared by the connector parsers: markup-free text, bare identifiers, dates."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from search.catalog.normalize import normalize_arxiv_id
from search.records import PaperRecord, RecordError

log = logging.getLogger(__name__)

# Headings of JATS sections ("Abstract", "Background") are dropped: the abstract is plain prose.
_JATS_TITLE = re.compile(r"<(?:jats:)?title\b[^>]*>.*?</(?:jats:)?title>", re.S | re.I)
_BLOCK_TAG = re.compile(r"</?(?:jats:)?(?:p|sec|list|list-item|br|div|disp-quote)\b[^>]*>", re.I)
# A tag starts with a letter: "p<0.05" and "a < b" are text, not markup.
_ANY_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
_SPACE = re.compile(r"\s+")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)


def plain_text(value: str | None) -> str:
    """Plain text from a string that may hold JATS/HTML markup and entities, whitespace collapsed."""
    if not value:
        return ""
    text = _JATS_TITLE.sub(" ", value)
    text = _BLOCK_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return squash_space(html.unescape(text))


def squash_space(value: str | None) -> str:
    """Whitespace runs (newlines of wrapped XML text included) -> one space."""
    return _SPACE.sub(" ", value or "").strip()


def arxiv_id_from_doi(doi: str) -> str:
    """arXiv registers DataCite DOIs 10.48550/arXiv.<id>; they name the preprint exactly."""
    match = _ARXIV_DOI.match(doi)
    return normalize_arxiv_id(match.group(1)) if match else ""


def full_date(year: int | None, month: int | None = None, day: int | None = None) -> dt.date | None:
    """A date only when all three parts are known and valid: a month alone is not a publication day."""
    if not (year and month and day):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def iso_date(value: str | None) -> dt.date | None:
    """'2018-02-13' or '2020-01-29T20:27:42Z' -> date; anything else -> None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_each(items: Iterable[Any], parse: Callable[[Any], PaperRecord], label: str) -> list[PaperRecord]:
    """The records of every item that parses; one unusable item is logged and skipped, never the whole page."""
    records = []
    for position, item in enumerate(items, start=1):
        try:
            records.append(parse(item))
        except RecordError as error:
            log.info("%s %d skipped: %s", label, position, error)
    return records
