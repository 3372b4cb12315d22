"""read_design: the design of the work a paper reports, from its publication types, MeSH, title and abstract,
judged on what the paper did rather than what it mentions; and its accuracy on 150 hand-labelled catalog papers."""

from __future__ import annotations

import json
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest

from search.models import StudyType
from search.reading.design import DESIGN_NOUNS, read_design
from search.reading.facts import Pico
from search.reading.paper import Reading

LABELS = Path(__file__).parent.parent / "data" / "design_labels.jsonl"


def design(title: str, abstract: str = "", publication_types=(), keywords=()) -> StudyType:
    return read_design(title, abstract, publication_types, keywords).design


def test_review_that_mentions_trials_is_a_review():
    abstract = ("Randomized trials have shown that PD-1 blockade prolongs survival. In this review we summarize "
                "the randomized controlled trials and discuss resistance.")
    assert design("PD-1 blockade in melanoma", abstract) == StudyType.REVIEW


def test_review_whose_abstract_reports_no_work_of_its_own_is_a_review():
    abstract = ("Hypoxia is a universal characteristic of solid tumors that enhances disease progression. "
                "Accumulating evidence links hypoxic signalling to resistance to androgen deprivation and to "
                "immune evasion. Targeting hypoxia may therefore restore sensitivity to several therapies, and "
                "recent advances in imaging allow patients with hypoxic tumors to be selected for such agents.")
    assert design("Hypoxia-driven resistance in prostate cancer", abstract) == StudyType.REVIEW


def test_randomly_assigning_patients_is_a_randomized_trial():
    reading = read_design("Drug X for heart failure", "We randomly assigned 945 patients to drug X or placebo.")
    assert reading.design == StudyType.RANDOMIZED_TRIAL
    assert reading.cue == "randomly assigned"
    assert reading.confidence >= 0.8


def test_a_trial_citing_a_meta_analysis_is_still_a_trial():
    abstract = "A previous meta-analysis found benefit. Patients were randomized to drug or placebo."
    assert design("Trial", abstract) == StudyType.RANDOMIZED_TRIAL


def test_systematic_review_of_trials_is_a_systematic_review():
    assert design("Statins", "We searched MEDLINE and Embase for randomized controlled trials.") == StudyType.SYSTEMATIC_REVIEW
    assert design("Statins and stroke: a meta-analysis of randomized trials") == StudyType.SYSTEMATIC_REVIEW


def test_a_systematic_review_is_named_with_confidence_though_it_is_also_a_review_of_trials():
    reading = read_design("A systematic review of the use of triptans in acute migraine",
                          "Randomized placebo-controlled trials were reviewed.")
    assert reading.design == StudyType.SYSTEMATIC_REVIEW
    assert reading.confidence >= 0.8


def test_an_abstract_reporting_no_work_of_its_own_is_named_a_review_but_a_weak_laboratory_cue_is_not_named():
    def named(design: StudyType, confidence: float) -> str:
        return Reading(design.value, confidence, "", [], Pico(), None).named_design

    assert named(StudyType.REVIEW, 0.37) == StudyType.REVIEW.value
    assert named(StudyType.IN_VITRO, 0.45) == StudyType.OTHER.value
    assert named(StudyType.RANDOMIZED_TRIAL, 0.85) == StudyType.RANDOMIZED_TRIAL.value


def test_mice_that_were_injected_make_an_animal_study():
    abstract = "Mice were injected with tumour cells and treated with the antibody; tumours grew more slowly."
    assert design("Antibody Y slows tumour growth", abstract) == StudyType.ANIMAL


def test_a_clinical_statement_that_mentions_mice_is_not_an_animal_study():
    abstract = ("This consensus statement summarises the evidence on drug X in patients with melanoma; findings "
                "in mice are noted where human data are lacking.")
    assert design("Drug X in melanoma: a consensus statement", abstract) != StudyType.ANIMAL


def test_a_case_of_a_54_year_old_man_is_a_case_report():
    abstract = "We describe a case of a 54-year-old man who presented with fever after nivolumab."
    assert design("Fever after nivolumab", abstract) == StudyType.CASE_REPORT


