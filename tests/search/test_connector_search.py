"""Each connector's search and DOI lookup against a fake API serving the real recorded responses."""

import json

import pytest

from search.connectors import arxiv, crossref, http, openalex, pubmed
from tests.search.fake_api import FakeAPI, Reply


@pytest.fixture(autouse=True)
def fast_http(settings):
    settings.HTTP_RETRIES = 2
    settings.HTTP_BACKOFF_SECONDS = 0.01
    settings.HTTP_TIMEOUT_SECONDS = 2
    settings.CONNECTOR_MIN_INTERVAL_SECONDS = {}
    settings.CONTACT_EMAIL = "curator@example.org"


def sample(shared_data, folder, name):
    return (shared_data / "api-samples" / folder / name).read_bytes()


def xml(body):
    return Reply(body=body, headers={"Content-Type": "application/xml"})


def test_openalex_search_sends_the_query_politely_and_parses_the_results(settings, shared_data):
    body = sample(shared_data, "openalex", "openalex_works_search_attention_mechanism.json")
    with FakeAPI({"/works": [Reply(body=body)]}) as api:
        settings.OPENALEX_URL = api.url
        records = openalex.search("attention mechanism", 3)

    assert [r.source_id for r in records] == ["W3146366485", "W3212386989", "W2023053047"]
    (request,) = api.seen
    assert request.query["search"] == ["attention mechanism"]
    assert request.query["per_page"] == ["3"] and request.query["mailto"] == ["curator@example.org"]


def test_openalex_lookup_doi_finds_the_work_or_none(settings, shared_data):
    body = sample(shared_data, "openalex", "openalex_work_W2741809807.json")
    with FakeAPI({"/works/doi:10.7717/peerj.4375": [Reply(body=body)]}) as api:
        settings.OPENALEX_URL = api.url
        found = openalex.lookup_doi("https://doi.org/10.7717/PEERJ.4375")
        missing = openalex.lookup_doi("10.9999/does-not-exist")

    assert found.title.startswith("The state of OA") and found.pmcid == "PMC5815332"
    assert missing is None


def test_crossref_search_uses_the_bibliographic_query(settings, shared_data):
    body = sample(shared_data, "crossref", "crossref_works_query_attention_mechanism.json")
    with FakeAPI({"/works": [Reply(body=body)]}) as api:
        settings.CROSSREF_URL = api.url
        records = crossref.search("attention mechanism", 5)

    assert len(records) == 3  # the recorded response holds three items and no next cursor
    assert api.seen[0].query["query.bibliographic"] == ["attention mechanism"]
    assert api.seen[0].query["mailto"] == ["curator@example.org"]


def test_crossref_lookup_doi_finds_the_work_or_none(settings, shared_data):
    body = sample(shared_data, "crossref", "crossref_work_10.1136_esmoopen-2020-000776.json")
    with FakeAPI({"/works/10.1136/esmoopen-2020-000776": [Reply(body=body)]}) as api:
        settings.CROSSREF_URL = api.url
        found = crossref.lookup_doi("doi:10.1136/ESMOOPEN-2020-000776")
        missing = crossref.lookup_doi("10.1136/nothing-here")

    assert found.venue == "ESMO Open" and found.year == 2020
    assert missing is None
    assert crossref.lookup_doi("not a doi") is None


def test_pubmed_search_runs_esearch_then_efetch(settings, shared_data):
    esearch = {"esearchresult": {"count": "3", "idlist": ["41884867", "41884779", "41884685"]}}
    efetch = sample(shared_data, "pubmed", "pubmed_efetch_attention_3articles.xml")
    with FakeAPI({"/esearch.fcgi": [Reply(body=json.dumps(esearch).encode())], "/efetch.fcgi": [xml(efetch)]}) as api:
        settings.PUBMED_EUTILS_URL = api.url
        settings.NCBI_API_KEY = "key-123"
        records = pubmed.search("attention mechanism", 3)

    assert [r.pmid for r in records] == ["41884867", "41884779", "41884685"]
    search_request, fetch_request = api.seen
    assert search_request.query["term"] == ["attention mechanism"] and search_request.query["retmax"] == ["3"]
    assert fetch_request.query["id"] == ["41884867,41884779,41884685"]
    assert fetch_request.query["api_key"] == ["key-123"] and fetch_request.query["email"] == ["curator@example.org"]


def test_pubmed_esearch_error_is_a_connector_error(settings):
    error = {"esearchresult": {"ERROR": "Invalid query"}}
    with FakeAPI({"/esearch.fcgi": [Reply(body=json.dumps(error).encode())]}) as api:
        settings.PUBMED_EUTILS_URL = api.url
        with pytest.raises(http.ConnectorError, match="Invalid query"):
            pubmed.search("((", 3)


def test_arxiv_search_turns_plain_words_into_an_all_fields_query(settings, shared_data):
    feed = sample(shared_data, "arxiv", "arxiv_search_attention_mechanism.xml")
    with FakeAPI({"/api/query": [xml(feed)]}) as api:
        settings.ARXIV_URL = f"{api.url}/api/query"
        records = arxiv.search("attention mechanism", 3)

    assert [r.arxiv_id for r in records] == ["2002.00741", "1102.2017", "1112.2954"]
    assert api.seen[0].query["search_query"] == ["all:attention AND all:mechanism"]
    assert api.seen[0].query["max_results"] == ["3"]


def test_arxiv_id_lookup_leaves_out_the_unknown_id(settings, shared_data):
    feed = sample(shared_data, "arxiv", "arxiv_idlist_0808.05394_1707.08567_one_missing.xml")
    with FakeAPI({"/api/query": [xml(feed)]}) as api:
        settings.ARXIV_URL = f"{api.url}/api/query"
        records = arxiv.lookup_ids(["0808.05394", "1707.08567v1"])

    assert [r.arxiv_id for r in records] == ["1707.08567"]
    assert api.seen[0].query["id_list"] == ["0808.05394,1707.08567"]


def test_arxiv_field_syntax_passes_through(settings, shared_data):
    feed = sample(shared_data, "arxiv", "arxiv_search_au_del_maestro_legacy2016.xml")
    with FakeAPI({"/api/query": [xml(feed)]}) as api:
        settings.ARXIV_URL = f"{api.url}/api/query"
        records = arxiv.search("au:del_maestro", 10)

    assert len(records) == 10
    assert api.seen[0].query["search_query"] == ["au:del_maestro"]
