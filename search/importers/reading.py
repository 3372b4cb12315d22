"""Steps every reader shares: opening files (gzip or not), numbered JSON records, positioned errors."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from search.records import RecordError

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK_CHARS = 1 << 20


class IgnoredRecord(RecordError):
    """A record left out on purpose (a HALLUCINATED HALLMARK entry): counted as skipped, not reported."""


def record_error(path: Path, position: str, message: str) -> RecordError:
    """An error that names its file and place in it, e.g. 'corpus.jsonl:line 7: broken JSON (...)'."""
    return RecordError(f"{path}:{position}: {message}")


def file_source(path: Path) -> str:
    """The default source of formats whose record ids are unique only within one file: the file's name."""
    return path.name.split(".")[0]


def open_text(path: Path) -> TextIO:
    """The file as UTF-8 text, gunzipped on the fly when it is gzip; a byte order mark is dropped."""
    with open(path, "rb") as probe:
        compressed = probe.read(2) == GZIP_MAGIC
    raw = gzip.open(path, "rb") if compressed else open(path, "rb")
    # Undecodable bytes become U+FFFD: the record keeps its other fields instead of the file failing.
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def first_text(path: Path, size: int = 4096) -> str:
    """The beginning of a file's text, for format detection."""
    with open_text(path) as stream:
        return stream.read(size)


def json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) for each non-blank line; a broken line yields a RecordError instead."""
    with open_text(path) as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line.rstrip())
            except json.JSONDecodeError as error:
                yield number, record_error(path, f"line {number}", f"broken JSON ({error.msg} at column {error.colno})")


def json_document(path: Path) -> Any:
    """A whole JSON document (an API response page); RecordError when it is not valid JSON."""
    with open_text(path) as stream:
        try:
            return json.load(stream)
        except json.JSONDecodeError as error:
            raise record_error(path, f"line {error.lineno}", f"broken JSON ({error.msg})") from error


def json_array_items(path: Path) -> Iterator[tuple[int, Any]]:
    """(position, item) for each element of a top-level JSON array, read a chunk at a time, not all at once.

    A syntax error ends the file (nothing after it can be located reliably) with a RecordError naming the item.
    """
    decoder = json.JSONDecoder()
    with open_text(path) as stream:
        buffer = stream.read(_CHUNK_CHARS)
        offset = _skip(buffer, 0, "")
        if buffer[offset : offset + 1] != "[":
            yield 1, record_error(path, "item 1", "not a JSON array")
            return
        offset, eof, position = offset + 1, False, 0
        while True:
            offset = _skip(buffer, offset, ",")
            if offset < len(buffer) and buffer[offset] == "]":
                return
            try:
                item, end = decoder.raw_decode(buffer, offset)
            except json.JSONDecodeError as error:
                if eof:
                    if offset < len(buffer):
                        message = f"broken JSON ({error.msg}); the rest of the file cannot be read"
                        yield position + 1, record_error(path, f"item {position + 1}", message)
                    return
                # The item may only be cut off by the end of the buffer: read on and try again.
                chunk = stream.read(_CHUNK_CHARS)
                buffer, offset, eof = buffer[offset:] + chunk, 0, not chunk
                continue
            position += 1
            yield position, item
            offset = end


def _skip(buffer: str, offset: int, separators: str) -> int:
    """The offset of the next character that is not whitespace or one of `separators`."""
    while offset < len(buffer) and (buffer[offset].isspace() or buffer[offset] in separators):
        offset += 1
    return offset
