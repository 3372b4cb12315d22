"""Inline citations in running text: [1], [2–4], [1,3], (Smith et al., 2020), (Smith and Jones 2019)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:])")
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
    return next(cite_sentences([sentence], references))


def cite_sentences(sentences: Iterable[str], references: list[ParsedReference]) -> Iterator[CitedSentence]:
    """The citations in each sentence, in order. The references are indexed once for all the sentences:
    looking each author-year citation up among all of them again took sentences × references name parses
    (14 s for one 50,000-character paste)."""
    keys = _ReferenceKeys.of(references)
    return (_cited(sentence, keys) for sentence in sentences)


@dataclass(frozen=True)
class _ReferenceKeys:
    by_number: dict[str, str]  # the key a reference list numbers it by
    by_position: dict[str, str]  # "3": the third reference's key
    by_author_year: dict[tuple[str, int], str]  # (first author's surname, year): the first such reference

    @classmethod
    def of(cls, references: list[ParsedReference]) -> _ReferenceKeys:
        by_author_year: dict[tuple[str, int], str] = {}
        for reference in references:
            record = reference.record
            if record.year and record.authors:
                by_author_year.setdefault((surname(record.authors[0]), record.year), reference.key)
        return cls(
            by_number={ref.key: ref.key for ref in references},
            by_position={str(i): ref.key for i, ref in enumerate(references, start=1)},
            by_author_year=by_author_year,
        )


def _cited(sentence: str, keys: _ReferenceKeys) -> CitedSentence:
    result = CitedSentence(text=sentence, claim=sentence)
    resolved: list[str] = []
    for match in _NUMERIC.finditer(sentence):
        result.markers.append(match.group(0))
        for number in numbers_in(match.group(1)):
            key = keys.by_number.get(str(number)) or keys.by_position.get(str(number))
            _resolve(result, resolved, key, f"[{number}]")
    for match in _PARENTHESES.finditer(sentence):
        found = list(_AUTHOR_YEAR.finditer(match.group(1)))
        if not found:
            continue
        result.markers.append(match.group(0))
        for cite in found:
            key = keys.by_author_year.get((surname(cite.group("name")), int(cite.group("year"))))
            _resolve(result, resolved, key, cite.group(0))
    result.reference_keys = list(dict.fromkeys(resolved))
    claim = sentence
    if result.markers:
        # One pass per kind of marker: a str.replace per marker rescanned the sentence once for each of them.
        markers = set(result.markers)
        claim = _PARENTHESES.sub(lambda m: " " if m.group(0) in markers else m.group(0), _NUMERIC.sub(" ", sentence))
    result.claim = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(claim.split()))
    result.needs_citation = not result.markers and bool(_FINDING.search(sentence)) and not _NOT_A_FINDING.search(sentence)
    return result


def _resolve(result: CitedSentence, resolved: list[str], key: str | None, marker: str) -> None:
    if key is None:
        result.unresolved.append(marker)
    else:
        resolved.append(key)
