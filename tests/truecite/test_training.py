"""The verdict model is trained from SciFact's training claims only, reproducibly."""

import numpy as np

from truecite import training
from truecite.flip import flip_claim
from truecite.verdict_model import load


def test_claim_paper_pairs_carry_the_gold_verdict(shared_data):
    corpus = training.read_corpus(shared_data / "scifact" / "corpus.jsonl.gz")
    pairs = training.scifact_pairs(shared_data / "scifact" / "claims_train.jsonl", corpus)
    labels = {(p.claim_id, p.source_id): p for p in pairs}
    assert labels[(0, "31715818")].label == "nei"
    assert labels[(2, "13734012")].label == "contradict"
    assert labels[(2, "13734012")].rationale == [4]
    assert len(pairs) == 919


def random_features(seed: int, rows: int) -> tuple[training.Features, np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    features = training.Features(cues=rng.rand(rows, 5), interactions=rng.rand(rows, 8))
    return features, np.arange(rows) % 3, np.arange(rows) // 2


def test_fitting_twice_gives_the_same_model():
    features, labels, claims = random_features(0, 60)
    first, second = training.fit(features, labels, claims), training.fit(features, labels, claims)
    for part in ("reading", "verdict"):
        assert np.array_equal(getattr(first, part).coef, getattr(second, part).coef)
        assert np.array_equal(getattr(first, part).intercept, getattr(second, part).intercept)
    assert np.allclose(first.probabilities(features.cues, features.interactions).sum(axis=1), 1)


def test_the_verdict_model_reads_the_interactions_through_the_reading_model():
    features, labels, claims = random_features(2, 60)
    model = training.fit(features, labels, claims)
    assert model.reading.coef.shape == (3, 8)
    assert model.verdict.coef.shape == (3, 5 + 3)


def test_the_saved_model_loads_back(tmp_path):
    features, labels, claims = random_features(1, 30)
    model = training.fit(features, labels, claims)
    model.save(tmp_path / "verdict.npz")
    probe = random_features(3, 2)[0]
    assert np.allclose(
        load(tmp_path / "verdict.npz").probabilities(probe.cues, probe.interactions),
        model.probabilities(probe.cues, probe.interactions),
    )


def test_a_flipped_claim_turns_one_word_or_its_negation():
    assert flip_claim("Activation of PPM1D enhances p53 function.") == "Activation of PPM1D reduces p53 function."
    assert flip_claim("Physical activity does not improve cognition.") == "Physical activity does improve cognition."
    assert flip_claim("Headaches are correlated with cognitive impairment.") == "Headaches are not correlated with cognitive impairment."
