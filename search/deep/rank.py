"""Rank judged candidates: by the criteria they satisfy, then by relevance to the whole question.

Relevance blends quick mode's fused score with the best-matching sentence (the highest cosine between
the question and any one sentence of the paper, DESIGN.md §7): a paper whose abstract holds one sentence
that says what the question asks beats one that is only about the same topic. Weights were chosen on
SciFact's train split (benchmarks/deep_quality.py).
"""

from __future__ import annotations

import numpy as np

from .judge import STATUS_VALUE, Judgement

# relevance = QUICK_WEIGHT * quick fused score + (1 - QUICK_WEIGHT) * best sentence cosine
QUICK_WEIGHT = 0.5
# How much satisfying every criterion is worth against relevance: large enough that criteria
# satisfied come first, soft enough that an unlucky "partly" does not bury the best paper.
CRITERIA_WEIGHT = 0.3


def best_sentence(sentence_vectors: np.ndarray, query_vector: np.ndarray) -> tuple[float, int]:
    """The highest cosine between the query and one of the paper's sentences, and that sentence's index."""
    if not len(sentence_vectors):
        return 0.0, -1
    similarities = sentence_vectors @ query_vector
    best = int(np.argmax(similarities))
    return float(similarities[best]), best


def criteria_satisfied(judgements: list[Judgement]) -> float:
    """Share of the criteria met (a partly met criterion counts half)."""
    if not judgements:
        return 0.0
    return sum(STATUS_VALUE[j.status] for j in judgements) / len(judgements)


def relevance(quick_score: float, sentence_score: float) -> float:
    return QUICK_WEIGHT * quick_score + (1.0 - QUICK_WEIGHT) * sentence_score


def deep_score(satisfied: float, relevance_score: float) -> float:
    return CRITERIA_WEIGHT * satisfied + relevance_score
