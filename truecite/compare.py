"""Field-by-field comparison of a cited reference with a real record (a catalog Paper or a live PaperRecord)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz

from search.catalog.normalize import clean_line, normalize_arxiv_id, normalize_author, normalize_doi, normalize_title
from search.exports import PARTICLES

# Titles at least this similar (0-100, on normalised text) describe the same paper; below it, another paper.
SAME_PAPER_TITLE = 85.0
NAME_TOLERANCE = 85.0

# Canonical names of venues that are cited by many names.
_VENUE_ALIASES = {
    "neurips": ("nips", "advances in neural information processing systems", "neural information processing systems"),
    "icml": ("international conference on machine learning",),
    "iclr": ("international conference on learning representations",),
    "cvpr": ("ieee cvf conference on computer vision and pattern recognition", "computer vision and pattern recognition",
             "ieee conference on computer vision and pattern recognition"),
    "iccv": ("international conference on computer vision", "ieee cvf international conference on computer vision"),
    "eccv": ("european conference on computer vision",),
    "aaai": ("aaai conference on artificial intelligence",),
    "ijcai": ("international joint conference on artificial intelligence",),
    "acl": ("annual meeting of the association for computational linguistics",),
    "emnlp": ("conference on empirical methods in natural language processing", "empirical methods in natural language processing"),
    "naacl": ("north american chapter of the association for computational linguistics",),
    "uai": ("conference on uncertainty in artificial intelligence", "uncertainty in artificial intelligence"),
    "aistats": ("international conference on artificial intelligence and statistics",),
    "kdd": ("acm sigkdd international conference on knowledge discovery and data mining", "knowledge discovery and data mining"),
    "colt": ("conference on learning theory",),
    "tmlr": ("transactions on machine learning research",),
    "jmlr": ("journal of machine learning research",),
}
_VENUE_NOISE = re.compile(
    r"\b(?:proceedings|proc|of|the|in|on|and|annual|workshop track|conference track|main conference|volume|vol"
    r"|\d{1,2}(?:st|nd|rd|th)|first|second|third|\d{4}|ieee cvf|ieee|acm|ed|eds|part [ivx]+)\b"
)
# An accent set apart from its letter, as some catalogs hold names ("Gudmundsdo ́ttir").
_SPACED_ACCENT = re.compile(r"\s+(?=[\u0300-\u036f])")
_INITIAL = re.compile(r"^[^\W\d_]\.(?:-?[^\W\d_]\.)*$")  # "D.", "J.R.", "H.-P."
_PREPRINT = re.compile(r"\b(?:arxiv|biorxiv|medrxiv|ssrn|preprint|corr|research square|techrxiv|chemrxiv)\b", re.I)
# Names that fabricated references use instead of real authors.
_PLACEHOLDER_NAMES = re.compile(r"^(?:doe|smith j|author|anonymous|unknown|et al|firstname|lastname|name)$")


class Bibliographic(Protocol):
    title: str
    authors: list[str]
    year: int | None
    venue: str
    doi: str | None
    pmid: str | None
    arxiv_id: str | None


@dataclass
class Difference:
    field: str  # title, authors, year, venue, doi, pmid, arxiv_id
    cited: str
    found: str
    note: str


@dataclass
class Comparison:
    title_similarity: float
    differences: list[Difference] = field(default_factory=list)
    fields_checked: int = 0

    @property
    def mismatched_fields(self) -> list[str]:
        return list(dict.fromkeys(d.field for d in self.differences))


def title_key(title: str) -> str:
    """What must be equal for two titles to be the same: entities decoded, then the catalog's normalisation."""
    return normalize_title(clean_line(title))


def title_similarity(a: str, b: str) -> float:
    a, b = title_key(a or ""), title_key(b or "")
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b))


def surname(name: str) -> str:
    family = normalize_author(_family_first(name)).split(",")[0]
    family = unicodedata.normalize("NFKD", family)
    return re.sub(r"[^a-z]", "", "".join(c for c in family if not unicodedata.combining(c)).casefold())


