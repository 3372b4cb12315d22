"""Write (default): an extractive, citation-grounded article in a science writer's voice.

Evidence sentences are chosen by relevance with diversity (a sentence too close in meaning or wording to
one already used is left out), attributed to their source ("A 2020 survey of 60 patients found that …"),
and every sentence cites the paper it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from truecite.text import content_stems

from . import text as T
from .analyze import Evidence, PaperFindings, attributed
from .draft import Draft, Section, Sentence
from .plan import Plan
from .vectors import embed

MIN_PAPER_RELEVANCE = 0.3
MIN_SECTION_SCORE = 0.3
SENTENCES_PER_SECTION = 4
MIN_SENTENCES_PER_SECTION = 2
PER_PAPER_IN_SECTION = 2
PER_PAPER_IN_ARTICLE = 3
# Above these, two sentences say the same thing.
SAME_MEANING = 0.8
SAME_WORDING = 0.5
# Wording that qualifies or limits a finding ("only a minority respond", "did not improve survival").
LIMITATION = re.compile(
    r"\b(?:only|minority|subset|fail(?:s|ed|ure)?|resistan\w*|limited|limitations?|challeng\w*|lack\w*|unclear|"
    r"toxicit\w*|relapse\w*|insufficient|modest|inconsistent|unsatisfactory|poor|"
    r"remains? (?:low|limited|poor|modest|uncertain|unclear)|(?:did|does|do|could|was|were) not|cannot|"
    r"no (?:significant|benefit|difference|effect|improvement|association|evidence of (?:benefit|efficacy)))\b",
    re.I,
)
UNIVERSAL = re.compile(r"\b(?:all|every|always|never|any|completely|entirely|eventually|cure[sd]?|guarantee\w*)\b", re.I)
# The verdict weighs this many of the most relevant evidence sentences.
VERDICT_WINDOW = 20
TEMPORAL = re.compile(r"\b(?:eventually|yet|ever|one day|someday|future|soon)\b", re.I)


@dataclass
class _Item:
    findings: PaperFindings
    evidence: Evidence
    vector: np.ndarray
    stems: frozenset[str]

    @property
    def paper_id(self) -> int:
        return self.findings.paper_id


class _Article:
    """The writer's state: what has been said, by whom, and how it was attributed."""

    def __init__(self, items: list[_Item]) -> None:
        self.items = items
        self.used: list[_Item] = []
        self.mentions: dict[int, int] = {}
        self.turn = 0

    def distinct(self, item: _Item) -> bool:
        for other in self.used:
            if float(item.vector @ other.vector) >= SAME_MEANING:
                return False
            union = item.stems | other.stems
            if union and len(item.stems & other.stems) / len(union) >= SAME_WORDING:
                return False
        return item.evidence.index >= 0 and not any(
            o.paper_id == item.paper_id and o.evidence.index == item.evidence.index for o in self.used
        )

    def take(self, item: _Item) -> None:
        self.used.append(item)
        self.mentions[item.paper_id] = self.mentions.get(item.paper_id, 0) + 1

    def render(self, item: _Item, previous: _Item | None, prefix: str = "", attribute: bool = False) -> Sentence:
        """The sentence in prose: attributed on a source's first mention (general statements may stand
        alone unless `attribute`), plain or "the same …" after. A prefix ("However, ") lower-cases what follows.
        """
        findings, evidence = item.findings, item.evidence
        self.turn += 1
        first_mention = self.mentions.get(item.paper_id, 0) == 0
        if first_mention and (attribute or not (evidence.kind == "background" and evidence.text)):
            text = attributed(findings, evidence, self.turn)
        elif previous is not None and previous.paper_id == item.paper_id:
            text = f"The same {findings.noun} also {findings.verb(evidence.kind, self.turn)} that {evidence.body}"
        elif evidence.text:
            text = evidence.text
        else:
            text = f"{T.upper_first(findings.short)} also {findings.verb(evidence.kind, self.turn)} that {evidence.body}"
        if prefix:
            # Attributed forms open with "A", "An" or "The"; a plain statement has its own lower-case form.
            text = prefix + (evidence.body if text == evidence.text else text[0].lower() + text[1:])
        self.take(item)
        return Sentence(text=text, cites=[item.paper_id])


