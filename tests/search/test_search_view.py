"""/search/: results with highlighted snippets, filters with counts, sorting, pagination, and hostile queries."""

from __future__ import annotations

import pytest

from search import forms, page
from search.indexing import index_pending
from search.models import StudyType

PAPERS = [
    ("Mechanisms of immunotherapy resistance in melanoma", "Melanoma often becomes resistant to PD-1 blockade. "
     "Loss of antigen presentation drives resistance.", 2022, StudyType.REVIEW, "Cancer Reviews"),
    ("Resistance to checkpoint immunotherapy in advanced melanoma", "We reviewed resistance mechanisms to "
     "immunotherapy in melanoma patients.", 2019, StudyType.REVIEW, "Cancer Reviews"),
    ("Nivolumab in melanoma: a randomized trial", "Patients with melanoma received nivolumab; resistance "
     "developed in a third.", 2021, StudyType.RANDOMIZED_TRIAL, "Journal of Oncology"),
    ("Immunotherapy resistance in melanoma cell lines", "In vitro melanoma cells acquired resistance to "
     "immunotherapy after exposure.", 2023, StudyType.CASE_REPORT, "Cell Reports"),
    ("Protein folding predicted by neural networks", "Deep learning predicts protein structure.", 2020,
     StudyType.OTHER, "Structural Biology"),
]


@pytest.fixture
def papers(index_dir, make_paper):
    made = [
        make_paper(title, abstract, year=year, study_type=study_type, venue=venue,
                   abstract_sentences=[s.strip() + "." for s in abstract.split(". ") if s.strip(".")],
                   authors=["Ann Smith", "Bo Chen", "Cy Diaz", "Di Evans"])
        for title, abstract, year, study_type, venue in PAPERS
    ]
    index_pending()
    return made


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_empty_query_shows_a_friendly_prompt_with_examples(client, db):
    response = search(client)
    assert b"Search the catalog" in response.content
    assert b"?q=immunotherapy%20resistance%20melanoma" in response.content


def test_results_show_title_link_authors_year_venue_badge_and_count(client, papers):
    response = search(client, q="immunotherapy resistance melanoma")
    html = response.content.decode()
    assert f'href="/papers/{papers[0].pk}/"' in html
    assert "Ann Smith, Bo Chen, Cy Diaz et al." in html
    assert "Cancer Reviews" in html and "2022" in html
    assert "badge-review" in html
    assert "<strong>4</strong> results" in html
    assert "seconds)" in html


def test_unrelated_papers_are_not_results(client, papers):
    html = search(client, q="immunotherapy resistance melanoma").content.decode()
    assert f'href="/papers/{papers[4].pk}/"' not in html


def test_a_doi_or_pmid_query_finds_that_paper_first(client, papers):
    papers[4].doi, papers[4].pmid = "10.1000/fold.7", "31415926"
    papers[4].save()
    for query in ("https://doi.org/10.1000/FOLD.7", "doi:10.1000/fold.7", "31415926", "PMID: 31415926"):
        assert search(client, q=query).context["search"].results[0].paper == papers[4], query


def test_snippet_highlights_query_words_and_their_word_forms(client, papers):
    html = search(client, q="resistance melanoma").content.decode()
    assert "<mark>Melanoma</mark> often becomes <mark>resistant</mark>" in html


def test_filter_to_reviews_after_2020(client, papers):
    html = search(client, q="immunotherapy resistance melanoma", type="review", year_from="2021").content.decode()
    assert f'href="/papers/{papers[0].pk}/"' in html
    for other in papers[1:4]:
        assert f'href="/papers/{other.pk}/"' not in html
    assert "<strong>1</strong> result" in html


def test_facet_counts_leave_out_their_own_filter(client, papers):
    result = page.run_search("immunotherapy resistance melanoma", forms.parse_filters(_params(type="review")))
    counts = {facet.value: (facet.count, facet.selected) for facet in result.facets.study_types}
    assert counts[StudyType.REVIEW] == (2, True)
    assert counts[StudyType.RANDOMIZED_TRIAL] == (1, False)
    venues = {facet.value: facet.count for facet in result.facets.venues}
    assert venues == {"Cancer Reviews": 2}


def test_venue_filter_and_has_abstract(client, papers):
    html = search(client, q="melanoma", venue="Cell Reports", has_abstract="1").content.decode()
    assert f'href="/papers/{papers[3].pk}/"' in html
    assert f'href="/papers/{papers[0].pk}/"' not in html


def test_sort_by_newest_puts_recent_papers_first(client, papers):
    result = page.run_search("immunotherapy resistance melanoma", forms.parse_filters(_params(sort="newest")))
    assert [r.paper.year for r in result.results] == [2023, 2022, 2021, 2019]