def _family_first(name: str) -> str:
    """'de Bont PAJM' -> 'de Bont, PAJM' and 'D. D. De Leon' -> 'De Leon, D. D.': a reference's name with its
    family name apart where the catalog's name reader would miss it (it takes Vancouver initials of three
    ASCII capitals at most, and a capitalised particle after initials for a given name)."""
    words = _SPACED_ACCENT.sub("", name).split()
    if "," in name or len(words) < 2:
        return " ".join(words)
    if words[-1].isalpha() and words[-1].isupper() and len(words[-1]) <= 4:
        return f"{' '.join(words[:-1])}, {words[-1]}"
    given = 0
    while given < len(words) - 1 and _INITIAL.match(words[given]):
        given += 1
    if given and words[given].lower() in PARTICLES:
        return f"{' '.join(words[given:])}, {' '.join(words[:given])}"
    return " ".join(words)


def _venue_words(venue: str) -> str:
    text = unicodedata.normalize("NFKD", venue or "").casefold()
    # Only up to the last ")": past it an "(" cannot close, and each one there rescanned the rest of the text.
    closed = text.rfind(")") + 1
    text = re.sub(r"\(([^)]*)\)", r" \1 ", text[:closed]) + text[closed:]
    text = re.sub(r"[^a-z0-9 ]+", " ", text)
    return " ".join(_VENUE_NOISE.sub(" ", text).split())


_ALIAS_OF = {_venue_words(alias): name for name, aliases in _VENUE_ALIASES.items() for alias in (name, *aliases)}


def normalize_venue(venue: str) -> str:
    text = _venue_words(venue)
    return _ALIAS_OF.get(text, text)


def is_preprint_venue(venue: str) -> bool:
    return bool(_PREPRINT.search(venue or ""))


def venues_agree(cited: str, found: str) -> bool:
    """Same venue, allowing aliases ("NeurIPS" / "Advances in Neural ..."), acronyms and abbreviations."""
    a, b = normalize_venue(cited), normalize_venue(found)
    if not a or not b or a == b:
        return True
    words_a, words_b = a.split(), b.split()
    acronym_a, acronym_b = "".join(w[0] for w in words_a), "".join(w[0] for w in words_b)
    if a in (acronym_b, b.replace(" ", "")) or b in (acronym_a, a.replace(" ", "")):
        return True
    if set(words_a) & set(_ALIAS_OF) and set(words_b) & set(_ALIAS_OF):  # "AAAI 2021 workshop" vs "AAAI"
        return bool(set(words_a) & set(words_b))
    return _abbreviates(words_a, words_b) or _abbreviates(words_b, words_a) or fuzz.token_set_ratio(a, b) >= 92


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """'j clin oncol' abbreviates 'journal clinical oncology': each word a prefix of the next full word, in order."""
    if len(short) > len(full):
        return False
    position = 0
    for word in short:
        while position < len(full) and not full[position].startswith(word):
            position += 1
        if position == len(full):
            return False
        position += 1
    return True


def compare(
    cited: Bibliographic,
    found: Bibliographic,
    *,
    authors_truncated: bool = False,
    today: dt.date | None = None,
    written: str = "",
) -> Comparison:
    """What the reference gets wrong about the record it names (empty differences: described correctly).

    `written` is a plain-text reference's wording as a title key, identifiers and links left out: where the
    parser read a field's bounds wrong, the record's own title and year written there still count.
    """
    result = Comparison(title_similarity(cited.title, found.title))
    written_elsewhere = _words_outside(written, title_key(found.title), title_key(found.venue))
    checks = (
        _title(cited, found, result.title_similarity, written),
        _authors(cited.authors, found.authors, authors_truncated),
        _year(cited.year, found.year, today or dt.date.today(), written_elsewhere),
        _venue(cited, found),
        _identifier("doi", normalize_doi(cited.doi), normalize_doi(found.doi)),
        _identifier("pmid", cited.pmid or "", found.pmid or ""),
        _identifier("arxiv_id", normalize_arxiv_id(cited.arxiv_id), normalize_arxiv_id(found.arxiv_id)),
    )
    for checked, difference in checks:
        result.fields_checked += checked
        if difference:
            result.differences.append(difference)
    return result


