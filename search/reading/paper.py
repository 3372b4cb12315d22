"""A paper's reading, put together from the readers and cached per paper and reader version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from search.models import Paper, PaperReading, StudyType
from search.reading.design import DesignReading, read_design
from search.reading.facts import Pico, Sample, read_pico, read_sample
from search.reading.results import KeyResult, read_results
from search.reading.roles import read_roles

# Bump when a reader's rules or model change: every cached reading is then made again on first use.
READER_VERSION = "4"
FINDING_ROLES = frozenset({"results", "conclusions"})
STORED_DESIGN_CONFIDENCE = 0.9
# Below this confidence a design is not named in prose: "a study" is less, but not wrong ("enzyme" once made a
# narrative review "a laboratory study", "prevalence of" an opinion piece "a cross-sectional study"). An
# abstract that reports no work of its own is named a review on less: of the tuned half's 11 such weak
# readings, 10 were reviews and one an editorial.
NAMED_DESIGN_CONFIDENCE = 0.6
NAMED_REVIEW_CONFIDENCE = 0.35


@dataclass
class ReadSentence:
    index: int  # position in paper.abstract_sentences
    text: str  # without a structured-abstract label
    role: str  # background, objective, methods, results or conclusions
    confidence: float


@dataclass
class Reading:
    design: str  # a search.models.StudyType value
    design_confidence: float
    design_cue: str
    sentences: list[ReadSentence]
    pico: Pico
    sample: Sample | None
    results: list[KeyResult] = field(default_factory=list)
    version: str = READER_VERSION

    @property
    def named_design(self) -> str:
        """The design when it was read with confidence enough to name it, else "other"."""
        least = NAMED_REVIEW_CONFIDENCE if self.design == StudyType.REVIEW.value else NAMED_DESIGN_CONFIDENCE
        return self.design if self.design_confidence >= least else StudyType.OTHER.value

    def role(self, index: int) -> str:
        return next((s.role for s in self.sentences if s.index == index), "")

    def findings(self) -> list[ReadSentence]:
        """The sentences that report what the paper found (results and conclusions)."""
        return [s for s in self.sentences if s.role in FINDING_ROLES]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Reading:
        sample = data.get("sample")
        return cls(
            design=data["design"],
            design_confidence=data["design_confidence"],
            design_cue=data["design_cue"],
            sentences=[ReadSentence(**s) for s in data["sentences"]],
            pico=Pico(**data["pico"]),
            sample=Sample(**sample) if sample else None,
            results=[KeyResult(**r) for r in data.get("results", [])],
            version=data.get("version", ""),
        )


def read(paper: Paper) -> Reading:
    """Read one paper now, without the cache."""
    raw = list(paper.abstract_sentences or [])
    roles = read_roles(raw)
    design = read_design(paper.title, paper.abstract, keywords=paper.keywords or ())
    if paper.study_type not in {StudyType.OTHER, design.design}:
        # The stored design was read at import with the record's publication types, or set by an editor.
        design = DesignReading(StudyType(paper.study_type), STORED_DESIGN_CONFIDENCE, "catalogued design")
    texts = [r.text for r in roles]
    return Reading(
        design=str(design.design),
        design_confidence=round(design.confidence, 3),
        design_cue=design.cue,
        sentences=[ReadSentence(i, r.text, r.role, round(r.confidence, 3)) for i, r in enumerate(roles)],
        pico=read_pico(paper.title, texts),
        sample=read_sample(texts, str(design.design)),
        results=read_results(texts, [r.role for r in roles]),
    )


def readings(papers: Iterable[Paper]) -> dict[int, Reading]:
    """Each paper's reading by paper id: from the cache when its version is current, else read and stored."""
    papers = list(papers)
    cached = {
        r.paper_id: r.data
        for r in PaperReading.objects.filter(paper__in=papers, version=READER_VERSION).only("paper_id", "data")
    }
    out: dict[int, Reading] = {}
    for paper in papers:
        if paper.pk in cached:
            out[paper.pk] = Reading.from_dict(cached[paper.pk])
            continue
        reading = read(paper)
        PaperReading.objects.update_or_create(paper=paper, defaults={"version": READER_VERSION, "data": reading.to_dict()})
        out[paper.pk] = reading
    return out


def reading_of(paper: Paper) -> Reading:
    return readings([paper])[paper.pk]
