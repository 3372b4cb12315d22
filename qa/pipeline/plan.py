"""Plan: what kind of question this is, what it is about, and the 3–5 question-headed sections to answer."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

from truecite.text import STOPWORDS, words

Kind = Literal["yes_no", "open", "comparison"]

AUXILIARIES = {
    "can": "cannot", "could": "could not", "does": "does not", "do": "do not", "did": "did not",
    "is": "is not", "are": "are not", "was": "was not", "were": "were not", "will": "will not",
    "would": "would not", "should": "should not", "has": "has not", "have": "have not", "may": "may not",
    "might": "might not", "must": "need not",
}  # fmt: skip
TRUTH_PREFIX = re.compile(r"^(?:is it (?:true|the case|correct) that|do (?:studies|we know whether)|is there evidence that)\s+", re.I)
# Verbs that make a yes/no question about what an intervention does ("Does X reduce Y?").
EFFECT_VERBS = frozenset(
    """cure cures treat treats work works help helps improve improves reduce reduces lower lowers prevent prevents
    relieve relieves heal heals increase increases extend extends prolong prolongs protect protects slow slows
    benefit benefits outperform outperforms decrease decreases raise raises delay delays shrink shrinks
    control controls boost boosts affect affects cause causes""".split()
)
# Words that describe the question rather than its subject; left out of the retrieval queries.
FILLER = frozenset(
    """eventually ever really actually currently still yet generally usually truly major types type kinds kind
    forms form various different many much true case evidence studies study research whether""".split()
)
COMPARISON = re.compile(r"\b(?:vs\.?|versus|compared (?:to|with)|better than|worse than|more effective than|or)\b", re.I)


@dataclass
class SectionPlan:
    heading: str
    query: str


@dataclass
class Plan:
    question: str
    kind: Kind
    claim: str  # the yes/no question as a statement, "" for other kinds
    concepts: list[str]
    sections: list[SectionPlan] = field(default_factory=list)

    @property
    def topic(self) -> str:
        return " ".join(self.concepts)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        return cls(**{**data, "sections": [SectionPlan(**s) for s in data["sections"]]})


@dataclass
class _Parts:
    auxiliary: str
    subject: str
    verb: str
    rest: str


def normalize_question(text: str) -> str:
    text = " ".join((text or "").split()).strip()
    text = text.rstrip("?.! ")
    return f"{text[:1].upper()}{text[1:]}?" if text else ""


def make_plan(question: str) -> Plan:
    """The kind of question, its key concepts and the section questions, each with its retrieval query."""
    question = normalize_question(question)
    if not question:
        raise ValueError("The question is empty.")
    body = question.rstrip("?")
    concepts = key_concepts(body)
    topic = " ".join(concepts)
    truth = TRUTH_PREFIX.match(body)
    first = words(body)[0] if words(body) else ""
    if truth:
        claim = body[truth.end() :]
        return Plan(question, "yes_no", _sentence(claim), concepts, _claim_sections(claim, topic))
    if first in AUXILIARIES:
        if COMPARISON.search(body) and not _parts(body):
            return Plan(question, "comparison", "", concepts, _comparison_sections(body, topic))
        parts = _parts(body)
        claim = _claim(body, parts)
        sections = _effect_sections(parts, topic) if parts and parts.verb in EFFECT_VERBS else _claim_sections(claim, topic)
        return Plan(question, "yes_no", claim, concepts, sections)
    if COMPARISON.search(body):
        return Plan(question, "comparison", "", concepts, _comparison_sections(body, topic))
    return Plan(question, "open", "", concepts, _open_sections(body, first, topic))


def key_concepts(text: str) -> list[str]:
    """The content words of the question, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[\w][\w\-/]*", text):
        lower = word.lower()
        if lower in STOPWORDS or lower in FILLER or lower in AUXILIARIES or len(lower) < 2:
            continue
        seen.setdefault(word if word.isupper() else lower, None)
    return list(seen)


