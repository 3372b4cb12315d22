"""The search page's work: the engine's ranked hits, filtered, faceted, sorted, paginated and highlighted.

The engine ranks; everything a visitor narrows by (year, venue, study type, has abstract) is applied here
with the ORM over the engine's best hits, so the filters and their counts always agree.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import engine
from search.engine.lexical import analyse
from search.models import Paper, StudyType

# Engine hits the page filters and facets over; beyond this depth results are too weak to matter.
DEPTH = 500
# Which engine hits count as results. MiniLM cosine between a query and an unrelated abstract is
# mostly below 0.2, so: a hit with no full-text match needs DENSE_ONLY_MIN; a full-text match needs
# DENSE_FLOOR, unless its BM25 is close to the best one (author names and rare terms embed poorly).
# Without the floor a common word such as "after" made half the catalog "match" (measured on the demo catalog).
DENSE_ONLY_MIN = 0.45
DENSE_FLOOR = 0.2
STRONG_LEXICAL = 0.3
PER_PAGE = 15
TOP_VENUES = 8
SNIPPET_CHARS = 320
AUTHORS_SHOWN = 3
YEAR_MIN, YEAR_MAX = 1500, 2100
SORTS = {"relevance": "Relevance", "newest": "Newest first"}
EXAMPLE_QUERIES = [
    "immunotherapy resistance melanoma",
    "metformin cancer risk",
    "PD-1 inhibitors overall survival",
    "gut microbiome and checkpoint response",
]
WORD = re.compile(r"\w+")
# A query that is just an identifier finds its paper first (the full-text index holds no identifiers).
IDENTIFIERS = [
    ("doi__iexact", re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.I)),
    ("pmid", re.compile(r"^(?:pmid:?\s*)?(\d{4,9})$", re.I)),
    ("pmcid__iexact", re.compile(r"^(pmc\d+)$", re.I)),
    ("arxiv_id", re.compile(r"^(?:arxiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.I)),
]


@dataclass
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    venues: list[str] = field(default_factory=list)
    study_types: list[str] = field(default_factory=list)
    has_abstract: bool = False
    sort: str = "relevance"
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.year_from or self.year_to or self.venues or self.study_types or self.has_abstract)


def _year_q(filters: Filters) -> Q:
    q = Q()
    if filters.year_from:
        q &= Q(year__gte=filters.year_from)
    if filters.year_to:
        q &= Q(year__lte=filters.year_to)
    return q


def _filter_q(filters: Filters, *, skip: str = "") -> Q:
    """The filters as one Q; `skip` leaves one facet's own filter out so its counts show the alternatives."""
    q = Q()
    if skip != "year":
        q &= _year_q(filters)
    if filters.venues and skip != "venue":
        q &= Q(venue__in=filters.venues)
    if filters.study_types and skip != "type":
        q &= Q(study_type__in=filters.study_types)
    if filters.has_abstract:
        q &= ~Q(abstract="")
    return q


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class YearRange:
    label: str
    year_from: int | None
    year_to: int | None
    count: int
    selected: bool


@dataclass
class Facets:
    study_types: list[FacetValue]
    venues: list[FacetValue]
    years: list[YearRange]


def year_ranges(today: dt.date | None = None) -> list[tuple[str, int | None, int | None]]:
    """Recent years in fine steps, older ones coarser: (label, from, to)."""
    year = (today or dt.date.today()).year
    return [
        (f"Since {year - 5}", year - 5, None),
        (f"{year - 10}–{year - 6}", year - 10, year - 6),
        (f"{year - 20}–{year - 11}", year - 20, year - 11),
        (f"Before {year - 20}", None, year - 21),
    ]


def facet_counts(base: QuerySet[Paper], filters: Filters) -> Facets:
    """Counts per study type, year range and top venue; each facet leaves its own filter out."""
    ranges = year_ranges()
    type_q, year_q = _filter_q(filters, skip="type"), _filter_q(filters, skip="year")
    # Study types and year ranges in one query of conditional counts; venues need a GROUP BY of their own.
    counts = base.aggregate(
        **{f"type_{value}": Count("pk", filter=type_q & Q(study_type=value)) for value in StudyType.values},
        **{
            f"year_{i}": Count("pk", filter=year_q & Q(year__gte=start or YEAR_MIN, year__lte=end or YEAR_MAX))
            for i, (_, start, end) in enumerate(ranges)
        },
    )
    study_types = [
        FacetValue(value, label, counts[f"type_{value}"], value in filters.study_types)
        for value, label in StudyType.choices
        if counts[f"type_{value}"] or value in filters.study_types
    ]
    years = [
        YearRange(label, start, end, counts[f"year_{i}"], (filters.year_from, filters.year_to) == (start, end))
        for i, (label, start, end) in enumerate(ranges)
    ]
    venue_rows = (
        base.filter(_filter_q(filters, skip="venue"))
        .exclude(venue="")
        .values("venue")
        .annotate(n=Count("pk"))
        .order_by("-n", "venue")[:TOP_VENUES]
    )
    venue_counts = {row["venue"]: row["n"] for row in venue_rows}
    for venue in filters.venues:
        venue_counts.setdefault(venue, 0)
    venues = [FacetValue(v, v, n, v in filters.venues) for v, n in venue_counts.items()]
    return Facets(study_types=study_types, venues=venues, years=years)


