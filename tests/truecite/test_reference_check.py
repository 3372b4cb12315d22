"""Each reference is verified, flagged as a mismatch (with the fields that disagree) or not found."""

import datetime as dt

import pytest

from search.catalog.upsert import upsert_records
from search.models import Paper
from search.records import PaperRecord
from tests.truecite.pasted_references import RIZVI_VANCOUVER, XU_APA, XU_TITLE
from truecite.compare import compare, surname
from truecite.refparse import parse_references
from truecite.references import check_reference, check_references


def verdict_of(text: str):
    return check_reference(parse_references(text)[0])


def test_a_correct_reference_is_verified(catalog):
    result = verdict_of("1. Smith AB, Jones C, Lee D. Metformin use and the risk of cancer in patients with type 2 diabetes. "
                        "N Engl J Med. 2020;383:1-9.")
    assert result.verdict == "verified"
    assert result.paper_id == catalog["metformin"].id
    assert result.mismatched_fields == []


def test_a_wrong_year_is_a_mismatch_with_corrected_bibtex(catalog):
    result = verdict_of("Smith, A. B., Jones, C., & Lee, D. (2018). Metformin use and the risk of cancer in patients "
                        "with type 2 diabetes. New England Journal of Medicine, 383, 1-9.")
    assert result.verdict == "mismatch"
    assert result.mismatched_fields == ["year"]
    assert result.differences[0].cited == "2018" and result.differences[0].found == "2020"
    assert "2020" in result.corrected_bibtex


def test_an_invented_paper_is_not_found(catalog):
    result = verdict_of("1. Doe J. Quantum homeopathy cures all known cancers. Lancet. 2021.")
    assert result.verdict == "not_found"
    assert result.paper_id is None


def test_a_slightly_changed_title_is_a_title_mismatch(catalog):
    result = verdict_of('A. Vaswani, N. Shazeer, and N. Parmar, "Attention is all you needed," in NeurIPS, 2017.')
    assert result.verdict == "mismatch"
    assert result.mismatched_fields == ["title"]


def test_venue_aliases_agree_and_a_different_venue_does_not(catalog):
    assert verdict_of('A. Vaswani, N. Shazeer, and N. Parmar, "Attention is all you need," in NeurIPS, 2017.').verdict == "verified"
    wrong = verdict_of('A. Vaswani, N. Shazeer, and N. Parmar, "Attention is all you need," in ICML, 2017.')
    assert wrong.mismatched_fields == ["venue"]


def test_author_order_and_missing_authors_are_mismatches_but_et_al_is_not(catalog):
    title = "Attention is all you need. NeurIPS. 2017."
    assert verdict_of(f"Shazeer N, Vaswani A, Parmar N. {title}").differences[0].note == "author order differs"
    assert verdict_of(f"Vaswani A, Shazeer N. {title}").mismatched_fields == ["authors"]
    assert verdict_of(f"Vaswani A, Shazeer N, et al. {title}").verdict == "verified"


def test_a_doi_of_another_paper_is_flagged(catalog):
    result = verdict_of("Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. 2017. doi:10.1056/nejm.metformin.2020")
    assert result.verdict == "mismatch"
    assert "doi" in result.mismatched_fields


def test_an_unknown_doi_on_a_paper_without_one_cannot_be_confirmed(catalog):
    result = verdict_of("Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. 2017. doi:10.88880/bpr.633067")
    assert result.mismatched_fields == ["doi"]


def test_a_preprint_cited_as_published_is_flagged(catalog):
    result = verdict_of("Kim Y, Park M. A preprint about protein folding with diffusion models. Nature. 2024.")
    assert result.mismatched_fields == ["venue"]
    assert result.differences[0].note == "a preprint cited as published"


def test_a_future_year_is_flagged(catalog):
    future = dt.date.today().year + 5
    result = verdict_of(f"Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. {future}.")
    assert "year" in result.mismatched_fields


def test_placeholder_authors_are_flagged(catalog):
    result = verdict_of("Doe J, Smith J, Author A. Attention is all you need. NeurIPS. 2017.")
    assert result.mismatched_fields == ["authors"]


def test_check_references_keeps_the_order_of_the_list(catalog):
    results = check_references(
        "1. Vaswani A, Shazeer N, Parmar N. Attention is all you need. NeurIPS. 2017.\n"
        "2. Nobody N. A paper that does not exist at all. Journal. 2019."
    )
    assert [(r.key, r.verdict) for r in results] == [("1", "verified"), ("2", "not_found")]


