"""split_sentences: abstracts split at sentence ends, never inside abbreviations, decimals or citations."""

from search.catalog.sentences import split_sentences


def test_abbreviations_decimals_and_figures_do_not_end_a_sentence():
    text = (
        "As shown by Smith et al. (2020) the effect was large (p < 0.05). In Fig. 2 we see e.g. mice and "
        "i.e. rats. The U.S. Food and Drug Administration approved 2.5 mg vs. placebo. It worked!"
    )
    assert split_sentences(text) == [
        "As shown by Smith et al. (2020) the effect was large (p < 0.05).",
        "In Fig. 2 we see e.g. mice and i.e. rats.",
        "The U.S. Food and Drug Administration approved 2.5 mg vs. placebo.",
        "It worked!",
    ]


def test_structured_abstract_labels_stay_with_their_text():
    text = "BACKGROUND: Injuries are common. METHODS: We followed 1084 patients (n = 1084). RESULTS: Five groups."
    assert split_sentences(text) == [
        "BACKGROUND: Injuries are common.",
        "METHODS: We followed 1084 patients (n = 1084).",
        "RESULTS: Five groups.",
    ]


def test_section_joins_and_paragraph_breaks_end_sentences():
    assert split_sentences("To compare drugs.; This randomized study\nhad 36 children.\n\nConclusion without a stop") == [
        "To compare drugs.",
        "This randomized study had 36 children.",
        "Conclusion without a stop",
    ]


def test_a_lower_case_continuation_is_not_a_new_sentence():
    assert split_sentences("Values were approx. equal. Doses of 5 mg. were given.") == [
        "Values were approx. equal.",
        "Doses of 5 mg. were given.",
    ]


def test_quotes_brackets_questions_and_greek_letters():
    assert split_sentences('Is it safe? "Yes." [1] Next. β-blockers reduce mortality.') == [
        "Is it safe?",
        '"Yes."',
        "[1] Next.",
        "β-blockers reduce mortality.",
    ]


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("   \n\n ") == []
