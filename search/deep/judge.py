"""Judge one candidate paper criterion by criterion: met / partly / not met, with the evidence sentence.

Topic criteria (population, intervention, comparator, outcome) are scored on every sentence (title first)
by MiniLM similarity to the criterion plus the share of the criterion's words the sentence contains; the
best sentence is the evidence. Study design is read from the catalog's study design (search.reading.design),
and from the paper's own wording only when the catalog read none; a time frame from the publication year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from search.engine.lexical import analyse
from search.models import StudyType

from . import vocabulary as vocab
from .criteria import Criterion

MET, PARTLY, NOT_MET = "met", "partly", "not"
STATUS_VALUE = {MET: 1.0, PARTLY: 0.5, NOT_MET: 0.0}
# Weight of word overlap against embedding similarity in a sentence's score for a criterion.
LEXICAL_WEIGHT = 0.5
# A sentence score at or above MET_SCORE meets the criterion, at or above PARTLY_SCORE partly meets it.
MET_SCORE = 0.62
PARTLY_SCORE = 0.42


@dataclass(frozen=True)
class Candidate:
    """What a judge reads of a paper; `sentences` starts with the title."""

    paper_id: int
    sentences: list[str]
    year: int | None = None
    study_type: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Judgement:
    kind: str
    criterion: str
    status: str
    score: float
    evidence: str  # the sentence (or fact) that decided the status; "" when nothing bears on it
    sentence: int  # index into the candidate's sentences (0 = title); -1 when the evidence is not a sentence


def sentence_stems(sentences: list[str]) -> list[set[str]]:
    return [set(analyse(sentence)) for sentence in sentences]


def overlap(criterion: Criterion, stems: list[set[str]]) -> np.ndarray:
    """Per sentence, the largest share of any one alternative's words the sentence contains."""
    scores = np.zeros(len(stems), dtype=np.float32)
    for terms in criterion.terms:
        wanted = set(terms)
        share = np.asarray([len(wanted & found) / len(wanted) for found in stems], dtype=np.float32)
        scores = np.maximum(scores, share)
    return scores


def judge(
    candidate: Candidate,
    criteria: list[Criterion],
    criterion_vectors: np.ndarray,
    sentence_vectors: np.ndarray,
    stems: list[set[str]] | None = None,
) -> list[Judgement]:
    """One judgement per criterion, in the criteria's order."""
    stems = sentence_stems(candidate.sentences) if stems is None else stems
    judgements = []
    for criterion, vector in zip(criteria, criterion_vectors):
        if criterion.kind == "time":
            judgements.append(_judge_time(candidate, criterion))
        elif criterion.kind == "design" and criterion.design:
            judgements.append(_judge_design(candidate, criterion))
        else:
            judgements.append(_judge_topic(candidate, criterion, vector, sentence_vectors, stems))
    return judgements


def _judge_topic(
    candidate: Candidate, criterion: Criterion, vector: np.ndarray, sentence_vectors: np.ndarray, stems: list[set[str]]
) -> Judgement:
    if not candidate.sentences:
        return Judgement(criterion.kind, criterion.text, NOT_MET, 0.0, "", -1)
    lexical = overlap(criterion, stems)
    dense = np.clip(sentence_vectors @ vector, 0.0, 1.0)
    scores = LEXICAL_WEIGHT * lexical + (1.0 - LEXICAL_WEIGHT) * dense
    best = int(np.argmax(scores))
    score, words = float(scores[best]), float(lexical[best])
    # A sentence with every word of one alternative meets the criterion whatever the embedding says
    # (the encoder does not know that nivolumab is a PD-1 inhibitor; the vocabulary does).
    status = MET if score >= MET_SCORE or words >= 1.0 else PARTLY if score >= PARTLY_SCORE else NOT_MET
    if status != MET and candidate.keywords and overlap(criterion, [set(analyse("; ".join(candidate.keywords)))])[0] >= 1.0:
        indexed = next((k for k in candidate.keywords if overlap(criterion, [set(analyse(k))])[0] > 0), "")
        return Judgement(criterion.kind, criterion.text, PARTLY, max(score, PARTLY_SCORE), f"Indexed under “{indexed}”.", -1)
    return Judgement(criterion.kind, criterion.text, status, score, candidate.sentences[best] if status != NOT_MET else "", best)


def _judge_design(candidate: Candidate, criterion: Criterion) -> Judgement:
    label, met_types, partly_types = criterion.design
    pattern = re.compile(vocab.DESIGN_EVIDENCE[label], flags=re.I)
    said = next((i for i, s in enumerate(candidate.sentences) if pattern.search(s)), -1)
    evidence = candidate.sentences[said] if said >= 0 else ""
    if candidate.study_type in met_types:
        return Judgement(criterion.kind, criterion.text, MET, 1.0, evidence or f"Catalogued as {label[:-1]}.", said)
    # The paper's wording speaks only when the catalog could not read a design: a review that mentions
    # randomized trials is catalogued as a review and does not meet a randomized-trials criterion even partly.
    unread = candidate.study_type in {"", StudyType.OTHER}
    if (unread and said >= 0) or candidate.study_type in partly_types:
        fallback = f"Catalogued as {candidate.study_type.replace('_', ' ')}."
        return Judgement(criterion.kind, criterion.text, PARTLY, 0.5, evidence or fallback, said)
    return Judgement(criterion.kind, criterion.text, NOT_MET, 0.0, "", -1)


def _judge_time(candidate: Candidate, criterion: Criterion) -> Judgement:
    first, last = criterion.years
    if candidate.year is None:
        return Judgement(criterion.kind, criterion.text, PARTLY, 0.5, "Publication year unknown.", -1)
    inside = (first is None or candidate.year >= first) and (last is None or candidate.year <= last)
    if inside:
        return Judgement(criterion.kind, criterion.text, MET, 1.0, f"Published in {candidate.year}.", -1)
    return Judgement(criterion.kind, criterion.text, NOT_MET, 0.0, f"Published in {candidate.year}.", -1)
