"""Reference lists in, one PaperRecord per reference out: BibTeX, RIS, HALLMARK JSONL or plain text in any
citation style (each entry read by truecite/reftagger.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

import bibtexparser
import rispy

from search.catalog.normalize import clean_line, normalize_arxiv_id, normalize_doi, normalize_pmid
from search.exports import PARTICLES
from search.importers.bibtex import record_from_fields
from search.records import PaperRecord, RecordError
from truecite.compare import title_key
from truecite.reftagger import read_plain, reference_tokens

SOURCE = "reference"
# A reference with a hundred authors written out is under 4,000 characters; past that a "reference" is a
# paste the list splitter could not divide, and tagging it would only cost time.
MAX_REFERENCE_CHARS = 4_000
_BIBTEX_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]")
_RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  -", re.MULTILINE)
_MARKER = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)])\s+")
# [ \t]*, not \s*: with re.M a \s* that can cross lines makes thousands of blank lines take minutes. The runs
# are possessive: "References" and a long run of spaces before other text split the run every way first.
_REFERENCES_HEADING = re.compile(
    r"^[ \t]*+(?:references|bibliography|works cited|literature cited|sources)[ \t]*+:?[ \t]*+$", re.I | re.M
)
_ET_AL = re.compile(r",?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|…|\. ?\. ?\.)", re.I)
_ELLIPSIS = re.compile(r"…|\. ?\. ?\.")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
# Initials in any alphabet ("Ł."), but not a lower-case Latin word.
_INITIALS = re.compile(r"^(?:[^\W\d_a-z]\.?[\s\-]*){1,4}$")
# "A, B and C" / "A & B": the lookbehind tries a run of whitespace from its start only; a match must use
# the run whole, and trying it from every space made a long run of line breaks quadratic.
_AUTHOR_JOIN = re.compile(r",?(?<!\s)\s++(?:&|and)\s+")


class InputTooLarge(ValueError):
    """The pasted text or file is past the bounds; the message is meant for the user."""


@dataclass
class ParsedReference:
    key: str
    raw: str
    record: PaperRecord
    authors_truncated: bool = False  # "et al." / "and others": only the names given can be checked
    problems: list[str] = field(default_factory=list)
    written: str = ""  # a plain-text reference's words as a title key, identifiers and links left out


def parse_references(text: str, *, max_references: int | None = None) -> list[ParsedReference]:
    """Every reference in the text, in order; the format is recognised from the text itself."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    stripped = text.strip()
    if not stripped:
        return []
    if _looks_like_hallmark(stripped):
        references = _hallmark(stripped)
    elif _BIBTEX_ENTRY.search(stripped):
        references = _bibtex(stripped)
    elif len(_RIS_TAG.findall(stripped)) >= 2 and re.search(r"^TY  -", stripped, re.M):
        references = _ris(stripped)
    else:
        entries = split_plain(stripped)
        _refuse_past(len(entries), max_references)  # before parsing them: 10,000 one-line entries take seconds
        references = [_plain(number, entry) for number, entry in enumerate(entries, start=1)]
    _refuse_past(len(references), max_references)
    return references


def _refuse_past(count: int, max_references: int | None) -> None:
    if max_references is not None and count > max_references:
        raise InputTooLarge(f"That is {count} references; TrueCite checks up to {max_references} at a time.")


def reference_section(text: str) -> tuple[str, str]:
    """(body, reference list) of a document whose references follow a "References" heading."""
    match = None
    for match in _REFERENCES_HEADING.finditer(text):
        pass
    if match is None:
        return text, ""
    return text[: match.start()], text[match.end() :]


