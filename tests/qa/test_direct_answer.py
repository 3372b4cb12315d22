"""The direct answer of a yes/no question: its verdict, then a finding that carries it, never the other way."""

from __future__ import annotations

import random
import re

import pytest

from qa.pipeline.analyze import Evidence, PaperFindings
from qa.pipeline.plan import make_plan
from qa.pipeline.write import write_article

pytestmark = pytest.mark.slow  # the writer embeds sentences to keep them distinct

QUESTION = "Do beta blockers reduce mortality in heart failure?"
YES_BODIES = [
    "bisoprolol reduced all-cause mortality by 34% in patients with chronic heart failure.",
    "metoprolol lowered the rate of sudden death among outpatients with heart failure.",
    "carvedilol cut hospital admissions for worsening heart failure over two years.",
    "nebivolol decreased the combined risk of death or admission in elderly patients.",
]
NO_BODIES = [
    "bucindolol did not improve survival in patients with advanced heart failure.",
    "beta blockade had no effect on mortality in heart failure with preserved ejection fraction.",
]


def findings(pid: int, stance: str, body: str, score: float, design: str = "randomized_trial") -> PaperFindings:
    evidence = Evidence(2, body[0].upper() + body[1:], body, "results", score, [score] * 4)
    return PaperFindings(
        paper_id=pid, year=2000 + pid, lead=f"A {2000 + pid} randomized trial of {pid}00 patients with heart failure",
        short=f"the {2000 + pid} randomized trial", noun="randomized trial", is_review=False, design=design, n=pid * 100,
        relevance=score, stance=stance, stance_confidence=0.9, stance_sentence=2, evidence=[evidence],
    )  # fmt: skip


def test_the_sentence_after_a_yes_comes_from_a_paper_that_points_yes_even_when_the_best_ranked_points_no():
    papers = [findings(1, "no", NO_BODIES[0], 0.95)] + [findings(i + 2, "yes", b, 0.6 - i / 20) for i, b in enumerate(YES_BODIES)]
    draft = write_article(make_plan(QUESTION), papers)
    assert draft.verdict == "yes"
    verdict, carrier, contrast = draft.direct_answer[:3]
    assert verdict.kind == "verdict" and verdict.text.startswith("Mostly yes: 4 of the 5 studies")
    assert set(verdict.cites) == {2, 3, 4, 5}
    assert carrier.cites[0] in {2, 3, 4, 5} and "reduced all-cause mortality" in carrier.text
    assert contrast.cites == [1] and contrast.text.startswith("In contrast, ")


def test_a_no_verdict_is_carried_by_a_finding_that_points_no():
    papers = [findings(1, "yes", YES_BODIES[0], 0.95, "cohort")] + [findings(i + 2, "no", b, 0.5) for i, b in enumerate(NO_BODIES)]
    papers.append(findings(9, "no", "propranolol did not lower mortality after admission for heart failure.", 0.4))
    draft = write_article(make_plan(QUESTION), papers)
    assert draft.verdict == "no"
    assert draft.direct_answer[0].text.startswith("Mostly no:")
    assert draft.direct_answer[1].cites[0] in {2, 3, 9}


@pytest.mark.parametrize("seed", range(6))
def test_an_inverted_lead_is_impossible_whatever_ranks_first(seed):
    rng = random.Random(seed)
    bodies = [(b, "yes") for b in YES_BODIES] + [(b, "no") for b in NO_BODIES]
    papers = [findings(i + 1, stance, body, rng.random()) for i, (body, stance) in enumerate(rng.sample(bodies, rng.randint(3, 6)))]
    draft = write_article(make_plan(QUESTION), papers)
    stance = {p.paper_id: p.stance for p in papers}
    assert draft.verdict != "insufficient", "every paper tests the claim"
    if draft.verdict in {"yes", "no"}:
        assert all(stance[pid] == draft.verdict for pid in draft.direct_answer[0].cites)
        assert stance[draft.direct_answer[1].cites[0]] == draft.verdict


def test_papers_that_do_not_test_the_claim_give_not_enough_evidence_not_a_guess():
    papers = [findings(i + 1, "neither", b, 0.5) for i, b in enumerate(YES_BODIES[:3])]
    draft = write_article(make_plan(QUESTION), papers)
    assert draft.verdict == "insufficient"
    assert draft.direct_answer[0].kind == "note" and draft.direct_answer[0].text.startswith("There is not enough evidence")


def test_a_finding_names_its_design_size_and_population():
    papers = [findings(i + 2, "yes", b, 0.6) for i, b in enumerate(YES_BODIES)]
    text = " ".join(s.text for s in write_article(make_plan(QUESTION), papers).sentences())
    assert re.search(r"randomized trial of [2-5]00 patients with heart failure (?:found|reported|showed) that", text)

