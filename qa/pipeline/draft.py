"""The article as the writers produce it and verify checks it: sentences citing papers by id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field


@dataclass
class Sentence:
    text: str  # ends with its punctuation; no citation markers
    cites: list[int]  # paper ids, in citation order
    # "finding" quotes one source's result; "verdict" states which way the cited papers point;
    # "note" says what the catalog lacks and cites nothing.
    kind: str = "finding"
    evidence: int = -1  # for a finding: the index of the quoted sentence in its source's abstract_sentences


@dataclass
class Section:
    heading: str
    paragraphs: list[list[Sentence]]


@dataclass
class SourceNote:
    """What the article says of one source besides its sentences."""

    summary: str
    design: str = ""
    n: int | None = None
    stance: str = ""


@dataclass
class Draft:
    question: str
    summary: str
    direct_answer: list[Sentence]
    sections: list[Section]
    sources: dict[str, SourceNote]  # paper id (as a JSON key) → what the article says of it
    claim: str = ""  # a yes/no question as a statement
    focus: list[str] = field(default_factory=list)  # the phrases a finding must name to speak to the claim
    verdict: str = ""  # yes, no, mixed or insufficient; "" for other questions
    breakdown: dict[str, list[str]] = field(default_factory=dict)
    thin: bool = False  # the catalog held too few on-topic papers to write an article
    writer: str = "extractive"
    checks: dict[str, list[int]] = field(default_factory=dict)  # check name → [passed, checked]
    notes: list[str] = field(default_factory=list)

    def sentences(self) -> Iterator[Sentence]:
        yield from self.direct_answer
        for section in self.sections:
            for paragraph in section.paragraphs:
                yield from paragraph

    def cited_papers(self) -> list[int]:
        """Paper ids in order of first citation: the numbering of the sources."""
        order: dict[int, None] = {}
        for sentence in self.sentences():
            for paper_id in sentence.cites:
                order.setdefault(paper_id, None)
        return list(order)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Draft:
        return cls(
            **{
                **data,
                "direct_answer": [Sentence(**s) for s in data["direct_answer"]],
                "sections": [
                    Section(s["heading"], [[Sentence(**x) for x in p] for p in s["paragraphs"]]) for s in data["sections"]
                ],
                "sources": {pid: SourceNote(**note) for pid, note in data["sources"].items()},
            }
        )