def split_plain(text: str) -> list[str]:
    """One string per reference: numbered entries may wrap over lines; otherwise one per line or paragraph."""
    lines = [line.strip() for line in text.split("\n")]
    first = next((line for line in lines if line), "")
    if _MARKER.match(first) or sum(1 for line in lines if _MARKER.match(line)) >= max(1, len([l for l in lines if l]) // 3):
        return _numbered_entries(lines)
    if re.search(r"\n\s*\n", text):
        return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
    return [line for line in lines if line]


def _numbered_entries(lines: list[str]) -> list[str]:
    """An entry starts at a marker numbered as the last one (Markdown numbers every item "1.") or up to three
    past it, so a wrapped line that happens to start with "2019. " or "12. " continues its entry."""
    entries: list[list[str]] = []
    last: int | None = None
    for line in lines:
        marker = _MARKER.match(line)
        number = int(marker.group(1) or marker.group(2)) if marker else None
        if number is not None and (last is None or last <= number <= last + 3):
            entries.append([line])
            last = number
        elif line and entries:
            entries[-1].append(line)
        elif line:
            entries.append([line])
    return [" ".join(" ".join(parts).split()) for parts in entries]


def _looks_like_hallmark(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    return first.startswith("{") and '"fields"' in first


def _hallmark(text: str) -> list[ParsedReference]:
    references = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            fields = {str(k).lower(): str(v) for k, v in (entry.get("fields") or {}).items() if v is not None}
            key = str(entry.get("bibtex_key") or number)
        except (ValueError, AttributeError):
            references.append(_unreadable(str(number), line, "not a JSON object with fields"))
            continue
        references.append(_from_fields(key, line, fields))
    return references


def _bibtex(text: str) -> list[ParsedReference]:
    library = bibtexparser.parse_string(text)
    references = [
        _from_fields(entry.key, entry.raw or "", {f.key.lower(): str(f.value) for f in entry.fields})
        for entry in library.entries
    ]
    for block in library.failed_blocks:
        references.append(_unreadable(f"block {len(references) + 1}", block.raw[:500], "could not be read as BibTeX"))
    return references


def _from_fields(key: str, raw: str, fields: dict[str, str]) -> ParsedReference:
    truncated = bool(re.search(r"\band\s+others\s*$", fields.get("author", ""), re.I))
    try:
        record = record_from_fields(fields, source=SOURCE, source_id=key)
    except RecordError as error:
        return _unreadable(key, raw, str(error))
    _normalise_identifiers(record)
    return ParsedReference(key, raw, record, authors_truncated=truncated)


def _ris(text: str) -> list[ParsedReference]:
    try:
        entries = rispy.loads(text, skip_unknown_tags=True)
    except Exception as error:  # rispy raises bare Exceptions for malformed input
        return [_unreadable("1", text[:500], f"could not be read as RIS: {error}")]
    references = []
    for number, entry in enumerate(entries, start=1):
        title = entry.get("title") or entry.get("primary_title") or ""
        year = _YEAR.search(str(entry.get("year") or entry.get("date") or ""))
        record = PaperRecord(
            title=clean_line(title),
            source=SOURCE,
            source_id=str(number),
            authors=[clean_line(a) for a in (entry.get("authors") or entry.get("first_authors") or [])],
            year=int(year.group(1)) if year else None,
            venue=clean_line(entry.get("secondary_title") or entry.get("journal_name") or entry.get("alternate_title3") or ""),
            doi=entry.get("doi") or "",
            url=(entry.get("urls") or [""])[0],
        )
        _normalise_identifiers(record)
        raw = f"{'; '.join(record.authors)} ({record.year or 'n.d.'}). {record.title}. {record.venue}"
        references.append(ParsedReference(str(entry.get("id") or number), raw, record))
    return references


def _plain(number: int, text: str) -> ParsedReference:
    marker = _MARKER.match(text)
    key = (marker.group(1) or marker.group(2)) if marker else str(number)
    body = text[marker.end() :] if marker else text
    if len(body) > MAX_REFERENCE_CHARS:
        return _unreadable(key, text[:500], f"{len(body):,} characters is longer than any one reference: not read")
    fields = read_plain(body)
    # APA 7 writes the first 19 of many authors, an ellipsis and the last: only those before it can be checked.
    authors = split_authors(_ET_AL.sub("", _ELLIPSIS.split(fields.authors, maxsplit=1)[0]))
    if not all(map(_looks_like_a_name, authors)):
        fields.unread["authors"], authors = fields.authors, []
    record = PaperRecord(
        title=fields.title,
        source=SOURCE,
        source_id=key,
        authors=authors,
        year=fields.year,
        venue=fields.venue,
        doi=fields.doi,
        pmid=fields.pmid,
        arxiv_id=fields.arxiv_id,
    )
    _normalise_identifiers(record)
    problems = [] if record.title or "title" in fields.unread else ["no title could be found in this reference"]
    problems += [f"could not read the {name} surely, so not compared: “{written}”" for name, written in fields.unread.items()]
    # Token by token: a title key of the whole reference would stop at the catalog's title length.
    written = " ".join(filter(None, (title_key(token.text) for token in reference_tokens(body))))
    return ParsedReference(
        key, text, record, authors_truncated=bool(_ET_AL.search(fields.authors)), problems=problems, written=written
    )


def _looks_like_a_name(name: str) -> bool:
    """A person or a body: a few capitalised words (particles aside), no digits. "The clinical trial" or a
    journal swept into the authors is not one, and a check must not blame authors it did not read."""
    words = name.replace(",", " ").split()
    return (
        0 < len(words) <= 6
        and not any(c.isdigit() for c in name)
        # A word may start with an accent set apart from its letter ("Gudmundsdo ́ttir", as some catalogs hold it).
        and all(w[0].isupper() or w.lower() in PARTICLES or unicodedata.combining(w[0]) for w in words)
    )


def split_authors(text: str) -> list[str]:
    """'Smith, J. A., & Jones, B.' / 'Smith JA, Jones B' / 'J. A. Smith and B. Jones' -> one name each."""
    text = text.strip(" .,;")
    if not text:
        return []
    if ";" in text:
        return [name.strip(" .,") for name in text.split(";") if name.strip(" .,")]
    chunks = [c for c in (c.strip() for c in _AUTHOR_JOIN.sub(", ", text).split(",")) if c]
    if len(chunks) % 2 == 0 and all(_INITIALS.match(chunk) for chunk in chunks[1::2]):
        # "Family, Initials" throughout (APA, Harvard): pair them, even a family name as short as "M".
        chunks = [f"{family}, {initials}" for family, initials in zip(chunks[0::2], chunks[1::2])]
    names: list[str] = []
    for chunk in chunks:
        # "Grauers Wiktorin, H." among other forms: initials after a comma belong to the surname before them.
        if names and _INITIALS.match(chunk) and "," not in names[-1] and not _INITIALS.match(names[-1].split()[-1]):
            names[-1] = f"{names[-1]}, {chunk}"
        else:
            names.append(chunk)
    return [name.strip(" .") if not _INITIALS.match(name.split(",")[-1].strip()) else name for name in names]


def _normalise_identifiers(record: PaperRecord) -> None:
    record.doi = normalize_doi(record.doi)
    record.pmid = normalize_pmid(record.pmid)
    record.arxiv_id = normalize_arxiv_id(record.arxiv_id) or _arxiv_from_doi(record.doi)


def _arxiv_from_doi(doi: str) -> str:
    match = re.match(r"^10\.48550/arxiv\.(.+)$", doi)
    return normalize_arxiv_id(match.group(1)) if match else ""


def _unreadable(key: str, raw: str, problem: str) -> ParsedReference:
    return ParsedReference(key, raw, PaperRecord(title="", source=SOURCE, source_id=key), problems=[problem])
