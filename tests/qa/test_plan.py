"""Planning: the kind of question, the claim a yes/no question makes, and 3–5 question-headed sections."""

import pytest

from qa.pipeline.plan import make_plan


def test_yes_no_question_becomes_a_claim_with_intervention_sections():
    plan = make_plan("can immunotherapy eventually cure all major types of cancer")
    assert plan.question == "Can immunotherapy eventually cure all major types of cancer?"
    assert plan.kind == "yes_no"
    assert plan.claim == "Immunotherapy can cure all major types of cancer."
    assert [s.heading for s in plan.sections][:2] == ["How well does immunotherapy work right now?", "What limits immunotherapy?"]
    assert all("immunotherapy" in s.query and "cancer" in s.query for s in plan.sections)


def test_plural_subject_agrees_with_its_verb():
    plan = make_plan("Do beta blockers reduce mortality in heart failure?")
    assert plan.claim == "Beta blockers do reduce mortality in heart failure."
    assert plan.sections[0].heading == "What do studies of beta blockers and mortality show?"


def test_is_it_true_that_questions_check_the_claim_itself():
    plan = make_plan("Is it true that 1 in 5 million in UK have abnormal PrP positivity?")
    assert plan.kind == "yes_no" and plan.claim == "1 in 5 million in UK have abnormal PrP positivity."
    assert plan.sections[0].query == "1 in 5 million in UK have abnormal PrP positivity"


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Why do some tumors stop responding to immune checkpoint inhibitors?", "open"),
        ("What predicts chronic PTSD after a traumatic event?", "open"),
        ("Is sumatriptan better than rizatriptan for migraine?", "comparison"),
        ("Are triptans effective for acute migraine?", "yes_no"),
    ],
)
def test_every_kind_of_question_gets_three_to_five_question_headed_sections(question, kind):
    plan = make_plan(question)
    assert plan.kind == kind
    assert 3 <= len(plan.sections) <= 5
    assert all(s.heading.endswith("?") and s.query for s in plan.sections)


def test_an_empty_question_is_refused():
    with pytest.raises(ValueError):
        make_plan("  ?? ")
