"""Deep Search reads a research question as 2–5 checkable criteria, and takes the user's edits."""

from __future__ import annotations

import datetime as dt

import pytest

from search.deep.criteria import CriteriaError, Criterion, decompose, from_chips, parse_years


def kinds_and_texts(question: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in decompose(question)]


def test_pd1_question_names_intervention_population_outcome_and_design():
    assert kinds_and_texts("randomized trials of PD-1 inhibitors in melanoma reporting overall survival") == [
        ("intervention", "PD-1 inhibitors"),
        ("population", "melanoma"),
        ("outcome", "overall survival"),
        ("design", "randomized trials"),
    ]


def test_a_time_frame_is_a_criterion_with_years():
    criteria = decompose("systematic reviews of exercise for depression since 2015")
    time = next(c for c in criteria if c.kind == "time")
    assert time.years == (2015, None)
    assert ("design", "systematic reviews") in [(c.kind, c.text) for c in criteria]


@pytest.mark.parametrize(
    ("phrase", "years"),
    [("since 2020", (2020, None)), ("after 2019", (2020, None)), ("before 2010", (None, 2009)),
     ("2015–2020", (2015, 2020)), ("between 2001 and 1999", (1999, 2001)), ("in the last 5 years", (2021, None)),
     ("in the past two years", (2024, None)), ("melanoma", (None, None))],
)
def test_time_phrases_become_year_ranges(phrase, years):
    assert parse_years(phrase, today=dt.date(2026, 6, 1)) == years


def test_a_year_in_a_claim_is_not_a_publication_time_frame():
    assert all(c.kind != "time" for c in decompose("Methadone programs required discontinuation in 2001."))


def test_examples_after_such_as_are_alternatives_of_the_intervention():
    criteria = decompose("How do triptans such as sumatriptan and rizatriptan compare in efficacy for migraine?")
    intervention = next(c for c in criteria if c.kind == "intervention")
    assert intervention.alternatives[:2] == ["sumatriptan", "rizatriptan"]
    assert ("population", "migraine") in [(c.kind, c.text) for c in criteria]


def test_a_comparison_question_asks_for_controlled_trials():
    criteria = decompose("How do beta blockers compare in adverse events for hypertension?")
    assert ("design", "randomized trials") in [(c.kind, c.text) for c in criteria]
    assert ("outcome", "adverse events") in [(c.kind, c.text) for c in criteria]


def test_a_claim_splits_into_what_it_is_about_and_what_it_says():
    assert kinds_and_texts("Metformin reduces cancer incidence in diabetic patients") == [
        ("intervention", "Metformin"),
        ("outcome", "reduces cancer incidence"),
        ("population", "diabetic patients"),
    ]


def test_never_more_than_five_criteria():
    question = ("randomized trials since 2010 of aspirin versus placebo in adults with diabetes "
                "in Europe reporting stroke and reporting bleeding")
    assert 2 <= len(decompose(question)) <= 5


def test_stop_words_alone_give_no_criteria():
    assert decompose("what is the?") == []


def test_edited_chips_become_criteria_and_blank_rows_are_dropped():
    criteria = from_chips([("intervention", " nivolumab "), ("time", "since 2018"), ("outcome", "")])
    assert criteria == [Criterion("intervention", "nivolumab"), Criterion("time", "since 2018")]


@pytest.mark.parametrize(
    ("chips", "message"),
    [([("time", "recently")], "not a time frame"), ([("mood", "happy")], "Unknown criterion kind"),
     ([("outcome", "the of and")], "no words"), ([("outcome", "")], "at least one")],
)
def test_bad_edits_get_a_clear_message(chips, message):
    with pytest.raises(CriteriaError, match=message):
        from_chips(chips)


def test_a_yes_no_question_keeps_every_letter_of_its_subject_and_no_dangling_cue_word():
    assert kinds_and_texts("Does aspirin reduce the risk of colorectal cancer in randomized trials?") == [
        ("intervention", "aspirin"),
        ("outcome", "colorectal cancer"),
        ("design", "randomized trials"),
    ]
