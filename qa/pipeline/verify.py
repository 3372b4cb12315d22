"""Verify: TrueCite checks the meaning of every (sentence, citation) pair; failing ones are dropped or re-cited.

A finding's citation passes when the source supports its statement ("supported"), every number in the
sentence appears in the source or is its year ("numbers"), the quoted sentence is one of the source's
results or conclusions, not its background or methods ("roles"), and the sentence says the source's
setting: its condition, and that it studied animals or cells when it did ("settings"). A verdict
sentence passes when every paper it cites points the way it says ("direction"). The counts of each
check are the article's TrueCite badge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.models import Paper
from search.reading.results import numbers_in
from search.reading.paper import FINDING_ROLES, Reading, readings
from truecite.claims import ClaimVerdict, check_claim
from truecite.text import content_stems

from .draft import Draft, Section, Sentence
from . import text as T
from .analyze import statements_of
from .stance import bar, decide, read_findings
from .topic import Words, names

# The framing a writer adds around a source's statement; the claim checked is what follows it.
FRAMING = re.compile(
    r"^(?:in contrast,\s*)?"
    r"(?:(?:a|an|the|one|another|the same)\s+(?:[\w\-,]+\s+){0,14}?(?:also\s+)?"
    r"(?:found|finds|notes|noted|reports|reported|showed|shows|suggests|suggested|concluded|concludes|argues|"
    r"explains|points out|observed|describes|estimates|estimated)\s+that\s+"
    r"|according to (?:a|an|the|one)\s+(?:[\w\-]+\s+){0,14}?[\w\-]+,\s+)?",
    re.I,
)
# A sentence that reproduces its source this closely is a quotation, supported by definition.
QUOTED = 0.9
SETTING_WORDS = {
    "animal": re.compile(r"\b(?:animals?|mice|mouse|murine|rats?|rodents?|dogs?|pigs?|primates?|monkeys?|zebrafish|rabbits?)\b", re.I),
    "in_vitro": re.compile(r"\b(?:laboratory|in vitro|cells?|cell lines?|cultured|organoids?)\b", re.I),
}
CHECKS = ("supported", "numbers", "roles", "settings", "direction")


def claim_of(sentence: str) -> str:
    """The statement a sentence makes, without its attribution."""
    return sentence[FRAMING.match(sentence).end() :].strip()


def _quoted(claim: str, verdict: ClaimVerdict) -> bool:
    stems = set(content_stems(claim))
    if not stems or not verdict.evidence:
        return False
    return len(stems & set(content_stems(verdict.evidence[0].text))) / len(stems) >= QUOTED


@dataclass
class _Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: {name: [0, 0] for name in CHECKS})

    def note(self, check: str, passed: bool) -> bool:
        self.counts[check][1] += 1
        self.counts[check][0] += int(passed)
        return passed


class _Checker:
    def __init__(self, papers: dict[int, Paper], read: dict[int, Reading], claim: str, focus: list[str]) -> None:
        self.papers, self.read, self.claim, self.focus = papers, read, claim, focus
        self.verdicts: dict[tuple[str, int], ClaimVerdict] = {}

    def verdict(self, claim: str, paper_id: int) -> ClaimVerdict:
        key = (claim, paper_id)
        if key not in self.verdicts:
            self.verdicts[key] = check_claim(claim, self.papers[paper_id])
        return self.verdicts[key]

    def supported(self, sentence: Sentence, paper_id: int) -> bool:
        claim = claim_of(sentence.text)
        verdict = self.verdict(claim, paper_id)
        return verdict.verdict == "support" or _quoted(claim, verdict)

    def numbers(self, sentence: Sentence, paper_id: int) -> bool:
        paper = self.papers[paper_id]
        stated = numbers_in(f"{paper.title} {' '.join(paper.abstract_sentences or [paper.abstract])}")
        return numbers_in(sentence.text) <= stated | ({str(paper.year)} if paper.year else set())

    def role(self, sentence: Sentence, paper_id: int) -> bool:
        index = sentence.evidence
        if index < 0:
            verdict = self.verdict(claim_of(sentence.text), paper_id)
            index = verdict.evidence[0].index if verdict.evidence else -1
        return self.read[paper_id].role(index) in FINDING_ROLES

    def setting(self, sentence: Sentence, paper_id: int) -> bool:
        reading = self.read[paper_id]
        words = SETTING_WORDS.get(reading.named_design)
        if words is not None and not words.search(sentence.text):
            return False
        condition = reading.pico.condition
        return not condition or names(condition, Words.of(sentence.text))

    def direction(self, paper_id: int, way: str) -> bool:
        """Whether the paper's findings, read afresh, point the way the verdict says."""
        statements = statements_of(self.read[paper_id], T.names_in([self.papers[paper_id].abstract]))
        found = read_findings(self.claim, [(s.index, s.body) for s in statements], self.focus, self.papers[paper_id].title)
        return decide(found, relevant=bar(self.claim)).stance == way


def _finding_passes(checker: _Checker, tally: _Tally, sentence: Sentence, paper_id: int) -> bool:
    """Every check on one citation of a finding, each counted; the first failure ends it."""
    return (
        tally.note("supported", checker.supported(sentence, paper_id))
        and tally.note("numbers", checker.numbers(sentence, paper_id))
        and tally.note("roles", checker.role(sentence, paper_id))
        and tally.note("settings", checker.setting(sentence, paper_id))
    )


def _verdict_way(paper_id: int, draft: Draft) -> str:
    return draft.sources[str(paper_id)].stance if str(paper_id) in draft.sources else draft.verdict


def verify_draft(draft: Draft, papers: dict[int, Paper]) -> Draft:
    """The draft with only citations that pass every check; a sentence left without one is dropped."""
    read = readings(papers.values())
    checker = _Checker(papers, read, draft.claim, draft.focus)
    tally = _Tally()
    notes: list[str] = []
    dropped: set[str] = set()

    def verified(sentence: Sentence) -> Sentence | None:
        if sentence.kind == "note":
            return sentence
        cites = [pid for pid in dict.fromkeys(sentence.cites) if pid in papers]
        if sentence.kind == "verdict":
            kept = [pid for pid in cites if tally.note("direction", checker.direction(pid, _verdict_way(pid, draft)))]
            if kept != cites:
                notes.append(f"dropped a verdict whose sources do not all point its way: {sentence.text[:120]}")
                dropped.add(sentence.text)
                return None
            return sentence
        kept = [pid for pid in cites if _finding_passes(checker, tally, sentence, pid)]
        if kept:
            return Sentence(sentence.text, kept, sentence.kind, sentence.evidence)
        # Not re-cited elsewhere: a finding names its source ("A 2019 trial of …"), so another would misattribute it.
        notes.append(f"dropped a sentence that failed TrueCite: {sentence.text[:120]}")
        dropped.add(sentence.text)
        return None

    direct = [s for s in map(verified, draft.direct_answer) if s]
    sections = []
    for section in draft.sections:
        paragraphs = [p for p in ([s for s in map(verified, paragraph) if s] for paragraph in section.paragraphs) if p]
        if paragraphs:
            sections.append(Section(section.heading, paragraphs))
    summary = draft.summary if draft.summary not in dropped or not direct else direct[0].text
    result = Draft(
        draft.question, summary, direct, sections, {}, draft.claim, draft.focus, draft.verdict, draft.breakdown, draft.thin,
        draft.writer, {k: v for k, v in tally.counts.items() if v[1]}, draft.notes + notes,
    )  # fmt: skip
    result.sources = {str(pid): draft.sources[str(pid)] for pid in result.cited_papers() if str(pid) in draft.sources}
    return result
