"""arXiv Atom parser on real recorded feeds (api-samples/arxiv), current and legacy 2016 format."""

import datetime as dt

import pytest

from search.connectors import arxiv
from search.records import RecordError


def load(shared_data, name):
    return (shared_data / "api-samples" / "arxiv" / name).read_bytes()


def test_current_feed_gives_ids_without_version_titles_and_authors(shared_data):
    records = arxiv.parse_response(load(shared_data, "arxiv_search_attention_mechanism.xml"))

    assert [r.arxiv_id for r in records] == ["2002.00741", "1102.2017", "1112.2954"]
    assert records[0].title == "Déjà vu: A Contextualized Temporal Attention Mechanism for Sequential Recommendation"
    assert records[0].authors == ["Jibang Wu", "Renqin Cai", "Hongning Wang"]
    assert records[0].year == 2020 and records[0].published == dt.date(2020, 1, 29)
    assert records[0].venue == "arXiv" and records[0].doi == ""
    assert records[0].keywords == ["cs.IR", "cs.CL", "cs.LG"]
    assert records[0].url == "https://arxiv.org/abs/2002.00741"
    assert records[0].abstract.startswith("Predicting users' preferences based on their sequential behaviors")
    assert "\n" not in records[0].abstract
    assert records[2].doi == "10.1016/j.mechmachtheory.2012.07.003"
    assert records[2].venue == "Mechanism and Machine Theory 57 (2012) 62-70"
    assert {r.source for r in records} == {"arxiv"} and [r.source_id for r in records] == [r.arxiv_id for r in records]


def test_legacy_2016_feed_with_old_style_ids_dois_and_journal_refs(shared_data):
    records = arxiv.parse_response(load(shared_data, "arxiv_search_au_del_maestro_legacy2016.xml"))

    assert len(records) == 10
    first, second = records[:2]
    assert first.arxiv_id == "1201.4869"
    assert first.title == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"
    assert first.doi == "10.1142/s021797921244002x"
    assert first.venue == "Int. J. Mod. Phys. B, 26, 1244002 (2012)"
    assert first.abstract.startswith("As helium-4 is cooled below 2.17 K it undergoes a phase transition to a fundamentally")
    assert second.arxiv_id == "cond-mat/0412498"
    assert second.authors == ["Adrian Del Maestro", "Subir Sachdev"]
    assert second.year == 2004
    assert records[4].authors == ["B. Kulchytskyy", "G. Gervais", "A. Del Maestro"]
    assert all(r.title and "\n" not in r.title for r in records)


def test_id_list_with_an_unknown_id_returns_only_the_known_paper(shared_data):
    records = arxiv.parse_response(load(shared_data, "arxiv_idlist_0808.05394_1707.08567_one_missing.xml"))

    assert [r.arxiv_id for r in records] == ["1707.08567"]
    (record,) = records
    assert record.title == "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    assert record.authors[:2] == ["Kees A. Schouhamer Immink", "Stan Baggen"] and len(record.authors) == 34
    assert record.year == 2017


def test_api_error_entry_is_reported():
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_x</id>'
        b"<title>Error</title><summary>incorrect id format for x</summary></entry></feed>"
    )
    with pytest.raises(RecordError, match="incorrect id format"):
        arxiv.parse_response(feed)


def test_something_that_is_not_a_feed_is_rejected():
    with pytest.raises(RecordError):
        arxiv.parse_response(b"<html><body>Service unavailable</body></html>")
