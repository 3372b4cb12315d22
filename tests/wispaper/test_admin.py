"""Django admin: the Paper changelist with search and filters, and the change form."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from search.models import Paper, StudyType

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-editor-123"))
    return client


@pytest.fixture
def papers():
    return [
        Paper.objects.create(title="Melanoma immunotherapy review", authors=["Smith JA"], year=2021, venue="Cancer",
                             doi="10.1/melanoma", pmid="111", study_type=StudyType.REVIEW, source="pubmed",
                             source_id="111", content_hash="abc", indexed_hash="abc"),
        Paper.objects.create(title="Protein folding", authors=["Lee K"], year=1999, venue="Nature",
                             source="arxiv", source_id="x1"),
    ]


def test_changelist_search_by_title_doi_pmid_and_author(editor, papers):
    for term in ("melanoma", "10.1/melanoma", "111", "Smith"):
        response = editor.get("/admin/search/paper/", {"q": term})
        assert response.status_code == 200
        assert list(response.context["cl"].queryset) == [papers[0]], term


@pytest.mark.parametrize(
    "params",
    [{"study_type__exact": "review"}, {"source__exact": "pubmed"}, {"decade": "2020"}, {"venue": "Cancer"}],
)
def test_changelist_filters(editor, papers, params):
    response = editor.get("/admin/search/paper/", params)
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [papers[0]]


def test_change_form_shows_hashes_read_only(editor, papers):
    html = editor.get(f"/admin/search/paper/{papers[0].pk}/change/").content.decode()
    assert 'name="content_hash"' not in html
    assert "abc" in html


def test_a_superscript_decade_in_the_address_lists_every_paper(editor, papers):
    response = editor.get("/admin/search/paper/", {"decade": "²⁰²⁰"})
    assert response.status_code == 200
    assert set(response.context["cl"].queryset) == set(papers)
