"""HALLMARK JSONL: BibTeX-style entries labelled VALID or HALLUCINATED; only VALID entries describe real papers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from search.records import PaperRecord, RecordError

from .bibtex import record_from_fields
from .reading import IgnoredRecord, json_lines, record_error

SOURCE = "hallmark"
_DBLP_RECORD = re.compile(r"^https?://dblp\.org/rec/(.+?)(?:\.html)?$")


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    for number, entry in json_lines(path):
        if isinstance(entry, RecordError):
            yield entry
            continue
        where = f"line {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("fields"), dict) or not entry.get("bibtex_key"):
            yield record_error(path, where, "not a HALLMARK entry (bibtex_key and fields are required)")
            continue
        if entry.get("label") != "VALID":
            yield IgnoredRecord(f"{path}:{where}: {entry.get('label')} entry {entry['bibtex_key']} is not a real paper")
            continue
        fields = {str(name).lower(): str(value) for name, value in entry["fields"].items() if value is not None}
        fields.setdefault("date", str(entry.get("publication_date") or ""))
        try:
            yield record_from_fields(fields, source=SOURCE, source_id=entry_id(entry))
        except RecordError as error:
            yield record_error(path, where, f"{entry['bibtex_key']}: {error}")


def entry_id(entry: dict) -> str:
    """The entry's DBLP record key when it has one, else its citation key.

    Citation keys repeat across different papers in HALLMARK ("00022021learning" names two), DBLP keys do not.
    """
    match = _DBLP_RECORD.match(str(entry["fields"].get("url") or ""))
    return f"dblp:{match.group(1)}" if match else str(entry["bibtex_key"])
