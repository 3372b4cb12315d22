"""Sentence roles of abstracts: structured-abstract labels found and taken out, roles carried through a
section, and the committed model reading abstracts that have no labels."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from search.reading.labels import ROLES, read_labels, split_label
from search.reading.role_training import VALIDATION, Abstract, split
from search.reading.roles import ARTIFACT, abstract_features, load, read_roles

LABEL_WORDS = re.compile(
    r"\b(?:background|introduction|context|importance|objectives?|aims?|purpose|methods?|design|setting|"
    r"participants|main outcome measures|results|findings|conclusions?|relevance|interpretation)\b",
    re.IGNORECASE,
)

LABELLED = [
    # (sentence, text left, role, label as written)
    ("BACKGROUND Common carotid intima media thickness is a surrogate marker.",
     "Common carotid intima media thickness is a surrogate marker.", "background", "BACKGROUND"),
    ("Methods: We searched PubMed from 2000 to 2020.", "We searched PubMed from 2000 to 2020.", "methods", "Methods"),
    ("RESULTS - In 30 obese subjects, vasodilation was impaired.", "In 30 obese subjects, vasodilation was impaired.",
     "results", "RESULTS"),
    ("Conclusions and relevance: This trial supports early surgery.", "This trial supports early surgery.",
     "conclusions", "Conclusions and relevance"),
    ("ObjectivesThis retrospective study presents a predictive score.", "This retrospective study presents a predictive score.",
     "objective", "Objectives"),
    ("INTRODUCTION The school years are challenging for children with ADHD.",
     "The school years are challenging for children with ADHD.", "background", "INTRODUCTION"),
    ("AIM To compare two dressings.", "To compare two dressings.", "objective", "AIM"),
    ("PURPOSE To evaluate radiation curtains.", "To evaluate radiation curtains.", "objective", "PURPOSE"),
    ("DESIGN Randomised controlled trial.", "Randomised controlled trial.", "methods", "DESIGN"),
    ("SETTING Twelve hospitals in Ontario.", "Twelve hospitals in Ontario.", "methods", "SETTING"),
    ("PARTICIPANTS 300 adults with asthma.", "300 adults with asthma.", "methods", "PARTICIPANTS"),
    ("MAIN OUTCOME MEASURES Mortality at one year.", "Mortality at one year.", "methods", "MAIN OUTCOME MEASURES"),
    ("FINDINGS Of 300 patients, 12 died.", "Of 300 patients, 12 died.", "results", "FINDINGS"),
    ("INTERPRETATION Early surgery saves lives.", "Early surgery saves lives.", "conclusions", "INTERPRETATION"),
    ("CONTEXT Obesity is common.", "Obesity is common.", "background", "CONTEXT"),
    ("IMPORTANCE Few trials have tested this.", "Few trials have tested this.", "background", "IMPORTANCE"),
    ("DESIGN, SETTING, AND PARTICIPANTS A cohort of 500 nurses.", "A cohort of 500 nurses.", "methods",
     "DESIGN, SETTING, AND PARTICIPANTS"),
    ("Background:Benign prostatic hyperplasia is common.", "Benign prostatic hyperplasia is common.", "background",
     "Background"),
    ("BACKGROUND ::: The population is growing older.", "The population is growing older.", "background", "BACKGROUND"),
    ("Background—The signalling cascades are unknown.", "The signalling cascades are unknown.", "background", "Background"),
    ("Objective. To evaluate protective curtains.", "To evaluate protective curtains.", "objective", "Objective"),
    ("Abstract Background Immune checkpoint myocarditis is rare.", "Immune checkpoint myocarditis is rare.", "background",
     "Abstract Background"),
    ("Methods We systematically searched two databases.", "We systematically searched two databases.", "methods", "Methods"),
    ("CONCLUSIONS mTOR inhibition slowed growth.", "mTOR inhibition slowed growth.", "conclusions", "CONCLUSIONS"),
]


@pytest.mark.parametrize(("sentence", "text", "role", "raw"), LABELLED)
def test_a_labelled_sentence_loses_its_label_and_names_its_role(sentence, text, role, raw):
    assert split_label(sentence) == (text, role, raw)
    assert not LABEL_WORDS.search(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Patients Treated with aspirin had fewer strokes.",
        "Results of the trial show a benefit.",
        "Design Thinking is a method of innovation.",
        "Background-corrected signals were higher.",
        "Aimed at adults, the programme ran for a year.",
        "Contextual factors mattered.",
    ],
)
def test_prose_that_opens_with_a_section_word_is_not_a_label(sentence):
    assert split_label(sentence) == (sentence, None, "")


def test_a_label_glued_inside_a_sentence_is_taken_out_and_starts_the_next_section():
    sentence = "ObjectivesThis study builds a response score.MethodsA total of 30 patients were analysed."
    reading = read_labels(sentence)
    assert reading.text == "This study builds a response score. A total of 30 patients were analysed."
    assert [label.raw for label in reading.inner] == ["Methods"]
    roles = read_roles([sentence, "The score weighted gene expression levels."])
    assert [r.role for r in roles] == ["objective", "methods"]


def test_roles_follow_a_label_through_its_section():
    abstract = [
        "BACKGROUND Whether statins prevent delirium is uncertain.",
        "Trials so far were small.",
        "METHODS We randomised 400 patients to statin or placebo.",
        "Delirium was assessed daily.",
        "RESULTS Delirium occurred in 12% and 14% of patients (p = 0.4).",
        "Length of stay did not differ.",
        "CONCLUSIONS Statins did not prevent delirium.",
    ]
    roles = read_roles(abstract)
    assert [r.role for r in roles] == ["background"] * 2 + ["methods"] * 2 + ["results"] * 2 + ["conclusions"]
    assert all(r.labelled and r.confidence == pytest.approx(1.0) for r in roles)
    assert roles[0].text == "Whether statins prevent delirium is uncertain."


def test_a_section_labelled_with_two_roles_takes_only_those_roles():
    roles = read_roles(
        [
            "OBJECTIVE To test whether exercise lowers blood pressure.",
            "METHODS AND RESULTS We enrolled 120 adults with hypertension.",
            "Systolic pressure fell by 8 mm Hg (95% CI 5 to 11) with exercise.",
            "CONCLUSIONS Exercise lowers blood pressure.",
        ]
    )
    assert roles[0].role == "objective" and roles[-1].role == "conclusions"
    assert {r.role for r in roles[1:3]} <= {"methods", "results"}
    assert "METHODS" not in roles[1].text


def test_an_unlabelled_abstract_opens_with_background_and_ends_with_results_and_conclusions():
    roles = read_roles(
        [
            "Atrial fibrillation is the most common sustained arrhythmia and a major cause of stroke.",
            "Whether early rhythm control improves outcomes remains uncertain.",
            "We aimed to compare early rhythm control with usual care in patients with recent atrial fibrillation.",
            "In this multicentre randomised trial, 2789 patients were assigned to early rhythm control or usual care.",
            "The primary outcome was a composite of cardiovascular death, stroke or hospitalisation.",
            "The primary outcome occurred in 249 patients (3.9 per 100 person-years) with early rhythm control and in "
            "316 patients (5.0 per 100 person-years) with usual care (hazard ratio 0.79; 95% CI 0.66 to 0.94; p = 0.005).",
            "Serious adverse events did not differ between the groups.",
            "Early rhythm control was associated with a lower risk of adverse cardiovascular outcomes than usual care.",
        ]
    )
    assert roles[0].role == "background"
    assert roles[5].role == "results"
    assert roles[-1].role in ("results", "conclusions")
    assert [r.role for r in roles] == sorted((r.role for r in roles), key=ROLES.index)
    assert not any(r.labelled for r in roles)
    assert all(0.0 < r.confidence <= 1.0 for r in roles)


def test_no_sentences_read_as_no_roles():
    assert read_roles([]) == []


@pytest.mark.parametrize("char", [".", "A", ":", "\n"])
def test_a_megabyte_of_one_character_is_read_in_linear_time(char):
    load()
    hostile = char * 1_000_000
    started = time.monotonic()
    split_label(hostile)
    read_roles([hostile, "Results." * 100_000])
    assert time.monotonic() - started < 2.0


def test_the_committed_model_is_small_loads_and_classifies():
    assert ARTIFACT.stat().st_size < 5_000_000
    model = load()
    assert model.coef.shape[0] == 5 and len(model.vocabulary) > 1000
    roles = read_roles(
        [
            "Sepsis kills millions of people each year.",
            "We randomised 400 patients to early or late antibiotics.",
            "Mortality fell from 30% to 24% with early antibiotics (p < 0.001).",
            "Early antibiotics should be standard care.",
        ]
    )
    assert [r.role for r in roles[1:]] == ["methods", "results", "conclusions"]


def test_a_new_source_moves_no_abstract_across_the_held_out_split():
    first = [Abstract(f"scifact:{n}", ["A sentence."], ["results"]) for n in range(200)]
    added = [Abstract(f"pubmed:{n}", ["A sentence."], ["results"]) for n in range(200)]
    _, held_before = split(first)
    train_after, held_after = split(first + added)
    assert {a.key for a in held_after} & {a.key for a in first} == {a.key for a in held_before}
    assert 0.1 < len(held_after) / 400 < 0.3
    assert not {a.key for a in train_after} & {a.key for a in held_after}
    validation_train, validation = split(train_after, VALIDATION)
    assert validation and {a.key for a in validation} | {a.key for a in validation_train} == {a.key for a in train_after}


def test_a_long_abstract_is_read_in_linear_time():
    load()
    sentences = [f"Patients in group {n} received {n} mg of drug {n % 97} daily (p = 0.{n})." for n in range(3000)]
    started = time.monotonic()
    roles = read_roles(sentences)
    assert len(roles) == 3000
    assert time.monotonic() - started < 5.0


def test_the_model_scores_an_abstract_as_its_training_features_do():
    model = load()
    texts = [
        "Sepsis kills millions of people each year.",
        "We randomised 400 patients to early or late antibiotics.",
        "Mortality fell from 30% to 24% with early antibiotics (p < 0.001).",
        "Early antibiotics should be standard care.",
    ]
    for abstract in (texts[:1], texts, texts * 6):
        expected = abstract_features(model.vectorizer, abstract) @ model.coef.T + model.intercept
        assert np.allclose(model.scores(abstract), expected, atol=1e-4)
