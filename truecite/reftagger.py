"""A plain-text reference read as people paste it, in any citation style: identifiers by pattern, then a
CRF tags every other token as author, title, venue, year or other, and the fields are the runs of each tag.

The CRF (truecite/model/reference_tagger.crfsuite) learnt from the catalog's own papers rendered in real
CSL styles (truecite/refstyles.py; `manage.py train_reference_tagger` retrains it). Tagging is linear in
the length of the reference: one tokenising pass, a fixed window of features per token, and Viterbi over
five tags. Where the tagger is unsure of a field, the field is returned as unread text rather than as a
guess, so a check never blames authors (or a title) it could not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycrfsuite

MODEL = Path(__file__).resolve().parent / "model" / "reference_tagger.crfsuite"
AUTHOR, TITLE, VENUE, YEAR, OTHER = "A", "T", "V", "Y", "O"
TAGS = (AUTHOR, TITLE, VENUE, YEAR, OTHER)
# A field whose least certain token the CRF gives less than this is shown as unread, not compared.
SURE = 0.5

# Words keep their combining accents ("Oftalmologicheskiĭ" written as i and a breve) and inner hyphens.
_TOKEN = re.compile(r"\w[\w\u0300-\u036f]*(?:['’\-][\w\u0300-\u036f]+)*|[^\w\s]")
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:?\s*)?(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_PMID = re.compile(r"\bPMID:?\s*(\d{4,9})\b", re.I)
_ARXIV = re.compile(r"(?:arxiv\s+preprint\s+)?(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*))(\d{4}\.\d{4,5}(?:v\d+)?)\.?", re.I)
# Links and the words that introduce them, and identifiers that name no catalog field.
_NOT_BIBLIOGRAPHIC = re.compile(
    r"https?://\S+|\bwww\.\S+|\b(?:Available (?:from|at|online)|Retrieved from|Accessed|Cited|Epub ahead of print)\b:?"
    r"|\bdoi\b:?|\bPMCID:?\s*PMC\d+|\bPMC\d+\b|\bPubMed(?: Central)?\b|\[(?:cited|Internet)[^\]]{0,40}\]",
    re.I,
)
_QUOTES = frozenset("\"“”«»")
_SHAPE_RUN = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass
class PlainFields:
    """What one plain-text reference says, field by field; `unread` holds the parts the tagger was unsure of."""

    authors: str = ""
    title: str = ""
    venue: str = ""
    year: int | None = None
    doi: str = ""
    pmid: str = ""
    arxiv_id: str = ""
    unread: dict[str, str] = field(default_factory=dict)  # field -> its text as written


def read_plain(text: str) -> PlainFields:
    """The fields of one plain-text reference (its list marker already taken off)."""
    doi, pmid, arxiv = _DOI.search(text), _PMID.search(text), _ARXIV.search(text)
    fields = PlainFields(
        doi=doi.group(1).rstrip(".,;)]") if doi else "",
        pmid=pmid.group(1) if pmid else "",
        arxiv_id=arxiv.group(1) if arxiv else "",
    )
    tokens = reference_tokens(text)
    if not tokens:
        return fields
    tagger = _tagger()
    tags = tagger.tag(token_features(tokens))
    for name, tag in (("authors", AUTHOR), ("title", TITLE), ("venue", VENUE), ("year", YEAR)):
        run = longest_run(tags, tag)
        if run is None:
            continue
        written = _strip_edges(text[tokens[run[0]].start : tokens[run[1]].end])
        if min(tagger.marginal(tag, i) for i in range(run[0], run[1] + 1)) < SURE:
            fields.unread[name] = written
        elif name == "year":
            fields.year = int(written) if written.isdigit() and len(written) == 4 else None
        else:
            setattr(fields, name, written)
    return fields


def reference_tokens(text: str) -> list[Token]:
    """The tokens a reference is tagged by: words and single punctuation marks, less identifiers and links."""
    hidden = sorted(
        (m.start(), m.end()) for pattern in (_DOI, _PMID, _ARXIV, _NOT_BIBLIOGRAPHIC) for m in pattern.finditer(text)
    )
    tokens, position = [], 0
    for match in _TOKEN.finditer(text):
        while position < len(hidden) and hidden[position][1] <= match.start():
            position += 1
        if position < len(hidden) and hidden[position][0] <= match.start():
            continue
        tokens.append(Token(match.group(), match.start(), match.end()))
    return tokens


def token_features(tokens: list[Token]) -> list[dict[str, float]]:
    """CRF attributes of each token: itself, its shape and its neighbours', and where it stands in the
    reference (how many full stops, quotes and years came before it)."""
    described = [_describe(t.text) for t in tokens]
    count = len(tokens)
    features = []
    stops = quotes = years = brackets = 0
    for i, token in enumerate(tokens):
        own = described[i]
        row = {f"0:{key}": value for key, value in own.items()}
        for offset in (-2, -1, 1, 2):
            if 0 <= i + offset < count:
                row.update({f"{offset}:{key}": value for key, value in described[i + offset].items() if key != "len"})
            else:
                row[f"{offset}:edge"] = 1.0
        row[f"place={10 * i // count}"] = 1.0
        row[f"stops={min(stops, 6)}"] = 1.0
        row[f"quoted={quotes % 2}"] = 1.0
        row[f"years={min(years, 2)}"] = 1.0
        row[f"bracketed={min(brackets, 1)}"] = 1.0
        features.append(row)
        text = token.text
        # A full stop after a word of two or more letters ends a part; after an initial it need not.
        if text in ".?!" and i and len(tokens[i - 1].text) > 1 and not tokens[i - 1].text.isupper():
            stops += 1
        quotes += text in _QUOTES
        years += "year" in own
        brackets += (text in "([") - (text in ")]") if brackets or text in "([" else 0
    return features


def _describe(text: str) -> dict[str, float]:
    shape = _SHAPE_RUN.sub(r"\1", "".join("A" if c.isupper() else "a" if c.islower() else "0" if c.isdigit() else c for c in text[:12]))
    described = {f"w={text.lower()[:20]}": 1.0, f"shape={shape}": 1.0, "len": min(len(text), 12) / 12}
    if text.isdigit() and len(text) == 4 and 1600 <= int(text) <= 2099:
        described["year"] = 1.0
    if len(text) == 1 and text.isupper():
        described["initial"] = 1.0
    elif text.isupper() and text.isalpha() and len(text) <= 3:
        described["initials"] = 1.0
    if text in _QUOTES:
        described["quote"] = 1.0
    if text[:1].islower() and any(c.isupper() for c in text[1:]):
        described["inner_capital"] = 1.0  # mRNA, deltaHED, iPSC: title words, never names
    return described


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    return tagger


def longest_run(tags: list[str], tag: str) -> tuple[int, int] | None:
    """(first, last) index of the tag's longest run of tokens; a field is written once, in one piece."""
    best, start = None, None
    for i, current in enumerate([*tags, None]):
        if current == tag and start is None:
            start = i
        elif current != tag and start is not None:
            if best is None or i - 1 - start > best[1] - best[0]:
                best = (start, i - 1)
            start = None
    return best


def _strip_edges(text: str) -> str:
    return text.strip(" .,;:([)]\"“”'‘’")
