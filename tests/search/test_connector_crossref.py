"""Crossref parser on real recorded responses (api-samples/crossref)."""

import datetime as dt
import json

import pytest

from search.connectors import crossref
from search.records import RecordError


def load(shared_data, name):
    return json.loads((shared_data / "api-samples" / "crossref" / name).read_text(encoding="utf-8"))


def test_query_response_gives_titles_dois_years_and_stripped_abstracts(shared_data):
    records = crossref.parse_response(load(shared_data, "crossref_works_query_attention_mechanism.json"))

    assert [r.title for r in records] == [
        "Face Attention Tracker: A Self-Attention Mechanism for Monitoring Human Engagement",
        "Probabilistic Attention Map: A Probabilistic Attention Mechanism for Convolutional Neural Networks",
        "Visible-infrared image matching based on parameter-free attention mechanism and target-aware graph "
        "attention mechanism",
    ]
    assert [r.doi for r in records] == ["10.36948/ijfmr.2021.v03i04.42911", "10.3390/s24248187", "10.1016/j.eswa.2023.122038"]
    assert [r.year for r in records] == [2021, 2024, 2024]
    assert records[1].abstract.startswith("The attention mechanism is essential to convolutional neural network")
    assert "<" not in records[1].abstract and "jats" not in records[1].abstract
    assert records[2].abstract == ""
    assert records[1].authors == ["Yifeng Liu", "Jing Tian"]
    assert records[1].venue == "Sensors"
    assert records[1].published == dt.date(2024, 12, 22)
    assert records[2].published is None  # Crossref gives only 2024-03


def test_member_works_skip_the_journal_issue_without_a_title(shared_data):
    records = crossref.parse_response(load(shared_data, "crossref_members98_works_rows5.json"))

    assert len(records) == 4
    assert "10.1002/humu.2018.39.issue-6" not in [r.doi for r in records]
    liposarcoma = records[0]
    assert liposarcoma.title.startswith("Retroperitoneal Inflammatory Liposarcoma in a Patient with Non-Hodgkin Lymphoma")
    assert liposarcoma.authors == [
        "Cathy S. Lim", "Caroline L. Cooper", "Warick Delprado", "James Kench", "Stanley W. McCarthy", "Richard A. Scolyer",
    ]
    assert liposarcoma.abstract.startswith("Well differentiated liposarcoma (WDLS) is the commonest subtype of liposarcoma.")
    assert liposarcoma.url == "https://www.hindawi.com/journals/pri/2010/505436/"
    assert records[2].authors == [] and records[2].year == 1997


def test_single_work_response(shared_data):
    (record,) = crossref.parse_response(load(shared_data, "crossref_work_10.1136_esmoopen-2020-000776.json"))

    assert record.title == (
        "Phase II study of lenvatinib for metastatic colorectal cancer refractory to standard chemotherapy: "
        "the LEMON study (NCCH1503)"
    )
    assert record.doi == "10.1136/esmoopen-2020-000776" and record.source_id == record.doi
    assert record.source == "crossref"
    assert record.venue == "ESMO Open"
    assert record.year == 2020
    assert record.authors[:3] == ["Satoru Iwasa", "Natsuko Okita", "Aya Kuchiba"] and record.authors[-1] == "Yasuhide Yamada"
    assert record.publication_types == ["journal-article"]


def test_reference_entries_with_html_abstracts(shared_data):
    communicating, chemical = crossref.parse_response(load(shared_data, "crossref_works_query_ecology_rows2.json"))

    assert communicating.title == "Communicating Ecology" and communicating.authors == []
    assert chemical.authors == ["André Kessler"]
    assert chemical.abstract.startswith("“Ours is a world of sights and sounds.")
    assert chemical.publication_types == ["reference-entry"]
    assert chemical.published == dt.date(2012, 5, 23)


def test_jats_headings_and_inline_markup_are_removed():
    item = {
        "DOI": "10.1000/X",
        "title": ["A <i>TERT</i> study"],
        "subtitle": ["a subtitle"],
        "abstract": "<jats:title>Abstract</jats:title><jats:p>Risk rose (p<jats:sub>trend</jats:sub>&lt;0.05).</jats:p>"
        "<jats:p>Second.</jats:p>",
        "author": [{"name": "The Consortium"}, {"given": "Ada", "family": "Lovelace"}],
        "issued": {"date-parts": [[None]]},
    }
    record = crossref.parse_item(item)
    assert record.title == "A TERT study: a subtitle"
    assert record.abstract == "Risk rose (ptrend<0.05). Second."
    assert record.authors == ["The Consortium", "Ada Lovelace"]
    assert record.doi == "10.1000/x" and record.year is None


def test_item_without_doi_is_a_record_error():
    with pytest.raises(RecordError):
        crossref.parse_item({"title": ["No identifier"]})


def test_a_payload_that_is_not_a_crossref_response_is_rejected():
    with pytest.raises(RecordError):
        crossref.parse_response({"status": "error"})
