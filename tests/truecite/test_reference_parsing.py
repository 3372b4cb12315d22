"""Reference lists in every supported style become fields: title, authors, year, venue and identifiers."""

import json

import pytest

from tests.truecite.pasted_references import RIZVI_VANCOUVER, XU_APA, XU_TITLE
from truecite.refparse import InputTooLarge, parse_references


def only(text: str):
    references = parse_references(text)
    assert len(references) == 1
    return references[0]


def test_vancouver_reference_with_doi_and_et_al():
    ref = only("1. Smith AB, Jones C, Lee D, et al. Metformin and cancer risk: a cohort study. "
               "N Engl J Med. 2020;383(5):123-30. doi:10.1056/NEJMoa2001234")
    assert ref.key == "1"
    assert ref.record.title == "Metformin and cancer risk: a cohort study"
    assert ref.record.authors == ["Smith AB", "Jones C", "Lee D"]
    assert ref.authors_truncated
    assert (ref.record.venue, ref.record.year, ref.record.doi) == ("N Engl J Med", 2020, "10.1056/nejmoa2001234")


def test_apa_reference():
    ref = only("Brown, T. B., Mann, B., & Ryder, N. (2020). Language models are few-shot learners. "
               "Advances in Neural Information Processing Systems, 33, 1877-1901.")
    assert ref.record.title == "Language models are few-shot learners"
    assert ref.record.authors == ["Brown, T. B.", "Mann, B.", "Ryder, N"]
    assert ref.record.venue == "Advances in Neural Information Processing Systems"
    assert ref.record.year == 2020


def test_ieee_reference_with_quoted_title():
    ref = only('[4] A. Vaswani, N. Shazeer, and N. Parmar, "Attention is all you need," in Proc. NeurIPS, vol. 30, 2017.')
    assert ref.key == "4"
    assert ref.record.title == "Attention is all you need"
    assert ref.record.authors == ["A. Vaswani", "N. Shazeer", "N. Parmar"]
    assert ref.record.venue == "Proc. NeurIPS"
    assert ref.record.year == 2017


def test_harvard_references_with_and_without_parentheses():
    first, second = parse_references(
        "Smith, J. and Jones, K. (2019) Why do references fail? Journal of Things, 12(3), pp. 1-10.\n"
        "Jones, K. 2018. A title without parentheses. Journal of Stuff 3(2), pp. 5-9."
    )
    assert (first.record.title, first.record.year, first.record.venue) == ("Why do references fail?", 2019, "Journal of Things")
    assert (second.record.title, second.record.year) == ("A title without parentheses", 2018)


def test_arxiv_identifier_is_taken_out_of_the_title():
    ref = only("Devlin J, Chang MW. BERT: pre-training of deep bidirectional transformers. arXiv preprint arXiv:1810.04805v2. 2018.")
    assert ref.record.title == "BERT: pre-training of deep bidirectional transformers"
    assert ref.record.arxiv_id == "1810.04805"


def test_numbered_references_may_wrap_over_lines():
    refs = parse_references(
        "1. Smith AB. A long title that\ncontinues here. Cell. 2019.\n2. Lee D. Short notes on cells. Nature.\n2018. 19. "
        "Ignored.\n3. Park S. Third title here. Cell. 2020."
    )
    assert [r.record.title for r in refs] == ["A long title that continues here", "Short notes on cells", "Third title here"]


def test_bibtex_entries_and_a_broken_one():
    refs = parse_references(
        "@article{vaswani, title={Attention {Is} All You Need}, author={Vaswani, Ashish and Shazeer, Noam and others},"
        " year={2017}, journal={NeurIPS}}\n@misc{broken, title = {never closed"
    )
    assert refs[0].key == "vaswani"
    assert refs[0].record.title == "Attention Is All You Need"
    assert refs[0].authors_truncated
    assert refs[-1].problems  # the broken block is reported, not dropped silently


def test_ris_records():
    ref = only("TY  - JOUR\nAU  - Adams, Z. W.\nAU  - Moreland, A.\nPY  - 2016\nTI  - Polyvictimization\n"
               "T2  - Psychology of Violence\nDO  - 10.1037/a0039713\nER  - \n")
    assert ref.record.authors == ["Adams, Z. W.", "Moreland, A."]
    assert (ref.record.title, ref.record.year, ref.record.venue, ref.record.doi) == (
        "Polyvictimization", 2016, "Psychology of Violence", "10.1037/a0039713")


def test_hallmark_lines_and_arxiv_doi():
    line = {"bibtex_key": "k1", "fields": {"title": "Red-Teaming LLMs", "author": "Yuxin Wu and Eric Li",
                                            "year": "2022", "booktitle": "ICLR", "doi": "10.48550/arXiv.2310.01362"}}
    ref, bad = parse_references(json.dumps(line) + "\nnot json at all")
    assert bad.problems == ["not a JSON object with fields"]
    assert ref.key == "k1"
    assert ref.record.venue == "ICLR"
    assert ref.record.arxiv_id == "2310.01362"