def _title(cited: Bibliographic, found: Bibliographic, similarity: float, written: str) -> tuple[bool, Difference | None]:
    # Case, accents, punctuation and spacing may differ; a changed word (even "Models" for "Model") may not:
    # that is how fabricated near-miss titles look.
    if title_key(cited.title) == title_key(found.title) or _title_misread(cited, found, written):
        return True, None
    return True, Difference("title", cited.title, found.title, f"title differs ({similarity:.0f}% similar)")


def _authors(cited: list[str], found: list[str], truncated: bool) -> tuple[bool, Difference | None]:
    cited_names = [s for s in (surname(n) for n in cited) if s]
    found_names = [s for s in (surname(n) for n in found) if s]
    if not cited_names or not found_names:
        return False, None
    shown = lambda names: ", ".join(names)  # noqa: E731
    difference = lambda note: Difference("authors", shown(cited), shown(found), note)  # noqa: E731
    same = lambda a, b: a == b or fuzz.ratio(a, b) >= NAME_TOLERANCE  # noqa: E731
    if any(_PLACEHOLDER_NAMES.match(n) for n in cited_names):
        return True, difference("placeholder author names")
    if truncated:
        if len(cited_names) > len(found_names) or not all(map(same, cited_names, found_names)):
            return True, difference("the named authors are not the paper's first authors")
        return True, None
    if len(cited_names) != len(found_names):
        matched = sum(1 for n in cited_names if any(same(n, m) for m in found_names))
        note = (
            f"{len(cited_names)} authors cited, the paper has {len(found_names)}"
            if matched == min(len(cited_names), len(found_names))
            else "different authors"
        )
        return True, difference(note)
    if all(map(same, cited_names, found_names)):
        return True, None
    if sorted(cited_names) == sorted(found_names):
        return True, difference("author order differs")
    return True, difference("different authors")


def _title_misread(cited: Bibliographic, found: Bibliographic, written: str) -> bool:
    """The reference holds the record's title word for word, and the parser cut it short ("… remodeling in"
    for "… remodeling in 2025") or ran it on into the record's venue ("… Lung Cancer. JCO precision oncology")."""
    cited_key, found_key = title_key(cited.title), title_key(found.title)
    if not written or not cited_key or f" {found_key} " not in f" {written} ":
        return False
    if f" {cited_key} " in f" {found_key} ":
        return True
    rest = cited_key.removeprefix(found_key).strip()
    return cited_key.startswith(f"{found_key} ") and bool(found.venue) and venues_agree(rest, found.venue)


def _words_outside(written: str, *fields: str) -> set[str]:
    """The written words outside the record's title and venue ("2016 Conference on Lasers" holds a year)."""
    for found in filter(None, fields):
        written = written.replace(found, " ")
    return set(written.split())


def _year(cited: int | None, found: int | None, today: dt.date, written_words: set[str]) -> tuple[bool, Difference | None]:
    if cited and cited > today.year + 1:
        return True, Difference("year", str(cited), str(found or ""), "year is in the future")
    if not cited or not found:
        return False, None
    if cited != found and str(found) not in written_words:  # else the parser took another number for the year
        return True, Difference("year", str(cited), str(found), "different year")
    return True, None


def _venue(cited: Bibliographic, found: Bibliographic) -> tuple[bool, Difference | None]:
    if not cited.venue:
        return False, None
    found_is_preprint = is_preprint_venue(found.venue) or (
        not found.venue and (bool(found.arxiv_id) or normalize_doi(found.doi).startswith("10.48550/"))
    )
    if found_is_preprint and not is_preprint_venue(cited.venue):
        return True, Difference("venue", cited.venue, found.venue or "arXiv preprint", "a preprint cited as published")
    if not found.venue:
        return False, None
    if venues_agree(cited.venue, found.venue):
        return True, None
    return True, Difference("venue", cited.venue, found.venue, "different venue")


def _identifier(name: str, cited: str, found: str) -> tuple[bool, Difference | None]:
    if not cited or not found:
        return False, None
    if cited.lower() != found.lower():
        return True, Difference(name, cited, found, f"{name.replace('_id', '')} belongs to another record")
    return True, None
