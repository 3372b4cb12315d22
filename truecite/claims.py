"""Claim check: does a cited paper support, contradict, or not address a claim?"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from search.engine.encoder import encode
from search.models import Paper
from truecite.evidence import Evidence, rank_sentences
from truecite.text import words

Verdict = Literal["support", "contradict", "nei"]
EVIDENCE_SHOWN = 3
NEGATIONS = frozenset("no not never none neither nor without cannot fails fail failed lack lacks absence".split())


@dataclass
class ClaimVerdict:
    verdict: Verdict
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)


def paper_sentences(paper: Paper) -> list[str]:
    return [s for s in (paper.abstract_sentences or []) if s.strip()]


def check_claim(claim: str, paper: Paper) -> ClaimVerdict:
    """The best evidence sentences of the paper for the claim, and a verdict with its confidence."""
    sentences = paper_sentences(paper)
    if not claim.strip() or not sentences:
        return ClaimVerdict("nei", 1.0, [])
    vectors = encode([claim, *sentences])
    ranked = rank_sentences(claim, sentences, vectors[0], vectors[1:])
    best = ranked[0]
    negated = bool(NEGATIONS & set(words(claim))) != bool(NEGATIONS & set(words(best.text)))
    if best.score < 0.55:
        return ClaimVerdict("nei", round(min(1.0, 0.5 + (0.55 - best.score)), 3), ranked[:EVIDENCE_SHOWN])
    verdict: Verdict = "contradict" if negated else "support"
    return ClaimVerdict(verdict, round(min(1.0, 0.5 + (best.score - 0.55)), 3), ranked[:EVIDENCE_SHOWN])
