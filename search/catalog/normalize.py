"""Canonical forms of identifiers, titles, author names and free text, so equal papers compare equal."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID = re.compile(r"^(?:pmid:?\s*)?0*(\d{1,10})$", re.I)
_PMCID = re.compile(r"^(?:pmcid:?\s*)?(?:pmc)?0*(\d{1,10})$", re.I)
_ARXIV_PREFIX = re.compile(r"^(?:arxiv:\s*|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.I)
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z.-]*/\d{7})(?:v\d+)?(?:\.pdf)?$", re.I)
# Inline markup that publishers leave in titles (HTML, JATS, MathML); a bare "<" in "p<0.05" is not a tag.
_TAG = re.compile(
    r"</?(?:i|b|u|em|strong|sup|sub|sc|scp|span|p|br|div|inf|italic|bold|title|h[1-6]|math|mi|mo|mn|mrow|msub|msup"
    r"|mml:[a-z]+|jats:[a-z-]+)\b[^<>]{0,200}>",
    re.I,
)
# PubMed's structured abstracts arrive as "<h4>Background</h4>text": the heading becomes a labelled paragraph.
# Possessive whitespace: given back, a long run of it was split every way around the heading (minutes for
# 20,000 spaces); a heading of whitespace only is then no heading.
_HEADING = re.compile(r"<h[1-6][^<>]{0,100}>\s*+([^<>]{1,100}?)\s*+</h[1-6]>", re.I)
_LATEX_MATH_OR_BRACES = re.compile(r"[${}\\]")
_NOT_WORD = re.compile(r"[\W_]+")
_PARAGRAPH = re.compile(r"\n\s*\n")
# C0/C1 controls (except tab and newline) and NUL: PostgreSQL refuses NUL, the rest is noise from PDF copies.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PUBMED_INITIALS = re.compile(r"^[A-Z]{1,3}$")
# DBLP tells homonyms apart with a number ("Peng Hu 0002"); it is not part of anyone's name.
_DBLP_HOMONYM = re.compile(r"\s+\d{4}(?=$|,)")
_ORGANISATION = re.compile(
    r"\b(?:group|consortium|collaborat\w*|investigators|committee|society|association|network|team|study|trial"
    r"|working|institute|organi[sz]ation|council|board|panel|initiative|centre|center|university|project)\b",
    re.I,
)

NORMALIZED_TITLE_LENGTH = 255


def normalize_doi(value: str | None) -> str:
    """'https://doi.org/10.1000/ABC.' -> '10.1000/abc'; '' when it is not a DOI (DOIs are case-insensitive)."""
    if not value:
        return ""
    doi = _DOI_PREFIX.sub("", value.strip()).strip().rstrip(".,;").lower()
    return doi if _DOI.match(doi) else ""


def normalize_pmid(value: str | int | None) -> str:
    """'PMID: 0017785526' -> '17785526'; '' when it is not a PubMed id."""
    match = _PMID.match(str(value or "").strip())
    return match.group(1) if match else ""


def normalize_pmcid(value: str | int | None) -> str:
    """'pmc1950857' or '1950857' -> 'PMC1950857'; '' when it is not a PubMed Central id."""
    match = _PMCID.match(str(value or "").strip())
    return f"PMC{match.group(1)}" if match else ""


def normalize_arxiv_id(value: str | None) -> str:
    """'arXiv:2512.13690v2' or 'https://arxiv.org/abs/hep-th/9901001' -> bare id without version; '' otherwise."""
    text = _ARXIV_PREFIX.sub("", str(value or "").strip())
    if match := _ARXIV_NEW.match(text):
        return match.group(1)
    if match := _ARXIV_OLD.match(text):
        return match.group(1).lower()
    return ""


def clean_text(value: str | None) -> str:
    """Text with entities decoded, control characters removed and whitespace collapsed; paragraphs kept."""
    text = _decoded(value)
    if "<" in text:
        text = _TAG.sub("", _HEADING.sub(lambda m: f"\n\n{m.group(1).rstrip(':')}: ", text))
    if "\n" not in text:
        return " ".join(text.split())
    paragraphs = (" ".join(part.split()) for part in _PARAGRAPH.split(text))
    return "\n\n".join(part for part in paragraphs if part)


def clean_line(value: str | None) -> str:
    """A one-line field (title, venue, name): markup-free, whitespace collapsed."""
    text = _decoded(value)
    return " ".join((_TAG.sub("", text) if "<" in text else text).split())


def _decoded(value: str | None) -> str:
    # The cheap membership tests skip the regex and the unescaping for the common plain string.
    text = str(value or "")
    if "&" in text:
        text = html.unescape(text)
    return _CONTROL.sub(" ", text)


def normalize_title(title: str) -> str:
    """The matching key of a title: case, accents, punctuation, markup and spacing do not count."""
    text = _LATEX_MATH_OR_BRACES.sub("", _TAG.sub("", title))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return _NOT_WORD.sub(" ", text).strip()[:NORMALIZED_TITLE_LENGTH]


def normalize_author(name: str) -> str:
    """'Susung Hong' -> 'Hong, Susung'; PubMed's 'Liu R' -> 'Liu, R'; 'Adams, Z. W.' stays.

    One form, family name first, lets exports, citations and reference checks find the surname.
    """
    name = _DBLP_HOMONYM.sub("", clean_line(name)).strip(" ,;")
    if not name or "," in name:
        return name
    tokens = name.split(" ")
    if len(tokens) == 1 or len(tokens) > 5 or _ORGANISATION.search(name):
        return name
    if _PUBMED_INITIALS.match(tokens[-1]) and not _PUBMED_INITIALS.match(tokens[0]):
        return f"{' '.join(tokens[:-1])}, {tokens[-1]}"
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        return name
    family = " ".join(parts.von + parts.last)
    given = " ".join(parts.first + parts.jr)
    return f"{family}, {given}" if family and given else name


def normalize_keyword(keyword: str) -> str:
    """A keyword or MeSH heading as shown: one line, no major-topic star."""
    return clean_line(keyword).lstrip("*").strip()


def without_trailing_run(part: re.Pattern[str], text: str) -> str:
    """`text` without the run of `part` matches that ends it ("x/*a/*b" less its subheadings), in one pass.

    The regex way, "(?:part)+$", retries the run from each of its matches when the run stops short of the
    end: quadratic, so long hostile runs took minutes.
    """
    run_start = run_end = None
    for match in part.finditer(text):
        if match.start() != run_end:
            run_start = match.start()
        run_end = match.end()
    return text[:run_start] if run_end == len(text) else text


def unique(values: Iterable[str]) -> list[str]:
    """Non-empty values in order, without repeats that differ only in case."""
    seen: set[str] = set()
    kept = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
    return kept
