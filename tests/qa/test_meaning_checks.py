"""TrueCite on answers checks meaning, not wording: numbers, roles, settings and a verdict's direction."""

from __future__ import annotations

import pytest

from qa.pipeline.draft import Draft, Section, Sentence, SourceNote
from qa.pipeline.verify import verify_draft
from search.models import Paper, StudyType

pytestmark = pytest.mark.slow

CLAIM = "Checkpoint inhibitors cause myocarditis."


@pytest.fixture
def papers(db) -> dict[str, Paper]:
    def make(key: str, title: str, sentences: list[str], study_type: str) -> Paper:
        return Paper.objects.create(
            title=title, normalized_title=title.lower(), abstract=" ".join(sentences), abstract_sentences=sentences,
            year=2021, study_type=study_type, source="test", source_id=key,
        )  # fmt: skip

    return {
        "cohort": make("cohort", "Myocarditis after immune checkpoint inhibitors: a cohort study", [
            "BACKGROUND: Immune checkpoint inhibitors are now used across many cancers and their cardiac effects are debated.",
            "METHODS: We followed 964 patients with cancer treated with immune checkpoint inhibitors at eight centres.",
            "RESULTS: Myocarditis developed in 1.14% of patients treated with immune checkpoint inhibitors, a median of 34 days after starting treatment.",
            "CONCLUSIONS: Checkpoint inhibitors cause myocarditis in about one in a hundred patients, early in treatment.",
        ], StudyType.COHORT),
        "mice": make("mice", "PD-1 deficiency and autoimmune myocarditis in mice", [
            "BACKGROUND: PD-1 restrains T cells in the heart.",
            "METHODS: We bred PD-1 knockout mice and followed them for eight weeks.",
            "RESULTS: Mice lacking PD-1 developed fatal autoimmune myocarditis within eight weeks of birth.",
            "CONCLUSIONS: Loss of PD-1 signalling causes myocarditis in mice.",
        ], StudyType.ANIMAL),
    }  # fmt: skip


def draft(*sentences: Sentence, verdict: str = "", sources: dict | None = None) -> Draft:
    return Draft("Do checkpoint inhibitors cause myocarditis?", "A summary.", [], [Section("What do studies find?", [list(sentences)])],
                 sources or {}, CLAIM, ["checkpoint inhibitors", "myocarditis"], verdict)  # fmt: skip


def finding(text: str, paper: Paper, evidence: int) -> Sentence:
    return Sentence(text, [paper.pk], "finding", evidence)


def test_a_sentence_with_a_number_its_source_does_not_give_is_dropped(papers):
    cohort = papers["cohort"]
    kept = finding("A 2021 cohort study of 964 patients with cancer found that myocarditis developed in 1.14% of patients treated with immune checkpoint inhibitors.", cohort, 2)
    wrong = finding("A 2021 cohort study of 964 patients with cancer found that myocarditis developed in 2.5% of patients treated with immune checkpoint inhibitors.", cohort, 2)
    checked = verify_draft(draft(kept, wrong), {cohort.pk: cohort})
    assert [s.text for s in checked.sentences()] == [kept.text]
    assert checked.checks["numbers"] == [1, 2]


def test_background_cited_as_a_finding_fails_the_role_check(papers):
    cohort = papers["cohort"]
    promoted = finding("A 2021 cohort study of 964 patients with cancer found that immune checkpoint inhibitors are now used across many cancers.", cohort, 0)
    checked = verify_draft(draft(promoted), {cohort.pk: cohort})
    assert not list(checked.sentences())
    assert checked.checks["roles"] == [0, 1]


def test_an_animal_finding_must_say_it_was_in_animals(papers):
    mice = papers["mice"]
    general = finding("A 2021 study found that loss of PD-1 signalling causes autoimmune myocarditis.", mice, 3)
    said = finding("A 2021 study in animals found that loss of PD-1 signalling causes myocarditis in mice.", mice, 3)
    checked = verify_draft(draft(general, said), {mice.pk: mice})
    assert [s.text for s in checked.sentences()] == [said.text]
    assert checked.checks["settings"] == [1, 2]


def test_a_verdict_citing_a_paper_that_points_the_other_way_is_dropped(papers):
    cohort = papers["cohort"]
    honest = Sentence("Probably yes: the one study in the catalog that tests it (a cohort study) found that checkpoint inhibitors cause myocarditis.", [cohort.pk], "verdict")
    checked = verify_draft(draft(honest, verdict="yes", sources={str(cohort.pk): SourceNote("", "cohort", 964, "yes")}), {cohort.pk: cohort})
    assert checked.checks["direction"] == [1, 1]
    inverted = Sentence("Probably not: the one study in the catalog that tests it (a cohort study) found results against it.", [cohort.pk], "verdict")
    checked = verify_draft(draft(inverted, verdict="no", sources={str(cohort.pk): SourceNote("", "cohort", 964, "no")}), {cohort.pk: cohort})
    assert not list(checked.sentences()) and checked.checks["direction"] == [0, 1]
