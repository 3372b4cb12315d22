"""Write (default): an extractive, citation-grounded article in a science writer's voice.

A yes/no question opens with its verdict, stated as a count of the papers that point each way; the
sentence after it is the strongest finding on the verdict's side. Findings are chosen by relevance with
diversity (a sentence too close in meaning or wording to one already used is left out), attributed to
their source with its design, size and population ("A 2019 randomized trial of 945 patients with
advanced melanoma found that …"), and every finding cites the paper it comes from. With fewer than
qa.pipeline.topic.MIN_ON_TOPIC on-topic papers, thin_draft only says that the catalog holds too little.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from truecite.text import content_stems

from . import text as T
from .analyze import Evidence, PaperFindings, attributed
from .draft import Draft, Section, Sentence, SourceNote
from .phrasing import designs_phrase, studies
from .plan import Plan
from .vectors import embed
from .verdict import DESIGN_WEIGHT, Weighed, weigh

# A finding must fit its section's question this well: an empty section beats one about something else.
MIN_SECTION_SCORE = 0.4
SENTENCES_PER_SECTION = 5
MIN_SENTENCES_PER_SECTION = 3
PER_PAPER_IN_SECTION = 2
PER_PAPER_IN_ARTICLE = 3
# Above these, two sentences say the same thing.
SAME_MEANING = 0.8
SAME_WORDING = 0.5
OPPOSITE = {"yes": "no", "no": "yes"}


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
        return not any(o.paper_id == item.paper_id and o.evidence.index == item.evidence.index for o in self.used)

    def take(self, item: _Item) -> None:
        self.used.append(item)
        self.mentions[item.paper_id] = self.mentions.get(item.paper_id, 0) + 1

    def render(self, item: _Item, previous: _Item | None, prefix: str = "") -> Sentence:
        """The finding in prose: attributed with its context on a source's first mention, "the same …" right
        after the same source, by its short name later. A prefix ("In contrast, ") lower-cases what follows.
        """
        findings, evidence = item.findings, item.evidence
        self.turn += 1
        if self.mentions.get(item.paper_id, 0) == 0:
            text = attributed(findings, evidence, self.turn)
        elif previous is not None and previous.paper_id == item.paper_id:
            text = f"The same {findings.noun} also {findings.verb(evidence.role, self.turn)} that {evidence.body}"
        else:
            text = f"{T.upper_first(findings.short)} also {findings.verb(evidence.role, self.turn)} that {evidence.body}"
        if prefix:
            text = prefix + text[0].lower() + text[1:]
        self.take(item)
        return Sentence(text=text, cites=[item.paper_id], kind="finding", evidence=evidence.index)


def _items(findings: list[PaperFindings]) -> list[_Item]:
    pairs = [(f, e) for f in findings for e in f.evidence]
    vectors = embed([e.body for _, e in pairs])
    return [_Item(f, e, v, frozenset(content_stems(e.body))) for (f, e), v in zip(pairs, vectors)]


def _claim_body(plan: Plan) -> str:
    return T.lower_first(plan.claim.rstrip(". "), set())


def verdict_sentence(plan: Plan, weighed: Weighed, findings: list[PaperFindings]) -> Sentence:
    """The verdict as a count of the papers that point each way, citing them; "Mostly" and "Probably" when
    the agreement or the number of papers is limited. The sentences after it quote only findings that decided
    a paper's stance: another sentence of the same paper may be about something else altogether.
    """
    claim = _claim_body(plan)
    yes = [f for f in findings if f.stance == "yes"]
    no = [f for f in findings if f.stance == "no"]
    tested = len(yes) + len(no)
    if weighed.verdict == "insufficient":
        text = (f"There is not enough evidence to say: none of the {studies(len(findings))} on the question in WisPaper's "
                f"catalog clearly tests whether {claim}.")  # fmt: skip
        return Sentence(text, [], kind="note")
    if weighed.verdict == "mixed":
        text = (f"Mixed: {studies(len(yes))} ({designs_phrase([f.design for f in yes])}) found that {claim}, while "
                f"{studies(len(no))} ({designs_phrase([f.design for f in no])}) found otherwise.")  # fmt: skip
        return Sentence(text, [f.paper_id for f in yes + no], kind="verdict")
    side = yes if weighed.verdict == "yes" else no
    word = {"yes": ("Yes", "Mostly yes", "Probably yes"), "no": ("No", "Mostly no", "Probably not")}[weighed.verdict]
    strength = word[2] if tested == 1 else word[1] if len(side) < tested else word[0]
    share = "the one study in the catalog that tests it" if tested == 1 else (
        "both studies in the catalog that test it" if len(side) == tested == 2 else
        f"all {tested} studies in the catalog that test it" if len(side) == tested else f"{len(side)} of the {tested} studies in the catalog that test it"
    )  # fmt: skip
    designs = designs_phrase([f.design for f in side])
    if weighed.verdict == "yes":
        text = f"{strength}: {share} ({designs}) found that {claim}."
    else:
        text = f"{strength}: {share} ({designs}) found results that go against the claim that {claim}."
    return Sentence(text, [f.paper_id for f in side], kind="verdict")


def _strength(item: _Item) -> float:
    """How well a finding can carry an answer: its relevance, more from stronger designs, most for the very
    sentence that decided its paper's stance.
    """
    deciding = 0.1 if item.evidence.index == item.findings.stance_sentence else 0.0
    return item.evidence.score * (1 + 0.1 * DESIGN_WEIGHT.get(item.findings.design, 1.0)) + deciding


def _best_from(
    article: _Article, papers: set[int], previous: _Item | None, prefix: str = "", *, deciding: bool = False
) -> tuple[Sentence, _Item] | None:
    """The strongest unused finding of these papers; with `deciding`, only a sentence that decided its paper's stance."""
    for item in sorted(article.items, key=lambda i: -_strength(i)):
        if deciding and item.evidence.index != item.findings.stance_sentence:
            continue
        if item.paper_id in papers and item.paper_id not in article.mentions and article.distinct(item):
            return article.render(item, previous, prefix), item
    return None


