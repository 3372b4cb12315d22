"""The article as the writers produce it and verify checks it: sentences citing papers by id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field


@dataclass
class Sentence:
    text: str  # ends with its punctuation; no citation markers
    cites: list[int]  # paper ids, in citation order


@dataclass
class Section:
    heading: str
    paragraphs: list[list[Sentence]]


@dataclass
class Draft:
    question: str
    summary: str
    direct_answer: list[Sentence]
    sections: list[Section]
    source_summaries: dict[str, str]  # paper id (as a JSON key) → one-line summary
    writer: str = "extractive"
    checked: int = 0
    supported: int = 0
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
            }
        )
