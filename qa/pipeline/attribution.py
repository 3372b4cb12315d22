"""How a science writer names a source: "A 2019 randomized trial of 945 patients with advanced melanoma"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.models import Paper, StudyType
from search.reading.paper import Reading

from .phrasing import design_noun

REVIEWS = {StudyType.SYSTEMATIC_REVIEW.value, StudyType.REVIEW.value}
REVIEW_VERBS = {"results": ("finds", "reports", "notes"), "conclusions": ("concludes", "argues", "notes")}
STUDY_VERBS = {"results": ("found", "reported", "showed"), "conclusions": ("concluded", "reported", "found")}
# A population phrase longer than this reads as a clause, not a description.
POPULATION_WORDS = 7


@dataclass
class SourceFacts:
    year: int | None
    noun: str  # "review", "randomized trial", "cohort study" …
    context: str  # "of 945 patients with advanced melanoma", "of 12 trials in asthma", or ""
    is_review: bool

    def lead(self) -> str:
        """"A 2020 cohort study of 60 patients"."""
        described = f"{self.year} {self.noun}" if self.year else self.noun
        article = "An" if re.match(r"[aeiou]", described, re.I) else "A"
        return f"{article} {described}{' ' + self.context if self.context else ''}"

    def short(self) -> str:
        """"the 2020 cohort study" (without a year, "the cohort study of 60 patients"), for a later mention."""
        if self.year:
            return f"the {self.year} {self.noun}"
        return f"the {self.noun} {self.context}" if self.context else f"the {self.noun}"

    def verb(self, role: str, turn: int) -> str:
        options = (REVIEW_VERBS if self.is_review else STUDY_VERBS).get(role, ("reported",))
        return options[turn % len(options)]


def _noun(paper: Paper, reading: Reading) -> str:
    if reading.named_design == StudyType.SYSTEMATIC_REVIEW and re.search(r"meta-?analy", f"{paper.title} {paper.abstract}", re.I):
        return "meta-analysis"
    if reading.named_design == StudyType.OTHER and paper.arxiv_id:
        return "paper"
    return design_noun(reading.named_design)


def _context(reading: Reading) -> str:
    """"of 945 patients with advanced melanoma", "of adults with asthma", "on melanoma": who or what was studied."""
    sample, population, condition = reading.sample, reading.pico.population, reading.pico.condition
    condition = condition if condition[:1].isalpha() else ""  # a phrase cut mid-word ("-stage tumors") says nothing
    if reading.named_design in REVIEWS and not sample:
        return f"on {condition}" if condition else ""
    short = population if population and len(population.split()) <= POPULATION_WORDS else ""
    if sample is None or not sample.phrase[:1].isdigit():
        # Counts spelled in words are read unreliably ("all 30 three patients"): such a size is left unsaid.
        return f"of {short}" if short else f"on {condition}" if condition else ""
    counted = sample.phrase
    head = counted.split()[-1].lower() if counted.split() else ""
    if sample.unit == "participants" and short.lower().startswith(head) and short.lower() != head:
        return f"of {counted}{short[len(head):]}"
    if condition and not short:
        return f"of {counted} {'with' if sample.unit == 'participants' else 'in'} {condition}"
    return f"of {counted}"


def facts(paper: Paper, reading: Reading) -> SourceFacts:
    return SourceFacts(year=paper.year, noun=_noun(paper, reading), context=_context(reading), is_review=reading.named_design in REVIEWS)
