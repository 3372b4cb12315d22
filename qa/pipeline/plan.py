"""Plan: what kind of question this is, what it is about, and the 3–5 question-headed sections to answer.

Headings name the question's own phrases (qa.pipeline.phrases) in fixed question templates; a template whose
phrase the reading did not find is skipped for a plainer one, down to a fully generic heading, so a heading is
never a span of the question spliced where it does not fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Literal

from truecite.text import STOPWORDS

from . import phrases
from .phrases import Reading

Kind = Literal["yes_no", "open", "comparison"]
MAX_HEADING = 90
# Words that describe the question rather than its subject; left out of the concepts.
FILLER = frozenset(
    """eventually ever really actually currently still yet generally usually truly major types type kinds kind
    forms form various different many much true case evidence studies study research whether""".split()
)
# "What is the best treatment for acne?": the kind of thing sought is too general to make a paper on topic.
GENERIC_KINDS = frozenset("treatment treatments therapy therapies drug drugs medication medications medicine way ways "
                          "method methods approach approaches option options strategy strategies intervention choice".split())  # fmt: skip
YES_NO_FORMS = frozenset({"therapy", "harm", "predictor", "safety", "claim"})
# Verbs whose object is a disease ("heal erosive esophagitis"), not an outcome ("reduce mortality"): the object can
# follow "What limits X in …?".
DISEASE_VERBS = phrases.THERAPY_WORDS | frozenset("cure cures treat heal relieve alleviate control eradicate prevent".split())


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
    subject: str = ""  # the intervention or exposure asked about, "" if none
    focus: list[str] = field(default_factory=list)  # 1–3 phrases a paper must be about to be on topic

    @property
    def topic(self) -> str:
        return " ".join(self.concepts)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Plan:
        known = {f.name for f in fields(cls)} - {"sections"}
        return cls(**{k: v for k, v in data.items() if k in known}, sections=[SectionPlan(**s) for s in data["sections"]])


def normalize_question(text: str) -> str:
    text = " ".join((text or "").split()).strip()
    text = text.rstrip("?.! ")
    return f"{text[:1].upper()}{text[1:]}?" if text else ""


def make_plan(question: str) -> Plan:
    """The kind of question, what it is about, and the section questions, each with its retrieval query."""
    # Phrases are read as the asker wrote them: normalizing capitalizes the first word ("Metformin vs insulin").
    body = " ".join((question or "").split()).rstrip("?.! ")
    question = normalize_question(question)
    if not any(t != "," for t in phrases.tokens(body)):
        raise ValueError("The question has no words.")
    reading = phrases.read_question(body)
    focus = _focus(reading, body)
    concepts = key_concepts(body)
    names = _names(reading, focus, " ".join(concepts) or body)
    if reading.form == "comparison":
        kind: Kind = "comparison"
    else:
        kind = "yes_no" if reading.claim and reading.form in YES_NO_FORMS else "open"
    sections = SECTIONS[reading.form](names)
    return Plan(question, kind, _sentence(reading.claim) if kind == "yes_no" else "", concepts, sections,
                phrases.core(phrases.tokens(reading.subject)), focus)  # fmt: skip


def key_concepts(text: str) -> list[str]:
    """The content words of the question, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in re.findall(r"\w[\w\-/]*", text):
        lower = word.lower()
        if lower in STOPWORDS or lower in FILLER or lower in phrases.AUXILIARIES or len(lower) < 2:
            continue
        seen.setdefault(word if word.isupper() else lower, None)
    return list(seen)


def _sentence(text: str) -> str:
    text = text.strip().rstrip("?.!,")
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _focus(reading: Reading, body: str) -> list[str]:
    """The short phrases a paper must be about: the subject, and the condition unless it is generic."""
    def core(text: str) -> str:
        return phrases.core(phrases.tokens(text))

    def specific(text: str) -> str:
        phrase = core(text)
        return phrase if phrase and phrases.specific(phrase) else ""

    form = reading.form
    if form == "predicts":
        found = [core(reading.target)]
    elif form == "best":
        kind = core(reading.subject)
        found = ["" if kind.lower() in GENERIC_KINDS else kind, specific(reading.population)]
    elif form in {"comparison", "resistance"}:
        found = [core(reading.subject), core(reading.other), specific(reading.target or reading.population)]
    else:
        found = [core(reading.subject), specific(reading.target), specific(reading.population)]
    found = [phrase for phrase in dict.fromkeys(found) if phrase]
    return found[:3] or phrases.chunks(phrases.tokens(reading.claim or body))[:2]


