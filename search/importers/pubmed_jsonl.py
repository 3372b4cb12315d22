"""PubMed-style JSONL (the io_resistance file): {"id", "pmid", "pmcid", "doi", "title", "authors": ["Liu R"],
"journal", "pub_date": "YYYY-MM-DD", "abstract", "url", ...}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from search.connectors.fields import iso_date
from search.records import PaperRecord, RecordError

from .reading import json_lines, record_error

SOURCE = "pubmed"


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    for number, paper in json_lines(path):
        if isinstance(paper, RecordError):
            yield paper
            continue
        where = f"line {number}"
        if not isinstance(paper, dict):
            yield record_error(path, where, "not a JSON object")
            continue
        record_id = str(paper.get("id") or paper.get("pmid") or paper.get("doi") or "")
        title = str(paper.get("title") or "").strip()
        if not title:
            yield record_error(path, where, f"record {record_id or '(no id)'} has no title")
            continue
        published = iso_date(paper.get("pub_date"))
        authors = paper.get("authors") or []
        yield PaperRecord(
            title=title,
            source=SOURCE,
            source_id=record_id,
            abstract=paper.get("abstract") or "",
            authors=[str(a) for a in authors] if isinstance(authors, list) else [],
            year=published.year if published else _year(paper.get("pub_date") or paper.get("year")),
            published=published,
            venue=paper.get("journal") or "",
            doi=paper.get("doi") or "",
            pmid=paper.get("pmid") or "",
            pmcid=paper.get("pmcid") or "",
            url=paper.get("url") or "",
            keywords=[str(k) for k in paper.get("keywords") or paper.get("mesh_terms") or []],
            publication_types=[str(t) for t in paper.get("publication_types") or []],
        )


def _year(value: object) -> int | None:
    text = str(value or "")[:4]
    return int(text) if text.isdecimal() else None