def _sentence(text: str) -> str:
    text = text.strip().rstrip("?.!")
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _parts(body: str) -> _Parts | None:
    """Split "Can immunotherapy eventually cure all cancers" into auxiliary, subject, main verb and the rest."""
    tokens = body.split()
    auxiliary = tokens[0].lower()
    for i, token in enumerate(tokens[1:], start=1):
        lower = token.lower().strip(",")
        if lower in EFFECT_VERBS and i > 1:
            subject = [t for t in tokens[1:i] if not t.lower().endswith("ly")]
            if subject:
                return _Parts(auxiliary, " ".join(subject), lower, " ".join(tokens[i + 1 :]))
    return None


def _claim(body: str, parts: _Parts | None) -> str:
    """The question as a statement: "Does metformin reduce cancer risk" → "Metformin does reduce cancer risk."."""
    if parts:
        return _sentence(f"{parts.subject} {parts.auxiliary} {parts.verb} {parts.rest}")
    tokens = body.split()
    return _sentence(" ".join(tokens[1:2] + tokens[:1] + tokens[2:]).lower())


def _plural(noun_phrase: str) -> bool:
    last = noun_phrase.split()[-1].lower()
    return last.endswith("s") and not last.endswith(("ss", "is", "us"))


def _core(rest: str) -> str:
    """The thing acted on: "all major types of cancer" → "cancer"; "cancer risk" stays."""
    rest = re.split(r"\b(?:in|among|for|after|during|with|when|compared)\b", rest)[0]
    if " of " in f" {rest} ":
        rest = rest.split(" of ")[-1]
    kept = [w for w in rest.split() if w.lower() not in STOPWORDS and w.lower() not in FILLER]
    return " ".join(kept) or rest.strip()


def _effect_sections(parts: _Parts, topic: str) -> list[SectionPlan]:
    subject, core = parts.subject, _core(parts.rest)
    does = "do" if _plural(subject) else "does"
    if parts.verb in {"cure", "treat", "work", "help", "heal", "relieve", "improve"}:
        first = f"How well {does} {subject} work right now?"
    else:
        first = f"What do studies of {subject} and {core} show?"
    return [
        SectionPlan(first, f"{subject} {parts.verb} {core} efficacy outcomes"),
        SectionPlan(f"What limits {subject}?", f"{subject} {core} resistance limitations failure adverse effects"),
        SectionPlan(f"Who benefits most from {subject}?", f"{subject} {core} response predictors biomarkers subgroups"),
        SectionPlan(f"What might make {subject} work for more people?", f"{subject} {core} combination strategies improve future"),
    ]


def _claim_sections(claim: str, topic: str) -> list[SectionPlan]:
    claim = claim.rstrip(".")
    return [
        SectionPlan("What do studies find?", claim),
        SectionPlan("Where does the evidence disagree?", f"{topic} conflicting inconsistent no association"),
        SectionPlan("What explains the differences between studies?", f"{topic} factors associated subgroups"),
        SectionPlan("What remains uncertain?", f"{topic} limitations unclear future research"),
    ]


def _comparison_sections(body: str, topic: str) -> list[SectionPlan]:
    return [
        SectionPlan("How do they compare head to head?", f"{topic} comparison versus trial"),
        SectionPlan("How large are the differences in benefit?", f"{topic} efficacy outcomes difference"),
        SectionPlan("How do they compare on safety and side effects?", f"{topic} adverse events safety tolerability"),
        SectionPlan("Which option suits whom?", f"{topic} subgroups patients preference recommendation"),
    ]


def _open_sections(body: str, first: str, topic: str) -> list[SectionPlan]:
    if first == "why":
        return [
            SectionPlan("What are the main explanations?", f"{topic} mechanisms causes"),
            SectionPlan("How common is it?", f"{topic} incidence proportion rate frequency"),
            SectionPlan("Can it be predicted?", f"{topic} biomarkers predictors predict"),
            SectionPlan("What can be done about it?", f"{topic} overcome strategies treatment"),
        ]
    return [
        SectionPlan("What do studies find?", body),
        SectionPlan("How strong and consistent is the evidence?", f"{topic} meta-analysis systematic review cohort"),
        SectionPlan("What explains the differences between studies?", f"{topic} factors associated subgroups"),
        SectionPlan("What remains unknown?", f"{topic} limitations challenges future research"),
    ]
