"""The verdict model: two standardised multinomial logistic regressions stored as plain arrays (no pickle).

The first reads the claim against its best evidence sentences in embedding space; its three
probabilities join the hand-made cues (overlap, negation, direction, numbers) in the second, which
gives the verdict.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

LABELS = ("support", "contradict", "nei")
ARTIFACT = Path(__file__).resolve().parent / "model" / "verdict.npz"


@dataclass
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # [labels, features]
    intercept: np.ndarray  # [labels]

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Rows of P(support), P(contradict), P(nei)."""
        logits = ((np.atleast_2d(features) - self.mean) / self.scale) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)


@dataclass
class VerdictModel:
    reading: Logistic  # on the claim-evidence embedding interactions
    verdict: Logistic  # on the cues plus the reading's probabilities

    def probabilities(self, cues: np.ndarray, interactions: np.ndarray) -> np.ndarray:
        """Rows of P(support), P(contradict), P(nei) for rows of cues and their interactions."""
        reading = self.reading.probabilities(interactions)
        return self.verdict.probabilities(np.hstack([np.atleast_2d(cues), reading]))

    def save(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {f"{part}_{f.name}": getattr(getattr(self, part), f.name) for part in ("reading", "verdict") for f in fields(Logistic)}
        np.savez_compressed(path, **arrays)


@functools.lru_cache(maxsize=1)
def load(path: Path = ARTIFACT) -> VerdictModel:
    with np.load(path, allow_pickle=False) as data:
        parts = {part: Logistic(*(data[f"{part}_{f.name}"] for f in fields(Logistic))) for part in ("reading", "verdict")}
    return VerdictModel(**parts)
