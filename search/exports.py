"""A paper as a citation: BibTeX, RIS, CSL-JSON and an APA reference string."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser import model
from bibtexparser.middlewares import LatexEncodingMiddleware

from search.models import Paper

# Lower-case name particles that belong to the family name ("Rens van de Schoot" -> "van de Schoot").
PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ter", "ten", "dos", "das"}
# Words too common to identify a paper in a citation key.
KEY_STOP_WORDS = {"a", "an", "the", "of", "on", "in", "for", "and", "to", "with", "by", "from", "at", "is", "are"}
# APA 7 lists up to 20 authors; beyond that the first 19, an ellipsis and the last.
APA_MAX_AUTHORS = 20


@dataclass(frozen=True)
class Name:
    family: str
    given: str

    @property
    def given_written(self) -> str:
        """The given name as written, except PubMed's bare initials ('JA'), which get their full stops."""
        bare_initials = self.given.isupper() and self.given.isalpha() and len(self.given) <= 3
        return self.initials if bare_initials else self.given

    @property
    def family_given(self) -> str:
        return f"{self.family}, {self.given_written}" if self.given else self.family

    @property
    def initials(self) -> str:
        """'John Michael' -> 'J. M.', 'RJ' (PubMed initials) -> 'R. J.', 'Jean-Paul' -> 'J.-P.'."""
        parts = []
        for word in self.given.replace(".", " ").split():
            if word.isupper() and word.isalpha() and len(word) <= 3:
                parts.extend(f"{letter}." for letter in word)
            else:
                parts.append("-".join(f"{piece[0]}." for piece in word.split("-") if piece))
        return " ".join(parts)


def parse_name(author: str) -> Name:
    """Split a byline name into family and given names; handles 'Smith, John', 'Smith JA' and 'John Smith'."""
    author = " ".join(author.split())
    if "," in author:
        family, _, given = author.partition(",")
        return Name(family.strip(), given.strip())
    words = author.split()
    if len(words) == 1:
        return Name(words[0], "")
    last = words[-1].replace(".", "")
    if last.isupper() and last.isalpha() and len(last) <= 3:
        return Name(" ".join(words[:-1]), words[-1])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Name(" ".join(words[start:]), " ".join(words[:start]))


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def bibtex_key(paper: Paper) -> str:
    """smith2020word: first author's family name, year, first significant title word."""
    family = parse_name(paper.authors[0]).family.split()[-1] if paper.authors else ""
    words = [_ascii_word(word) for word in paper.title.split()]
    first_word = next((word for word in words if word and word not in KEY_STOP_WORDS), "")
    return f"{_ascii_word(family) or 'paper'}{paper.year or ''}{first_word}" or f"paper{paper.pk}"


def _title(paper: Paper) -> str:
    return paper.title.strip().rstrip(".")


def _doi_url(paper: Paper) -> str:
    return f"https://doi.org/{paper.doi}" if paper.doi else ""


def _landing_url(paper: Paper) -> str:
    if paper.url:
        return paper.url
    if paper.doi:
        return _doi_url(paper)
    return f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else ""


def _is_preprint(paper: Paper) -> bool:
    return bool(paper.arxiv_id) and not paper.doi


