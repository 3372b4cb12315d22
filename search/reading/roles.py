"""Each abstract sentence's role (background, objective, methods, results, conclusions), labels taken out.

A structured abstract labels the first sentence of each section, so a label's role holds until the next
label. Where no label says, a linear-chain CRF reads each sentence's words, the words of the sentences one
and two places away, the mean words of the sentences before it and after it, and its place in the
abstract; its Viterbi path keeps the roles in the order abstracts are written in. Labels constrain that
path rather than replace it, so a "METHODS AND RESULTS" section is split between its two roles by the model. The model was trained by role_training on the catalog's structured abstracts and
ships as plain arrays in model/roles.npz; running it needs numpy and scikit-learn's vectorizer only.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.special import logsumexp
from sklearn.feature_extraction.text import TfidfVectorizer

from search.reading.labels import ROLES, Role, read_labels

ARTIFACT = Path(__file__).resolve().parent / "model" / "roles.npz"
POSITION_BINS = 10
REACH = 16  # sentences averaged on each side: more than most abstracts hold
# Views of the abstract from each sentence: (first, last) offsets of the sentences averaged, and their weight
# against the sentence's own words. Whether an opening sentence is background or objective, or a sentence at
# a section's edge methods, results or conclusions, shows in what surrounds it more than in its own words.
VIEWS: tuple[tuple[int, int, float], ...] = (
    (0, 0, 1.0),  # the sentence itself
    (-1, -1, 0.5),
    (1, 1, 0.5),
    (-2, -2, 0.5),
    (2, 2, 0.5),
    (-REACH, -1, 1.0),  # what came before
    (1, REACH, 1.0),  # what comes after
)
_DIGITS = re.compile(r"\d")
# Words, numbers and the signs of reported statistics; START marks the sentence's opening ("start to …").
TOKEN = r"(?u)\b\w+\b|[%=<>±]"
START = "xxstart "


@dataclass(frozen=True)
class SentenceRole:
    text: str  # the sentence with its labels taken out
    role: Role
    confidence: float  # the model's probability of this role here, given the abstract and its labels
    labelled: bool  # a label names the section the sentence is in


@dataclass
class RoleModel:
    vocabulary: np.ndarray  # word and word-pair terms, in feature order
    idf: np.ndarray  # [terms]
    coef: np.ndarray  # [roles, features]: each view's terms (VIEWS), then the place features
    intercept: np.ndarray  # [roles]
    transitions: np.ndarray  # score of a role following a role [roles, roles]
    start: np.ndarray  # score of a role opening the abstract [roles]

    @functools.cached_property
    def vectorizer(self) -> TfidfVectorizer:
        vectorizer = text_vectorizer({term: i for i, term in enumerate(self.vocabulary.tolist())})
        vectorizer.idf_ = self.idf
        return vectorizer

    @functools.cached_property
    def term_weights(self) -> np.ndarray:
        """[terms, views * roles]: the coefficients of each term in each view."""
        terms = len(self.vocabulary)
        by_view = self.coef[:, : len(VIEWS) * terms].reshape(len(ROLES), len(VIEWS), terms)
        return np.ascontiguousarray(by_view.transpose(2, 1, 0).reshape(terms, len(VIEWS) * len(ROLES)))

    def scores(self, texts: list[str]) -> np.ndarray:
        """[sentences, roles] scores of one abstract's sentences, in order, before transitions count: those of
        abstract_features, summed view by view so that each costs a pass over the sentences, not a matrix."""
        count = len(texts)
        by_view = np.asarray(self.vectorizer.transform(texts) @ self.term_weights).reshape(count, len(VIEWS), len(ROLES))
        total = _positions(count) @ self.coef[:, len(VIEWS) * len(self.vocabulary) :].T + self.intercept
        for number, (first, last, weight) in enumerate(VIEWS):
            total += weight * _window_means(by_view[:, number], first, last)
        return np.asarray(total)

    def save(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {f.name: getattr(self, f.name) for f in fields(self)}
        # Seven views of every term: half precision keeps the file small and changes no role read.
        arrays["coef"] = arrays["coef"].astype(np.float16)
        np.savez_compressed(path, **arrays)


@functools.lru_cache(maxsize=1)
def load(path: Path = ARTIFACT) -> RoleModel:
    with np.load(path, allow_pickle=False) as data:
        arrays = {f.name: data[f.name] for f in fields(RoleModel)}
    arrays["coef"] = arrays["coef"].astype(np.float32)
    return RoleModel(**arrays)


def read_roles(sentences: list[str]) -> list[SentenceRole]:
    """One SentenceRole per sentence, in order."""
    texts, allowed, labelled = [], np.ones((len(sentences), len(ROLES)), dtype=bool), []
    section: tuple[Role, ...] = ()
    for row, sentence in enumerate(sentences):
        reading = read_labels(sentence)
        if reading.leading:
            section = reading.leading.roles
        if section:
            allowed[row] = [role in section for role in ROLES]
        texts.append(reading.text)
        labelled.append(bool(section))
        for label in reading.inner:
            section = label.roles
    guesses = predict(load(), texts, allowed)
    return [SentenceRole(t, role, confidence, lab) for t, (role, confidence), lab in zip(texts, guesses, labelled)]


def predict(model: RoleModel, texts: list[str], allowed: np.ndarray | None = None) -> list[tuple[Role, float]]:
    """(role, confidence) of each sentence of one abstract: the most likely sequence of roles among those
    `allowed` ([sentences, roles] booleans; every role where None)."""
    if not texts:
        return []
    scores = model.scores(texts)
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    path = _viterbi(scores, model.transitions, model.start)
    chances = _marginals(scores, model.transitions, model.start)
    return [(ROLES[r], float(chances[i, r])) for i, r in enumerate(path)]


def text_vectorizer(vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    """Words and word pairs, digits folded to 0 so that "n = 30" and "n = 45" are one term."""
    return TfidfVectorizer(
        vocabulary=vocabulary, preprocessor=_folded, token_pattern=TOKEN, ngram_range=(1, 2), min_df=2,
        sublinear_tf=True, dtype=np.float32,
    )


def abstract_features(vectorizer: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """Rows of one abstract's sentences: the words of each of VIEWS, then position."""
    words = vectorizer.transform(texts)
    every = np.eye(len(texts), dtype=np.float32)
    views = [weight * (sparse.csr_matrix(_window_means(every, first, last)) @ words) for first, last, weight in VIEWS]
    return sparse.hstack([*views, _positions(len(texts))]).tocsr()


