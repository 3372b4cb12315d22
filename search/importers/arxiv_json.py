"""arXiv records as one JSON array: [{"arxiv_id", "title", "abstract", "published", "authors", "categories"}, ...]."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from search.catalog.normalize import normalize_arxiv_id
from search.connectors.fields import iso_date
from search.records import PaperRecord, RecordError

from .reading import json_array_items, record_error

SOURCE = "arxiv"


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    for position, paper in json_array_items(path):
        if isinstance(paper, RecordError):
            yield paper
            continue
        where = f"item {position}"
        if not isinstance(paper, dict):
            yield record_error(path, where, "not a JSON object")
            continue
        arxiv_id = normalize_arxiv_id(paper.get("arxiv_id") or paper.get("id"))
        title = str(paper.get("title") or "").strip()
        if not arxiv_id or not title:
            yield record_error(path, where, f"{arxiv_id or 'record'} has no {'title' if arxiv_id else 'arXiv id'}")
            continue
        published = iso_date(paper.get("published"))
        yield PaperRecord(
            title=title,
            source=SOURCE,
            source_id=arxiv_id,
            abstract=paper.get("abstract") or paper.get("summary") or "",
            authors=[str(a) for a in paper.get("authors") or []],
            year=published.year if published else None,
            published=published,
            venue=paper.get("journal_ref") or "",
            doi=paper.get("doi") or "",
            arxiv_id=arxiv_id,
            url=f"https://arxiv.org/abs/{arxiv_id}",
            keywords=[str(c) for c in paper.get("categories") or []],
        )

