"""detect_study_type: the design a researcher would name, from publication types, MeSH, title and abstract."""

import pytest

from search.catalog.study_type import detect_study_type
from search.models import StudyType


@pytest.mark.parametrize(
    "title, abstract, publication_types, keywords, expected",
    [
        ("Statins and stroke", "", ["Journal Article", "Meta-Analysis"], [], StudyType.SYSTEMATIC_REVIEW),
        ("Statins and stroke: a systematic review and meta-analysis", "", [], [], StudyType.SYSTEMATIC_REVIEW),
        ("Statins", "We searched MEDLINE and Embase for randomized controlled trials.", [], [], StudyType.SYSTEMATIC_REVIEW),
        ("Recent advances in immunotherapy for bladder cancer", "", [], [], StudyType.REVIEW),
        ("PD-1 resistance", "In this review we summarize randomized trials of PD-1 blockade.", [], [], StudyType.REVIEW),
        ("A controlled trial of bupropion", "Smokers were randomly assigned to bupropion or placebo.", [], [], StudyType.RANDOMIZED_TRIAL),
        ("Clonidine in children", "Doses were compared.", [], ["Child", "Double-Blind Method", "Humans"], StudyType.RANDOMIZED_TRIAL),
        ("Trial", "A previous meta-analysis found benefit. Patients were randomized to drug or placebo.", [], [], StudyType.RANDOMIZED_TRIAL),
        ("Migraine in pregnancy", "We report a case of a 31-year-old woman with migraine.", [], [], StudyType.CASE_REPORT),
        ("Opioid use", "In this retrospective cohort study of 2,000 patients we measured use.", [], [], StudyType.COHORT),
        ("Drug X", "Treatment reduced tumour growth.", [], ["Animals", "Mice", "Neoplasms"], StudyType.PRECLINICAL),
        ("Drug X in xenograft models", "Growth of cell lines was reduced in vitro.", [], [], StudyType.PRECLINICAL),
        ("Attention is all you need", "We propose a new network architecture.", [], [], StudyType.OTHER),
    ],
)
def test_study_type(title, abstract, publication_types, keywords, expected):
    assert detect_study_type(title, abstract, publication_types, keywords) == expected
