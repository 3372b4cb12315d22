"""RIS (Scopus, PubMed, EndNote exports), parsed with rispy one TY…ER record at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import rispy

from search.catalog.normalize import without_trailing_run
from search.records import PaperRecord, RecordError

from .reading import file_source, open_text, record_error

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
# MeSH keywords exported as "Brain Injuries/*epidemiology/*psychology": the heading is what a reader looks for.
_MESH_SUBHEADING = re.compile(r"/\*?[a-z][a-z ,-]*+")


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    parser = rispy.RisParser()
    for number, first_line, lines in _records(path):
        where = f"record {number} (line {first_line})"
        try:
            fields = parser.parse_lines(iter(lines))[0]
        except (IndexError, KeyError, ValueError) as error:
            yield record_error(path, where, f"unreadable RIS record ({error})")
            continue
        title = fields.get("title") or fields.get("primary_title") or fields.get("short_title") or ""
        if not title.strip():
            yield record_error(path, where, "no title (TI/T1)")
            continue
        yield _record(path, number, fields, title)


def _records(path: Path) -> Iterator[tuple[int, int, list[str]]]:
    """(record number, first line number, lines) of each TY…ER block; stray lines between blocks are ignored."""
    number, first_line, lines = 0, 0, []
    with open_text(path) as stream:
        for line_number, raw in enumerate(stream, start=1):
            line = raw.rstrip("\r\n")
            tag = _TAG_LINE.match(line)
            if tag and tag.group(1) == "TY":
                if lines:
                    yield number, first_line, [*lines, "ER  - "]
                number, first_line, lines = number + 1, line_number, [line]
            elif lines:
                lines.append(line)
                if tag and tag.group(1) == "ER":
                    yield number, first_line, lines
                    lines = []
        if lines:
            yield number, first_line, [*lines, "ER  - "]


def _record(path: Path, number: int, fields: dict, title: str) -> PaperRecord:
    accession = str(fields.get("accession_number") or "")
    from_pubmed = "nlm" in str(fields.get("database_provider") or "").lower() or "pubmed" in str(fields.get("name_of_database") or "").lower()
    urls = fields.get("urls") or []
    return PaperRecord(
        title=title,
        source=file_source(path),
        source_id=str(fields.get("id") or accession or f"record-{number}"),
        abstract=fields.get("abstract") or fields.get("notes_abstract") or "",
        authors=list(fields.get("authors") or fields.get("first_authors") or []),
        year=_year(fields.get("year") or fields.get("publication_year") or fields.get("date")),
        venue=fields.get("secondary_title") or fields.get("journal_name") or fields.get("alternate_title3") or fields.get("alternate_title1") or "",
        doi=fields.get("doi") or "",
        pmid=accession if from_pubmed else "",
        url=urls[0] if urls else "",
        keywords=[without_trailing_run(_MESH_SUBHEADING, k) for k in fields.get("keywords") or []],
        # PubMed's RIS puts the publication types ("Journal Article", "Review") among the notes.
        publication_types=[str(t) for t in [*(fields.get("notes") or []), fields.get("type_of_work")] if t],
    )


def _year(value: object) -> int | None:
    match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(value or ""))
    return int(match.group(1)) if match else None
