"""Digits that str.isdigit() accepts but int() rejects ("²⁰²⁰") are ignored, never a crash, wherever a number is read."""

import json

from search.connectors import crossref, http, pubmed
from search.importers.registry import read_file
from search.records import PaperRecord


def test_a_superscript_retry_after_is_not_a_number_of_seconds():
    assert http._retry_after_seconds("²") is None


def test_crossref_date_parts_in_superscript_give_no_year():
    record = crossref.parse_item({"DOI": "10.1000/x", "title": ["T"], "issued": {"date-parts": [["²⁰²⁰"]]}})
    assert record.year is None


def test_pubmed_superscript_month_and_day_are_ignored_and_the_year_kept():
    xml = (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>Kept</ArticleTitle>"
        "<Journal><JournalIssue><PubDate><Year>2020</Year><Month>¹²</Month><Day>³</Day></PubDate></JournalIssue>"
        "</Journal></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    ).encode()
    (record,) = pubmed.parse_response(xml)
    assert record.year == 2020


def test_a_pubmed_jsonl_row_with_a_superscript_year_is_imported_without_a_year(sample_file):
    row = {"pmid": "7", "title": "Superscript year", "year": "²⁰²⁰", "source": "pubmed"}
    [paper] = [item for item in read_file(sample_file("papers.jsonl", json.dumps(row) + "\n"))
               if isinstance(item, PaperRecord)]
    assert paper.title == "Superscript year" and paper.year is None
