"""Reference check: is each cited reference a real paper, described correctly?"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings

from search.engine import QueryError, search
from search.exports import to_bibtex
from search.models import Paper
from search.records import PaperRecord
from truecite import live
from truecite.compare import SAME_PAPER_TITLE, Comparison, Difference, compare, surname, title_key
from truecite.refparse import ParsedReference, parse_references

RefVerdict = Literal["verified", "mismatch", "not_found"]
TITLE_CANDIDATES = 10
AUTHOR_YEAR_CANDIDATES = 50
_RECORD_FIELDS = ("title", "authors", "year", "venue", "doi", "pmid", "arxiv_id")


@dataclass
class ReferenceVerdict:
    key: str
    raw: str
    cited: dict
    verdict: RefVerdict
    confidence: float
    mismatched_fields: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    paper_id: int | None = None  # the catalog paper it matched
    matched_source_id: str | None = None
    matched: dict | None = None  # the real record's fields, catalog or live
    corrected_bibtex: str = ""
    problems: list[str] = field(default_factory=list)


def check_references(text: str) -> list[ReferenceVerdict]:
    """Parse a reference list (any supported format) and check every reference."""
    return [check_reference(reference) for reference in parse_references(text, max_references=settings.TRUECITE_MAX_REFERENCES)]


def check_reference(reference: ParsedReference) -> ReferenceVerdict:
    cited = reference.record
    if not cited.title and not (cited.doi or cited.pmid or cited.arxiv_id):
        return _verdict(reference, "not_found", 0.3)
    candidates = _catalog_candidates(cited)
    best = _best(reference, candidates)
    if best is None or (best[1].differences and settings.TRUECITE_LIVE_LOOKUPS):
        live_best = _best(reference, live.by_doi(cited.doi) + live.by_title(cited.title))
        if live_best and (best is None or len(live_best[1].differences) < len(best[1].differences)):
            best = live_best
    if best is None:
        return _not_found(reference)
    record, comparison = best
    _flag_unconfirmed_doi(cited, record, comparison)
    if comparison.differences:
        confidence = 0.6 + 0.4 * min(1.0, len(comparison.differences) / 2)
        return _verdict(reference, "mismatch", confidence, record, comparison)
    confidence = 0.5 + 0.5 * min(1.0, comparison.fields_checked / 4) * comparison.title_similarity / 100
    return _verdict(reference, "verified", confidence, record, comparison)


def _catalog_candidates(cited: PaperRecord) -> list[Paper]:
    found: dict[int, Paper] = {}
    for name in ("doi", "pmid", "arxiv_id"):
        if value := getattr(cited, name):
            found.update((p.id, p) for p in Paper.objects.filter(**{f"{name}__iexact": value}))
    if cited.title:
        found.update((p.id, p) for p in Paper.objects.filter(normalized_title=title_key(cited.title)))
        ids = [hit.paper_id for hit in _title_hits(cited.title) if hit.paper_id not in found]
        found.update((p.id, p) for p in Paper.objects.filter(id__in=ids))
        found.update((p.id, p) for p in _same_first_author_and_year(cited))
    return list(found.values())


def _same_first_author_and_year(cited: PaperRecord) -> list[Paper]:
    """Papers of the first author's surname in that year: finds the paper behind an altered title even
    where the search index is not built yet."""
    first = surname(cited.authors[0]) if cited.authors else ""
    if len(first) < 3 or not cited.year:
        return []
    return list(Paper.objects.filter(year=cited.year, authors__icontains=first)[:AUTHOR_YEAR_CANDIDATES])


def _title_hits(title: str):
    try:
        return search(title[:900], top=TITLE_CANDIDATES, mode="lexical")
    except (QueryError, ValueError, OSError):
        return []  # no index yet, or a title the engine refuses: exact matches still count


def _best(reference: ParsedReference, records: list) -> tuple[object, Comparison] | None:
    """The record this reference most plausibly names: same title (or identifier), fewest differences."""
    cited = reference.record
    scored = []
    for record in records:
        comparison = compare(cited, record, authors_truncated=reference.authors_truncated, written=reference.written)
        shares_identifier = any(
            getattr(cited, name) and str(getattr(cited, name)).lower() == str(getattr(record, name) or "").lower()
            for name in ("doi", "pmid", "arxiv_id")
        )
        if comparison.title_similarity >= SAME_PAPER_TITLE or shares_identifier:
            scored.append((len(comparison.differences), -comparison.title_similarity, record, comparison))
    if not scored:
        return None
    scored.sort(key=lambda row: row[:2])
    return scored[0][2], scored[0][3]


def _flag_unconfirmed_doi(cited: PaperRecord, record, comparison: Comparison) -> None:
    """A cited DOI the matched record lacks: it names another catalog paper, or nothing vouches for it."""
    if not cited.doi or record.doi:
        return
    owner = Paper.objects.filter(doi__iexact=cited.doi).first()
    if owner is not None and owner.pk != getattr(record, "pk", None):
        comparison.differences.append(Difference("doi", cited.doi, "", f"the DOI belongs to another paper: {owner.title[:150]}"))
    elif owner is None and not live.by_doi(cited.doi):
        comparison.differences.append(Difference("doi", cited.doi, "", "the DOI could not be confirmed"))


def _not_found(reference: ParsedReference) -> ReferenceVerdict:
    verdict = _verdict(reference, "not_found", 0.9 if settings.TRUECITE_LIVE_LOOKUPS else 0.75)
    if reference.record.year and reference.record.year > time.gmtime().tm_year + 1:
        verdict.problems.append("the year is in the future")
    return verdict


def _fields(record) -> dict:
    return {name: getattr(record, name) or ("" if name != "authors" else []) for name in _RECORD_FIELDS}


def _verdict(
    reference: ParsedReference, verdict: RefVerdict, confidence: float, record=None, comparison: Comparison | None = None
) -> ReferenceVerdict:
    result = ReferenceVerdict(
        key=reference.key,
        raw=reference.raw,
        cited=_fields(reference.record),
        verdict=verdict,
        confidence=round(confidence, 3),
        problems=list(reference.problems),
    )
    if record is not None and comparison is not None:
        result.mismatched_fields = comparison.mismatched_fields
        result.differences = comparison.differences
        result.matched = _fields(record)
        if isinstance(record, Paper):
            result.paper_id = record.id
            result.matched_source_id = record.source_id
        if comparison.differences:
            paper = record if isinstance(record, Paper) else Paper(**_fields(record))
            result.corrected_bibtex = to_bibtex(paper)
    return result
