"""Retrieve: on-topic candidate papers for the question and each section query, fused by reciprocal rank.

Off-topic papers are dropped here (qa.pipeline.topic), before anything reads them, so a question outside
the catalog's scope is found out at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from search.engine import QueryError, search
from search.models import Paper

from .plan import Plan
from .topic import match

PER_QUERY = 40
RRF_K = 60
QUESTION_WEIGHT = 2.0
MIN_CANDIDATES = 20
MAX_CANDIDATES = 40
MIN_TITLE_WORDS = 5


@dataclass
class Candidate:
    paper_id: int
    score: float
    coverage: float  # share of the question's content words the paper has

    def to_dict(self) -> dict:
        return asdict(self)


def fused_ranking(plan: Plan) -> dict[int, float]:
    """Reciprocal-rank fusion of the question, its claim and the section queries (the question counts double)."""
    queries = [(plan.question, QUESTION_WEIGHT)] + [(s.query, 1.0) for s in plan.sections]
    if plan.claim:
        queries.append((plan.claim, QUESTION_WEIGHT))
    fused: dict[int, float] = {}
    for query, weight in queries:
        try:
            hits = search(query, top=PER_QUERY)
        except QueryError:
            continue
        for rank, hit in enumerate(hits):
            fused[hit.paper_id] = fused.get(hit.paper_id, 0.0) + weight / (RRF_K + rank + 1)
    return fused


def retrieve(plan: Plan, *, limit: int = 30) -> list[Candidate]:
    """The best `limit` on-topic papers (20–40 at most) that have an abstract, best first."""
    limit = max(MIN_CANDIDATES, min(MAX_CANDIDATES, limit))
    fused = fused_ranking(plan)
    papers = Paper.objects.filter(pk__in=list(fused)).exclude(abstract_sentences=[]).only(
        "pk", "title", "abstract", "keywords"
    )
    candidates, seen = [], set()
    for paper in sorted(papers, key=lambda p: -fused[p.pk]):
        title = _duplicate_key(paper.title)
        if title and title in seen:
            continue
        topic = match(plan, paper)
        if topic.on_topic:
            seen.add(title)
            candidates.append(Candidate(paper.pk, round(fused[paper.pk], 6), topic.coverage))
    return candidates[:limit]


def _duplicate_key(title: str) -> str:
    """One paper imported from two sources (without a DOI to join them) is one piece of evidence, and must not
    count twice in a verdict; a short title ("Summary") names no paper, so it gives no key ("")."""
    words = title.casefold().rstrip(".").split()
    return " ".join(words) if len(words) >= MIN_TITLE_WORDS else ""
