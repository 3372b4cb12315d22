"""SciFact corpus.jsonl[.gz]: {"doc_id", "title", "abstract": [sentences], "structured"}; source_id = doc_id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from search.records import PaperRecord, RecordError

from .reading import json_lines, record_error

SOURCE = "scifact"


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    for number, doc in json_lines(path):
        if isinstance(doc, RecordError):
            yield doc
            continue
        where = f"line {number}"
        if not isinstance(doc, dict) or doc.get("doc_id") in (None, ""):
            yield record_error(path, where, "no doc_id")
            continue
        title = str(doc.get("title") or "").strip()
        if not title:
            yield record_error(path, where, f"doc {doc['doc_id']} has no title")
            continue
        sentences = doc.get("abstract") or []
        if not isinstance(sentences, list):
            yield record_error(path, where, f"doc {doc['doc_id']}: abstract is not a list of sentences")
            continue
        # The benchmark's evidence indices point into this exact list, so it is kept as given.
        sentences = [str(s).strip() for s in sentences]
        yield PaperRecord(
            title=title,
            source=SOURCE,
            source_id=str(doc["doc_id"]),
            abstract=" ".join(s for s in sentences if s),
            abstract_sentences=sentences,
        )
