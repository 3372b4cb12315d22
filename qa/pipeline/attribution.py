"""How a science writer names a source: "A 2020 survey of 60 patients", "A 2024 review"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.models import Paper, StudyType

PEOPLE = (
    r"patients|participants|subjects|women|men|children|adolescents|adults|individuals|people|persons|veterans|"
    r"survivors|soldiers|respondents|volunteers|smokers|users|infants|pregnancies|mothers|cases|residents"
)
SAMPLE = re.compile(
    rf"\b(\d{{1,3}}(?:,\d{{3}})+|\d{{2,7}})\s+(?:(?:[a-zA-Z\-]+)\s+){{0,2}}?(?P<noun>{PEOPLE})\b", re.I
)
STUDIES = re.compile(
    r"\b(\d{1,3}(?:,\d{3})*|\d+)\s+(?:(?:eligible|included|randomi[sz]ed|controlled|clinical|prospective|observational|"
    r"cohort|primary|published|original)\s+){0,3}(?P<noun>studies|trials|RCTs|articles|cohorts)\b", re.I
)
REVIEW_VERBS = {"finding": ("finds", "reports", "notes"), "conclusion": ("concludes", "argues", "notes"),
                "background": ("notes", "points out", "explains")}  # fmt: skip
STUDY_VERBS = {"finding": ("found", "reported", "showed"), "conclusion": ("suggests", "concluded", "reported"),
               "background": ("notes", "points out", "reported")}  # fmt: skip


@dataclass
class SourceFacts:
    year: int | None
    noun: str  # "review", "randomized trial", "survey" …
    sample: str  # "of 60 patients", "of 12 trials", or ""
    is_review: bool

    def lead(self) -> str:
        """"A 2020 survey of 60 patients"."""
        described = f"{self.year} {self.noun}" if self.year else self.noun
        article = "An" if re.match(r"[aeiou]", described, re.I) else "A"
        return f"{article} {described}{' ' + self.sample if self.sample else ''}"

    def short(self) -> str:
        """"the 2020 survey", for a second mention."""
        return f"the {self.year} {self.noun}" if self.year else f"the same {self.noun}"

    def verb(self, kind: str, turn: int) -> str:
        options = (REVIEW_VERBS if self.is_review else STUDY_VERBS).get(kind, ("notes",))
        return options[turn % len(options)]


def _noun(paper: Paper) -> str:
    text = f"{paper.title} {paper.abstract}".lower()
    study_type = paper.study_type
    if study_type == StudyType.SYSTEMATIC_REVIEW:
        return "meta-analysis" if re.search(r"meta-?analy", text) else "systematic review"
    if study_type == StudyType.REVIEW:
        return "review"
    if study_type == StudyType.RANDOMIZED_TRIAL:
        return "randomized trial"
    if study_type == StudyType.CASE_REPORT:
        return "case report"
    if study_type == StudyType.PRECLINICAL:
        return "study in mice" if re.search(r"\b(?:mice|mouse|murine)\b", text) else "laboratory study"
    if study_type == StudyType.COHORT:
        for pattern, noun in (("case-control", "case-control study"), ("cross-sectional", "cross-sectional study"),
                              ("survey|questionnaire", "survey"), ("cohort", "cohort study")):  # fmt: skip
            if re.search(pattern, text):
                return noun
        return "observational study"
    if paper.arxiv_id:
        return "paper"
    if re.search(r"\b(?:survey|questionnaire)\b", paper.title.lower()):
        return "survey"
    return "study"


def _sample(paper: Paper, noun: str) -> str:
    text = " ".join(paper.abstract_sentences or [paper.abstract])
    if noun in {"meta-analysis", "systematic review"}:
        match = STUDIES.search(text)
        if match and int(match.group(1).replace(",", "")) >= 2:
            return f"of {match.group(1)} {match.group('noun').lower().replace('rcts', 'trials')}"
        return ""
    if noun in {"review", "paper", "study in mice", "laboratory study", "case report"}:
        return ""
    for match in SAMPLE.finditer(text):
        number = int(match.group(1).replace(",", ""))
        if 10 <= number and not (1900 <= number <= 2100 and "," not in match.group(1)):
            return f"of {match.group(1)} {match.group('noun').lower()}"
    return ""


def facts(paper: Paper) -> SourceFacts:
    noun = _noun(paper)
    return SourceFacts(
        year=paper.year,
        noun=noun,
        sample=_sample(paper, noun),
        is_review=paper.study_type in {StudyType.REVIEW, StudyType.SYSTEMATIC_REVIEW},
    )
