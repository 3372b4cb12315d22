"""A saved OpenAlex /works response (or one work, or a list of works), parsed by the OpenAlex connector's parser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from search.connectors.openalex import parse_work, response_works
from search.records import PaperRecord, RecordError

from .reading import json_document, record_error


def read(path: Path) -> Iterator[PaperRecord | RecordError]:
    try:
        document = json_document(path)
    except RecordError as error:
        yield error
        return
    try:
        works = document if isinstance(document, list) else response_works(document)
    except (RecordError, AttributeError) as error:
        yield record_error(path, "line 1", f"not an OpenAlex works response ({error})")
        return
    for number, work in enumerate(works, start=1):
        try:
            yield parse_work(work)
        except RecordError as error:
            yield record_error(path, f"work {number}", str(error))
