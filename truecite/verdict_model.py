"""The verdict model: a standardised multinomial logistic regression stored as plain arrays (no pickle)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("support", "contradict", "nei")
ARTIFACT = Path(__file__).resolve().parent / "model" / "verdict.npz"


@dataclass
class VerdictModel:
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

    def save(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, mean=self.mean, scale=self.scale, coef=self.coef, intercept=self.intercept)


@functools.lru_cache(maxsize=1)
def load(path: Path = ARTIFACT) -> VerdictModel:
    with np.load(path, allow_pickle=False) as data:
        return VerdictModel(data["mean"], data["scale"], data["coef"], data["intercept"])
