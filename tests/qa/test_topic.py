"""Whether a text names a focus phrase: its head word and at least half of its other words, or a class member."""

import pytest

from qa.pipeline.topic import Words, names


@pytest.mark.parametrize(
    "phrase, text, named",
    [
        ("gastrointestinal bleeding", "no increased risk of bleeding after tonsillectomy", False),
        ("gastrointestinal bleeding", "upper gastrointestinal bleeding in aspirin users", True),
        ("immune checkpoint inhibitors", "resistance to checkpoint inhibitors in melanoma", True),
        ("low back pain", "muscle relaxants for acute back pain", True),
        ("heart failure", "beta blockers after acute myocardial infarction", False),
        ("beta blockers", "carvedilol lowered mortality", True),
    ],
)  # fmt: skip
def test_a_text_names_a_phrase_by_its_head_and_half_of_its_other_words(phrase, text, named):
    assert names(phrase, Words.of(text)) is named
