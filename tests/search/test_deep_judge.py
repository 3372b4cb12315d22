"""Deep Search judges each candidate criterion by criterion, with the sentence that decided it, and ranks
papers that meet more criteria first."""

from __future__ import annotations

import numpy as np
import pytest

from search.deep import rank, sentence_vectors
from search.deep.criteria import Criterion, decompose
from search.deep.judge import MET, NOT_MET, PARTLY, Candidate, judge
from search.deep.pipeline import encode_criteria

pytestmark = pytest.mark.slow

TRIAL = Candidate(
    paper_id=1,
    sentences=[
        "Nivolumab versus chemotherapy in advanced melanoma",
        "We randomly assigned 418 patients with previously untreated metastatic melanoma to nivolumab or dacarbazine.",
        "Overall survival at one year was 72.9% with nivolumab and 42.1% with dacarbazine.",
    ],
    year=2015,
    study_type="randomized_trial",
)
MOUSE = Candidate(
    paper_id=2,
    sentences=[
        "Gut bacteria shape anti-tumour immunity in mice",
        "Germ-free mice grew larger tumours than colonised mice.",
    ],
    year=2019,
    study_type="animal",
)
CRITERIA = decompose("randomized trials of PD-1 inhibitors in melanoma reporting overall survival")


@pytest.fixture
def cache(settings, tmp_path):
    settings.DEEP_SENTENCE_CACHE_DIR = tmp_path / "sentences"
    return settings.DEEP_SENTENCE_CACHE_DIR


def judged(candidate: Candidate, criteria=CRITERIA):
    [matrix] = sentence_vectors.vectors_for([candidate.sentences])
    return judge(candidate, criteria, encode_criteria(criteria), matrix)


def test_a_paper_that_answers_the_question_meets_its_criteria_with_evidence(cache):
    verdicts = {j.kind: j for j in judged(TRIAL)}
    assert verdicts["population"].status == MET and "melanoma" in verdicts["population"].evidence
    assert verdicts["outcome"].status == MET and verdicts["outcome"].evidence == TRIAL.sentences[2]
    assert verdicts["design"].status == MET and verdicts["design"].evidence == TRIAL.sentences[1]
    assert verdicts["intervention"].status in {MET, PARTLY}


def test_an_unrelated_paper_meets_none_and_shows_no_evidence(cache):
    for verdict in judged(MOUSE):
        assert verdict.status == NOT_MET
        assert verdict.evidence == ""


def test_design_partly_met_when_the_wording_says_so_but_the_catalog_does_not():
    candidate = Candidate(3, ["A study", "Patients were randomized to two doses."], study_type="other")
    [verdict] = judge(candidate, [Criterion("design", "randomized trials")], np.zeros((1, 384), np.float32),
                      np.zeros((2, 384), np.float32))
    assert (verdict.status, verdict.evidence) == (PARTLY, "Patients were randomized to two doses.")


@pytest.mark.parametrize(("year", "status"), [(2021, MET), (2012, NOT_MET), (None, PARTLY)])
def test_time_frame_is_judged_on_the_publication_year(year, status):
    candidate = Candidate(4, ["A title"], year=year)
    [verdict] = judge(candidate, [Criterion("time", "since 2020")], np.zeros((1, 384), np.float32),
                      np.zeros((1, 384), np.float32))
    assert verdict.status == status


def test_sentence_vectors_are_computed_once_and_cached_per_paper(cache):
    [first] = sentence_vectors.vectors_for([TRIAL.sentences])
    files = list(cache.rglob("*.npy"))
    assert len(files) == 1
    assert sentence_vectors.cached(TRIAL.sentences) is not None
    [again] = sentence_vectors.vectors_for([TRIAL.sentences])
    assert np.allclose(first, again, atol=1e-3)
    assert sentence_vectors.cached(["Another title"]) is None


def test_of_two_equally_relevant_papers_the_one_meeting_more_criteria_ranks_first(cache):
    trial = rank.deep_score(rank.criteria_score(judged(TRIAL)), rank.relevance(0.5, 0.5))
    mouse = rank.deep_score(rank.criteria_score(judged(MOUSE)), rank.relevance(0.5, 0.5))
    assert rank.criteria_satisfied(judged(TRIAL)) == 1.0 and rank.criteria_satisfied(judged(MOUSE)) == 0.0
    assert trial > mouse


def test_best_matching_sentence_is_the_closest_to_the_question(cache):
    [matrix] = sentence_vectors.vectors_for([TRIAL.sentences])
    from search.engine import encoder

    score, index, second = rank.best_sentence(matrix, encoder.encode_query("one-year overall survival with nivolumab"))
    assert index == 2 and 0 < second <= score <= 1