def _names(reading: Reading, focus: list[str], topic: str) -> dict[str, str]:
    """The phrases a heading template may name, "" where the question has no clean one."""
    def display(text: str) -> str:
        return phrases.display(phrases.tokens(text))

    def core(text: str) -> str:
        return phrases.core(phrases.tokens(text))

    subject, target, population = display(reading.subject), display(reading.target), display(reading.population)
    plural = reading.plural or (bool(subject) and phrases.is_plural(subject))
    predicate = phrases.tokens(reading.predicate)
    specific_population = population if population and phrases.specific(core(population)) else ""
    simple_subject = subject if len(subject.split()) <= phrases.MAX_FOCUS_WORDS and core(subject) else ""
    return {
        "subject": subject, "target": target, "population": population,
        "disease": specific_population or (target if reading.verb in DISEASE_VERBS else ""),
        "condition": next((c for c in (core(reading.population), core(reading.target)) if c and phrases.specific(c)), ""),
        "other": display(reading.other), "context": display(reading.context),
        "in_population": f"{reading.preposition} {population}" if population and reading.preposition else "",
        "predicate": phrases.join(predicate) if phrases.clean(predicate) and len(predicate) <= 12 else "",
        "verb": reading.verb, "do": "do" if plural else "does", "be": "are" if plural else "is",
        "a_predictor": "predictors" if plural else "a predictor",
        "topic": simple_subject or max(focus, key=lambda p: len(p.split()), default=""),
        "terms": " ".join(focus) or topic,
        "claim": phrases.join(phrases.tokens(reading.claim)) or " ".join(focus) or topic,
    }  # fmt: skip


def _fit(names: dict[str, str], *templates: str) -> str:
    """The first template whose phrases were all found and that reads within the length limit."""
    for template in templates:
        if all(names[name] for name in re.findall(r"{(\w+)}", template)):
            heading = template.format(**names)
            if len(heading) <= MAX_HEADING:
                return f"{heading[:1].upper()}{heading[1:]}"
    return templates[-1]


def _section(names: dict[str, str], query: str, *templates: str) -> SectionPlan:
    return SectionPlan(_fit(names, *templates), " ".join(query.format(**names).split()))


def _therapy(n: dict[str, str]) -> list[SectionPlan]:
    first = ("How {verb} {be} {subject} {predicate}?", "How {verb} {be} {subject}?") if n["verb"] in phrases.THERAPY_WORDS else (
        "How well {do} {subject} {verb} {predicate}?", "How well {do} {subject} {verb} {target}?", "How well {do} {subject} work?")
    return [
        _section(n, "{terms} efficacy outcomes randomized trial", *first, "How large is the benefit?"),
        _section(n, "{terms} limitations failure resistance adverse effects", "What limits {subject} in {disease}?", "What limits {subject}?",
                 "What limits the benefit?"),
        _section(n, "{terms} response predictors subgroups", "Who benefits most from {subject}?", "Who benefits most?"),
        _section(n, "{terms} heterogeneity conflicting results", "What explains the differences between studies of {subject}?",
                 "What explains the differences between studies?"),
    ]  # fmt: skip


def _harm(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} association risk cohort", "How strong is the link between {subject} and {target}?",
                 "How strong is the link between {subject} and {condition}?", "How strong is the link?"),
        _section(n, "{terms} causal mendelian randomization confounding", "Is the link between {subject} and {condition} causal?",
                 "Is the link causal?"),
        _section(n, "{terms} heterogeneity conflicting results subgroups", "What explains the differences between studies of {subject}?",
                 "What explains the differences between studies?"),
        _section(n, "{terms} limitations unclear future research", "What remains uncertain about {subject} and {condition}?",
                 "What remains uncertain about {subject}?", "What remains uncertain?"),
    ]  # fmt: skip


def _predictor(n: dict[str, str]) -> list[SectionPlan]:
    treatment = re.sub(r"^(?:the )?(?:response|responses|benefit) (?:to|from) ", "", n["target"]) if n["target"] else ""
    n = {**n, "treatment": treatment if treatment != n["target"] else ""}
    return [
        _section(n, "{terms} predictive accuracy sensitivity specificity", "How reliable {be} {subject} as {a_predictor} of {target}?",
                 "How reliable {be} {subject} as {a_predictor}?", "How reliable is the predictor?"),
        _section(n, "{terms} response subgroups biomarkers", "Who benefits most from {treatment}?", "What else predicts {target}?",
                 "What else predicts the outcome?"),
        _section(n, "{terms} limitations cutoff heterogeneity", "What limits {subject} as {a_predictor}?", "What limits the predictor?"),
        _section(n, "{terms} conflicting results meta-analysis", "What explains the differences between studies of {subject}?",
                 "What explains the differences between studies?"),
    ]  # fmt: skip


def _safety(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} safety adverse events", "How safe {be} {subject} {in_population}?", "How safe {be} {subject}?", "How safe is it?"),
        _section(n, "{terms} harms side effects toxicity", "Which harms have been linked to {subject}?", "Which harms have been reported?"),
        _section(n, "{terms} risk factors subgroups", "Who is most at risk from {subject}?", "Who is most at risk?"),
        _section(n, "{terms} benefit risk balance", "How do the benefits of {subject} weigh against the risks?",
                 "How do the benefits weigh against the risks?"),
    ]  # fmt: skip


