"""Format names -> readers, and recognising a file's format from its name and first bytes."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from search.records import PaperRecord, RecordError

from . import arxiv_json, bibtex, crossref, csv_table, hallmark, openalex, pubmed_jsonl, ris, s2orc, scifact
from .reading import first_text

Reader = Callable[[Path], Iterator[PaperRecord | RecordError]]

FORMATS: dict[str, Reader] = {
    "scifact": scifact.read,
    "s2orc": s2orc.read,
    "pubmed-jsonl": pubmed_jsonl.read,
    "arxiv-json": arxiv_json.read,
    "ris": ris.read,
    "bibtex": bibtex.read,
    "hallmark": hallmark.read,
    "csv": csv_table.read,
    "openalex": openalex.read,
    "crossref": crossref.read,
}
# Keys that only one JSON-lines format has, checked in order against the first record.
_JSONL_SIGNATURES = [
    ("hallmark", {"bibtex_key", "fields"}),
    ("scifact", {"doc_id", "abstract"}),
    ("s2orc", {"paper_id", "title"}),
    ("pubmed-jsonl", {"pmid", "title"}),
]


class UnknownFormat(ValueError):
    """The format was not named and cannot be recognised, or the named format does not exist."""


def read_file(path: Path, format: str | None = None, source: str | None = None) -> Iterator[PaperRecord | RecordError]:
    """The records of a file in `format` (detected when not given), with `source` replacing the reader's default."""
    reader = FORMATS.get(format or detect_format(path))
    if reader is None:
        raise UnknownFormat(f"unknown format {format!r}; known formats: {', '.join(FORMATS)}")
    for record in reader(path):
        yield dataclasses.replace(record, source=source) if source and isinstance(record, PaperRecord) else record


def detect_format(path: Path) -> str:
    """The format of a file from its extension and, for JSON, the shape of its first record."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".ris"):
        return "ris"
    if name.endswith((".bib", ".bibtex")):
        return "bibtex"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        text = first_text(path, 1 << 16).lstrip()
        fmt = _jsonl_format(text.split("\n", 1)[0]) if not text.startswith("[") else None
        fmt = fmt or _json_format(text)
        if fmt:
            return fmt
    raise UnknownFormat(f"cannot tell the format of {path}; name one with --format ({', '.join(FORMATS)})")


def _jsonl_format(line: str) -> str | None:
    try:
        first = json.loads(line)
    except ValueError:
        return None
    if not isinstance(first, dict):
        return None
    for fmt, keys in _JSONL_SIGNATURES:
        if keys <= first.keys():
            return fmt
    return _json_format(line)


def _json_format(text: str) -> str | None:
    """OpenAlex and Crossref responses and arXiv arrays, recognised from the start of the document."""
    head = text[:20000]
    if '"message-type"' in head or '"DOI"' in head:
        return "crossref"
    if "openalex.org/" in head:
        return "openalex"
    if head.startswith("[") and '"arxiv_id"' in head:
        return "arxiv-json"
    return None
