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


def test_fitting_twice_gives_the_same_model():
    rng = np.random.RandomState(0)
    features, labels = rng.rand(60, 5), np.arange(60) % 3
    first, second = training.fit(features, labels), training.fit(features, labels)
    assert np.array_equal(first.coef, second.coef) and np.array_equal(first.intercept, second.intercept)
    assert np.allclose(first.probabilities(features).sum(axis=1), 1)


def test_the_saved_model_loads_back(tmp_path):
    rng = np.random.RandomState(1)
    model = training.fit(rng.rand(30, 4), np.arange(30) % 3)
    model.save(tmp_path / "verdict.npz")
    probe = rng.rand(2, 4)
    assert np.allclose(load(tmp_path / "verdict.npz").probabilities(probe), model.probabilities(probe))


def test_a_flipped_claim_turns_one_word_or_its_negation():
    assert flip_claim("Activation of PPM1D enhances p53 function.") == "Activation of PPM1D reduces p53 function."
    assert flip_claim("Physical activity does not improve cognition.") == "Physical activity does improve cognition."
    assert flip_claim("Headaches are correlated with cognitive impairment.") == "Headaches are not correlated with cognitive impairment."
