"""A saved Crossref /works response (or one work item), parsed by the Crossref connector's parser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from search.connectors.crossref import parse_item, response_items
from search.records import PaperRecord, RecordError

from .reading import json_document, record_error


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    try:
        document = json_document(path)
    except RecordError as error:
        yield error
        return
    try:
        # A bare work item or a list of items (no API envelope) is accepted too.
        if isinstance(document, list):
            items = document
        elif isinstance(document, dict) and "DOI" in document:
            items = [document]
        else:
            items = response_items(document)
    except RecordError as error:
        yield record_error(path, "line 1", f"not a Crossref works response ({error})")
        return
    for number, item in enumerate(items, start=1):
        try:
            yield parse_item(item)
        except RecordError as error:
            yield record_error(path, f"item {number}", str(error))
