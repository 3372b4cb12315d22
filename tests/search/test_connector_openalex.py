"""OpenAlex parser on real recorded responses (api-samples/openalex)."""

import datetime as dt
import json

import pytest

from search.connectors import openalex
from search.records import RecordError


def load(shared_data, name):
    return json.loads((shared_data / "api-samples" / "openalex" / name).read_text(encoding="utf-8"))


def test_search_response_gives_every_work_in_rank_order(shared_data):
    records = openalex.parse_response(load(shared_data, "openalex_works_search_attention_mechanism.json"))

    assert [r.title for r in records] == [
        "A review on the attention mechanism of deep learning",
        "Attention mechanisms in computer vision: A survey",
        "Saccade target selection and object recognition: Evidence for a common attentional mechanism",
    ]
    assert [r.doi for r in records] == [
        "10.1016/j.neucom.2021.03.091",
        "10.1007/s41095-022-0271-y",
        "10.1016/0042-6989(95)00294-4",
    ]
    assert [r.year for r in records] == [2021, 2022, 1996]
    assert [r.source_id for r in records] == ["W3146366485", "W3212386989", "W2023053047"]
    assert {r.source for r in records} == {"openalex"}


def test_search_response_keeps_author_order_venue_and_type(shared_data):
    review, survey, saccade = openalex.parse_response(load(shared_data, "openalex_works_search_attention_mechanism.json"))

    assert review.authors == ["Zhaoyang Niu", "Guoqiang Zhong", "Hui Yu"]
    assert review.venue == "Neurocomputing"
    assert review.publication_types == ["review"]
    assert review.published == dt.date(2021, 4, 1)
    assert survey.authors[0] == "Meng-Hao Guo" and survey.authors[-1] == "Shi‐Min Hu" and len(survey.authors) == 10
    assert saccade.authors == ["Heiner Deubel", "Werner X. Schneider"]
    assert saccade.pmid == "8759451"
    assert "Eye Movements" in saccade.keywords and saccade.keywords.count("Adult") == 1


def test_abstract_is_rebuilt_from_the_inverted_index_only_where_present(shared_data):
    review, survey, saccade = openalex.parse_response(load(shared_data, "openalex_works_search_attention_mechanism.json"))

    assert review.abstract == "" and saccade.abstract == ""
    assert survey.abstract.startswith("Humans can naturally and effectively find salient regions in complex scenes.")
    assert survey.abstract.endswith("We also suggest future directions for attention mechanism research.")


def test_single_work_response_fills_every_identifier(shared_data):
    (record,) = openalex.parse_response(load(shared_data, "openalex_work_W2741809807.json"))

    assert record.title == (
        "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles"
    )
    assert record.doi == "10.7717/peerj.4375"
    assert record.pmid == "29456894"
    assert record.pmcid == "PMC5815332"
    assert record.year == 2018 and record.published == dt.date(2018, 2, 13)
    assert record.venue == "PeerJ"
    assert record.url == "https://doi.org/10.7717/peerj.4375"
    assert record.authors == [
        "Heather Piwowar", "Jason Priem", "Vincent Larivière", "Juan Pablo Alperín", "Lisa Matthias",
        "Bree Norlander", "Ashley Farley", "Jevin D. West", "Stefanie Haustein",
    ]
    assert record.abstract.startswith("Despite growing interest in Open Access (OA) to scholarly literature,")
    assert record.abstract.endswith("as a way to inform OA policy and practice.")
    assert "Open Science" in record.keywords


def test_rebuilt_abstract_puts_words_back_in_position_order():
    assert openalex.rebuild_abstract({"world": [1], "hello": [0, 2]}) == "hello world hello"
    assert openalex.rebuild_abstract(None) == ""


def test_arxiv_doi_gives_the_arxiv_id():
    record = openalex.parse_work(
        {"id": "https://openalex.org/W1", "title": "T", "doi": "https://doi.org/10.48550/arXiv.1706.03762"}
    )
    assert record.doi == "10.48550/arxiv.1706.03762" and record.arxiv_id == "1706.03762"


def test_work_without_title_is_a_record_error_and_is_skipped_in_a_response():
    with pytest.raises(RecordError):
        openalex.parse_work({"id": "https://openalex.org/W1", "title": None})
    payload = {"results": [{"id": "https://openalex.org/W1", "title": None}, {"id": "https://openalex.org/W2", "title": "Kept"}]}
    assert [r.title for r in openalex.parse_response(payload)] == ["Kept"]


def test_a_payload_that_is_not_a_works_response_is_rejected():
    with pytest.raises(RecordError):
        openalex.parse_response({"error": "Invalid query parameters"})
    with pytest.raises(RecordError):
        openalex.parse_response([{"id": "https://openalex.org/W1", "title": "A list is not a response"}])
