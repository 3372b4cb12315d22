"""Decompose a research question into 2–5 checkable criteria, offline, with rules and the vocabulary module.

A criterion is a kind (population, intervention, comparator, outcome, design, time) and the words the
user sees on its chip; everything a judge needs (alternatives, index terms, years, study types) derives
from those two, so an edited chip is judged exactly like a detected one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from search.catalog.normalize import without_trailing_run
from search.engine.lexical import analyse

from . import vocabulary as vocab

KINDS = {
    "population": "Population",
    "intervention": "Intervention / exposure",
    "comparator": "Comparator",
    "outcome": "Outcome",
    "design": "Study design",
    "time": "Time frame",
}
MAX_CRITERIA = 5
MAX_CRITERION_CHARS = 200
# ", and " / ", " / " and/or " / " and " / " or " / "/". A separator always takes a run of whitespace whole, so
# no match starts inside one (the lookarounds), and possessive runs are not given back: written with a bare
# leading \s*, each space of a long run rescanned the rest of it.
_LIST_SPLIT = re.compile(r"(?:(?<!\s)|(?!\s))(?:\s++(?:and/or|and|or)\s++|\s*+(?:,\s*+(?:(?:and|or)\s++)?|/))\s*+")
# A word left dangling at the end of a part (the run of them is cut with without_trailing_run).
_DANGLING = re.compile(r"(?<!\s)\s++(?:and|or|in|of|for|among|with|on|from|by|the|a|an)(?=\s|$)", re.I)
_STOP_STEMS = frozenset(analyse(" ".join(vocab.GENERIC_WORDS))) | frozenset(
    analyse("the a an of in on for with to and or by from at as its their this that these those is are be")
)


class CriteriaError(ValueError):
    """Criteria the user edited into something that cannot be judged; the message is for the user."""


@dataclass(frozen=True)
class Criterion:
    kind: str
    text: str

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def alternatives(self) -> list[str]:
        """The phrases any one of which meets the criterion ("A, B or C" lists)."""
        parts = [part.strip(" ,.;:") for part in _LIST_SPLIT.split(self.text)]
        parts = [part for part in parts if part] or [self.text]
        return list(dict.fromkeys(parts + members_of(self.text)))

    @property
    def terms(self) -> list[list[str]]:
        """Index terms per alternative, without words too general to show anything."""
        return [stems for stems in (content_stems(alt) for alt in self.alternatives) if stems]

    @property
    def years(self) -> tuple[int | None, int | None]:
        return parse_years(self.text) if self.kind == "time" else (None, None)

    @property
    def design(self) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
        """(label, study types that meet it, study types that partly meet it) for a design criterion."""
        if self.kind != "design":
            return None
        lowered = self.text.lower()
        for pattern, label, met, partly in vocab.DESIGNS:
            if re.search(rf"\b{pattern}\b", lowered):
                return label, tuple(met), tuple(partly)
        return None

    def as_chip(self) -> str:
        return f"{self.kind}: {self.text}"


def members_of(text: str) -> list[str]:
    """Members of the classes a phrase names ("PD-1 inhibitors" → nivolumab, pembrolizumab, …)."""
    stems = " ".join(analyse(text))
    return [
        member
        for name, members in vocab.MEMBERS.items()
        if " ".join(analyse(name)) in stems
        for member in members
    ]


def content_stems(text: str) -> list[str]:
    return [stem for stem in analyse(text) if stem not in _STOP_STEMS and len(stem) > 1]


def parse_years(text: str, *, today: dt.date | None = None) -> tuple[int | None, int | None]:
    """The publication-year range a phrase states ((None, None) when it states none)."""
    lowered = text.lower()
    this_year = (today or dt.date.today()).year
    if m := re.search(r"\b((?:19|20)\d\d)\s*(?:-|–|to|and|until)\s*((?:19|20)\d\d)\b", lowered):
        first, last = sorted((int(m.group(1)), int(m.group(2))))
        return first, last
    if m := re.search(r"\b(?:last|past|recent)\s+(\d+|" + "|".join(vocab.NUMBER_WORDS) + r")\s+years?\b", lowered):
        count = int(m.group(1)) if m.group(1).isdigit() else vocab.NUMBER_WORDS[m.group(1)]
        return this_year - count, None
    if m := re.search(r"\b(since|from|after|before|until|up to|in|published in)\s+((?:19|20)\d\d)\b", lowered):
        year = int(m.group(2))
        word = m.group(1)
        if word in {"since", "from"}:
            return year, None
        if word == "after":
            return year + 1, None
        if word == "before":
            return None, year - 1
        if word in {"until", "up to"}:
            return None, year
        return year, year
    if m := re.fullmatch(r"\s*((?:19|20)\d\d)\s*", lowered):
        return int(m.group(1)), int(m.group(1))
    return None, None


_TIME = re.compile(
    r"\b(?:(?:published\s+)?(?:since|after|before|until|from)\s+(?:19|20)\d\d(?:\s*(?:-|–|to|and)\s*(?:19|20)\d\d)?|"
    r"between\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d|published in\s+(?:19|20)\d\d|"
    r"(?:in|over|during|from) the (?:last|past)\s+(?:\d+|" + "|".join(vocab.NUMBER_WORDS) + r")\s+years?)\b"
)


def decompose(question: str) -> list[Criterion]:
    """2–5 criteria a paper must meet to answer the question (fewer only when it states less)."""
    text = " ".join((question or "").split()).strip(" ?.!")
    criteria: list[Criterion] = []
    lowered = text.lower()

    time = _TIME.search(lowered)
    if time:
        criteria.append(Criterion("time", text[time.start() : time.end()]))
        text, lowered = _cut(text, time.start(), time.end())

    design = _find_design(lowered)
    if design:
        start, end, label = design
        criteria.append(Criterion("design", text[start:end]))
        text, lowered = _cut(text, start, end)
    elif re.search(vocab.COMPARISON, lowered):
        criteria.append(Criterion("design", vocab.IMPLIED_COMPARISON_DESIGN))

    for pattern in vocab.LEAD_INS:
        match = re.match(pattern, lowered)
        if match:
            text, lowered = text[match.end() :], lowered[match.end() :]
    criteria[:0] = _parts(text)
    return _bounded(criteria)


def _find_design(lowered: str) -> tuple[int, int, str] | None:
    for pattern, label, _met, _partly in vocab.DESIGNS:
        match = re.search(rf"\b{pattern}\b", lowered)
        if match:
            return match.start(), match.end(), label
    return None


def _cut(text: str, start: int, end: int) -> tuple[str, str]:
    text = f"{text[:start]} {text[end:]}"
    text = " ".join(text.split())
    return text, text.lower()


def _parts(text: str) -> list[Criterion]:
    """Split what is left of the question at its cue words into intervention, population, comparator, outcome."""
    examples = ""
    match = re.search(vocab.EXAMPLES + r"(.+?)(?=,?\s+(?:in|for|among|compare|with)\b|,\s*$|$)", text, flags=re.I)
    if match:
        examples = match.group(1).strip(" ,")
        text = f"{text[: match.start()]} {text[match.end() :]}"
    cue = re.compile(r"(?:^|\s|,\s*)(" + "|".join(pattern for pattern, _ in vocab.CUES) + r")\s+", flags=re.I)
    pieces: list[tuple[str, str]] = []
    last, kind = 0, "intervention"
    if lead := re.match(vocab.ASPECTS_OF, text, flags=re.I):
        pieces.append(("outcome", lead.group(1)))
        last = lead.end()
    for found in cue.finditer(text):
        pieces.append((kind, text[last : found.start()]))
        word = found.group(1).lower()
        # "… pain relief and in gastrointestinal harms": a part joined by "and" continues the one before.
        if not re.search(r"\band\s*$", text[last : found.start()], flags=re.I):
            kind = next(k for pattern, k in vocab.CUES if re.fullmatch(pattern, word))
        last = found.end()
    pieces.append((kind, text[last:]))
    parts: list[Criterion] = []
    for kind, piece in pieces:
        piece = re.sub(r"^(?:of|the|a|an|on|about)\s+", "", piece.strip(" ,;:"), flags=re.I).strip(" ,;:")
        # Words left dangling where the next part or a cut-out design begins: "aspirin reduce the [risk of …]",
        # "… cancer in [randomized trials]".
        piece = without_trailing_run(_DANGLING, piece)
        if kind == "intervention" and not parts:
            piece = re.sub(rf"\s+(?:{vocab.RELATION_VERBS})$", "", piece, flags=re.I)
        if not [stem for stem in content_stems(piece) if not stem.isdigit()]:
            continue
        if kind == "intervention" and not parts and _is_claim(piece):
            parts.extend(_claim_parts(piece))
            continue
        parts.append(Criterion(kind, piece[:MAX_CRITERION_CHARS]))
    if examples:
        named = next((i for i, c in enumerate(parts) if c.kind == "intervention"), None)
        if named is None:
            parts.insert(0, Criterion("intervention", examples))
        else:
            parts[named] = Criterion("intervention", f"{examples} or other {parts[named].text}"[:MAX_CRITERION_CHARS])
    return parts


def _is_claim(piece: str) -> bool:
    return len(content_stems(piece)) >= 3 and re.search(rf"\s({vocab.RELATION_VERBS})\s", f" {piece.lower()} ") is not None


def _claim_parts(piece: str) -> list[Criterion]:
    """A statement ("X increases Y"): what it is about, and what it says about it."""
    match = re.search(rf"\s({vocab.RELATION_VERBS})\s", f" {piece} ", flags=re.I)
    assert match is not None
    subject, rest = piece[: match.start()].strip(), piece[match.start() :].strip()
    if not content_stems(subject) or not content_stems(rest):
        return [Criterion("intervention", piece[:MAX_CRITERION_CHARS])]
    return [Criterion("intervention", subject[:MAX_CRITERION_CHARS]), Criterion("outcome", rest[:MAX_CRITERION_CHARS])]


def _bounded(criteria: list[Criterion]) -> list[Criterion]:
    """At most five, no two alike; the question's own parts come before implied design and time."""
    unique: list[Criterion] = []
    for criterion in criteria:
        if all((c.kind, c.text.lower()) != (criterion.kind, criterion.text.lower()) for c in unique):
            unique.append(criterion)
    return unique[:MAX_CRITERIA]


def from_chips(chips: list[tuple[str, str]]) -> list[Criterion]:
    """Criteria as the user edited them: (kind, text) pairs; blank rows are dropped."""
    criteria = []
    for kind, text in chips:
        text = " ".join((text or "").split())[:MAX_CRITERION_CHARS]
        if not text:
            continue
        if kind not in KINDS:
            raise CriteriaError(f"Unknown criterion kind {kind!r}: choose one of {', '.join(KINDS)}.")
        if kind == "time" and parse_years(text) == (None, None):
            raise CriteriaError(f"“{text}” is not a time frame: write e.g. “since 2020” or “2015–2020”.")
        if kind != "time" and not content_stems(text) and not (kind == "design" and Criterion(kind, text).design):
            raise CriteriaError(f"“{text}” has no words a paper could be checked against.")
        criteria.append(Criterion(kind, text))
    if not criteria:
        raise CriteriaError("Keep at least one criterion.")
    if len(criteria) > MAX_CRITERIA:
        raise CriteriaError(f"Use at most {MAX_CRITERIA} criteria.")
    return criteria