def to_bibtex(paper: Paper) -> str:
    names = [parse_name(author) for author in paper.authors]
    text_fields = {
        "title": _title(paper),
        "author": " and ".join(name.family_given for name in names),
        "journal": paper.venue,
        "year": str(paper.year or ""),
        "abstract": paper.abstract,
        "keywords": ", ".join(paper.keywords),
    }
    entry = model.Entry(
        "article" if paper.venue and not _is_preprint(paper) else "misc",
        bibtex_key(paper),
        [model.Field(key, value) for key, value in text_fields.items() if value],
    )
    entry = LatexEncodingMiddleware().transform(bibtexparser.Library([entry])).entries[0]
    # Identifiers and URLs are verbatim: LaTeX-escaping would corrupt DOIs with underscores.
    identifiers = {
        "doi": paper.doi,
        "pmid": paper.pmid,
        "pmcid": paper.pmcid,
        "eprint": paper.arxiv_id,
        "archiveprefix": "arXiv" if paper.arxiv_id else "",
        "url": _landing_url(paper),
    }
    for key, value in identifiers.items():
        if value:
            entry.set_field(model.Field(key, value))
    return bibtexparser.write_string(bibtexparser.Library([entry]))


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's "1." reference counter line, which some reference managers reject."""

    def set_header(self, count: int) -> str:
        return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_ris(paper: Paper) -> str:
    record = {
        "type_of_reference": "JOUR" if paper.venue and not _is_preprint(paper) else "GEN",
        "title": _one_line(_title(paper)),
        "authors": [name.family_given for name in map(parse_name, paper.authors)],
        "year": str(paper.year) if paper.year else None,
        "date": paper.published.strftime("%Y/%m/%d") if paper.published else None,
        "journal_name": _one_line(paper.venue) or None,
        "abstract": _one_line(paper.abstract) or None,
        "doi": paper.doi or None,
        "accession_number": paper.pmid or None,
        "keywords": [_one_line(keyword) for keyword in paper.keywords] or None,
        "urls": [_landing_url(paper)] if _landing_url(paper) else None,
        "id": bibtex_key(paper),
    }
    return rispy.dumps([{key: value for key, value in record.items() if value}], implementation=_RisWriter)


def to_csl_json(paper: Paper) -> dict:
    """One CSL-JSON item (the format of citation.js, Zotero and pandoc's citeproc)."""
    date_parts = (
        [paper.published.year, paper.published.month, paper.published.day]
        if paper.published
        else [paper.year]
        if paper.year
        else None
    )
    item = {
        "id": bibtex_key(paper),
        "type": "article" if _is_preprint(paper) or not paper.venue else "article-journal",
        "title": _title(paper),
        "author": [
            {"family": name.family, "given": name.given_written} if name.given else {"literal": name.family}
            for name in map(parse_name, paper.authors)
        ],
        "issued": {"date-parts": [date_parts]} if date_parts else None,
        "container-title": paper.venue or None,
        "abstract": paper.abstract or None,
        "DOI": paper.doi or None,
        "PMID": paper.pmid or None,
        "PMCID": paper.pmcid or None,
        "URL": _landing_url(paper) or None,
        "keyword": ", ".join(paper.keywords) or None,
    }
    if paper.arxiv_id:
        item["number"] = f"arXiv:{paper.arxiv_id}"
    return {key: value for key, value in item.items() if value}


def _apa_authors(names: list[Name]) -> str:
    written = [f"{name.family}, {name.initials}".rstrip(", ") for name in names]
    if len(written) > APA_MAX_AUTHORS:
        return ", ".join(written[: APA_MAX_AUTHORS - 1]) + ", . . . " + written[-1]
    if len(written) <= 1:
        return "".join(written)
    return ", ".join(written[:-1]) + ", & " + written[-1]


def apa_citation(paper: Paper) -> str:
    """APA 7 reference: 'Smith, J. A., & Lee, K. (2020). Title. Venue. https://doi.org/…'."""
    authors = _apa_authors([parse_name(author) for author in paper.authors])
    year = f"({paper.year})" if paper.year else "(n.d.)"
    title = _title(paper)
    title_sentence = title if title[-1:] in "?!." else f"{title}."
    parts = [f"{authors} {year}.", title_sentence] if authors else [title_sentence, f"{year}."]
    if paper.venue:
        parts.append(f"{paper.venue.rstrip('.')}.")
    elif paper.arxiv_id:
        parts.append(f"arXiv preprint arXiv:{paper.arxiv_id}.")
    link = _doi_url(paper) or _landing_url(paper)
    if link:
        parts.append(link)
    return " ".join(part for part in parts if part)
