"""Generic CSV with common column names (the Cohen 2006 drug class review files among them:
pubmedID,title,keywords,authors,abstracts,label1,label2 with "; "-separated MeSH terms and authors)."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from search.records import PaperRecord, RecordError

from .reading import file_source, open_text, record_error

# Our field -> accepted column names (compared case-insensitively, ignoring spaces, "_" and "-").
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "recordid", "key", "sourceid"),
    "title": ("title", "ti", "primarytitle", "articletitle", "documenttitle"),
    "abstract": ("abstract", "abstracts", "ab", "summary"),
    "authors": ("authors", "author", "au", "authorfullnames"),
    "year": ("year", "py", "publicationyear", "pubyear"),
    "date": ("date", "pubdate", "publicationdate", "published"),
    "venue": ("journal", "venue", "journalname", "sourcetitle", "booktitle", "t2", "jo", "container"),
    "doi": ("doi", "do"),
    "pmid": ("pmid", "pubmedid", "pubmed"),
    "pmcid": ("pmcid", "pmc", "pmcid"),
    "arxiv_id": ("arxivid", "arxiv", "eprint"),
    "url": ("url", "link", "ur"),
    "keywords": ("keywords", "keyword", "kw", "mesh", "meshterms", "authorkeywords"),
    "publication_types": ("publicationtypes", "publicationtype", "documenttype", "type"),
}
# Cohen's files join abstract sections with "; " after a sentence end: make those paragraph breaks again.
_SECTION_JOIN = re.compile(r"(?<=[.!?])\s*;\s+")
# Separators take a run of whitespace whole: starting only where a run starts, with possessive runs, each
# space of a long run no longer rescans the rest of it.
_LIST_SEPARATOR = re.compile(r"(?:(?<!\s)|(?!\s))\s*+[;|]\s*+")
_AND = re.compile(r"(?<!\s)\s++and\s+")

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    with open_text(path) as stream:
        header_line = stream.readline()
        stream.seek(0)
        # The header names the delimiter; sniffing the data would be fooled by "; " lists inside cells.
        delimiter = max(",;\t", key=header_line.count)
        rows = csv.reader(stream, delimiter=delimiter)
        header = next(rows, None)
        if not header:
            yield record_error(path, "line 1", "no header row")
            return
        columns = _map_columns(header)
        if "title" not in columns:
            yield record_error(path, "line 1", f"no title column among {header}")
            return
        number = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as error:
                number += 1
                yield record_error(path, f"row {number} (line {rows.line_num})", f"unreadable CSV ({error})")
                continue
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            where = f"row {number} (line {rows.line_num})"
            values = {name: row[index].strip() if index < len(row) else "" for name, index in columns.items()}
            if not values["title"]:
                yield record_error(path, where, "no title")
                continue
            yield _record(path, number, values)


def _map_columns(header: list[str]) -> dict[str, int]:
    keys = [re.sub(r"[\s_\-.]", "", name).lower() for name in header]
    columns = {}
    for field, names in COLUMNS.items():
        for name in names:
            if name in keys:
                columns[field] = keys.index(name)
                break
    return columns


def _record(path: Path, number: int, values: Mapping[str, str]) -> PaperRecord:
    get = values.get
    authors = get("authors", "")
    year_match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", get("year") or get("date") or "")
    return PaperRecord(
        title=values["title"],
        source=file_source(path),
        source_id=get("id") or get("pmid") or get("doi") or f"row-{number}",
        abstract=_SECTION_JOIN.sub("\n\n", get("abstract", "")),
        authors=_LIST_SEPARATOR.split(authors) if ";" in authors or "|" in authors else _AND.split(authors),
        year=int(year_match.group(1)) if year_match else None,
        venue=get("venue", ""),
        doi=get("doi", ""),
        pmid=get("pmid", ""),
        pmcid=get("pmcid", ""),
        arxiv_id=get("arxiv_id", ""),
        url=get("url", ""),
        keywords=[k for k in _LIST_SEPARATOR.split(get("keywords", "")) if k],
        publication_types=[t for t in _LIST_SEPARATOR.split(get("publication_types", "")) if t],
    )
