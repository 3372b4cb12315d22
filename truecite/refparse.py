"""Reference lists in, one PaperRecord per reference out: BibTeX, RIS, HALLMARK JSONL or plain text
(APA, Harvard, Vancouver / numbered, IEEE)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import bibtexparser
import rispy

from search.catalog.normalize import clean_line, normalize_arxiv_id, normalize_doi, normalize_pmid
from search.importers.bibtex import record_from_fields
from search.records import PaperRecord, RecordError

SOURCE = "reference"
_BIBTEX_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]")
_RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  -", re.MULTILINE)
_MARKER = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)])\s+")
# [ \t]*, not \s*: with re.M a \s* that can cross lines makes thousands of blank lines take minutes. The runs
# are possessive: "References" and a long run of spaces before other text split the run every way first.
_REFERENCES_HEADING = re.compile(
    r"^[ \t]*+(?:references|bibliography|works cited|literature cited|sources)[ \t]*+:?[ \t]*+$", re.I | re.M
)
_DOI_IN_TEXT = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:?\s*)?(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_PMID_IN_TEXT = re.compile(r"\bPMID:?\s*(\d{4,9})\b", re.I)
_ARXIV_IN_TEXT = re.compile(r"(?:arxiv\s+preprint\s+)?(?:arxiv(?:\.org/(?:abs|pdf)/|:\s*))(\d{4}\.\d{4,5}(?:v\d+)?)\.?", re.I)
_URL = re.compile(r"https?://\S+|\b(?:Available (?:from|at)|Retrieved from|Accessed)\b:?[^.]*\.?", re.I)
_ET_AL = re.compile(r",?\s*(?:\bet\.?\s*al\b\.?|\band\s+others\b|…|\.\.\.)", re.I)
_APA_YEAR = re.compile(r"^(?P<authors>.*?)\s*\((?P<year>\d{4})[a-z]?(?:,[^)]*)?\)\s*[.,:]?\s*(?P<rest>.*)$")
_HARVARD_YEAR = re.compile(r"^(?P<authors>[^\d]*?),?\s+(?P<year>\d{4})[a-z]?[.,]\s*(?P<rest>.*)$")
_QUOTED_TITLE = re.compile(r"[\"“”](?P<title>[^\"“”]{4,}?)[,.]?[\"“”]")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\)\]?!])[.?!]\s+(?=[A-Z0-9])")
# Vancouver author lists end in bare initials: "Smith AB, Lin S. Title ...".
_AUTHORS_END = re.compile(r"(?<=[A-Za-z0-9\)\]])\.\s+(?=[A-Z0-9])")
_INITIALS = re.compile(r"^(?:[A-Z]\.?[\s\-]*){1,4}$")
_VENUE_CUT = re.compile(r"\s*(?:,|;|\bvol\.|\bno\.|\bpp\.|\(\d|\d{4}|\b\d+\s*[(:;,]|\s\d+$|:\s*\d).*$", re.I)
_LEADING_IN = re.compile(r"^\s*(?:in:?\s+|in proceedings of\s+)", re.I)
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
    if sum(1 for line in lines if _MARKER.match(line)) >= max(1, len([l for l in lines if l]) // 3):
        entries: list[str] = []
        for line in lines:
            if _MARKER.match(line) or not entries:
                entries.append(line)
            elif line:
                entries[-1] += " " + line
        return [e for e in (" ".join(e.split()) for e in entries) if e]
    if re.search(r"\n\s*\n", text):
        return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
    return [line for line in lines if line]


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
    doi = _DOI_IN_TEXT.search(body)
    pmid = _PMID_IN_TEXT.search(body)
    arxiv = _ARXIV_IN_TEXT.search(body)
    rest = _URL.sub(" ", _DOI_IN_TEXT.sub(" ", _PMID_IN_TEXT.sub(" ", _ARXIV_IN_TEXT.sub(" ", body))))
    rest = re.sub(r"\b(?:doi|PMCID|PMC\d+)\b:?", " ", rest, flags=re.I)
    authors, title, venue, year = _plain_fields(" ".join(rest.split()))
    truncated = bool(_ET_AL.search(authors))
    record = PaperRecord(
        title=title.strip(" .,;:"),
        source=SOURCE,
        source_id=key,
        authors=split_authors(_ET_AL.sub("", authors)),
        year=year,
        venue=venue.strip(" .,;:"),
        doi=doi.group(1).rstrip(".,;)]") if doi else "",
        pmid=pmid.group(1) if pmid else "",
        arxiv_id=arxiv.group(1) if arxiv else "",
    )
    _normalise_identifiers(record)
    problems = [] if record.title else ["no title could be found in this reference"]
    return ParsedReference(key, text, record, authors_truncated=truncated, problems=problems)


def _plain_fields(text: str) -> tuple[str, str, str, int | None]:
    """(authors, title, venue, year) of one plain-text reference."""
    if quoted := _QUOTED_TITLE.search(text):  # IEEE: A. Author, B. Author, "Title," Venue, vol. 1, 2020.
        after = text[quoted.end() :]
        years = _YEAR.findall(after)
        return text[: quoted.start()], quoted.group("title"), _venue(after), int(years[-1]) if years else None
    for pattern in (_APA_YEAR, _HARVARD_YEAR):  # Author, A. (2020). Title. Venue. / Author, A. 2020. Title.
        match = pattern.match(text)
        # Names hold initials ("J.", "MW."), never a full stop after a word: that would be a title's end.
        if match and match.group("authors").strip() and not re.search(r"[a-z]{2}[.:?!]", match.group("authors")):
            title, venue_part = _first_sentence(match.group("rest"))
            return match.group("authors"), title, _venue(venue_part), int(match.group("year"))
    # Vancouver: Author AB, Author C. Title. Journal. 2020;12(3):45-67.
    authors, after_authors = _first_sentence(text, _AUTHORS_END)
    title, after_title = _first_sentence(after_authors)
    years = _YEAR.findall(after_title)
    return authors, title, _venue(after_title), int(years[0]) if years else None


def _first_sentence(text: str, end: re.Pattern[str] = _SENTENCE_END) -> tuple[str, str]:
    match = end.search(text)
    if not match:
        return text, ""
    end = match.start() + (1 if text[match.start()] in "?!" else 0)
    return text[:end], text[match.end() :]


def _venue(text: str) -> str:
    return _VENUE_CUT.sub("", _LEADING_IN.sub("", text)).strip(" .,;:")


def split_authors(text: str) -> list[str]:
    """'Smith, J. A., & Jones, B.' / 'Smith JA, Jones B' / 'J. A. Smith and B. Jones' -> one name each."""
    text = text.strip(" .,;")
    if not text:
        return []
    if ";" in text:
        return [name.strip(" .,") for name in text.split(";") if name.strip(" .,")]
    text = _AUTHOR_JOIN.sub(", ", text)
    names: list[str] = []
    for chunk in (c.strip() for c in text.split(",")):
        if not chunk:
            continue
        # APA / Harvard "Grauers Wiktorin, H.": initials after a comma belong to the surname before them.
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
