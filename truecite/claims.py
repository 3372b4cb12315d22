"""Claim check: does a cited paper support, contradict, or not address a claim?"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from search.engine.encoder import encode
from search.models import Paper
from truecite import verdict_model
from truecite.evidence import Evidence
from truecite.features import pair_inputs
from truecite.flip import flip_claim

Verdict = Literal["support", "contradict", "nei"]
EVIDENCE_SHOWN = 3


@dataclass
class ClaimVerdict:
    verdict: Verdict
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)


@functools.lru_cache(maxsize=256)
def _paper_vectors(title: str, sentences: tuple[str, ...]) -> np.ndarray:
    """Title and sentence vectors of a paper: the answer pipeline checks many sentences against one paper."""
    return encode([title, *sentences])


def check_claim(claim: str, paper: Paper) -> ClaimVerdict:
    """The paper's best evidence sentences for the claim (best first), and a verdict with its confidence."""
    sentences = [s for s in (paper.abstract_sentences or []) if s.strip()]
    claim = claim.strip()
    if not claim or not sentences:
        return ClaimVerdict("nei", 1.0, [])
    claim_vector, flipped_vector = encode([claim, flip_claim(claim)])
    paper_vectors = _paper_vectors(paper.title or claim, tuple(sentences))
    title_vector, sentence_vectors = paper_vectors[0], paper_vectors[1:]
    ranked, cues, interactions = pair_inputs(claim, sentences, claim_vector, flipped_vector, sentence_vectors, title_vector)
    probabilities = verdict_model.load().probabilities(cues, interactions)[0]
    best = int(probabilities.argmax())
    return ClaimVerdict(verdict_model.LABELS[best], round(float(probabilities[best]), 3), ranked[:EVIDENCE_SHOWN])
