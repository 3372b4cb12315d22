"""Analyze: for each candidate paper, the sentences that bear on the question, scored, and a one-line summary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from search.models import Paper
from truecite.claims import check_claim
from truecite.text import content_stems

from . import text as T
from .attribution import SourceFacts, facts
from .plan import Plan
from .vectors import embed

EVIDENCE_PER_PAPER = 5
DENSE_WEIGHT = 0.7
KIND_WEIGHT = {"finding": 1.0, "conclusion": 1.0, "background": 0.85}
# Long sentences read badly in prose: each word past this costs 1% of the score.
COMFORTABLE_WORDS = 30
# How many of the most relevant papers TrueCite judges against a yes/no question's claim.
STANCE_PAPERS = 4


@dataclass
class Evidence:
    index: int  # position in the paper's abstract_sentences
    text: str  # the statement, cleaned, able to open a sentence
    body: str  # the same statement to follow "… found that"
    kind: str
    score: float  # relevance to the question
    section_scores: list[float]


@dataclass
class PaperFindings:
    paper_id: int
    year: int | None
    lead: str  # "A 2020 survey of 60 patients"
    short: str  # "the 2020 survey"
    noun: str
    is_review: bool
    relevance: float
    evidence: list[Evidence] = field(default_factory=list)
    summary: str = ""

    def verb(self, kind: str, turn: int) -> str:
        return SourceFacts(self.year, self.noun, "", self.is_review).verb(kind, turn)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PaperFindings:
        return cls(**{**data, "evidence": [Evidence(**e) for e in data["evidence"]]})


def _statements(paper: Paper, names: set[str]) -> list[tuple[int, str, str, str]]:
    """(index, text, body, kind) of each sentence that can be quoted in prose."""
    out = []
    for index, raw in enumerate(paper.abstract_sentences or []):
        _, label = T.strip_label(" ".join(raw.split()))
        cleaned = T.clean(raw)
        statement, verb = T.core_statement(cleaned)
        kind = T.kind_of(cleaned, label)
        if verb and kind == "background":
            kind = "conclusion"
        if kind == "method" or not T.quotable(statement):
            continue
        body = T.lower_first(statement, names)
        text = T.upper_first(statement)
        if not T.starts_cleanly(text):
            text = ""
        out.append((index, text, body, kind))
    return out


def _overlap(concepts: set[str], sentence: str) -> float:
    return len(concepts & set(content_stems(sentence))) / len(concepts) if concepts else 0.0


def analyze_papers(plan: Plan, papers: list[Paper]) -> list[PaperFindings]:
    """Score every quotable sentence of each paper against the question and each section's query."""
    names = T.names_in([paper.abstract for paper in papers])
    statements = {paper.pk: _statements(paper, names) for paper in papers}
    texts = [body for rows in statements.values() for _, _, body, _ in rows]
    queries = [plan.claim or plan.question] + [s.query for s in plan.sections]
    vectors = embed(queries + texts)
    query_vectors, sentence_vectors = vectors[: len(queries)], vectors[len(queries) :]
    similarity = sentence_vectors @ query_vectors.T if len(texts) else np.zeros((0, len(queries)))
    concepts = set(content_stems(plan.topic))
    findings, row = [], 0
    for paper in papers:
        about = facts(paper)
        evidence = []
        for index, text, body, kind in statements[paper.pk]:
            lexical = _overlap(concepts, body)
            weight = KIND_WEIGHT[kind] * (1 - 0.01 * max(0, len(body.split()) - COMFORTABLE_WORDS))
            scores = [weight * (DENSE_WEIGHT * float(s) + (1 - DENSE_WEIGHT) * lexical) for s in similarity[row]]
            row += 1
            evidence.append(Evidence(index, text, body, kind, round(scores[0], 4), [round(s, 4) for s in scores[1:]]))
        evidence.sort(key=lambda e: -max(e.score, *e.section_scores) if e.section_scores else -e.score)
        kept = evidence[:EVIDENCE_PER_PAPER]
        best = sorted((e.score for e in kept), reverse=True)[:2]
        result = PaperFindings(
            paper_id=paper.pk,
            year=paper.year,
            lead=about.lead(),
            short=about.short(),
            noun=about.noun,
            is_review=about.is_review,
            relevance=round(float(np.mean(best)) if best else 0.0, 4),
            evidence=kept,
        )
        result.summary = summary_line(result)
        findings.append(result)
    return findings


def stances(plan: Plan, findings: list[PaperFindings]) -> dict[int, str]:
    """TrueCite's verdict (support / contradict / nei) on a yes/no question's claim, for the most relevant papers."""
    if plan.kind != "yes_no" or not plan.claim:
        return {}
    top = sorted(findings, key=lambda f: -f.relevance)[:STANCE_PAPERS]
    papers = Paper.objects.in_bulk([f.paper_id for f in top])
    return {pid: check_claim(plan.claim, paper).verdict for pid, paper in papers.items()}


def attributed(findings: PaperFindings, evidence: Evidence, turn: int = 0) -> str:
    """"A 2020 survey of 60 patients found that …" for one evidence sentence (now and then "According to …")."""
    if turn % 4 == 3:
        return f"According to {findings.lead[0].lower()}{findings.lead[1:]}, {evidence.body}"
    return f"{findings.lead} {findings.verb(evidence.kind, turn)} that {evidence.body}"


def summary_line(findings: PaperFindings) -> str:
    """What the source contributes, in one line: its best short finding, attributed."""
    usable = [e for e in findings.evidence if len(e.body.split()) <= 40] or findings.evidence
    if not usable:
        return ""
    best = max(usable, key=lambda e: e.score + (0.05 if e.kind in {"finding", "conclusion"} else 0.0))
    return attributed(findings, best)
