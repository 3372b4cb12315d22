"""A whole document: its body and reference list are told apart, each cited sentence is checked."""

import pytest

from truecite.report import check_text, split_document, summary_line

PARAGRAPH = (
    "In a large cohort, metformin use was associated with a lower risk of cancer [1]. "
    "Aspirin reduces mortality by 20% in older adults. "
    "The Transformer relies entirely on attention [2].\n\n"
    "References\n"
    "1. Smith AB, Jones C, Lee D. Metformin use and the risk of cancer in patients with type 2 diabetes. N Engl J Med. 2020.\n"
    "2. Nobody N. An invented paper on attention. Journal. 2019.\n"
)


def test_a_references_heading_splits_the_document():
    body, references = split_document(PARAGRAPH)
    assert body.startswith("In a large cohort") and references.strip().startswith("1. Smith")


@pytest.mark.slow
def test_text_pasted_in_a_browser_with_crlf_line_breaks_reads_like_the_same_text(catalog):
    assert check_text(PARAGRAPH.replace("\n", "\r\n")) == check_text(PARAGRAPH)


def test_a_bare_reference_list_has_no_body():
    assert split_document("1. Lee D. Title. Nature. 2019.\n2. Kim X. Other. Cell. 2018.")[0] == ""


def test_a_trailing_numbered_list_after_a_blank_line_is_the_reference_list():
    body, references = split_document("A claim [1].\n\n1. Lee D. Title. Nature. 2019.")
    assert (body, references) == ("A claim [1].", "1. Lee D. Title. Nature. 2019.")


@pytest.mark.slow
def test_each_cited_sentence_is_checked_against_its_matched_paper(catalog):
    report = check_text(PARAGRAPH)
    first, second, third = report["sentences"]
    assert first["checks"][0]["paper_id"] == catalog["metformin"].id
    assert first["checks"][0]["verdict"] == "support"
    assert first["checks"][0]["evidence"][0]["index"] == 1
    assert second["needs_citation"]
    assert third["checks"][0]["verdict"] == "unchecked"  # reference 2 is not in the catalog
    assert report["summary"] == "1 of 2 references verified, 1 not found; 1 of 1 claims supported; 1 sentence needs a citation"


@pytest.mark.slow
def test_a_claim_can_be_checked_against_chosen_papers(catalog):
    report = check_text("Metformin lowers the risk of cancer.", paper_ids=[catalog["metformin"].id, catalog["attention"].id])
    verdicts = {c["paper_id"]: c["verdict"] for c in report["sentences"][0]["checks"]}
    assert verdicts[catalog["metformin"].id] == "support"
    assert verdicts[catalog["attention"].id] == "nei"


def test_the_summary_line_reads_like_the_issue():
    counts = {"references": 16, "verified": 14, "mismatch": 2, "not_found": 0, "claims": 11, "supported": 9,
              "contradicted": 0, "needs_citation": 0}
    assert summary_line(counts) == "14 of 16 references verified, 2 mismatched; 9 of 11 claims supported"
