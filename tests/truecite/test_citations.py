"""Inline citations are found in every common form and resolved to the reference list."""

import pytest

from truecite.citations import find_citations, numbers_in
from truecite.refparse import parse_references

REFERENCES = parse_references(
    "1. Smith AB, Jones C. Metformin and cancer risk. J Med. 2020.\n2. Lee D. Statins in heart failure. Nature. 2019.\n"
    "3. Smith J, Jones K. Aspirin for primary prevention. Cell. 2019.\n4. van der Berg X. Dutch cohort studies revisited. Cell. 2018."
)


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        ("Metformin lowers cancer risk [1].", ["1"]),
        ("This was shown in mice [2–4].", ["2", "3", "4"]),
        ("This was shown in rats [2-3].", ["2", "3"]),
        ("As seen before [1,3], it works.", ["1", "3"]),
        ("Results were replicated (Smith et al., 2020; Smith and Jones 2019).", ["1", "3"]),
        ("Another view (Lee 2019).", ["2"]),
        ("Dutch names too (van der Berg, 2018).", ["4"]),
    ],
)
def test_citation_forms_resolve_to_references(sentence, keys):
    assert find_citations(sentence, REFERENCES).reference_keys == keys


def test_the_claim_is_the_sentence_without_its_markers():
    assert find_citations("Metformin lowers cancer risk [1].", REFERENCES).claim == "Metformin lowers cancer risk."


def test_a_citation_missing_from_the_list_is_reported():
    cited = find_citations("Unknown work says so [9].", REFERENCES)
    assert cited.reference_keys == [] and cited.unresolved == ["[9]"]


def test_a_finding_without_a_citation_needs_one():
    assert find_citations("Aspirin reduces mortality by 20% in older adults.", REFERENCES).needs_citation
    assert not find_citations("We review the literature on aspirin.", REFERENCES).needs_citation
    assert not find_citations("Does aspirin reduce mortality?", REFERENCES).needs_citation
    assert not find_citations("Aspirin reduces mortality [2].", REFERENCES).needs_citation


def test_ranges_are_bounded():
    assert numbers_in("1-3, 7") == [1, 2, 3, 7]
    assert numbers_in("1-100000") == [1, 100000]  # not a hundred thousand references