def _window_means(rows: np.ndarray, first: int, last: int) -> np.ndarray:
    """Row i: the mean of rows i + first … i + last that exist (zeros where none does), in linear time."""
    count = len(rows)
    sums = np.concatenate([np.zeros((1, *rows.shape[1:]), dtype=rows.dtype), np.cumsum(rows, axis=0)])
    low = np.clip(np.arange(count) + first, 0, count)
    high = np.clip(np.arange(count) + last + 1, 0, count)
    return (sums[high] - sums[low]) / np.maximum(high - low, 1)[:, None]


def _positions(count: int) -> sparse.csr_matrix:
    """One-hot relative position in POSITION_BINS bins, and whether the sentence is the first or the last."""
    rows = np.zeros((count, POSITION_BINS + 2), dtype=np.float32)
    relative = np.arange(count) / max(1, count - 1)
    rows[np.arange(count), np.minimum((relative * POSITION_BINS).astype(int), POSITION_BINS - 1)] = 1.0
    rows[0, POSITION_BINS] = 1.0
    rows[-1, POSITION_BINS + 1] = 1.0
    return sparse.csr_matrix(rows)


def _folded(text: str) -> str:
    return START + _DIGITS.sub("0", text.lower())


def _viterbi(scores: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> list[int]:
    """The best path through [sentences, roles] log scores."""
    best = start + scores[0]
    back = np.zeros(scores.shape, dtype=int)
    for row in range(1, len(scores)):
        candidates = best[:, None] + transitions
        back[row] = candidates.argmax(axis=0)
        best = candidates.max(axis=0) + scores[row]
    path = [int(best.argmax())]
    for row in range(len(scores) - 1, 0, -1):
        path.append(int(back[row, path[-1]]))
    return path[::-1]


def _marginals(scores: np.ndarray, transitions: np.ndarray, start: np.ndarray) -> np.ndarray:
    """[sentences, roles] probability of each role at each sentence over all paths (forward-backward)."""
    forward, backward = np.empty_like(scores), np.zeros_like(scores)
    forward[0] = start + scores[0]
    for row in range(1, len(scores)):
        forward[row] = logsumexp(forward[row - 1][:, None] + transitions, axis=0) + scores[row]
    for row in range(len(scores) - 2, -1, -1):
        backward[row] = logsumexp(transitions + scores[row + 1] + backward[row + 1], axis=1)
    total = forward + backward
    return np.exp(total - logsumexp(total, axis=1, keepdims=True))
