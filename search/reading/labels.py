"""Structured-abstract labels ("BACKGROUND", "Methods:", "ObjectivesThis…") found, named and taken out of the text.

A label is a chain of known section words ("DESIGN, SETTING, AND PARTICIPANTS", "Conclusions and relevance")
at the start of a sentence, ended by punctuation, by the text after it, or glued to it as PubMed's flattened
XML leaves it. Sentence splitters keep "study.MethodsA total…" whole, so a label glued to a sentence end
inside the text (or one there with a colon) is a label too. Every pattern is a bounded alternation tried at
one position, possessive where it repeats, and a chain holds at most MAX_PHRASES phrases, so hostile input
costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Role = Literal["background", "objective", "methods", "results", "conclusions"]
ROLES: tuple[Role, ...] = ("background", "objective", "methods", "results", "conclusions")

# Section words by the role they name; None marks words that name no section ("Abstract", "UNLABELLED").
_PHRASES: dict[Role | None, str] = {
    "background": "background backgrounds introduction context importance rationale motivation",
    "objective": """objective objectives aim aims purpose purposes goal goals hypothesis hypotheses
        study_objective study_objectives study_aim study_aims aim_of_the_study aims_of_the_study purpose_of_the_study
        purpose_of_review purpose_of_the_review research_question scope_of_review""",
    "methods": """method methods methodology methodologies material materials study_design design designs
        experimental_design research_design setting settings participants participant patients patient subjects
        subject population study_population interventions intervention exposure exposures measurements measurement
        measures main_outcome_measures main_outcome_measure main_outcome_measurements main_outcomes outcome_measures
        main_outcome outcome_measure data_sources data_source study_selection data_extraction selection_criteria
        search_strategy search_methods data_collection analysis analyses eligibility_criteria review_methods
        evidence_acquisition trial_registration clinical_trial_registration registration funding approach
        procedures experimental_procedures""",
    "results": """result results findings principal_findings main_results key_results recent_findings
        data_synthesis evidence_synthesis case_report case_presentation observations""",
    "conclusions": """conclusion conclusions interpretation significance general_significance relevance
        implications clinical_implications clinical_relevance discussion limitations main_conclusions
        major_conclusions availability implementation comment comments""",
    None: "abstract summary unlabelled unlabeled url",
}
PHRASE_ROLES: dict[str, Role | None] = {
    phrase.replace("_", " "): role for role, phrases in _PHRASES.items() for phrase in phrases.split()
}
# Without punctuation after it, a capitalised word opens a label only when it is one of these: "Patients
# Treated with…" and "Design Thinking…" are prose, "Methods We searched…" is a label.
CORE = frozenset(
    """background introduction context importance rationale motivation objective objectives aim aims purpose
    method methods methodology result results findings conclusion conclusions interpretation significance
    discussion abstract summary""".split()
)
MAX_PHRASES = 8



def _alternation(phrases: list[str]) -> str:
    """The phrases as one case-blind pattern, grouped by first letter so that a failing position costs a
    handful of tries rather than one per phrase; the longest phrase of a group is tried first."""
    groups: dict[str, list[str]] = {}
    for phrase in sorted(phrases, key=len, reverse=True):
        groups.setdefault(phrase[0], []).append(re.escape(phrase[1:]).replace(r"\ ", r"\s++"))
    return "(?i:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")"


_PHRASE = _alternation(list(PHRASE_ROLES))
_FIRST = re.compile(rf"[\s\-–—•*#]*+({_PHRASE})")
_NEXT = re.compile(rf"(?:\s*+[,&/]\s*+(?i:and\s++)?|\s++(?i:and)\s++|\s++)({_PHRASE})")
# What ends a label: a colon (":", " ::: "), a spaced or long dash, or a period before the next sentence.
_END = re.compile(r"\s*+:[\s:]*+|\s++[-–—]++\s*+|[–—]\s*+|\.(?:\s++|$)")
_COLON = re.compile(r"\s*+:[\s:]*+")
# Where a label may hide inside a sentence: right after a sentence end, glued to the text or before a colon
# or the next phrase of a chain ("study.MethodsA total…", "…ends. Patients and methods: …").
_INNER = re.compile(rf"(?<=[.?!])\s*+(?=[A-Z][A-Za-z]{{2}})(?={_PHRASE}(?:\s*+[:,&/]|[A-Z0-9]|\s++(?i:and)\s))")


@dataclass(frozen=True)
class Label:
    raw: str
    roles: tuple[Role, ...]

    @property
    def role(self) -> Role | None:
        return self.roles[0] if self.roles else None


@dataclass(frozen=True)
class Labelled:
    text: str  # the sentence with every label taken out
    leading: Label | None  # the label the sentence opens with
    inner: tuple[Label, ...]  # labels glued to sentence ends inside it, in order


def split_label(sentence: str) -> tuple[str, Role | None, str]:
    """(the sentence without its labels, the role its leading label names or None, the leading label's text)."""
    labelled = read_labels(sentence)
    leading = labelled.leading
    return labelled.text, leading.role if leading else None, leading.raw if leading else ""


def read_labels(sentence: str) -> Labelled:
    """The sentence without labels, its leading label and the labels glued inside it."""
    found = _label_at(sentence, 0, _leading_end)
    leading, start = found if found else (None, 0)
    parts, inner = [], []
    while (candidate := _INNER.search(sentence, start)) is not None:
        glued = _label_at(sentence, candidate.end(), _inner_end)
        if glued is None:
            parts.append(sentence[start : candidate.end() + 1])
            start = candidate.end() + 1
            continue
        parts.append(sentence[start : candidate.start()] + " ")
        inner.append(glued[0])
        start = glued[1]
    parts.append(sentence[start:])
    return Labelled(" ".join("".join(parts).split()), leading, tuple(inner))


def _label_at(sentence: str, pos: int, end_of: Callable[[str, int, str, str], int | None]) -> tuple[Label, int] | None:
    """The label starting at `pos` and where the text after it starts; the longest chain of phrases that
    `end_of` accepts wins."""
    first = _FIRST.match(sentence, pos)
    if not first:
        return None
    chain = [first]
    while len(chain) < MAX_PHRASES and (more := _NEXT.match(sentence, chain[-1].end())):
        chain.append(more)
    for size in range(len(chain), 0, -1):
        raw = sentence[first.start(1) : chain[size - 1].end()]
        text_start = end_of(sentence, chain[size - 1].end(), raw, chain[size - 1][1])
        if text_start is not None:
            return Label(" ".join(raw.split()), _roles([m[1] for m in chain[:size]])), text_start
    return None


def _leading_end(sentence: str, end: int, raw: str, last: str) -> int | None:
    """Where the text starts if `raw`, ending at `end`, opens the sentence as a label; None if it is prose."""
    if not raw[0].isupper():
        return None
    after = sentence[end : end + 2]
    shouting = raw.upper() == raw
    if not after.strip():
        return end + len(after) if shouting or _is_core(last) else None
    punctuation = _END.match(sentence, end)
    if punctuation:
        return punctuation.end()
    if after[0].isspace():
        opening = after[1]
        return end + 1 if shouting or (_is_core(last) and (opening.isupper() or opening.isdigit())) else None
    return end if _glued(raw, after) else None


def _inner_end(sentence: str, end: int, raw: str, last: str) -> int | None:
    """Where the text starts if `raw` is a label inside a sentence: it needs a colon or to be glued to the text."""
    if not raw[0].isupper():
        return None
    colon = _COLON.match(sentence, end)
    if colon:
        return colon.end()
    return end if _glued(raw, sentence[end : end + 2]) else None


def _glued(raw: str, after: str) -> bool:
    # "ObjectivesThis…", "MethodsA total…", "Results43 studies…", "BACKGROUNDThe…".
    if not after or not (after[0].isupper() or after[0].isdigit()):
        return False
    return raw[-1].islower() or (raw.upper() == raw and after[1:].islower())


def _is_core(phrase: str) -> bool:
    return " ".join(phrase.lower().split()) in CORE


def _roles(words: list[str]) -> tuple[Role, ...]:
    found = (PHRASE_ROLES[" ".join(w.lower().split())] for w in words)
    return tuple(dict.fromkeys(role for role in found if role))
