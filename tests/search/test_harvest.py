"""harvest: papers from a (fake, loopback) scholarly API land in the catalog; an unreachable API fails clearly."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from search.models import Paper
from tests.search.fake_api import FakeAPI, Reply

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


@pytest.fixture(autouse=True)
def fast_http(settings):
    settings.HTTP_RETRIES = 2
    settings.HTTP_BACKOFF_SECONDS = 0.01
    settings.HTTP_TIMEOUT_SECONDS = 2
    settings.CONNECTOR_MIN_INTERVAL_SECONDS = {}


def harvest(*args: str) -> str:
    out = StringIO()
    call_command("harvest", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_harvested_openalex_works_land_in_the_catalog_once(settings, shared_data):
    body = (shared_data / "api-samples" / "openalex" / "openalex_works_search_attention_mechanism.json").read_bytes()
    with FakeAPI({"/works": [Reply(body=body)]}) as api:
        settings.OPENALEX_URL = api.url
        first = harvest("--source", "openalex", "--query", "attention mechanism", "--limit", "3")
        again = harvest("--source", "openalex", "--query", "attention mechanism", "--limit", "3")

    assert first.strip() == "openalex: 3 fetched, 3 imported, 0 updated, 0 unchanged"
    assert again.strip() == "openalex: 3 fetched, 0 imported, 0 updated, 3 unchanged"
    survey = Paper.objects.get(doi="10.1007/s41095-022-0271-y")
    assert survey.title == "Attention mechanisms in computer vision: A survey"
    assert survey.year == 2022 and survey.venue == "Computational Visual Media"
    assert survey.source == "openalex" and survey.source_id == "W3212386989"
    assert survey.abstract.startswith("Humans can naturally and effectively find salient regions")
    assert len(survey.authors) == 10
    assert Paper.objects.get(pmid="8759451").source_id == "W2023053047"


@pytest.mark.django_db
def test_harvested_pubmed_articles_land_with_their_identifiers(settings, shared_data):
    esearch = json.dumps({"esearchresult": {"idlist": ["27797938"]}}).encode()
    efetch = (shared_data / "api-samples" / "pubmed" / "pubmed_efetch_pmid27797938_pancreatic_cancer.xml").read_bytes()
    with FakeAPI({"/esearch.fcgi": [Reply(body=esearch)], "/efetch.fcgi": [Reply(body=efetch)]}) as api:
        settings.PUBMED_EUTILS_URL = api.url
        output = harvest("--source", "pubmed", "--query", "telomere pancreatic cancer", "--limit", "1")

    assert output.strip() == "pubmed: 1 fetched, 1 imported, 0 updated, 0 unchanged"
    paper = Paper.objects.get(pmid="27797938")
    assert paper.doi == "10.1136/gutjnl-2016-312510" and paper.pmcid == "PMC5442267"
    assert "Pancreatic Neoplasms" in paper.keywords


def test_an_unavailable_service_is_a_command_error(settings):
    with FakeAPI({"/works": [Reply(status=503)]}) as api:
        settings.CROSSREF_URL = api.url
        with pytest.raises(CommandError, match=r"harvest from crossref failed: crossref is unavailable \(HTTP 503"):
            harvest("--source", "crossref", "--query", "ecology", "--limit", "2")


def test_bad_arguments_are_refused():
    with pytest.raises(CommandError, match="--limit"):
        harvest("--source", "arxiv", "--query", "graphene", "--limit", "0")
    with pytest.raises(CommandError, match="--query"):
        harvest("--source", "arxiv", "--query", "  ", "--limit", "5")


def test_unreachable_service_exits_1_with_one_line_on_stderr():
    with FakeAPI({}) as api:
        closed = api.url
    env = {**os.environ, "OPENALEX_URL": closed, "HTTP_RETRIES": "1", "HTTP_TIMEOUT_SECONDS": "2"}
    result = subprocess.run(
        [sys.executable, str(MANAGE), "harvest", "--source", "openalex", "--query", "x", "--limit", "1"],
        capture_output=True, text=True, env=env, timeout=60,
    )

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("CommandError: harvest from openalex failed: openalex is unavailable (could not connect")
