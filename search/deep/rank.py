"""Rank judged candidates: by how well they meet the criteria, then by relevance to the whole question.

Relevance blends quick mode's fused score with the best-matching sentence (the highest cosine between
the question and any one sentence of the paper, DESIGN.md §7): a paper whose abstract holds one sentence
that says what the question asks beats one that is only about the same topic. The criteria add their
judges' scores (a sentence's similarity and word overlap with a topic criterion, a design or time frame
met, partly met or not), so a paper nearly meeting a criterion is not ranked as if it missed it entirely.
Last, the best few are read again by a cross-encoder (reranker.py), whose score is added with RERANK_WEIGHT.
Weights were chosen on SciFact's train split (benchmarks/deep_quality.py; the rerank weight by
`manage.py train_reranker` on the train questions it held out).
"""

from __future__ import annotations

import numpy as np

from .judge import STATUS_VALUE, Judgement

# relevance = QUICK_WEIGHT * quick + (1 - QUICK_WEIGHT) * (best sentence + SECOND_WEIGHT * second best sentence)
QUICK_WEIGHT = 0.5
SECOND_WEIGHT = 0.3
# What meeting every criterion with a full score adds to relevance. SciFact train nDCG@10 is flat from 0 to 0.4
# (0.750-0.752; claims split into subject and statement, so criteria repeat what relevance sees) and falls
# beyond (0.744 at 0.6, 0.740 at 0.8): 0.4 is the most weight the user's criteria can have at no cost there.
# Ranking by the met/partly statuses instead costs SciFact train (0.734 at 0.4): the statuses are too coarse.
CRITERIA_WEIGHT = 0.4
# Held-out fifth of SciFact train (162 claims), reranking the top 20: nDCG@10 0.799 without the reranker,
# 0.807 at 0.02 and 0.03, 0.805 at 0.05, 0.795 at 0.1; reranking the top 50 instead changes nothing below 0.1.
RERANK_WEIGHT = 0.02


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
    """Share of the criteria met (a partly met criterion counts half): what the results page sorts by."""
    if not judgements:
        return 0.0
    return sum(STATUS_VALUE[j.status] for j in judgements) / len(judgements)


def criteria_score(judgements: list[Judgement]) -> float:
    """Mean of the judges' scores (each 0-1): how well the paper meets the criteria, finer than the statuses."""
    if not judgements:
        return 0.0
    return sum(j.score for j in judgements) / len(judgements)


def relevance(quick_score: float, sentence_score: float, second_score: float = 0.0) -> float:
    return QUICK_WEIGHT * quick_score + (1.0 - QUICK_WEIGHT) * (sentence_score + SECOND_WEIGHT * second_score)


def deep_score(criteria: float, relevance_score: float) -> float:
    return CRITERIA_WEIGHT * criteria + relevance_score


def reranked_score(score: float, reranker_logit: float, weight: float = RERANK_WEIGHT) -> float:
    return score + weight * reranker_logit
