"""Fine-tune the Deep Search reranker on judged questions, and choose how much its score counts.

Each training question gives its relevant papers as positives and the best-ranked non-relevant papers of
Deep Search's own top candidates as negatives: the near misses the reranker exists to push down. A seeded
share of the questions is held out; on them the rerank weight is chosen by nDCG@10 of the final order.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from benchmarks.search_quality import ndcg_at

from . import reranker
from .rank import reranked_score

NEGATIVES = 3
EPOCHS = 2
LEARNING_RATE = 3e-5
HEAD_LEARNING_RATE = 1e-3
WARMUP_SHARE = 0.1


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    relevant: frozenset[str]  # source ids of the papers judged relevant
    ranked: list[tuple[str, float]]  # Deep Search's candidates without reranking: (source id, score), best first


@dataclass(frozen=True)
class Example:
    question: str
    passage: str
    label: float


def split(questions: list[Question], held_out: float, seed: int = 0) -> tuple[list[Question], list[Question]]:
    """A seeded (training, held-out) split by question."""
    order = sorted(questions, key=lambda q: q.id)
    random.Random(seed).shuffle(order)
    cut = round(len(order) * (1 - held_out))
    return order[:cut], order[cut:]


def examples(questions: list[Question], passages: dict[str, str], depth: int, negatives: int = NEGATIVES) -> list[Example]:
    """Every relevant paper as a positive, and the `negatives` best-ranked non-relevant of the top `depth`."""
    found = []
    for q in questions:
        found += [Example(q.text, passages[s], 1.0) for s in sorted(q.relevant) if s in passages]
        near_misses = [s for s, _ in q.ranked[:depth] if s not in q.relevant and s in passages][:negatives]
        found += [Example(q.text, passages[s], 0.0) for s in near_misses]
    return found


def fit(training: list[Example], *, epochs: int = EPOCHS, batch_size: int = reranker.BATCH_SIZE, seed: int = 0,
        progress: Callable[[int, int, float], None] | None = None):
    """Fine-tune a fresh cross-encoder with binary cross-entropy (AdamW, linear warm-up then decay)."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    torch.manual_seed(seed)
    torch.set_num_threads(os.cpu_count() or 1)
    model = reranker.build()
    tuned = reranker.trainable(model)
    for name, parameter in model.named_parameters():
        parameter.requires_grad_(name in tuned)
    optimizer = torch.optim.AdamW(
        [{"params": [p for n, p in tuned.items() if not n.startswith("head.")], "lr": LEARNING_RATE},
         {"params": list(model.head.parameters()), "lr": HEAD_LEARNING_RATE}],
        weight_decay=0.01,
    )
    steps = epochs * -(-len(training) // batch_size)
    schedule = get_linear_schedule_with_warmup(optimizer, int(WARMUP_SHARE * steps), steps)
    loss_of = torch.nn.BCEWithLogitsLoss()
    shuffler, step = random.Random(seed), 0
    model.train()
    for _ in range(epochs):
        order = list(training)
        shuffler.shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            scores = model([e.question for e in batch], [e.passage for e in batch])
            loss = loss_of(scores, torch.tensor([e.label for e in batch]))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            step += 1
            if progress:
                progress(step, steps, loss.item())
    return model.eval()


def reranked(ranked: list[tuple[str, float]], logits: np.ndarray, weight: float) -> list[str]:
    """The candidates' order once the top len(logits) get weight x their reranker score added."""
    scored = [
        (s, reranked_score(score, float(logits[i]), weight) if i < len(logits) else score)
        for i, (s, score) in enumerate(ranked)
    ]
    return [s for s, _ in sorted(scored, key=lambda item: -item[1])]


def weight_table(held: list[Question], logits: dict[str, np.ndarray], weights: list[float]) -> dict[float, float]:
    """Held-out nDCG@10 (as the benchmarks compute it) for each rerank weight (0: without the reranker)."""
    return {
        w: float(np.mean([ndcg_at(reranked(q.ranked, logits[q.id], w), dict.fromkeys(q.relevant, 1)) for q in held]))
        for w in weights
    }
