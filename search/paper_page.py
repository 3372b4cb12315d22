"""The paper page's parts: links out, the abstract as readable paragraphs, and related papers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search import engine
from search.models import Paper, StudyType
from search.reading.paper import reading_of

# Structured abstracts label their parts ("BACKGROUND:", "Methods:"); each label starts a paragraph.
SECTION_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z /&-]{2,40}):\s+(?P<rest>\S.*)$", re.DOTALL)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Paragraph:
    label: str
    sentences: list[str]


def links_out(paper: Paper) -> list[Link]:
    links = []
    if paper.doi:
        links.append(Link("DOI", f"https://doi.org/{paper.doi}"))
    if paper.pmid:
        links.append(Link("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{paper.pmid}/"))
    if paper.pmcid:
        links.append(Link("PubMed Central", f"https://pmc.ncbi.nlm.nih.gov/articles/{paper.pmcid}/"))
    if paper.arxiv_id:
        links.append(Link("arXiv", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    if paper.url and paper.url not in {link.url for link in links}:
        links.append(Link("Source", paper.url))
    return links


def _is_label(text: str) -> bool:
    # "BACKGROUND", "Methods and findings" - not a sentence that merely contains a colon.
    return text.isupper() or len(text.split()) <= 4


def abstract_paragraphs(paper: Paper) -> list[Paragraph]:
    """The abstract's sentences grouped into paragraphs, one per structured-abstract section."""
    sentences = [s.strip() for s in paper.abstract_sentences if s.strip()]
    if not sentences:
        sentences = [paper.abstract.strip()] if paper.abstract.strip() else []
    paragraphs: list[Paragraph] = []
    for sentence in sentences:
        match = SECTION_LABEL.match(sentence)
        if match and _is_label(match["label"]):
            paragraphs.append(Paragraph(match["label"].strip().capitalize(), [match["rest"]]))
        elif paragraphs:
            paragraphs[-1].sentences.append(sentence)
        else:
            paragraphs.append(Paragraph("", [sentence]))
    return paragraphs


@dataclass(frozen=True)
class KeyResult:
    text: str
    statistics: list[str]


@dataclass(frozen=True)
class KeyFindings:
    """What the reader made of the paper, as the paper page shows it."""

    design: str
    sample: str
    facts: list[tuple[str, str]]  # (label, phrase): population, intervention, comparator, outcomes
    results: list[KeyResult]


def key_findings(paper: Paper) -> KeyFindings | None:
    """The paper's design, size, PICO and key results with their numbers (None without an abstract)."""
    if not paper.abstract_sentences:
        return None
    reading = reading_of(paper)
    pico = reading.pico
    facts = [
        (label, value)
        for label, value in (("Population", pico.population or pico.condition), ("Intervention", pico.intervention),
                             ("Compared with", pico.comparator), ("Outcomes", ", ".join(pico.outcomes[:4])))
        if value
    ]  # fmt: skip
    texts = {s.index: s.text for s in reading.sentences}
    results = [KeyResult(texts.get(r.sentence, ""), r.statistics) for r in reading.results[:5] if texts.get(r.sentence)]
    design = StudyType(reading.design).label if reading.design in StudyType.values else reading.design
    return KeyFindings(design, reading.sample.phrase if reading.sample else "", facts, results)


def related_papers(paper: Paper, top: int = 5) -> list[Paper]:
    """The most similar papers by embedding, best first (none while the paper is not yet indexed)."""
    ids = [hit.paper_id for hit in engine.related(paper.pk, top=top)]
    papers = Paper.objects.in_bulk(ids)
    return [papers[pk] for pk in ids if pk in papers]
