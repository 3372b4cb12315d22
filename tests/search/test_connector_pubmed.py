"""PubMed efetch parser on real recorded responses (api-samples/pubmed)."""

import datetime as dt

import pytest

from search.connectors import pubmed
from search.records import RecordError


def load(shared_data, name):
    return (shared_data / "api-samples" / "pubmed" / name).read_bytes()


def test_efetch_set_gives_every_article_with_identifiers(shared_data):
    records = pubmed.parse_response(load(shared_data, "pubmed_efetch_attention_3articles.xml"))

    assert [r.pmid for r in records] == ["41884867", "41884779", "41884685"]
    assert [r.title for r in records] == [
        "Neural dynamics of visuospatial endogenous attention: Event-related optical signal evidence from posterior brain areas.",
        "YOLOBT: a novel ERP bad trial detection network dynamically adjusting based on global signal quality.",
        "Reflections on wishes and needs of adults living with the life-threatening disease Duchenne muscular dystrophy.",
    ]
    assert [r.doi for r in records] == ["10.1162/imag.a.1176", "10.3389/fnhum.2026.1714086", "10.1177/26323524261430769"]
    assert [r.pmcid for r in records] == ["PMC13010356", "PMC13008845", "PMC13009961"]
    assert [r.year for r in records] == [2026, 2026, 2026]
    assert records[0].published == dt.date(2026, 3, 23)  # the issue date has no day: the electronic date
    assert records[0].authors == ["Giorgia Parisi", "Sonia Mele", "Elisabetta Colombari", "Chiara Mazzi", "Silvia Savazzi"]
    assert records[0].venue == "Imaging neuroscience (Cambridge, Mass.)"
    assert records[0].url == "https://pubmed.ncbi.nlm.nih.gov/41884867/"
    assert records[1].keywords == ["Transformer", "YOLOv5", "bad trial", "deep learning", "electroencephalography (EEG)"]
    assert {r.source for r in records} == {"pubmed"} and [r.source_id for r in records] == [r.pmid for r in records]


def test_structured_abstract_is_joined_without_labels_and_other_abstracts_are_left_out(shared_data):
    dmd = pubmed.parse_response(load(shared_data, "pubmed_efetch_attention_3articles.xml"))[2]

    assert dmd.abstract.startswith("To investigate reflections on wishes and needs of adults living with")
    assert "AIMS AND OBJECTIVES" not in dmd.abstract and "BACKGROUND" not in dmd.abstract
    assert "a mean age of death at 26.8 years." in dmd.abstract
    assert dmd.abstract.endswith("with attention to individual needs, timing, and state of the disease.")
    assert "plain-language" not in dmd.abstract and "Wishes and needs of adults living with Duchenne" not in dmd.abstract


def test_medline_record_has_mesh_publication_types_and_inline_markup_as_text(shared_data):
    (record,) = pubmed.parse_response(load(shared_data, "pubmed_efetch_pmid27797938_pancreatic_cancer.xml"))

    assert record.title == (
        "Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer."
    )
    assert record.doi == "10.1136/gutjnl-2016-312510" and record.pmcid == "PMC5442267"
    assert record.year == 2017 and record.venue == "Gut"
    assert record.authors[:3] == ["Ying Bao", "Jennifer Prescott", "Chen Yuan"]
    assert record.authors[-1] == "Brian M Wolpin" and len(record.authors) == 22
    assert record.publication_types[:2] == ["Journal Article", "Observational Study"]
    assert "Pancreatic Neoplasms" in record.keywords and "Telomere Shortening" in record.keywords
    assert "p=0.048" not in record.abstract and "ptrend=0.048" in record.abstract
    assert "linkage disequilibrium r2<0.25) were associated" in record.abstract
    assert record.abstract.startswith("Telomere shortening occurs as an early event in pancreatic tumorigenesis")


def test_efetch_error_document_is_rejected():
    with pytest.raises(RecordError, match="PubmedArticleSet"):
        pubmed.parse_response(b"<eFetchResult><ERROR>Empty id list - nothing todo</ERROR></eFetchResult>")


def test_broken_xml_is_rejected_and_entities_are_not_expanded():
    with pytest.raises(RecordError):
        pubmed.parse_response(b"<PubmedArticleSet><PubmedArticle>")
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        b"<ArticleTitle>T &e;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (record,) = pubmed.parse_response(hostile)
    assert "root:" not in record.title


def test_article_without_title_is_skipped():
    xml = (
        b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle/></Article>"
        b"</MedlineCitation></PubmedArticle><PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
        b"<ArticleTitle>Kept</ArticleTitle><AuthorList><Author><CollectiveName>The Trial Group</CollectiveName></Author>"
        b"<Author><LastName>Liu</LastName><Initials>R</Initials></Author></AuthorList>"
        b"<Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue></Journal>"
        b"</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    (record,) = pubmed.parse_response(xml)
    assert record.pmid == "2" and record.authors == ["The Trial Group", "R Liu"] and record.year == 1998
