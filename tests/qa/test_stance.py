"""Which way one finding points on a yes/no claim: negation, direction, limits and numbers decide, not wording."""

import pytest

from qa.pipeline.stance import sentence_stance

BETA = "Beta blockers reduce mortality in heart failure."


@pytest.mark.parametrize(
    "claim, finding, stance",
    [
        (BETA, "beta-blocker use is associated with a consistent 30% reduction in mortality.", "yes"),
        (BETA, "metoprolol lowered the rate of death among outpatients with heart failure.", "yes"),
        (BETA, "beta blockers did not reduce mortality in heart failure with preserved ejection fraction.", "no"),
        (BETA, "there are no justifications to avoid beta-blockers in heart failure patients with diabetes.", "neither"),
        (BETA, "survival is improved with carvedilol.", "neither"),  # other words, the same meaning: no evidence against
        (BETA, "the role of beta blockers in heart failure remains unclear.", "neither"),
        ("Consumption of whole fruits increases the risk of type 2 diabetes.",
         "greater consumption of whole fruits is associated with a lower risk of type 2 diabetes.", "no"),
        ("Headaches are correlated with cognitive impairment.",
         "evidence that headache was associated with cognitive impairment was lacking.", "no"),
        ("1 in 5 million in UK have abnormal PrP positivity.",
         "16 of 32,441 samples were positive for abnormal PrP, a prevalence of 493 per million.", "neither"),
        ("Immunotherapy can cure all major types of cancer.",
         "only a minority of patients achieve durable responses to checkpoint blockade.", "no"),
        ("Immunotherapy can cure all major types of cancer.",
         "checkpoint blockade gave long-lasting survival to some patients with melanoma.", "neither"),
        ("Patients in stable partnerships have a faster progression from HIV to AIDS.",
         "a stable partnership is associated with a slower rate of progression to AIDS.", "no"),
        ("Statins increase the risk of diabetes.", "statin use was associated with a lower incidence of diabetes.", "no"),
    ],
)  # fmt: skip
def test_a_finding_points_the_way_its_words_say(claim, finding, stance):
    assert sentence_stance(claim, finding) == stance


def test_the_words_of_a_focus_phrase_are_names_not_movements():
    claim = "Skeletal muscle relaxants are effective for acute low back pain."
    finding = "cyclobenzaprine was more effective than placebo for acute low back pain."
    assert sentence_stance(claim, finding, ["skeletal muscle relaxants", "low back pain"]) == "yes"


@pytest.mark.parametrize(
    "finding",
    [
        "boys with ADHD reached the level of controls, who did not receive methylphenidate.",
        "without medication, children with ADHD showed high error rates.",
    ],
)
def test_a_negation_of_who_was_studied_is_not_a_negation_of_the_effect(finding):
    claim = "Methylphenidate is effective for ADHD in children."
    assert sentence_stance(claim, finding, ["methylphenidate", "ADHD"]) != "no"


def test_the_clause_about_what_the_claim_says_decides_not_a_clause_about_something_else():
    claim = "There is an inverse relationship between hip fractures and statin use."
    finding = ("hip fracture risk fell with the extent of statin use; there was no evidence of such relationships "
               "with nonstatin lipid-lowering agents.")
    assert sentence_stance(claim, finding, ["hip fractures"]) == "yes"
    finding = "drug X reduced mortality, but it did not reduce hospital admissions."
    assert sentence_stance("Drug X reduces hospital admissions.", finding, ["drug X"]) == "no"


def test_a_null_claim_agrees_with_a_null_finding():
    claim = "CHEK2 is not associated with breast cancer."
    finding = "we found no convincing association between any common CHEK2 haplotype and breast cancer risk."
    assert sentence_stance(claim, finding, ["CHEK2", "breast cancer"]) == "yes"


def test_a_claim_that_something_works_needs_a_finding_that_it_helped():
    claim = "Calcium channel blockers are effective for hypertension."
    focus = ["calcium channel blockers", "hypertension"]
    harm = "users of calcium channel blockers had a relative risk of myocardial infarction of 2.36 against diuretics."
    benefit = "a long-acting calcium channel blocker reduced cardiovascular morbidity and mortality in hypertension."
    assert sentence_stance(claim, harm, focus) == "neither"
    assert sentence_stance(claim, benefit, focus) == "yes"
