"""PubMed through NCBI E-utilities (esearch for ids, efetch for MEDLINE XML) -> PaperRecord."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from lxml import etree

from search.catalog.normalize import normalize_doi, unique
from search.records import PaperRecord, RecordError

from . import http
from .fields import full_date, parse_each, squash_space

SERVICE = "pubmed"
FETCH_BATCH = 200  # ids per efetch request, well under NCBI's URL length limits
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# NCBI's DTD is not fetched (no_network) and no entity is expanded: the XML comes from outside.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def search(query: str, limit: int) -> list[PaperRecord]:
    """PubMed articles matching query (PubMed's own query syntax works), by PubMed's best match."""
    pmids = search_ids(query, limit)
    records: list[PaperRecord] = []
    for start in range(0, len(pmids), FETCH_BATCH):
        records.extend(fetch(pmids[start : start + FETCH_BATCH]))
    return records


def search_ids(query: str, limit: int) -> list[str]:
    params = {"db": "pubmed", "term": query, "retmax": limit, "retmode": "json", "sort": "relevance"}
    payload = http.get_json(SERVICE, f"{settings.PUBMED_EUTILS_URL}/esearch.fcgi", _identify(params))
    result = payload.get("esearchresult") or {}
    if "ERROR" in result or "idlist" not in result:
        reason = result.get("ERROR") or payload.get("error") or "no id list"
        raise http.ConnectorError(f"pubmed esearch failed: {reason}")
    return [str(pmid) for pmid in result["idlist"]][:limit]


def fetch(pmids: list[str]) -> list[PaperRecord]:
    """The articles with these PMIDs, in PubMed's order; unknown PMIDs are simply absent."""
    if not pmids:
        return []
    params = {"db": "pubmed", "id": ",".join(pmids), "retmode": "xml"}
    response = http.get(SERVICE, f"{settings.PUBMED_EUTILS_URL}/efetch.fcgi", _identify(params))
    try:
        return parse_response(response.content)
    except RecordError as error:
        raise http.ConnectorError(f"pubmed efetch answered something unexpected: {error}") from error


def parse_response(xml: bytes | str) -> list[PaperRecord]:
    """Every PubmedArticle of an efetch PubmedArticleSet; unusable articles are logged and skipped."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as error:
        raise RecordError(f"PubMed XML does not parse: {error}") from error
    if root.tag != "PubmedArticleSet":
        message = squash_space("".join(root.itertext()))[:200]
        raise RecordError(f"expected a PubmedArticleSet, got <{root.tag}>: {message}")
    return parse_each(root.iterchildren("PubmedArticle"), parse_article, "PubMed article")


def parse_article(element: Any) -> PaperRecord:
    """One <PubmedArticle> element -> PaperRecord; RecordError when it has no PMID or no title."""
    citation = element.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    pmid = _text(citation.find("PMID")) if citation is not None else ""
    if article is None or not pmid:
        raise RecordError("PubMed article without MedlineCitation/Article/PMID")
    title = _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
    if not title:
        raise RecordError(f"PubMed article {pmid} has no title")
    ids = {node.get("IdType"): _text(node) for node in element.findall("PubmedData/ArticleIdList/ArticleId")}
    doi = normalize_doi(ids.get("doi") or _text(article.find("ELocationID[@EIdType='doi']")))
    year, published = _dates(article)
    return PaperRecord(
        title=title,
        source=SERVICE,
        source_id=pmid,
        abstract=" ".join(filter(None, (_text(part) for part in article.findall("Abstract/AbstractText")))),
        authors=[name for author in article.findall("AuthorList/Author") if (name := _author_name(author))],
        year=year,
        published=published,
        venue=_text(article.find("Journal/Title")) or _text(article.find("Journal/ISOAbbreviation")),
        doi=doi,
        pmid=pmid,
        pmcid=ids.get("pmc", ""),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        keywords=unique(
            [_text(node) for node in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")]
            + [_text(node) for node in citation.findall("KeywordList/Keyword")]
        ),
        publication_types=unique([_text(node) for node in article.findall("PublicationTypeList/PublicationType")]),
    )


def _author_name(author: Any) -> str:
    """'ForeName LastName'; initials stand in for a missing fore name; consortia keep their name."""
    last = _text(author.find("LastName"))
    first = _text(author.find("ForeName")) or _text(author.find("Initials"))
    if last:
        return f"{first} {last}".strip()
    return _text(author.find("CollectiveName"))


def _dates(article: Any) -> tuple[int | None, dt.date | None]:
    """Year of the journal issue; the issue date when it has a day, else the electronic date."""
    year, month, day = _date_parts(article.find("Journal/JournalIssue/PubDate"))
    electronic = full_date(*_date_parts(article.find("ArticleDate")))
    published = full_date(year, month, day) or electronic
    return year or (electronic.year if electronic else None), published


def _date_parts(node: Any) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a PubDate/ArticleDate; a MedlineDate ('1998 Dec-1999 Jan') gives its first year."""
    if node is None:
        return None, None, None
    found = _YEAR.search(_text(node.find("Year")) or _text(node.find("MedlineDate")))
    month = _text(node.find("Month"))
    day = _text(node.find("Day"))
    return (
        int(found.group(1)) if found else None,
        int(month) if month.isdecimal() else _MONTHS.get(month[:3].lower()),
        int(day) if day.isdecimal() else None,
    )


def _text(node: Any) -> str:
    """All text inside node (inline <i>, <sub>, <sup> kept as text), whitespace collapsed."""
    return squash_space("".join(node.itertext())) if node is not None else ""


def _identify(params: dict[str, Any]) -> dict[str, Any]:
    # NCBI asks every client to name its tool and a contact address; a key raises the rate limit.
    params = {**params, "tool": "wispaper", "email": settings.CONTACT_EMAIL}
    if settings.NCBI_API_KEY:
        params["api_key"] = settings.NCBI_API_KEY
    return params