ISSUE_PAPERS = [
    PaperRecord(
        title="Cancer immunology. Mutational landscape determines sensitivity to PD-1 blockade in non-small cell lung cancer.",
        source="test", source_id="rizvi",
        authors=["Rizvi NA", "Hellmann MD", "Snyder A", "Kvistborg P", "Makarov V", "Havel JJ", "Lee W", "Yuan J"],
        year=2015, venue="Science (New York, N.Y.)", doi="10.1126/science.aaa1348", pmid="25765070",
    ),
    PaperRecord(
        title=XU_TITLE + ".",
        source="test", source_id="xu",
        authors=["Xu J", "Wei X", "Yao J", "Mahajan UM", "Kahlert UD", "Shi R", "Zhang K", "Alnatsha A", "Qian Z", "Han F", "Wang F"],
        year=2026, venue="Clinical and translational medicine", doi="10.1002/ctm2.70595", pmid="41601354",
    ),
]


@pytest.fixture
def issue_papers(db) -> dict[str, Paper]:
    upsert_records(ISSUE_PAPERS, index=False)
    return {p.source_id: p for p in Paper.objects.all()}


def test_a_vancouver_reference_whose_title_holds_a_full_stop_is_verified(issue_papers):
    result = verdict_of(RIZVI_VANCOUVER)
    assert (result.verdict, result.paper_id) == ("verified", issue_papers["rizvi"].id)


def test_a_reference_whose_title_starts_in_lower_case_is_verified_with_its_authors(issue_papers):
    result = verdict_of(XU_APA)
    assert (result.verdict, result.paper_id) == ("verified", issue_papers["xu"].id)
    assert len(result.cited["authors"]) == 11


def test_a_reference_given_by_its_exact_title_alone_is_verified(issue_papers):
    result = verdict_of(XU_TITLE)
    assert (result.verdict, result.paper_id) == ("verified", issue_papers["xu"].id)


def test_the_same_references_with_other_authors_are_still_flagged(issue_papers):
    wrong = XU_APA.replace("Xu, J., Wei, X., Yao, J.", "Müller, K., Tanaka, H., Okafor, C.")
    assert verdict_of(wrong).mismatched_fields == ["authors"]


def test_authors_the_parser_could_not_read_are_not_blamed(issue_papers):
    result = verdict_of(f"Xu J, Wei X, the HED consortium. {XU_TITLE}. Clin Transl Med. 2026.")
    assert (result.verdict, result.paper_id) == ("verified", issue_papers["xu"].id)
    assert "could not read the authors" in result.problems[0]


def test_a_title_the_parser_ran_on_into_the_venue_is_the_records_when_written_word_for_word():
    found = PaperRecord(title="Current insights in lung cancer", source="test", source_id="f", venue="JCO precision oncology", year=2026)
    written = "church m current insights in lung cancer jco precision oncology 2026 12 1 9"
    misread = PaperRecord(title="Current insights in lung cancer. JCO precision oncology", source="ref", source_id="1", year=2026)
    assert compare(misread, found, written=written).differences == []
    invented = PaperRecord(title="Current insights in lung cancer and asthma", source="ref", source_id="1", year=2026)
    written_invented = "church m current insights in lung cancer and asthma jco precision oncology 2026"
    assert compare(invented, found, written=written_invented).mismatched_fields == ["title"]


def test_a_year_the_parser_took_from_the_title_is_not_blamed_when_the_records_year_is_written():
    found = PaperRecord(title="Advances in gastric cancer in 2025", source="test", source_id="f", year=2026)
    cut = PaperRecord(title="Advances in gastric cancer in", source="ref", source_id="1", year=2025)
    assert compare(cut, found, written="feng x advances in gastric cancer in 2025 tcr 2026 5 1 9").differences == []
    wrong_year = "feng x advances in gastric cancer in 2025 tcr 2024 5 1 9"
    assert compare(PaperRecord(title=found.title, source="ref", source_id="1", year=2024), found, written=wrong_year).mismatched_fields == ["year"]


@pytest.mark.parametrize(
    ("written", "catalog"),
    [
        ("D. D. De Leon", "De Leon, Diva D."),
        ("A. M. La Greca", "La Greca, A. M."),
        ("de Bont PAJM", "de Bont, Paul A. J. M."),
        ("H.-P. Seidel", "Seidel, Hans-Peter"),
        ("Vaskó GÁ", "Vaskó, Gyöngyvér Ágnes"),
        ("D. Gudmundsdo ́ttir", "Gudmundsdo ́ttir, D."),
    ],
)
def test_a_name_as_references_write_it_has_the_catalogs_surname(written, catalog):
    assert surname(written) == surname(catalog)


@pytest.mark.parametrize(
    ("written", "catalog"),
    [("A. Rupam Mahmood", "Mahmood, A. Rupam"), ("T. K. Satish Kumar", "Kumar, T. K. Satish"), ("S. Sara Mahdavi", "Mahdavi, S. Sara")],
)
def test_a_given_name_after_an_initial_stays_a_given_name(written, catalog):
    assert surname(written) == surname(catalog)
