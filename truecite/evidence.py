"""Evidence selection: rank a paper's sentences by meaning (embeddings) and shared words."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truecite.text import content_stems

# Weights of the dense and lexical similarity in a sentence's evidence score.
DENSE_WEIGHT = 0.75
LEXICAL_WEIGHT = 0.25


@dataclass
class Evidence:
    index: int
    text: str
    score: float


def lexical_overlap(claim: str, sentence: str) -> float:
    """Share of the claim's content words that the sentence also has."""
    claim_stems = set(content_stems(claim))
    if not claim_stems:
        return 0.0
    return len(claim_stems & set(content_stems(sentence))) / len(claim_stems)


def rank_sentences(claim: str, sentences: list[str], claim_vector: np.ndarray, sentence_vectors: np.ndarray) -> list[Evidence]:
    """Every sentence as evidence, best first."""
    dense = sentence_vectors @ claim_vector if len(sentences) else np.zeros(0)
    ranked = [
        Evidence(index=i, text=s, score=float(DENSE_WEIGHT * dense[i] + LEXICAL_WEIGHT * lexical_overlap(claim, s)))
        for i, s in enumerate(sentences)
    ]
    return sorted(ranked, key=lambda e: -e.score)