def _items(findings: list[PaperFindings]) -> list[_Item]:
    pairs = [(f, e) for f in findings if f.relevance >= MIN_PAPER_RELEVANCE for e in f.evidence]
    vectors = embed([e.body for _, e in pairs])
    return [_Item(f, e, v, frozenset(content_stems(e.body))) for (f, e), v in zip(pairs, vectors)]


def _limiting(item: _Item) -> bool:
    return bool(LIMITATION.search(item.evidence.body))


def _contrast(item: _Item, previous: _Item | None) -> bool:
    """Whether "However, " belongs before the item: it qualifies what came before and does not contrast itself."""
    body = item.evidence.body
    return (
        previous is not None
        and _limiting(item)
        and not _limiting(previous)
        and not re.match(r"(?:although|though|while|whereas|despite|but|however|yet|even)\b", body, re.I)
        and not re.search(r"\b(?:however|but)\b", body, re.I)
    )


def verdict(plan: Plan, stances: dict[int, str], items: list[_Item]) -> str:
    """Yes / No / Partly / Unclear, from TrueCite's stances and how the best evidence qualifies the claim."""
    support = sum(v == "support" for v in stances.values())
    contradict = sum(v == "contradict" for v in stances.values())
    window = sorted(items, key=lambda i: -i.evidence.score)[:VERDICT_WINDOW]
    limits = sum(_limiting(i) for i in window)
    if contradict >= 2 and contradict > support:
        return "No"
    if UNIVERSAL.search(plan.question) and limits >= 2:
        return "No"  # a claim about all cases falls to a few well-documented exceptions
    if support >= 2 and contradict == 0 and limits <= len(window) // 3:
        return "Yes"
    if support >= 1 or limits >= 1:
        return "Partly"
    return "Unclear"


VERDICT_OPENING = {
    "Yes": "Yes: ",
    "No": "No: ",
    "Partly": "Partly: ",
    "Unclear": "The evidence is unclear: ",
}


def _opening(plan: Plan, word: str) -> str:
    if word == "No" and TEMPORAL.search(plan.question):
        return "No, not yet: "
    return VERDICT_OPENING[word]


def _lead_item(word: str, items: list[_Item], stances: dict[int, str]) -> _Item | None:
    by_score = sorted(items, key=lambda i: -i.evidence.score)
    if word == "No":
        pool = [i for i in by_score if stances.get(i.paper_id) == "contradict" or _limiting(i)]
    elif word in {"Yes", "Partly"}:
        pool = [i for i in by_score if stances.get(i.paper_id) == "support" and not _limiting(i)]
    else:
        pool = []
    return (pool or by_score or [None])[0]


def _direct_answer(plan: Plan, article: _Article, word: str, stances: dict[int, str]) -> list[Sentence]:
    """The verdict with its strongest evidence, then the other side, then one more finding (3 sentences).

    For an open question: the three most relevant findings from different papers.
    """
    by_score = [i for i in sorted(article.items, key=lambda i: -i.evidence.score) if i.evidence.kind != "background"]
    by_score = by_score or sorted(article.items, key=lambda i: -i.evidence.score)
    lead = _lead_item(word, article.items, stances) if plan.kind == "yes_no" else None
    # After a verdict: first what does hold true (not limiting), then what qualifies it (limiting).
    wanted = [False, True] if word in {"Yes", "No", "Partly"} else [None, None]
    sentences, previous = [], None
    if lead is not None:
        sentences.append(article.render(lead, None, _opening(plan, word), attribute=True))
        previous = lead
    for limiting in wanted if lead is not None else [None, None, None]:
        for item in by_score:
            if item.paper_id in article.mentions or not article.distinct(item):
                continue
            if limiting is not None and _limiting(item) != limiting:
                continue
            prefix = "However, " if limiting and _contrast(item, previous) else ""
            sentences.append(article.render(item, previous, prefix, attribute=True))
            previous = item
            break
    return sentences


