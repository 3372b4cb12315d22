"""PaperRecord: what every importer and connector produces, before it becomes a Paper row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class PaperRecord:
    title: str
    source: str
    source_id: str
    abstract: str = ""
    abstract_sentences: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    published: dt.date | None = None
    venue: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    arxiv_id: str = ""
    url: str = ""
    keywords: list[str] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)


class RecordError(ValueError):
    """A record that cannot become a paper; the importer reports it with its position and skips it."""
