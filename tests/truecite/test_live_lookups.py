"""With live lookups on, a reference the catalog lacks is checked against Crossref (a fake one on loopback)."""

import pytest
from django.core.cache import cache

from tests.search.fake_api import FakeAPI, Reply
from truecite.refparse import parse_references
from truecite.references import check_reference

DOI_PATH = "/works/10.1136/esmoopen-2020-000776"
REFERENCE = (
    "1. Iwasa S, Okita N, Kuchiba A, et al. Phase II study of lenvatinib for metastatic colorectal cancer refractory "
    "to standard chemotherapy: the LEMON study (NCCH1503). ESMO Open. {year}. doi:10.1136/esmoopen-2020-000776"
)


@pytest.fixture
def crossref(settings, shared_data):
    body = (shared_data / "api-samples" / "crossref" / "crossref_work_10.1136_esmoopen-2020-000776.json").read_bytes()
    cache.clear()
    with FakeAPI({DOI_PATH: [Reply(body=body)], "/works": [Reply(body=b'{"message": {"items": []}}')]}) as api:
        settings.TRUECITE_LIVE_LOOKUPS = True
        settings.CROSSREF_URL = api.url
        settings.OPENALEX_URL = api.url
        yield api


def test_a_reference_outside_the_catalog_is_verified_against_crossref(db, crossref):
    result = check_reference(parse_references(REFERENCE.format(year=2020))[0])
    assert result.verdict == "verified"
    assert result.paper_id is None
    assert result.matched["venue"] == "ESMO Open"


def test_a_wrong_year_is_caught_against_crossref_and_the_lookup_is_cached(db, crossref):
    first = check_reference(parse_references(REFERENCE.format(year=2018))[0])
    assert first.mismatched_fields == ["year"]
    asked = len([s for s in crossref.seen if s.path == DOI_PATH])
    check_reference(parse_references(REFERENCE.format(year=2018))[0])
    assert len([s for s in crossref.seen if s.path == DOI_PATH]) == asked


def test_live_lookups_are_off_by_default(db, settings):
    assert settings.TRUECITE_LIVE_LOOKUPS is False
    assert check_reference(parse_references(REFERENCE.format(year=2020))[0]).verdict == "not_found"
