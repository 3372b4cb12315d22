"""upsert_records: PaperRecords in, Paper rows out; one row per paper however often and from wherever it comes.

A record is matched to an existing paper by DOI, PMID, PMCID, arXiv id, (source, source_id), then normalised
title with the same non-null year. A record matched by its own (source, source_id) is the same record again: its
non-empty fields replace the stored ones. A record from elsewhere only fills what the paper lacks, so importing
sources in any order, any number of times, converges on the same rows ("re-running an import changes nothing").
Work is done in chunks, a handful of queries per chunk, so bulk imports stay fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone

from search.catalog.normalize import (
    clean_line,
    clean_text,
    normalize_arxiv_id,
    normalize_author,
    normalize_doi,
    normalize_keyword,
    normalize_pmcid,
    normalize_pmid,
    normalize_title,
    unique,
)
from search.catalog.sentences import split_sentences
from search.models import Paper, StudyType
from search.reading.design import read_design
from search.records import PaperRecord

CHUNK_SIZE = 500
ID_FIELDS = ("doi", "pmid", "pmcid", "arxiv_id")
# Fields that a later record of the same source replaces and a record of another source only fills in.
SCALAR_FIELDS = ("title", "authors", "year", "published", "venue", "url")
# Everything the search index and the paper page show: a change to any of them re-indexes the paper.
CONTENT_FIELDS = (
    "title", "abstract", "abstract_sentences", "authors", "year", "published", "venue",
    "doi", "pmid", "pmcid", "arxiv_id", "url", "keywords", "study_type", "source", "source_id",
)
# Titles this short ("Editorial", "Reply to comment") name many papers: never merge on them alone.
MIN_MERGEABLE_TITLE = 20
MAX_LENGTHS = {f.name: f.max_length for f in Paper._meta.concrete_fields if f.max_length}


@dataclass
class UpsertReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    # The paper of each record, in the order the records came (two records of one paper give its id twice).
    paper_ids: list[int] = field(default_factory=list)


def upsert_records(records: Iterable[PaperRecord], *, index: bool = True) -> UpsertReport:
    """Create or update the papers of `records`; after commit, queue indexing once if anything changed.

    `index=False` leaves indexing to the caller (import_papers indexes synchronously at its end).
    Raises ValueError for a record without a title: importers and connectors reject those first.
    """
    report = UpsertReport()
    for chunk in _chunks(records, CHUNK_SIZE):
        prepared = [prepare(record) for record in chunk]
        with transaction.atomic():
            _Chunk(prepared).apply(report)
    if index and (report.imported or report.updated):
        transaction.on_commit(_enqueue_indexing)
    return report


def _enqueue_indexing() -> None:
    from search.tasks import index_pending_papers

    index_pending_papers.delay()


def prepare(record: PaperRecord) -> dict[str, Any]:
    """The Paper field values of a record: cleaned, normalised, bounded to the column sizes."""
    title = clean_line(record.title)
    if not title:
        raise ValueError(f"record {record.source}:{record.source_id} has no title")
    # Sentences given by the source are kept one for one: benchmarks point into them by index.
    sentences = [clean_line(s) for s in record.abstract_sentences]
    abstract = clean_text(record.abstract) or " ".join(sentences)
    sentences = sentences or split_sentences(abstract)
    keywords = unique(normalize_keyword(k) for k in record.keywords)
    published = record.published if isinstance(record.published, dt.date) else None
    if isinstance(published, dt.datetime):
        published = published.date()
    year = _year(record.year) or (published.year if published else None)
    values: dict[str, Any] = {
        "title": title,
        "normalized_title": normalize_title(title),
        "abstract": abstract,
        "abstract_sentences": sentences,
        "authors": unique(normalize_author(a) for a in record.authors),
        "year": year,
        "published": published,
        "venue": clean_line(record.venue)[: MAX_LENGTHS["venue"]],
        "doi": normalize_doi(record.doi),
        "pmid": normalize_pmid(record.pmid),
        "pmcid": normalize_pmcid(record.pmcid),
        "arxiv_id": normalize_arxiv_id(record.arxiv_id),
        "url": _url(record.url),
        "keywords": keywords,
        "study_type": read_design(title, abstract, record.publication_types, keywords).design.value,
        "source": clean_line(record.source)[: MAX_LENGTHS["source"]],
    }
    for name in ID_FIELDS:
        # An identifier too long for its column is not a real one; None keeps the unique columns free.
        values[name] = values[name] if values[name] and len(values[name]) <= MAX_LENGTHS[name] else None
    values["source_id"] = _source_id(record, values)
    return values


class _Chunk:
    """One chunk of prepared records matched against the rows they may update, then written in bulk."""

    def __init__(self, prepared: list[dict[str, Any]]) -> None:
        self.prepared = prepared
        self.owners: dict[str, dict[str, Paper]] = {name: {} for name in ID_FIELDS}
        self.by_source: dict[tuple[str, str], Paper] = {}
        self.by_title: dict[tuple[str, int], Paper] = {}
        self.created: list[Paper] = []
        self.loaded = self._candidates()
        self.originals = {paper.pk: _content(paper) for paper in self.loaded}
        for paper in self.loaded:
            self._register(paper)

    def apply(self, report: UpsertReport) -> None:
        papers = []
        for values in self.prepared:
            paper = self._match(values)
            if paper is None:
                paper = Paper(**values)
                self.created.append(paper)
                self._register(paper)
                report.imported += 1
            else:
                before = _content(paper)
                _merge(paper, values, self.owners)
                changed = _content(paper) != before
                report.updated += changed
                report.unchanged += not changed
                self._register(paper)
            papers.append(paper)
        self._save()
        report.paper_ids.extend(paper.pk for paper in papers)

    def _candidates(self) -> list[Paper]:
        found: dict[int, Paper] = {}
        for name in ID_FIELDS:
            wanted = {v[name] for v in self.prepared if v[name]}
            if wanted:
                found.update((p.pk, p) for p in Paper.objects.filter(**{f"{name}__in": wanted}))
        by_source: dict[str, set[str]] = {}
        for v in self.prepared:
            by_source.setdefault(v["source"], set()).add(v["source_id"])
        for source, ids in by_source.items():
            found.update((p.pk, p) for p in Paper.objects.filter(source=source, source_id__in=ids))
        titles = {v["normalized_title"] for v in self.prepared if v["year"] and len(v["normalized_title"]) >= MIN_MERGEABLE_TITLE}
        if titles:
            found.update((p.pk, p) for p in Paper.objects.filter(normalized_title__in=titles, year__isnull=False))
        return sorted(found.values(), key=lambda p: p.pk)

    def _register(self, paper: Paper) -> None:
        for name in ID_FIELDS:
            value = getattr(paper, name)
            if value:
                self.owners[name].setdefault(value, paper)
        self.by_source.setdefault((paper.source, paper.source_id), paper)
        if paper.year and len(paper.normalized_title) >= MIN_MERGEABLE_TITLE:
            self.by_title.setdefault((paper.normalized_title, paper.year), paper)

    def _match(self, values: dict[str, Any]) -> Paper | None:
        for name in ID_FIELDS:
            if values[name] and values[name] in self.owners[name]:
                return self.owners[name][values[name]]
        if paper := self.by_source.get((values["source"], values["source_id"])):
            return paper
        paper = self.by_title.get((values["normalized_title"], values["year"])) if values["year"] else None
        if paper is not None and not _identifiers_conflict(paper, values):
            return paper
        return None

    def _save(self) -> None:
        now = timezone.now()
        for paper in self.created:
            paper.content_hash = content_hash(paper)
        Paper.objects.bulk_create(self.created, batch_size=CHUNK_SIZE)
        changed = [paper for paper in self.loaded if _content(paper) != self.originals[paper.pk]]
        for paper in changed:
            paper.normalized_title = normalize_title(paper.title)
            paper.content_hash = content_hash(paper)
            paper.updated = now
        if changed:
            fields = [*CONTENT_FIELDS, "normalized_title", "content_hash", "updated"]
            Paper.objects.bulk_update(changed, fields, batch_size=100)


def _merge(paper: Paper, values: dict[str, Any], owners: dict[str, dict[str, Paper]]) -> None:
    """Fold a record into a paper: the same record replaces what it supplies; another source only fills gaps."""
    same_record = (paper.source, paper.source_id) == (values["source"], values["source_id"])
    for name in SCALAR_FIELDS:
        if values[name] and (same_record or not getattr(paper, name)):
            setattr(paper, name, values[name])
    if values["abstract"] and (same_record or not paper.abstract):
        paper.abstract, paper.abstract_sentences = values["abstract"], values["abstract_sentences"]
    if values["study_type"] != StudyType.OTHER and (same_record or paper.study_type == StudyType.OTHER):
        paper.study_type = values["study_type"]
    first, second = (values["keywords"], paper.keywords) if same_record else (paper.keywords, values["keywords"])
    paper.keywords = unique([*first, *second])
    for name in ID_FIELDS:
        value = values[name]
        if not value or value == getattr(paper, name) or (getattr(paper, name) and not same_record):
            continue
        if owners[name].get(value, paper) is not paper:
            continue  # another paper holds this identifier: keep the rows apart rather than break uniqueness
        setattr(paper, name, value)
        owners[name][value] = paper


def _identifiers_conflict(paper: Paper, values: dict[str, Any]) -> bool:
    """Two papers with one title and year but different DOIs (an erratum, a reply) are different papers."""
    return any(getattr(paper, name) and values[name] and getattr(paper, name) != values[name] for name in ID_FIELDS)


def content_hash(paper: Paper) -> str:
    payload = {name: getattr(paper, name) for name in CONTENT_FIELDS}
    payload["published"] = paper.published.isoformat() if paper.published else None
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _content(paper: Paper) -> tuple:
    # Merging assigns new lists rather than mutating stored ones, so a tuple of references is a snapshot.
    return tuple(getattr(paper, name) for name in CONTENT_FIELDS)


def _chunks(records: Iterable[PaperRecord], size: int) -> Iterator[list[PaperRecord]]:
    iterator = iter(records)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _year(value: Any) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1000 <= year <= 2100 else None


def _url(value: str) -> str:
    url = clean_line(value)
    return url if url.startswith(("http://", "https://")) and len(url) <= MAX_LENGTHS["url"] else ""


def _source_id(record: PaperRecord, values: dict[str, Any]) -> str:
    """The record's own id; without one, its strongest identifier or its title, so re-imports still match."""
    own = clean_line(str(record.source_id or ""))
    fallback = values["doi"] or values["pmid"] or values["arxiv_id"] or values["normalized_title"]
    return (own or fallback)[: MAX_LENGTHS["source_id"]]
