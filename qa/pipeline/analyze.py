"""Analyze: read each on-topic paper into findings that bear on the question, and its stance on a yes/no claim.

Only a paper's results and conclusions (as search.reading reads its sentences) are quotable: background
and methods never appear as findings. Every finding keeps the paper's design, size and population so the
writer can state it in context.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from search.models import Paper
from search.reading.paper import Reading, readings
from truecite.evidence import lexical_overlap

from . import text as T
from .attribution import SourceFacts, facts
from .plan import Plan
from .stance import DENSE_WEIGHT, bar, decide, read_findings
from .vectors import embed
from .verdict import Vote

EVIDENCE_PER_PAPER = 5

ROLE_WEIGHT = {"results": 1.0, "conclusions": 0.95}
# Long sentences read badly in prose: each word past this costs 1% of the score.
COMFORTABLE_WORDS = 30


@dataclass
class Evidence:
    index: int  # position in the paper's abstract_sentences
    text: str  # the statement, cleaned, able to open a sentence ("" when it cannot)
    body: str  # the same statement to follow "… found that"
    role: str  # results or conclusions
    score: float  # relevance to the question
    section_scores: list[float]


@dataclass
class PaperFindings:
    paper_id: int
    year: int | None
    lead: str  # "A 2019 randomized trial of 945 patients with advanced melanoma"
    short: str  # "the 2019 randomized trial"
    noun: str
    is_review: bool
    design: str
    n: int | None
    relevance: float
    stance: str = ""  # yes, no or neither on a yes/no question; "" for other questions
    stance_confidence: float = 0.0
    stance_sentence: int = -1  # the finding that decided the stance (an index into abstract_sentences)
    # (relevance, stance, sentence index) of the findings that speak to a yes/no claim: see qa.pipeline.stance.
    claim_findings: list[tuple[float, str, int]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    summary: str = ""

    def verb(self, role: str, turn: int) -> str:
        return SourceFacts(self.year, self.noun, "", self.is_review).verb(role, turn)

    def vote(self) -> Vote:
        return Vote(self.paper_id, self.stance or "neither", self.stance_confidence, self.design, self.n)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PaperFindings:
        return cls(**{**data, "evidence": [Evidence(**e) for e in data["evidence"]]})


@dataclass
class _Statement:
    index: int
    text: str  # able to open a sentence, "" when it cannot
    body: str  # to follow "… found that"
    role: str
    quotable: bool  # every finding speaks to the stance; only these can be quoted in prose


def statements_of(reading: Reading, names: set[str]) -> list[_Statement]:
    """Each of the paper's findings as a statement to quote or to weigh (see _Statement)."""
    out = []
    for sentence in reading.findings():
        statement = T.core_statement(T.clean(sentence.text))
        text = T.upper_first(statement)
        body = T.lower_first(statement, names)
        out.append(_Statement(sentence.index, text if T.starts_cleanly(text) else "", body, sentence.role, T.quotable(statement)))
    return out


def analyze_papers(plan: Plan, papers: list[Paper]) -> list[PaperFindings]:
    """Score every quotable finding of each paper against the question and each section's query."""
    read = readings(papers)
    names = T.names_in([paper.abstract for paper in papers])
    statements = {paper.pk: statements_of(read[paper.pk], names) for paper in papers}
    texts = [row.body for rows in statements.values() for row in rows]
    queries = [plan.claim or plan.question] + [s.query for s in plan.sections]
    vectors = embed(queries + texts)
    query_vectors, sentence_vectors = vectors[: len(queries)], vectors[len(queries) :]
    similarity = sentence_vectors @ query_vectors.T if len(texts) else np.zeros((0, len(queries)))
    findings, row = [], 0
    for paper in papers:
        reading = read[paper.pk]
        about = facts(paper, reading)
        evidence = []
        for statement in statements[paper.pk]:
            dense = similarity[row]
            row += 1
            if not statement.quotable:
                continue
            lexical = lexical_overlap(plan.topic, statement.body)
            weight = ROLE_WEIGHT[statement.role] * (1 - 0.01 * max(0, len(statement.body.split()) - COMFORTABLE_WORDS))
            scores = [weight * (DENSE_WEIGHT * float(s) + (1 - DENSE_WEIGHT) * lexical) for s in dense]
            evidence.append(Evidence(statement.index, statement.text, statement.body, statement.role, round(scores[0], 4), [round(s, 4) for s in scores[1:]]))
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
            design=reading.named_design,
            n=reading.sample.n if reading.sample else None,
            relevance=round(float(np.mean(best)) if best else 0.0, 4),
            evidence=kept,
        )
        if plan.kind == "yes_no" and plan.claim:
            result.claim_findings = read_findings(plan.claim, [(s.index, s.body) for s in statements[paper.pk]], plan.focus, paper.title)
            stance = decide(result.claim_findings, relevant=bar(plan.claim))
            result.stance, result.stance_confidence, result.stance_sentence = stance.stance, stance.confidence, stance.evidence
        result.summary = summary_line(result)
        findings.append(result)
    return findings


def attributed(findings: PaperFindings, evidence: Evidence, turn: int = 0) -> str:
    """"A 2019 randomized trial of 945 patients found that …" for one finding (now and then "According to …")."""
    if turn % 4 == 3:
        return f"According to {findings.lead[0].lower()}{findings.lead[1:]}, {evidence.body}"
    return f"{findings.lead} {findings.verb(evidence.role, turn)} that {evidence.body}"


def summary_line(findings: PaperFindings) -> str:
    """What the source contributes, in one line: its main result, attributed."""
    usable = [e for e in findings.evidence if len(e.body.split()) <= 40] or findings.evidence
    if not usable:
        return ""
    best = max(usable, key=lambda e: e.score + (0.05 if e.role == "results" else 0.0))
    return attributed(findings, best)
