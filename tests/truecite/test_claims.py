"""The claim check finds the evidence sentences of a cited paper and gives a verdict (loads MiniLM)."""

import pytest

from search.models import Paper
from truecite.claims import check_claim
from truecite.verdict_model import LABELS, load

pytestmark = pytest.mark.slow


def test_a_restated_finding_is_supported_with_its_evidence_sentence_first(catalog):
    result = check_claim("Metformin use is associated with a lower risk of cancer.", catalog["metformin"])
    assert result.verdict == "support"
    assert result.evidence[0].index == 1
    assert 0 < result.confidence <= 1
    assert [e.score for e in result.evidence] == sorted((e.score for e in result.evidence), reverse=True)


def test_an_unrelated_claim_is_not_enough_information(catalog):
    result = check_claim("Vitamin D supplements prevent hip fractures in nursing home residents.", catalog["attention"])
    assert result.verdict == "nei"


def test_a_paper_without_abstract_gives_no_verdict_beyond_nei(db):
    result = check_claim("Anything at all.", Paper(title="No abstract"))
    assert (result.verdict, result.evidence) == ("nei", [])


def test_the_committed_model_gives_a_distribution_over_the_three_verdicts():
    model = load()
    probabilities = model.probabilities(model.verdict.mean[:-len(LABELS)], model.reading.mean)[0]
    assert len(probabilities) == len(LABELS)
    assert abs(probabilities.sum() - 1) < 1e-6
