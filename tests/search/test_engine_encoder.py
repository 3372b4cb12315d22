"""The encoder: unit vectors, and a query encoded alone equals the same text encoded in a batch."""

from __future__ import annotations

import numpy as np
import pytest

from search.engine import encoder

pytestmark = pytest.mark.slow


def test_vectors_are_unit_length_rows():
    vectors = encoder.encode(["Metformin and cancer.", "Zebrafish fin regeneration."])
    assert vectors.shape == (2, encoder.DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_query_vector_matches_the_batch_vector_of_the_same_text():
    text = "Does metformin reduce the risk of cancer in people with type 2 diabetes?"
    query = encoder.encode_query(text)
    assert query.shape == (encoder.DIMENSIONS,)
    assert float(query @ encoder.encode([text])[0]) > 0.999


def test_a_text_longer_than_the_model_window_is_truncated_not_rejected():
    assert encoder.encode_query("cancer " * 2000).shape == (encoder.DIMENSIONS,)


def test_no_texts_give_an_empty_matrix():
    assert encoder.encode([]).shape == (0, encoder.DIMENSIONS)
