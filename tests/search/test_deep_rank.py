"""Deep Search ranks judged papers by how well they meet the question's criteria, then by relevance."""

from __future__ import annotations

from search.deep import rank
from search.deep.judge import MET, NOT_MET, PARTLY, Judgement


def verdicts(*scored: tuple[str, float]) -> list[Judgement]:
    return [Judgement("outcome", "overall survival", status, score, "", -1) for status, score in scored]


def test_criteria_score_is_the_mean_of_the_judges_scores():
    assert rank.criteria_score(verdicts((MET, 0.9), (PARTLY, 0.5), (NOT_MET, 0.1))) == (0.9 + 0.5 + 0.1) / 3
    assert rank.criteria_score([]) == 0.0


def test_a_paper_that_nearly_meets_a_criterion_ranks_above_one_far_from_it():
    near, far = verdicts((NOT_MET, 0.4)), verdicts((NOT_MET, 0.05))
    assert rank.criteria_satisfied(near) == rank.criteria_satisfied(far) == 0.0
    relevance = rank.relevance(0.5, 0.5)
    assert rank.deep_score(rank.criteria_score(near), relevance) > rank.deep_score(rank.criteria_score(far), relevance)


def test_meeting_the_criteria_outweighs_a_small_lead_in_relevance():
    meets = rank.deep_score(rank.criteria_score(verdicts((MET, 0.9), (MET, 1.0))), rank.relevance(0.6, 0.5))
    misses = rank.deep_score(rank.criteria_score(verdicts((NOT_MET, 0.1), (NOT_MET, 0.0))), rank.relevance(0.7, 0.6))
    assert meets > misses


def test_the_results_page_share_counts_partly_met_as_half():
    assert rank.criteria_satisfied(verdicts((MET, 0.9), (PARTLY, 0.5), (NOT_MET, 0.1), (NOT_MET, 0.0))) == 0.375