def test_publication_type_wins_over_the_words():
    abstract = "In this review we summarize trials of drug X."
    assert design("Drug X", abstract, ["Journal Article", "Randomized Controlled Trial"]) == StudyType.RANDOMIZED_TRIAL
    assert design("Drug X", "", ["Journal Article", "Meta-Analysis"]) == StudyType.SYSTEMATIC_REVIEW


def test_mesh_check_tags_name_the_design():
    assert design("Clonidine in children", "Doses were compared.", keywords=["Double-Blind Method"]) == StudyType.RANDOMIZED_TRIAL
    assert design("Drug X", "Treatment reduced tumour growth.", keywords=["Animals", "Mice"]) == StudyType.ANIMAL


def test_a_cell_line_only_paper_is_in_vitro():
    abstract = "Growth of three melanoma cell lines was reduced in vitro when the cells were treated with drug X."
    assert design("Drug X inhibits melanoma cells", abstract) == StudyType.IN_VITRO


def test_a_deep_learning_model_on_images_is_computational():
    abstract = "We developed a deep learning model on 10,000 images to detect melanoma and validated it on 2,000 more."
    assert design("Detecting melanoma in photographs", abstract) == StudyType.COMPUTATIONAL


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("In this retrospective cohort study of 2,000 patients we measured opioid use.", StudyType.COHORT),
        ("We conducted a case-control study of 300 cases and 600 matched controls.", StudyType.CASE_CONTROL),
        ("A cross-sectional survey of 1,200 nurses measured burnout.", StudyType.CROSS_SECTIONAL),
        ("In this single-arm, open-label phase II trial, 40 patients received drug X.", StudyType.NONRANDOMIZED_TRIAL),
    ],
)
def test_observational_designs_and_single_arm_trials(abstract, expected):
    assert design("Drug X", abstract) == expected


def test_nothing_to_go_on_is_other_with_low_confidence():
    reading = read_design("On the existence of solutions of an operator equation", "")
    assert (reading.design, reading.cue) == (StudyType.OTHER, "")
    assert reading.confidence < 0.5


def test_every_design_has_a_noun():
    assert set(DESIGN_NOUNS) == set(StudyType)
    assert DESIGN_NOUNS[StudyType.ANIMAL] == "study in animals"


@pytest.mark.parametrize("unit", [".", "randomized "])
def test_reading_is_linear_in_the_length_of_the_text(unit):
    def seconds(size: int) -> float:
        text = unit * (size // len(unit))
        started = time.process_time()
        read_design(text[:2000], text)
        return time.process_time() - started

    small, large = seconds(100_000), seconds(1_000_000)
    assert large < 5.0
    assert large < 20 * max(small, 0.01)


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text().splitlines()]


def accuracy(rows: list[dict]) -> float:
    hits = sum(design(r["title"], r["abstract"], r["publication_types"], r["keywords"]) == r["design"] for r in rows)
    return hits / len(rows)


def test_hand_labels_are_150_papers_in_two_fixed_halves():
    rows = _labels()
    assert len(rows) == 150
    assert Counter(r["split"] for r in rows) == {"tune": 75, "heldout": 75}
    assert {r["design"] for r in rows} <= set(StudyType.values)


def test_designs_agree_with_hand_labels_on_at_least_85_percent():
    assert accuracy(_labels()) >= 0.85


def test_reread_designs_rewrites_stale_designs_once(make_paper):
    from django.core.management import call_command

    trial = make_paper("Drug X for heart failure", "We randomly assigned 945 patients to drug X or placebo.",
                       study_type=StudyType.COHORT)
    unread = make_paper("On an operator equation", "", study_type=StudyType.REVIEW)
    out = StringIO()
    call_command("reread_designs", stdout=out)
    assert "2 papers, 1 changed" in out.getvalue()
    trial.refresh_from_db(), unread.refresh_from_db()
    assert (trial.study_type, unread.study_type) == (StudyType.RANDOMIZED_TRIAL, StudyType.REVIEW)
    call_command("reread_designs", stdout=(again := StringIO()))
    assert "0 changed" in again.getvalue()