def test_pagination_keeps_the_query_and_filters(client, papers, monkeypatch):
    monkeypatch.setattr(page, "PER_PAGE", 2)
    first = search(client, q="melanoma", type=["review", "case_report", "randomized_trial"], sort="newest")
    html = first.content.decode()
    assert 'rel="next"' in html
    assert "type=review&amp;type=case_report&amp;type=randomized_trial" in html
    assert "sort=newest" in html and "page=2" in html
    second = search(client, q="melanoma", type=["review", "case_report", "randomized_trial"], sort="newest", page="2")
    assert [r.paper.year for r in second.context["search"].results] == [2021, 2019]


def test_a_page_number_past_the_end_shows_the_last_page(client, papers):
    response = search(client, q="melanoma", page="999")
    assert response.context["search"].page.number == 1


@pytest.mark.parametrize("year", ["abc", "20199", "-5", "2020.5", "1e3", "20\x0021", "²⁰²⁰", "1499", "2101"])
def test_a_bad_year_is_ignored_with_a_note(client, papers, year):
    response = search(client, q="melanoma", year_from=year)
    assert response.context["filters"].year_from is None
    assert "Ignored the from year" in response.content.decode()
    assert response.context["search"].total == 4


def test_a_superscript_year_to_is_ignored_with_a_note_and_the_page_renders(client, papers):
    response = search(client, q="melanoma", year_to="²⁰²⁰", year_from="2021")
    assert (response.context["filters"].year_from, response.context["filters"].year_to) == (2021, None)
    assert "Ignored the to year" in response.content.decode()
    assert response.context["search"].total == 3


def test_a_bad_year_without_a_query_still_renders_the_prompt_with_the_note(client, db):
    html = search(client, year_from="²⁰²⁰").content.decode()
    assert "Search the catalog" in html and "Ignored the from year" in html


def test_years_in_the_wrong_order_are_swapped(client, papers):
    response = search(client, q="melanoma", year_from="2023", year_to="2021")
    assert (response.context["filters"].year_from, response.context["filters"].year_to) == (2021, 2023)
    assert response.context["search"].total == 3


def test_an_unknown_study_type_is_ignored_with_a_note(client, papers):
    response = search(client, q="melanoma", type="<b>bogus</b>")
    assert response.context["search"].total == 4
    assert "&lt;b&gt;bogus&lt;/b&gt;" in response.content.decode()


def test_an_unknown_study_type_beside_a_known_one_keeps_the_known_one(client, papers):
    response = search(client, q="melanoma", type=["bogus", "review", "review"])
    assert response.context["filters"].study_types == [StudyType.REVIEW]
    assert "Ignored the unknown study type “bogus”" in response.content.decode()
    assert response.context["search"].total == 2


def test_an_unknown_sort_falls_back_to_relevance_without_a_note(client, papers):
    response = search(client, q="melanoma", sort="oldest")
    assert response.context["filters"].sort == "relevance"
    assert response.context["filters"].notes == []


def test_venues_are_trimmed_deduplicated_and_bounded(client, papers):
    filters = forms.parse_filters(_params(venue=["  Cell   Reports ", "Cell Reports", "", "x" * 900] + ["v"] * 30))
    assert filters.venues == ["Cell Reports", "x" * forms.MAX_FILTER_CHARS, "v"]


HOSTILE_QUERIES = [
    '"unbalanced quote',
    "title:",
    "AND OR NOT",
    "melanoma" * 1250,
    "🧬🔬 melanoma ✨",
    "melanoma\x00resistance",
    "' OR 1=1; DROP TABLE search_paper; --",
    "<script>alert('x')</script>",
    "((((",
    "*",
    "-",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_get_a_page_not_a_server_error(client, papers, query):
    response = search(client, q=query)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "Traceback" not in html


def test_a_too_long_query_gets_the_engines_friendly_message(client, papers):
    html = search(client, q="melanoma " * 1200).content.decode()
    assert "We could not run that search" in html
    assert "too long" in html


def test_a_query_of_only_punctuation_is_explained(client, papers):
    html = search(client, q="?!").content.decode()
    assert "We could not run that search" in html


def test_paper_text_is_escaped_in_titles_and_snippets(client, index_dir, make_paper):
    make_paper("<img src=x onerror=alert(1)> melanoma", "Melanoma <script>steal()</script> resistance.")
    index_pending()
    html = search(client, q="melanoma").content.decode()
    assert "<img src=x" not in html and "<script>steal" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>melanoma</mark>" in html


def _params(**values):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in values.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query
