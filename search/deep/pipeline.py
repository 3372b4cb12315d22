"""Deep Search from question to ranked, judged papers: quick-search candidates, judged in batches.

batches() yields each batch as soon as it is judged, so the Celery task can store and show results
while the rest are still being read; rank() orders everything judged so far. Once all are judged, the
cross-encoder reads the best few again (reranker_logits), and its score moves them within the ranking.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np
from django.conf import settings

from search import engine
from search.engine import encoder
from search.models import Paper

from . import rank as ranking
from . import reranker, sentence_vectors
from .criteria import Criterion, decompose
from .judge import Candidate, Judgement, judge, sentence_stems

BATCH_SIZE = 20


@dataclass(frozen=True)
class DeepHit:
    paper_id: int
    score: float
    satisfied: float  # share of criteria met (partly counts half)
    relevance: float
    quick: float  # quick mode's fused score
    sentence_score: float  # cosine of the best-matching sentence
    best_sentence: int  # its index in the paper's sentences (0 = title)
    judgements: list[Judgement]


def candidates_of(hits: list[engine.Hit]) -> list[Candidate]:
    """The papers behind quick-search hits, in hit order (papers deleted meanwhile are skipped)."""
    fields = ("id", "title", "abstract", "abstract_sentences", "year", "study_type", "keywords")
    papers = Paper.objects.only(*fields).in_bulk([hit.paper_id for hit in hits])
    return [
        Candidate(
            paper_id=paper.id,
            sentences=sentence_vectors.paper_sentences(paper.title, paper.abstract, paper.abstract_sentences),
            year=paper.year,
            study_type=paper.study_type,
            keywords=tuple(paper.keywords or ()),
        )
        for paper in (papers.get(hit.paper_id) for hit in hits)
        if paper is not None
    ]


def encode_criteria(criteria: list[Criterion]) -> np.ndarray:
    if not criteria:
        return np.zeros((0, encoder.DIMENSIONS), dtype=np.float32)
    return np.stack([encoder.encode_query(criterion.text) for criterion in criteria])


def judge_batch(
    batch: list[Candidate],
    quick_scores: dict[int, float],
    criteria: list[Criterion],
    criterion_vectors: np.ndarray,
    question_vector: np.ndarray,
) -> list[DeepHit]:
    """Judge a batch of candidates (encoding the sentences of those not cached yet, in one go)."""
    matrices = sentence_vectors.vectors_for([candidate.sentences for candidate in batch])
    hits = []
    for candidate, matrix in zip(batch, matrices):
        judgements = judge(candidate, criteria, criterion_vectors, matrix, sentence_stems(candidate.sentences))
        sentence_score, best, second = ranking.best_sentence(matrix, question_vector)
        quick = quick_scores.get(candidate.paper_id, 0.0)
        relevance = ranking.relevance(quick, sentence_score, second)
        score = ranking.deep_score(ranking.criteria_score(judgements), relevance)
        hits.append(
            DeepHit(candidate.paper_id, score, ranking.criteria_satisfied(judgements), relevance, quick,
                    sentence_score, best, judgements)
        )
    return hits


@dataclass(frozen=True)
class Prepared:
    """Everything judging needs, computed once per question."""

    criteria: list[Criterion]
    candidates: list[Candidate]
    quick_scores: dict[int, float]
    criterion_vectors: np.ndarray
    question_vector: np.ndarray


def prepare(question: str, criteria: list[Criterion] | None = None, *, top: int | None = None) -> Prepared:
    """Quick mode's `top` candidates and the vectors of the question and its criteria (decomposed when not given).

    Raises engine.QueryError for a question the engine cannot run.
    """
    criteria = decompose(question) if criteria is None else criteria
    hits = engine.search(question, top=top or settings.DEEP_SEARCH_CANDIDATES, mode="quick")
    return Prepared(
        criteria=criteria,
        candidates=candidates_of(hits),
        quick_scores={hit.paper_id: hit.score for hit in hits},
        criterion_vectors=encode_criteria(criteria),
        question_vector=encoder.encode_query(question),
    )


def batches(prepared: Prepared, *, skip: set[int] = frozenset(), batch_size: int = BATCH_SIZE) -> Iterator[list[DeepHit]]:
    """Judge the candidates (except those in `skip`) in quick mode's order, one batch at a time."""
    todo = [candidate for candidate in prepared.candidates if candidate.paper_id not in skip]
    for start in range(0, len(todo), batch_size):
        yield judge_batch(
            todo[start : start + batch_size], prepared.quick_scores, prepared.criteria,
            prepared.criterion_vectors, prepared.question_vector,
        )


def deep_search(
    question: str, criteria: list[Criterion] | None = None, *, top: int | None = None, rerank_top: int | None = None
) -> list[DeepHit]:
    """Every candidate judged and ranked, the best `rerank_top` reranked (for the command line and benchmarks)."""
    prepared = prepare(question, criteria, top=top)
    ranked = rank([hit for batch in batches(prepared) for hit in batch])
    reread = settings.DEEP_RERANK_TOP if rerank_top is None else rerank_top
    return rerank(ranked, reranker_logits(question, [hit.paper_id for hit in ranked[:reread]]))


def rerank(ranked: list[DeepHit], logits: dict[int, float]) -> list[DeepHit]:
    """The hits the cross-encoder read get its weighted score (logits, by paper id) added; all are ranked again."""
    return rank([
        replace(hit, score=ranking.reranked_score(hit.score, logits[hit.paper_id])) if hit.paper_id in logits else hit
        for hit in ranked
    ])


def reranker_logits(question: str, paper_ids: list[int]) -> dict[int, float]:
    """The cross-encoder's score of each paper for the question (papers deleted meanwhile are left out)."""
    papers = Paper.objects.only("title", "abstract").in_bulk(paper_ids)
    kept = [pid for pid in paper_ids if pid in papers]
    scores = reranker.logits(question, [reranker.passage(papers[pid].title, papers[pid].abstract) for pid in kept])
    return dict(zip(kept, scores.tolist()))


def rank(hits: list[DeepHit]) -> list[DeepHit]:
    """Best first by deep_score (criteria scores plus relevance), ties broken by quick mode's order."""
    return sorted(hits, key=lambda hit: (-hit.score, -hit.quick, hit.paper_id))
