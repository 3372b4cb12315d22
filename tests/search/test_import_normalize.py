"""Identifiers, titles and author names take one canonical form, so the same paper always compares equal."""

import pytest

from search.catalog.normalize import (
    clean_line,
    clean_text,
    normalize_arxiv_id,
    normalize_author,
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    normalize_title,
)


@pytest.mark.parametrize(
    "raw, doi",
    [
        ("10.1037/a0039713", "10.1037/a0039713"),
        ("https://doi.org/10.1192/BJP.bp.114.145516", "10.1192/bjp.bp.114.145516"),
        ("doi: 10.1000/xyz123.", "10.1000/xyz123"),
        ("http://dx.doi.org/10.1000/ABC", "10.1000/abc"),
        ("not a doi", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_dois_are_bare_and_lower_case(raw, doi):
    assert normalize_doi(raw) == doi


def test_pubmed_ids_lose_prefixes_and_leading_zeros():
    assert normalize_pmid("PMID: 0017785526") == "17785526"
    assert normalize_pmid(17785526) == "17785526"
    assert normalize_pmid("PMC123") == ""
    assert normalize_pmcid("1950857") == normalize_pmcid("pmc1950857") == "PMC1950857"
    assert normalize_pmcid("abc") == ""


def test_arxiv_ids_lose_prefix_url_and_version():
    assert normalize_arxiv_id("arXiv:2512.13690v2") == "2512.13690"
    assert normalize_arxiv_id("https://arxiv.org/abs/2512.13690") == "2512.13690"
    assert normalize_arxiv_id("https://arxiv.org/abs/hep-th/9901001v1") == "hep-th/9901001"
    assert normalize_arxiv_id("10.1000/xyz") == ""


def test_titles_match_whatever_their_case_punctuation_accents_and_markup():
    assert normalize_title("The <i>BRCA1</i> gene: a Review.") == normalize_title("The BRCA1 Gene — a review")
    assert normalize_title("Café-au-lait spots") == normalize_title("Cafe au lait spots")
    assert normalize_title("PD-1 blockade") != normalize_title("PD-L1 blockade")


def test_a_less_than_sign_is_not_taken_for_markup():
    assert clean_line("Effect at p<0.05 and n>3 in H<sub>2</sub>O") == "Effect at p<0.05 and n>3 in H2O"


@pytest.mark.parametrize(
    "name, normalized",
    [
        ("Susung Hong", "Hong, Susung"),
        ("Liu R", "Liu, R"),
        ("Kim JH", "Kim, JH"),
        ("Adams, Z. W.", "Adams, Z. W."),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Enric Boix-Adserà", "Boix-Adserà, Enric"),
        ("Peng Hu 0002", "Hu, Peng"),
        ("The CONSORT Group", "The CONSORT Group"),
        ("Madonna", "Madonna"),
    ],
)
def test_author_names_are_family_name_first(name, normalized):
    assert normalize_author(name) == normalized


def test_abstract_markup_is_stripped_and_headings_become_labelled_paragraphs():
    raw = "<h4>Purpose of review</h4>Soft <i>tissue</i> sarcomas, p<0.05.<h4>Recent findings</h4>It works."
    assert clean_text(raw) == "Purpose of review: Soft tissue sarcomas, p<0.05.\n\nRecent findings: It works."
