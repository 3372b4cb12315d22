"""Rank judged candidates: by the criteria they satisfy, then by relevance to the whole question.

Relevance blends quick mode's fused score with the best-matching sentence (the highest cosine between
the question and any one sentence of the paper, DESIGN.md §7): a paper whose abstract holds one sentence
that says what the question asks beats one that is only about the same topic. Weights were chosen on
SciFact's train split (benchmarks/deep_quality.py).
"""

from __future__ import annotations

import numpy as np

from .judge import STATUS_VALUE, Judgement

# relevance = QUICK_WEIGHT * quick + (1 - QUICK_WEIGHT) * (best sentence + SECOND_WEIGHT * second best sentence)
QUICK_WEIGHT = 0.5
SECOND_WEIGHT = 0.3
# What satisfying every criterion adds to relevance. On SciFact train (claims, not PICO questions, so their
# criteria are noisy) a small weight was best: 0.02 gave nDCG@10 0.744 where criteria-first ordering gave 0.700.
CRITERIA_WEIGHT = 0.02


def best_sentence(sentence_vectors: np.ndarray, query_vector: np.ndarray) -> tuple[float, int, float]:
    """The highest cosine between the query and one of the paper's sentences, that sentence's index, and
    the second highest cosine (a second sentence on the point is further evidence)."""
    if not len(sentence_vectors):
        return 0.0, -1, 0.0
    similarities = sentence_vectors @ query_vector
    order = np.argsort(-similarities)
    second = float(similarities[order[1]]) if len(order) > 1 else float(similarities[order[0]])
    return float(similarities[order[0]]), int(order[0]), second


def criteria_satisfied(judgements: list[Judgement]) -> float:
    """Share of the criteria met (a partly met criterion counts half)."""
    if not judgements:
        return 0.0
    return sum(STATUS_VALUE[j.status] for j in judgements) / len(judgements)


def relevance(quick_score: float, sentence_score: float, second_score: float = 0.0) -> float:
    return QUICK_WEIGHT * quick_score + (1.0 - QUICK_WEIGHT) * (sentence_score + SECOND_WEIGHT * second_score)


def deep_score(satisfied: float, relevance_score: float) -> float:
    return CRITERIA_WEIGHT * satisfied + relevance_score