def test_too_many_references_is_refused_with_a_clear_message():
    text = "\n".join(f"{i}. Author A. Title {i}. Journal. 2020." for i in range(1, 12))
    with pytest.raises(InputTooLarge, match="11 references"):
        parse_references(text, max_references=10)


@pytest.mark.parametrize("text", ["", "   \n\n", "@", "{", "TY  -", "\x00\x00", "[1]", "(2020)", "ü" * 5000, '"""'])
def test_odd_input_never_raises(text):
    for reference in parse_references(text):
        assert isinstance(reference.record.title, str)


def test_apa_surnames_of_several_words_keep_their_initials():
    ref = only("Grauers Wiktorin, H., Bernedal Nordström, C., & Loskog, A. (2026). Reprogramming myeloid cells. Biomarker research.")
    assert ref.record.authors == ["Grauers Wiktorin, H.", "Bernedal Nordström, C.", "Loskog, A"]


def test_a_title_holding_a_full_stop_is_read_whole():
    ref = only(RIZVI_VANCOUVER)
    assert ref.record.title == (
        "Cancer immunology. Mutational landscape determines sensitivity to PD-1 blockade in non-small cell lung cancer"
    )
    assert (ref.record.venue, ref.record.year, ref.record.doi) == ("Science", 2015, "10.1126/science.aaa1348")
    assert ref.record.authors == ["Rizvi NA", "Hellmann MD", "Snyder A"] and ref.authors_truncated


def test_a_title_starting_in_lower_case_is_not_read_as_names():
    ref = only(XU_APA)
    assert ref.record.title == XU_TITLE
    assert len(ref.record.authors) == 11
    assert (ref.record.authors[0], ref.record.authors[-1]) == ("Xu, J.", "Wang, F")
    assert ref.record.venue == "Clinical and translational medicine"


def test_a_reference_given_by_its_title_alone_is_a_title():
    ref = only(XU_TITLE)
    assert ref.record.title == XU_TITLE
    assert (ref.record.authors, ref.record.year, ref.record.venue) == ([], None, "")


@pytest.mark.parametrize(
    "text",
    [
        # Nature: no full stop between the journal and its volume, the year last in brackets.
        "Rizvi, N. A. et al. Cancer immunology. Mutational landscape determines sensitivity to PD-1 blockade in "
        "non-small cell lung cancer. Science 348, 124–128 (2015).",
        # MLA: the title in quotation marks, the year after the journal.
        "Rizvi, Naiyer A., et al. “Cancer Immunology. Mutational Landscape Determines Sensitivity to PD-1 Blockade in "
        "Non-Small Cell Lung Cancer.” Science, vol. 348, no. 6230, 2015, pp. 124–128.",
        # NLM with a month and a day, and a PMID instead of a DOI.
        "Rizvi NA, Hellmann MD, Snyder A, Kvistborg P, Makarov V, Havel JJ, et al. Cancer immunology. Mutational "
        "landscape determines sensitivity to PD-1 blockade in non-small cell lung cancer. Science. 2015 Apr "
        "3;348(6230):124-8. PMID: 25765070",
    ],
)
def test_the_same_paper_in_other_styles_gives_the_same_fields(text):
    ref = only(text)
    assert ref.record.title.lower() == (
        "cancer immunology. mutational landscape determines sensitivity to pd-1 blockade in non-small cell lung cancer"
    )
    assert ref.record.authors[0].startswith("Rizvi")
    assert ref.record.year == 2015
    assert ref.record.venue == "Science"


def test_a_paste_too_long_to_be_one_reference_is_reported_not_read():
    ref = only("Smith AB. " + "A title that never ends " * 400)
    assert ref.record.title == ""
    assert "longer than any one reference" in ref.problems[0]


def test_authors_that_do_not_read_as_names_are_left_unread():
    ref = only(f"Xu J, Wei X, the HED consortium. {XU_TITLE}. Clin Transl Med. 2026.")
    assert ref.record.authors == []
    assert ref.problems == ["could not read the authors surely, so not compared: “Xu J, Wei X, the HED consortium”"]
    assert ref.record.title == XU_TITLE


def test_apa_names_pair_family_and_initials_even_when_the_family_name_is_one_letter():
    ref = only("Solé Casaramona, A., Bachmann, M. F., Sevick-Muraca, E., & M, O. M. (2026). γδ T cells at the "
               "interface of innate and adaptive immunity in cancer. Journal for immunotherapy of cancer.")
    assert ref.record.authors == ["Solé Casaramona, A.", "Bachmann, M. F.", "Sevick-Muraca, E.", "M, O. M"]


def test_apa_authors_after_the_ellipsis_of_a_long_list_are_left_out():
    names = ", ".join(f"Author{chr(65 + i)}, {chr(65 + i)}." for i in range(19))
    ref = only(f"{names}, . . . Last, Z. (2020). A study with many authors. Journal of Things.")
    assert len(ref.record.authors) == 19 and ref.record.authors[-1] == "AuthorS, S"
    assert ref.authors_truncated
