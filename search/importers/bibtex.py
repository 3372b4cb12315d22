"""BibTeX files, parsed with bibtexparser v2 one @entry at a time.

Also the field mapping that HALLMARK's BibTeX-style entries share.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text

from search.records import PaperRecord, RecordError

from .reading import file_source, open_text, record_error

# Archive names ("hep-th", "cond-mat.stat-mech") are short: unbounded, each "arxiv" of a long run of letters
# rescanned the rest of the run.
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s/]*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z.-]{0,40}/\d{7})", re.I)
_LATEX = LatexNodes2Text()
_BLOCK_START = re.compile(r"^\s*@\s*(\w+)\s*[{(]")
# bibtexparser logs each syntax error as a warning; read() reports it once, with its file and entry.
logging.getLogger("bibtexparser.splitter").setLevel(logging.ERROR)


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    strings: list[str] = []  # @string definitions so far: later entries may use them
    number = 0
    for first_line, kind, text in _blocks(path):
        if kind == "string":
            strings.append(text)
            continue
        if kind in {"comment", "preamble"}:
            continue
        number += 1
        where = f"entry {number} (line {first_line})"
        library = bibtexparser.parse_string("".join(strings) + text)
        if library.failed_blocks or not library.entries:
            error = library.failed_blocks[0].error if library.failed_blocks else "no entry found"
            yield record_error(path, where, f"unreadable BibTeX ({_first_line(str(error))})")
            continue
        entry = library.entries[0]
        fields = {field.key.lower(): str(field.value) for field in entry.fields}
        try:
            yield record_from_fields(fields, source=file_source(path), source_id=entry.key)
        except RecordError as error:
            yield record_error(path, where, f"@{entry.entry_type}{{{entry.key}}}: {error}")


def _blocks(path: Path) -> Iterator[tuple[int, str, str]]:
    """(first line, block type, text) of each @block, read line by line; text before the first is a comment."""
    first_line, kind, lines = 0, "", []
    with open_text(path) as stream:
        for number, line in enumerate(stream, start=1):
            if start := _BLOCK_START.match(line):
                if lines:
                    yield first_line, kind, "".join(lines)
                first_line, kind, lines = number, start.group(1).lower(), [line]
            elif lines:
                lines.append(line)
    if lines:
        yield first_line, kind, "".join(lines)


def record_from_fields(fields: Mapping[str, str], *, source: str, source_id: str) -> PaperRecord:
    """A PaperRecord from BibTeX fields (lower-case names, LaTeX allowed); RecordError without a title."""
    text = {name: latex_to_text(value) for name, value in fields.items() if value}
    if not text.get("title"):
        raise RecordError("no title")
    venue = text.get("journal") or text.get("booktitle") or text.get("journaltitle") or text.get("series") or ""
    arxiv = text.get("eprint", "") if text.get("archiveprefix", "").lower() == "arxiv" else text.get("arxiv", "")
    if not arxiv and (match := _ARXIV_IN_TEXT.search(" ".join([venue, text.get("note", ""), text.get("url", "")]))):
        arxiv = match.group(1)
    return PaperRecord(
        title=text["title"],
        source=source,
        source_id=source_id,
        abstract=text.get("abstract", ""),
        authors=[name for name in split_multiple_persons_names(text.get("author", "")) if name.lower() != "others"],
        year=_year(text.get("year") or text.get("date")),
        venue=venue,
        doi=text.get("doi", ""),
        pmid=text.get("pmid", ""),
        pmcid=text.get("pmcid", ""),
        arxiv_id=arxiv,
        url=text.get("url", ""),
        keywords=[k.strip() for k in re.split(r"[;,]", text.get("keywords", "")) if k.strip()],
    )


def latex_to_text(value: str) -> str:
    """'Sch{\\"o}n {BERT}' -> 'Schön BERT'; plain values pass through untouched (and fast)."""
    if "\\" not in value and "{" not in value and "$" not in value:
        return value.strip()
    return _LATEX.latex_to_text(value).strip()


def _year(value: str | None) -> int | None:
    match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", value or "")
    return int(match.group(1)) if match else None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "syntax error"
