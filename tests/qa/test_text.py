"""Quoting abstracts in prose: no labels, reference brackets, statistics or dangling brackets; fixed capitals."""

import pytest

from qa.pipeline import text as T


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("BACKGROUND: Checkpoint inhibitors changed melanoma care [1,2].", "Checkpoint inhibitors changed melanoma care."),
        ("Conclusions and relevance: Metformin lowered risk", "Metformin lowered risk."),
        ("Survival was longer (HR 0.72, 95% CI 0.61-0.85; p<0.001) with treatment.", "Survival was longer (HR 0.72) with treatment."),
        ("Mortality fell (HR, 0.66; 95% CI, 0.5 to 0.8) with treatment.", "Mortality fell (HR, 0.66) with treatment."),
        ("Patients improved (n = 120, p < 0.01) with treatment.", "Patients improved with treatment."),
        ("Responses were durable [see ref 4].", "Responses were durable (see ref 4)."),
        ("(9) The WHI trial confirmed fewer hip fractures with estrogen.", "The WHI trial confirmed fewer hip fractures with estrogen."),
    ],
)
def test_clean_removes_labels_and_references_and_keeps_only_the_key_statistic(raw, cleaned):
    assert T.clean(raw) == cleaned


@pytest.mark.parametrize(
    "sentence, statement",
    [
        ("In conclusion, we found that metformin use was associated with lower risk.", "metformin use was associated with lower risk."),
        ("These findings suggest that TMB predicts response to checkpoint blockade.", "TMB predicts response to checkpoint blockade."),
        ("However, only a minority of patients respond.", "only a minority of patients respond."),
        ("But despite this, most tumours relapse.", "despite this, most tumours relapse."),
    ],
)
def test_reporting_frames_and_openers_are_stripped(sentence, statement):
    assert T.core_statement(sentence) == statement


def test_unbalanced_anaphoric_or_first_person_sentences_cannot_stand_alone():
    assert not T.quotable("Responses were seen (in 40% of patients with melanoma overall.")
    assert not T.quotable("These results were confirmed in a second independent cohort of patients.")
    assert not T.quotable("In our cohort, responses were durable for most patients who responded.")
    assert not T.quotable("Smokers were more likely to relapse, and this association held after adjustment for age.")
    assert T.quotable("Responses were durable in most patients with advanced melanoma treated with nivolumab.")


def test_capitals_are_fixed_after_rewording_but_names_and_acronyms_are_kept():
    names = T.names_in(["Patients in the Nordic cohort responded.", "The Nordic registry was used."])
    assert T.lower_first("Immunotherapy improved survival.", names) == "immunotherapy improved survival."
    assert T.lower_first("Nordic patients responded.", names) == "Nordic patients responded."
    assert T.lower_first("PD-1 blockade works.", names) == "PD-1 blockade works."
    assert T.lower_first("mRNA vaccines work.", names) == "mRNA vaccines work."


def test_a_sentence_leaning_on_the_one_before_is_not_quoted():
    assert not T.quotable("In these patients, responses lasted longer than two years on average.")
    assert not T.quotable("Despite this, most tumours relapse within two years of starting treatment.")
