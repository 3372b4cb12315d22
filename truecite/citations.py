"""Inline citations in running text: [1], [2–4], [1,3], (Smith et al., 2020), (Smith and Jones 2019)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from truecite.compare import surname
from truecite.refparse import ParsedReference

_NUMERIC = re.compile(r"\[\s*(\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*)\s*\]")
_PARENTHESES = re.compile(r"\(([^()]{3,300}?\b(?:1[6-9]|20)\d\d[a-z]?)\)")
_AUTHOR_YEAR = re.compile(
    r"(?P<name>(?:(?:van|von|de|der|den|del|da|di|le|la|Van|Von|De)\s+)*[A-Z][\w'’\-]+)"
    r"(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'’\-]+|&\s+[A-Z][\w'’\-]+))?,?\s+(?P<year>(?:1[6-9]|20)\d\d)[a-z]?"
)
# A sentence that reports a result: the kind that needs a source.
_FINDING = re.compile(
    r"\b(?:found|find|finds|show(?:s|ed|n)?|demonstrat\w+|reveal\w*|report\w*|suggest\w*|indicat\w+|increas\w+|"
    r"decreas\w+|reduc\w+|improv\w+|lower\w*|higher|associated|linked|caus\w+|lead(?:s)? to|led to|prevent\w*|"
    r"effective|efficacy|risk|significant\w*|correlat\w+|predict\w*|outperform\w*|more likely|less likely|"
    r"\d+(?:\.\d+)?\s*(?:%|percent|fold|times))",
    re.I,
)
# Recommendations, plans and questions state no finding.
_NOT_A_FINDING = re.compile(r"\?\s*$|^\s*(?:we|in this (?:paper|study|article|review)|here we|this (?:paper|review))\b", re.I)
MAX_RANGE = 50


@dataclass
class CitedSentence:
    text: str
    claim: str  # the sentence without its citation markers
    markers: list[str] = field(default_factory=list)  # as written
    reference_keys: list[str] = field(default_factory=list)  # keys of the references they resolve to
    unresolved: list[str] = field(default_factory=list)
    needs_citation: bool = False


def numbers_in(marker: str) -> list[int]:
    """'2–4, 7' -> [2, 3, 4, 7]."""
    numbers: list[int] = []
    for part in re.split(r"[,;]", marker):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and bounds[0] <= bounds[1] <= bounds[0] + MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return list(dict.fromkeys(numbers))


def find_citations(sentence: str, references: list[ParsedReference]) -> CitedSentence:
    """The citations in one sentence, resolved to reference keys."""
    result = CitedSentence(text=sentence, claim=sentence)
    by_number = {ref.key: ref.key for ref in references}
    by_position = {str(i): ref.key for i, ref in enumerate(references, start=1)}
    for match in _NUMERIC.finditer(sentence):
        result.markers.append(match.group(0))
        for number in numbers_in(match.group(1)):
            key = by_number.get(str(number)) or by_position.get(str(number))
            _add(result, key, f"[{number}]")
    for match in _PARENTHESES.finditer(sentence):
        found = list(_AUTHOR_YEAR.finditer(match.group(1)))
        if not found:
            continue
        result.markers.append(match.group(0))
        for cite in found:
            key = _author_year_key(cite.group("name"), int(cite.group("year")), references)
            _add(result, key, cite.group(0))
    claim = sentence
    for marker in result.markers:
        claim = claim.replace(marker, " ")
    result.claim = re.sub(r" ([.,;:])", r"\1", " ".join(claim.split()))
    result.needs_citation = not result.markers and bool(_FINDING.search(sentence)) and not _NOT_A_FINDING.search(sentence)
    return result


def _add(result: CitedSentence, key: str | None, marker: str) -> None:
    if key is None:
        result.unresolved.append(marker)
    elif key not in result.reference_keys:
        result.reference_keys.append(key)


def _author_year_key(name: str, year: int, references: list[ParsedReference]) -> str | None:
    wanted = surname(name)
    for reference in references:
        record = reference.record
        if record.year == year and record.authors and surname(record.authors[0]) == wanted:
            return reference.key
    return None
