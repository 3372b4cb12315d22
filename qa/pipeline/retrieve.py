"""Retrieve: candidate papers for the question and each section query, fused by reciprocal rank."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from search.engine import QueryError, search
from search.models import Paper

from .plan import Plan

PER_QUERY = 40
RRF_K = 60
QUESTION_WEIGHT = 2.0
MIN_CANDIDATES = 20
MAX_CANDIDATES = 40


@dataclass
class Candidate:
    paper_id: int
    score: float

    def to_dict(self) -> dict:
        return asdict(self)


def retrieve(plan: Plan, *, limit: int = 30) -> list[Candidate]:
    """The best `limit` papers (20–40) that have an abstract, fused over the question and section queries."""
    limit = max(MIN_CANDIDATES, min(MAX_CANDIDATES, limit))
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
    ranked = sorted(fused, key=lambda pid: -fused[pid])
    with_abstract = set(
        Paper.objects.filter(pk__in=ranked).exclude(abstract_sentences=[]).values_list("pk", flat=True)
    )
    return [Candidate(pid, round(fused[pid], 6)) for pid in ranked if pid in with_abstract][:limit]