def _stems(terms: list[str]) -> set[str]:
    return set(analyse(" ".join(terms)))


def highlight(text: str, stems: set[str]) -> SafeString:
    """Escaped text with every word whose stem is a query stem wrapped in <mark>."""
    pieces, last = [], 0
    for match in WORD.finditer(text):
        word_stems = analyse(match.group()) if stems else []
        if word_stems and word_stems[0] in stems:
            pieces.append(escape(text[last : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    pieces.append(escape(text[last:]))
    # Every piece above was escaped before the <mark> tags were added around it.
    return mark_safe("".join(pieces))


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def snippet(paper: Paper, stems: set[str]) -> SafeString:
    """The abstract sentence that matches most query words (and the next one if it is short), highlighted."""
    sentences = paper.abstract_sentences or ([paper.abstract] if paper.abstract else [])
    sentences = [s for s in sentences if s.strip()]
    if not sentences:
        return mark_safe("")
    matches = [len(stems & set(analyse(sentence))) for sentence in sentences]
    best = max(range(len(sentences)), key=lambda i: (matches[i], -i))
    text = sentences[best]
    if len(text) < SNIPPET_CHARS // 2 and best + 1 < len(sentences):
        text = f"{text} {sentences[best + 1]}"
    text = _shorten(" ".join(text.split()), SNIPPET_CHARS)
    return highlight(f"… {text}" if best else text, stems)


def short_authors(authors: list[str]) -> str:
    if len(authors) <= AUTHORS_SHOWN:
        return ", ".join(authors)
    return ", ".join(authors[:AUTHORS_SHOWN]) + " et al."


@dataclass(frozen=True)
class Result:
    paper: Paper
    title: SafeString
    snippet: SafeString
    authors: str


@dataclass
class SearchPage:
    query: str
    filters: Filters
    results: list[Result] = field(default_factory=list)
    page: Page | None = None
    total: int = 0
    # How many engine hits the filters and counts cover; when it reached DEPTH there were more.
    considered: int = 0
    capped: bool = False
    facets: Facets | None = None
    seconds: float = 0.0
    error: str = ""


def _relevant(hits: list[engine.Hit]) -> list[engine.Hit]:
    best_lexical = max((hit.lexical for hit in hits), default=0.0)
    return [
        hit
        for hit in hits
        if hit.dense >= DENSE_ONLY_MIN
        or (hit.lexical > 0 and (hit.dense >= DENSE_FLOOR or hit.lexical >= STRONG_LEXICAL * best_lexical))
    ]


def identified_paper(query: str) -> int | None:
    """The id of the paper whose DOI, PMID, PMCID or arXiv id the whole query is."""
    for lookup, pattern in IDENTIFIERS:
        if match := pattern.match(query.strip()):
            return Paper.objects.filter(**{lookup: match.group(1)}).values_list("pk", flat=True).first()
    return None


def _ordered_ids(papers: QuerySet[Paper], rank: dict[int, int], sort: str) -> list[int]:
    rows = list(papers.values_list("pk", "year", "published"))
    if sort == "newest":
        rows.sort(key=lambda r: (-(r[1] or 0), -(r[2] or dt.date.min).toordinal(), rank[r[0]]))
    else:
        rows.sort(key=lambda r: rank[r[0]])
    return [r[0] for r in rows]


def run_search(query: str, filters: Filters, page_number: str | int | None = 1) -> SearchPage:
    """Search, filter, facet, sort and paginate; a query the engine rejects comes back as `error`."""
    started = time.perf_counter()
    result = SearchPage(query=query, filters=filters)
    try:
        hits = _relevant(engine.search(query, top=DEPTH))
    except engine.QueryError as error:
        result.error = str(error)
        return result
    result.considered, result.capped = len(hits), len(hits) >= DEPTH
    rank = {hit.paper_id: position for position, hit in enumerate(hits)}
    if (identified := identified_paper(query)) is not None:
        rank[identified] = -1
    base = Paper.objects.filter(pk__in=list(rank))
    ordered = _ordered_ids(base.filter(_filter_q(filters)), rank, filters.sort)
    result.total = len(ordered)
    result.facets = facet_counts(base, filters)
    result.page = Paginator(ordered, PER_PAGE).get_page(page_number)
    papers = Paper.objects.in_bulk(list(result.page.object_list))
    stems = _stems(engine.query_terms(query))
    result.results = [
        Result(
            paper=papers[pk],
            title=highlight(papers[pk].title, stems),
            snippet=snippet(papers[pk], stems),
            authors=short_authors(papers[pk].authors),
        )
        for pk in result.page.object_list
        if pk in papers
    ]
    result.seconds = time.perf_counter() - started
    return result
