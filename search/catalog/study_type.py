"""Detect a paper's study design from its publication types, MeSH terms, title and abstract wording.

Evidence is weighed strongest first: an indexer's publication type, then the title, then MeSH check tags
and the abstract. Within each, designs are tried in an order that resolves the usual overlaps: a systematic
review of randomized trials is a systematic review; a narrative review that mentions trials is a review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from search.models import StudyType

SR, REVIEW, RCT = StudyType.SYSTEMATIC_REVIEW, StudyType.REVIEW, StudyType.RANDOMIZED_TRIAL
COHORT, CASE, PRE = StudyType.COHORT, StudyType.CASE_REPORT, StudyType.PRECLINICAL

# PubMed publication types (and the Crossref/OpenAlex/RIS equivalents) that name a design.
PUBLICATION_TYPES: list[tuple[StudyType, set[str]]] = [
    (SR, {"systematic review", "meta-analysis", "network meta-analysis", "systematic-review"}),
    (RCT, {"randomized controlled trial", "pragmatic clinical trial", "equivalence trial", "clinical trial, phase iii"}),
    (REVIEW, {"review", "scoping review", "literature review", "review-article", "narrative review"}),
    (CASE, {"case reports", "case report"}),
    (COHORT, {"observational study", "twin study"}),
]

# MeSH check tags and design headings ("... as Topic" headings describe a subject, not the design).
RANDOMIZED_MESH = {"random allocation", "double-blind method", "single-blind method"}
OBSERVATIONAL_MESH = {
    "cohort studies", "prospective studies", "retrospective studies", "longitudinal studies",
    "follow-up studies", "case-control studies", "cross-sectional studies", "registries",
}


def _words(*patterns: str) -> re.Pattern[str]:
    # Matched against lower-cased text: case-insensitive matching is several times slower.
    return re.compile(r"\b(?:" + "|".join(patterns) + r")")


_DATABASES = r"(?:medline|pubmed|embase|cochrane|web of science|scopus|cinahl|psycinfo)"
SYSTEMATIC_TITLE = _words(r"systematic(?:al)? review", r"meta-?analys[ie]s", r"meta-?regression", r"umbrella review", r"pooled analysis")
# In an abstract, a meta-analysis may merely be cited: require the paper to say it is one, or to describe its search.
SYSTEMATIC_ABSTRACT = _words(
    r"(?:this|the present|our) (?:\w+ ){0,2}(?:systematic review|meta-analysis)",
    r"we (?:conducted|performed|undertook|carried out|did|present) (?:a |an )?(?:updated )?(?:systematic review|meta-analys[ie]s)",
    r"systematic review and (?:network )?meta-analysis",
    r"(?:searched|search of|searches of) (?:the )?(?:\w+ ){0,4}" + _DATABASES,
    r"prisma\b",
)
RANDOMIZED = _words(
    r"randomi[sz]ed(?:,)? (?:\w+[- ]){0,2}(?:controlled |clinical |comparative )?(?:trial|study)",
    r"were randomi[sz]ed", r"randomly (?:assigned|allocated)", r"placebo-controlled",
)
REVIEW_TITLE = _words(
    r"review\b", r"overview\b", r"survey of\b", r"a survey\b", r"state of the art", r"recent advances",
    r"current (?:concepts|perspectives|status|understanding)", r"update on\b", r"a primer\b",
)
REVIEW_ABSTRACT = _words(
    r"(?:this|the present|our|narrative|comprehensive|scoping|brief) (?:mini-)?review\b", r"we (?:briefly )?review\b",
    r"here,? we (?:summari[sz]e|discuss|review|highlight|provide an overview)",
    r"this (?:article|paper|chapter) (?:reviews|summari[sz]es|provides an overview)", r"this survey\b",
)
CASE_REPORT = _words(
    r"case reports?\b", r"a case of\b",
    r"we (?:report|present|describe) (?:a|an|the|two|three) (?:[\w-]+ ){0,3}(?:case|patient|man|woman|boy|girl)s?\b",
)
OBSERVATIONAL = _words(
    r"cohort", r"retrospective(?:ly)?\b", r"prospective(?:ly)? (?:\w+ ){0,2}(?:study|studies|followed|collected|enrolled)",
    r"cross-sectional", r"case-control", r"observational", r"registry\b", r"population-based", r"longitudinal (?:study|survey|data)",
)
PRECLINICAL = _words(
    r"mice\b", r"murine", r"mouse models?\b", r"rats?\b", r"in vitro", r"cell lines?\b", r"xenografts?",
    r"zebrafish", r"rabbits\b", r"organoids?",
)

TITLE_RULES = [
    (SR, SYSTEMATIC_TITLE), (REVIEW, REVIEW_TITLE), (RCT, RANDOMIZED), (CASE, CASE_REPORT), (COHORT, OBSERVATIONAL),
    (PRE, PRECLINICAL),
]


def detect_study_type(
    title: str, abstract: str, publication_types: Iterable[str] = (), keywords: Iterable[str] = ()
) -> StudyType:
    """The most specific design the evidence supports; OTHER when nothing speaks for one."""
    title, abstract = title.lower(), abstract.lower()
    types = {t.strip().casefold() for t in publication_types}
    for study_type, names in PUBLICATION_TYPES:
        if types & names:
            return study_type
    for study_type, pattern in TITLE_RULES:
        if pattern.search(title):
            return study_type
    mesh = {k.strip().casefold() for k in keywords}
    if SYSTEMATIC_ABSTRACT.search(abstract):
        return SR
    if REVIEW_ABSTRACT.search(abstract):
        return REVIEW
    if mesh & RANDOMIZED_MESH or RANDOMIZED.search(abstract):
        return RCT
    if CASE_REPORT.search(abstract):
        return CASE
    if "animals" in mesh and "humans" not in mesh:
        return PRE
    text = f"{title}\n{abstract}"
    if mesh & OBSERVATIONAL_MESH or OBSERVATIONAL.search(text):
        return COHORT
    if PRECLINICAL.search(text):
        return PRE
    return StudyType.OTHER