def _direct_answer(plan: Plan, article: _Article, weighed: Weighed | None, findings: list[PaperFindings]) -> list[Sentence]:
    """A yes/no verdict, the strongest finding on its side and one from the other side (or a second one on its
    side); for an open question, the three most relevant findings from different papers.
    """
    everyone = {f.paper_id for f in findings}
    if weighed is None or weighed.verdict == "insufficient":
        sentences = [verdict_sentence(plan, weighed, findings)] if weighed else []
        previous = None
        for _ in range(3):
            picked = _best_from(article, everyone, previous)
            if picked:
                sentences.append(picked[0])
                previous = picked[1]
        return sentences
    sentences = [verdict_sentence(plan, weighed, findings)]
    leading = "no" if weighed.verdict == "no" or (weighed.verdict == "mixed" and weighed.share_yes < 0.5) else "yes"
    side = {f.paper_id for f in findings if f.stance == leading}
    other = {f.paper_id for f in findings if f.stance == OPPOSITE[leading]}
    first = _best_from(article, side, None, deciding=True)
    if first is None:
        return sentences
    sentences.append(first[0])
    # What points the other way is quoted only in the words that decided it: any other sentence of that paper
    # may well agree with the verdict.
    second = _best_from(article, other, first[1], "In contrast, ", deciding=True) or _best_from(article, side, first[1], deciding=True)
    if second:
        sentences.append(second[0])
    return sentences


def _assign(article: _Article, n_sections: int) -> list[list[_Item]]:
    """Evidence for each section: first what fits that section best, then the best of the rest for thin ones."""
    chosen: list[list[_Item]] = [[] for _ in range(n_sections)]
    taken: list[_Item] = []

    def fill(position: int, pool: list[_Item]) -> None:
        for item in sorted(pool, key=lambda i: -i.evidence.section_scores[position]):
            if len(chosen[position]) >= SENTENCES_PER_SECTION or item.evidence.section_scores[position] < MIN_SECTION_SCORE:
                break
            in_section = sum(c.paper_id == item.paper_id for c in chosen[position])
            in_article = article.mentions.get(item.paper_id, 0) + sum(c.paper_id == item.paper_id for c in taken)
            if in_section < PER_PAPER_IN_SECTION and in_article < PER_PAPER_IN_ARTICLE and article.distinct(item):
                chosen[position].append(item)
                taken.append(item)
                article.used.append(item)

    best = {id(i): max(range(n_sections), key=lambda p: i.evidence.section_scores[p]) for i in article.items}
    for position in range(n_sections):
        fill(position, [i for i in article.items if best[id(i)] == position])
    for position in range(n_sections):
        if len(chosen[position]) < MIN_SENTENCES_PER_SECTION:
            fill(position, article.items)
    for item in taken:
        article.used.remove(item)
    return chosen


def _section(article: _Article, position: int, heading: str, chosen: list[_Item]) -> Section | None:
    """One paragraph that develops the section's point over 3–5 findings, the most relevant first."""
    if len(chosen) < MIN_SENTENCES_PER_SECTION:
        return None
    chosen = sorted(chosen, key=lambda i: -i.evidence.section_scores[position])
    sentences, previous = [], None
    for item in chosen:
        sentences.append(article.render(item, previous))
        previous = item
    return Section(heading, [sentences])


def _summary(plan: Plan, direct: list[Sentence]) -> str:
    """One sentence under the title (also the meta description): the verdict sentence, or the first finding."""
    return direct[0].text if direct else f"WisPaper's catalog holds too little evidence to answer “{plan.question}”"


def thin_draft(plan: Plan, findings: list[PaperFindings]) -> Draft:
    """The article for a question the catalog cannot answer: what it lacks, no padding, no sources."""
    about = " and ".join(plan.focus) if plan.focus else "this question"
    count = "no papers" if not findings else "only one paper" if len(findings) == 1 else f"only {len(findings)} papers"
    text = (f"WisPaper's catalog holds {count} on {about}: too little to answer this question. "
            "Search the catalog for what it does hold, or ask about a related topic.")  # fmt: skip
    verdict = "insufficient" if plan.kind == "yes_no" else ""
    summary = f"WisPaper's catalog holds too little evidence to answer “{plan.question}”"
    return Draft(plan.question, summary, [Sentence(text, [], kind="note")], [], {}, plan.claim, plan.focus, verdict, thin=True)


def write_article(plan: Plan, findings: list[PaperFindings]) -> Draft:
    """The article from the analysed on-topic papers (at least MIN_ON_TOPIC), every finding citing its paper."""
    weighed = weigh([f.vote() for f in findings]) if plan.kind == "yes_no" and plan.claim else None
    article = _Article(_items(findings))
    direct = _direct_answer(plan, article, weighed, findings)
    assigned = _assign(article, len(plan.sections))
    sections = [s for i, sp in enumerate(plan.sections) if (s := _section(article, i, sp.heading, assigned[i]))]
    draft = Draft(
        plan.question, _summary(plan, direct), direct, sections, {}, plan.claim, plan.focus,
        weighed.verdict if weighed else "", weighed.breakdown if weighed else {},
    )  # fmt: skip
    by_id = {f.paper_id: f for f in findings}
    draft.sources = {
        str(pid): SourceNote(by_id[pid].summary, by_id[pid].design, by_id[pid].n, by_id[pid].stance) for pid in draft.cited_papers()
    }
    return draft
