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
    candidates = []
    for paper in papers:
        topic = match(plan, paper)
        if topic.on_topic:
            candidates.append(Candidate(paper.pk, round(fused[paper.pk], 6), topic.coverage))
    return sorted(candidates, key=lambda c: -c.score)[:limit]
