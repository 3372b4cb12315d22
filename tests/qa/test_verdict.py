"""The verdict on a yes/no question is only as strong as the agreement of the papers that test it."""

from qa.pipeline.verdict import Vote, weigh


def vote(stance: str, design: str = "randomized_trial", n: int | None = 200, confidence: float = 0.8, pid: int = 0) -> Vote:
    return Vote(pid, stance, confidence, design, n)


def test_papers_that_agree_give_a_yes():
    weighed = weigh([vote("yes", pid=1), vote("yes", "cohort", pid=2), vote("neither", "review", pid=3)])
    assert weighed.verdict == "yes"
    assert weighed.breakdown == {"yes": ["randomized_trial", "cohort"], "no": [], "neither": ["review"]}


def test_papers_that_point_both_ways_give_mixed():
    assert weigh([vote("yes", pid=1), vote("no", pid=2)]).verdict == "mixed"


def test_no_paper_that_tests_the_claim_gives_insufficient_evidence():
    assert weigh([vote("neither", pid=1), vote("neither", pid=2)]).verdict == "insufficient"
    assert weigh([]).verdict == "insufficient"


def test_a_large_trial_outweighs_a_case_report():
    weighed = weigh([vote("no", "randomized_trial", 2000, pid=1), vote("yes", "case_report", 1, pid=2)])
    assert weighed.verdict == "no"


def test_a_meta_analysis_against_two_small_cohorts_is_not_a_clean_yes():
    weighed = weigh([vote("no", "systematic_review", 40, pid=1), vote("yes", "cohort", 30, pid=2), vote("yes", "cohort", 25, pid=3)])
    assert weighed.verdict in {"mixed", "no"}


def test_animal_studies_barely_move_a_verdict_about_people():
    weighed = weigh([vote("yes", "randomized_trial", 500, pid=1)] + [vote("no", "animal", None, pid=i) for i in range(2, 5)])
    assert weighed.verdict == "yes"


def test_one_animal_or_laboratory_study_alone_decides_nothing():
    assert weigh([vote("yes", "animal", None, pid=1), vote("neither", pid=2)]).verdict == "insufficient"
    assert weigh([vote("no", "in_vitro", None, pid=1)]).verdict == "insufficient"
    assert weigh([vote("yes", "cohort", 300, pid=1)]).verdict == "yes"