def _paragraphs(sentences: list[Sentence]) -> list[list[Sentence]]:
    sizes = {1: [1], 2: [2], 3: [3], 4: [2, 2], 5: [3, 2], 6: [3, 3], 7: [3, 2, 2], 8: [3, 3, 2]}[len(sentences)]
    out, start = [], 0
    for size in sizes:
        out.append(sentences[start : start + size])
        start += size
    return out


def _assign(article: _Article, n_sections: int) -> list[list[_Item]]:
    """Evidence for each section: first what fits that section best, then the best of the rest for thin ones."""
    chosen: list[list[_Item]] = [[] for _ in range(n_sections)]

    def fill(position: int, pool: list[_Item]) -> None:
        for item in sorted(pool, key=lambda i: -i.evidence.section_scores[position]):
            if len(chosen[position]) >= SENTENCES_PER_SECTION or item.evidence.section_scores[position] < MIN_SECTION_SCORE:
                break
            in_section = sum(c.paper_id == item.paper_id for c in chosen[position])
            in_article = sum(c.paper_id == item.paper_id for c in article.used)
            if in_section < PER_PAPER_IN_SECTION and in_article < PER_PAPER_IN_ARTICLE and article.distinct(item):
                chosen[position].append(item)
                article.used.append(item)

    best = {id(i): max(range(n_sections), key=lambda p: i.evidence.section_scores[p]) for i in article.items}
    for position in range(n_sections):
        fill(position, [i for i in article.items if best[id(i)] == position])
    for position in range(n_sections):
        if len(chosen[position]) < MIN_SENTENCES_PER_SECTION + 1:
            fill(position, article.items)
    for items in chosen:
        for item in items:
            article.used.remove(item)
    return chosen


def _section(article: _Article, position: int, heading: str, chosen: list[_Item]) -> Section | None:
    if len(chosen) < MIN_SENTENCES_PER_SECTION:
        return None
    # A general statement opens the section; findings follow, strongest first.
    chosen = sorted(chosen, key=lambda i: (i.evidence.kind != "background", -i.evidence.section_scores[position]))
    sentences, previous = [], None
    for item in chosen:
        sentences.append(article.render(item, previous, "However, " if _contrast(item, previous) else ""))
        previous = item
    return Section(heading, _paragraphs(sentences))


def _summary(plan: Plan, word: str, article: _Article) -> str:
    """One sentence under the title: the verdict and the gist of the strongest evidence, attributed."""
    if not article.used:
        return f"The catalog holds too little evidence to answer “{plan.question}”"
    first = article.used[0]
    short = [i for i in article.used[:3] if len(i.evidence.body.split()) <= 30]
    if len(first.evidence.body.split()) > 30 and short:
        first = short[0]
    statement = first.evidence.body.rstrip(".")
    attribution = f"according to {T.lower_first(first.findings.lead, set())}"
    if plan.kind == "yes_no":
        return f"{_opening(plan, word)}{statement}, {attribution}."
    return f"{T.upper_first(statement)}, {attribution}."


def write_article(plan: Plan, findings: list[PaperFindings], stances: dict[int, str]) -> Draft:
    """The article from the analysed papers, every sentence citing the paper its evidence comes from.

    `stances` are TrueCite's verdicts on a yes/no question's claim for the most relevant papers.
    """
    items = _items(findings)
    article = _Article(items)
    word = verdict(plan, stances, items) if plan.kind == "yes_no" else ""
    direct = _direct_answer(plan, article, word, stances)
    summary = _summary(plan, word, article)
    assigned = _assign(article, len(plan.sections))
    sections = [s for i, sp in enumerate(plan.sections) if (s := _section(article, i, sp.heading, assigned[i]))]
    draft = Draft(plan.question, summary, direct, sections, {})
    summaries = {f.paper_id: f.summary for f in findings}
    draft.source_summaries = {str(pid): summaries[pid] for pid in draft.cited_papers()}
    return draft
