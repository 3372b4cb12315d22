"""Verify: check every (sentence, citation) pair with TrueCite; drop what is unsupported or repair it."""

from __future__ import annotations

import re

from search.models import Paper
from truecite.claims import ClaimVerdict, check_claim
from truecite.text import content_stems

from .draft import Draft, Section, Sentence

# The framing a writer adds around a source's statement; the claim checked is what follows it.
FRAMING = re.compile(
    r"^(?:(?:yes|no|partly|the evidence is unclear)(?:, not yet)?\s*[:,—–-]\s*)?(?:however,\s*|in contrast,\s*)?"
    r"(?:(?:a|an|the|one|another|the same)\s+(?:[\w\-,]+\s+){0,8}?(?:also\s+)?"
    r"(?:found|finds|notes|noted|reports|reported|showed|shows|suggests|suggested|concluded|concludes|argues|"
    r"explains|points out|observed|describes|estimates|estimated)\s+that\s+"
    r"|according to (?:a|an|the|one)\s+(?:[\w\-]+\s+){0,8}?[\w\-]+,\s+)?",
    re.I,
)
# A sentence that reproduces its source this closely is a quotation, supported by definition.
QUOTED = 0.9
REPAIR_TRIES = 2


def claim_of(sentence: str) -> str:
    """The statement a sentence makes, without its verdict word or attribution."""
    return sentence[FRAMING.match(sentence).end() :].strip()


def _quoted(claim: str, verdict: ClaimVerdict) -> bool:
    stems = set(content_stems(claim))
    if not stems or not verdict.evidence:
        return False
    return len(stems & set(content_stems(verdict.evidence[0].text))) / len(stems) >= QUOTED


class _Checker:
    def __init__(self, papers: dict[int, Paper]) -> None:
        self.papers = papers
        self.cache: dict[tuple[str, int], bool] = {}

    def supports(self, claim: str, paper_id: int) -> bool:
        key = (claim, paper_id)
        if key not in self.cache:
            paper = self.papers.get(paper_id)
            verdict = check_claim(claim, paper) if paper else None
            self.cache[key] = bool(verdict) and (verdict.verdict == "support" or _quoted(claim, verdict))
        return self.cache[key]


def _repair(checker: _Checker, claim: str, candidates: list[int]) -> int | None:
    """Another listed source that supports the claim, trying those sharing the most words with it first."""
    stems = set(content_stems(claim))

    def overlap(pid: int) -> int:
        paper = checker.papers.get(pid)
        return len(stems & set(content_stems(paper.abstract))) if paper else 0

    for paper_id in sorted(candidates, key=overlap, reverse=True)[:REPAIR_TRIES]:
        if checker.supports(claim, paper_id):
            return paper_id
    return None


def verify_draft(draft: Draft, papers: dict[int, Paper]) -> Draft:
    """The draft with only supported citations: unsupported ones dropped, uncited sentences repaired or dropped."""
    checker = _Checker(papers)
    listed = draft.cited_papers()
    checked = supported = 0
    notes: list[str] = []

    def verified(sentence: Sentence) -> Sentence | None:
        nonlocal checked, supported
        claim = claim_of(sentence.text)
        cites = [pid for pid in dict.fromkeys(sentence.cites) if pid in papers]
        kept = []
        for paper_id in cites:
            checked += 1
            if checker.supports(claim, paper_id):
                supported += 1
                kept.append(paper_id)
        if not kept:
            repaired = _repair(checker, claim, [p for p in listed if p not in cites])
            if repaired is None:
                notes.append(f"dropped an unsupported sentence: {sentence.text[:120]}")
                return None
            kept = [repaired]
            notes.append(f"re-cited a sentence to paper {repaired}: {sentence.text[:120]}")
        return Sentence(sentence.text, kept)

    direct = [s for s in map(verified, draft.direct_answer) if s]
    sections = []
    for section in draft.sections:
        paragraphs = [p for p in ([s for s in map(verified, paragraph) if s] for paragraph in section.paragraphs) if p]
        if paragraphs:
            sections.append(Section(section.heading, paragraphs))
    result = Draft(draft.question, draft.summary, direct, sections, {}, draft.writer, checked, supported, notes)
    result.source_summaries = {str(pid): draft.source_summaries.get(str(pid), "") for pid in result.cited_papers()}
    return result
