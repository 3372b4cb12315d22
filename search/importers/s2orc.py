"""S2ORC metadata JSONL[.gz]: {"paper_id", "title", "authors": [{first, middle, last, suffix}], "abstract", ...}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from search.records import PaperRecord, RecordError

from .reading import json_lines, record_error

SOURCE = "s2orc"


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    for number, paper in json_lines(path):
        if isinstance(paper, RecordError):
            yield paper
            continue
        where = f"line {number}"
        if not isinstance(paper, dict) or not paper.get("paper_id"):
            yield record_error(path, where, "no paper_id")
            continue
        title = str(paper.get("title") or "").strip()
        if not title:
            yield record_error(path, where, f"paper {paper['paper_id']} has no title")
            continue
        yield PaperRecord(
            title=title,
            source=SOURCE,
            source_id=str(paper["paper_id"]),
            abstract=paper.get("abstract") or "",
            authors=[name for author in paper.get("authors") or [] if (name := _author(author))],
            year=paper.get("year"),
            venue=paper.get("journal") or paper.get("venue") or "",
            doi=paper.get("doi") or "",
            pmid=paper.get("pubmed_id") or "",
            pmcid=paper.get("pmc_id") or "",
            arxiv_id=paper.get("arxiv_id") or "",
            url=paper.get("s2_url") or "",
        )


def _author(author: Any) -> str:
    """'Last, First Middle Suffix' from S2ORC's name parts."""
    if not isinstance(author, dict):
        return str(author or "")
    given = " ".join(part for part in [author.get("first"), *(author.get("middle") or []), author.get("suffix")] if part)
    last = author.get("last") or ""
    return f"{last}, {given}" if last and given else last or given