def _claim(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{claim}", "What do studies of {topic} find?", "What do studies find?"),
        _section(n, "{terms} conflicting inconsistent no association", "Where does the evidence on {topic} disagree?",
                 "Where does the evidence disagree?"),
        _section(n, "{terms} factors associated subgroups", "What explains the differences between studies of {topic}?",
                 "What explains the differences between studies?"),
        _section(n, "{terms} limitations unclear future research", "What remains uncertain about {topic}?", "What remains uncertain?"),
    ]  # fmt: skip


def _predicts(n: dict[str, str]) -> list[SectionPlan]:
    n = {**n, "causes": "causes" if n["verb"] == "cause" else "predictors"}
    return [
        _section(n, "{terms} risk factors predictors", "What are the main {causes} of {target}?", "What are the main {causes}?"),
        _section(n, "{terms} prediction model early screening", "How early after {context} can {target} be predicted?",
                 "How accurately can {target} be predicted?", "How accurately can it be predicted?"),
        _section(n, "{terms} heterogeneity cohort meta-analysis", "What explains the differences between studies of {target}?",
                 "What explains the differences between studies?"),
        _section(n, "{terms} prevention early intervention", "What can be done to prevent {target}?", "What can be done to prevent it?"),
    ]  # fmt: skip


def _resistance(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} resistance mechanisms", "What makes {target} resistant to {subject}?", "What causes resistance to {subject}?",
                 "What causes the resistance?"),
        _section(n, "{terms} acquired resistance incidence rate", "How common is resistance to {subject}?", "How common is the resistance?"),
        _section(n, "{terms} biomarkers predictors", "Can resistance to {subject} be predicted?", "Can the resistance be predicted?"),
        _section(n, "{terms} overcome combination strategies", "How can resistance to {subject} be overcome?", "How can the resistance be overcome?"),
    ]  # fmt: skip


def _why(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} mechanisms causes explanation", "What explains why {predicate}?", "What are the main explanations?"),
        _section(n, "{terms} evidence cohort trial", "How strong is the evidence for each explanation?"),
        _section(n, "{terms} heterogeneity conflicting results", "What explains the differences between studies of {subject}?",
                 "What explains the differences between studies?"),
        _section(n, "{terms} limitations future research", "What remains unknown about {subject}?", "What remains unknown?"),
    ]  # fmt: skip


def _methods(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} methods benchmark framework", "What are the main ways {subject} {be} {verb}?", "What are the main approaches?"),
        _section(n, "{terms} limitations validity reliability", "What are the limits of how {subject} {be} {verb}?",
                 "What are the limits of each approach?"),
        _section(n, "{terms} recommendations guidelines best practice", "Which approaches are recommended for {subject}?",
                 "Which approaches are recommended?"),
        _section(n, "{terms} challenges future research", "What remains unsettled about {subject}?", "What remains unsettled?"),
    ]  # fmt: skip


def _best(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} comparison options", "How do the main {subject} options for {population} compare?",
                 "How do the main {subject} options compare?", "How do the main options compare?"),
        _section(n, "{terms} criteria effectiveness", "What makes one {subject} better than another for {population}?",
                 "What makes one {subject} better than another?", "What makes one option better than another?"),
        _section(n, "{terms} drawbacks limitations", "What are the drawbacks of the leading {subject} options?",
                 "What are the drawbacks of the leading options?"),
        _section(n, "{terms} recommendations preferences", "Which option suits whom?"),
    ]  # fmt: skip


def _comparison(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{terms} comparison versus trial", "How do {subject} and {other} compare {in_population}?", "How do {subject} and {other} compare?",
                 "How do the options compare head to head?"),
        _section(n, "{terms} efficacy outcomes difference", "How large is the difference in benefit between {subject} and {other}?",
                 "How large are the differences in benefit?"),
        _section(n, "{terms} adverse events safety tolerability", "How do {subject} and {other} compare on safety and side effects?",
                 "How do the options compare on safety and side effects?"),
        _section(n, "{terms} subgroups preference recommendation", "When is {subject} preferred over {other}?", "Which option suits whom?"),
    ]  # fmt: skip


def _open(n: dict[str, str]) -> list[SectionPlan]:
    return [
        _section(n, "{claim}", "What do studies of {topic} find?", "What do studies find?"),
        _section(n, "{terms} meta-analysis systematic review cohort", "How strong is the evidence on {topic}?",
                 "How strong and consistent is the evidence?"),
        _section(n, "{terms} factors associated subgroups", "What explains the differences between studies of {topic}?",
                 "What explains the differences between studies?"),
        _section(n, "{terms} limitations challenges future research", "What remains unknown about {topic}?", "What remains unknown?"),
    ]  # fmt: skip


SECTIONS: dict[str, Callable[[dict[str, str]], list[SectionPlan]]] = {
    "therapy": _therapy, "harm": _harm, "predictor": _predictor, "safety": _safety, "claim": _claim,
    "predicts": _predicts, "resistance": _resistance, "why": _why, "methods": _methods, "best": _best,
    "comparison": _comparison, "open": _open,
}  # fmt: skip
