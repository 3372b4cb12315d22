"""Each abstract sentence's role (background, objective, methods, results, conclusions), labels taken out.

A structured abstract labels the first sentence of each section, so a label's role holds until the next
label. Where no label says, a linear-chain CRF reads each sentence's words, its neighbours' words and its
place in the abstract, and its Viterbi path keeps the roles in the order abstracts are written in. Labels
constrain that path rather than replace it, so a "METHODS AND RESULTS" section is split between its two
roles by the model. The model was trained by role_training on the catalog's structured abstracts and
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
CONTEXT_WEIGHT = 0.5  # of the neighbours' words against the sentence's own
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
    coef: np.ndarray  # [roles, features]
    intercept: np.ndarray  # [roles]
    transitions: np.ndarray  # score of a role following a role [roles, roles]
    start: np.ndarray  # score of a role opening the abstract [roles]

    @functools.cached_property
    def vectorizer(self) -> TfidfVectorizer:
        vectorizer = text_vectorizer({term: i for i, term in enumerate(self.vocabulary.tolist())})
        vectorizer.idf_ = self.idf
        return vectorizer

    def scores(self, texts: list[str]) -> np.ndarray:
        """[sentences, roles] scores of one abstract's sentences, in order, before transitions count."""
        return np.asarray(abstract_features(self.vectorizer, texts) @ self.coef.T + self.intercept)

    def save(self, path: Path = ARTIFACT) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **{f.name: getattr(self, f.name) for f in fields(self)})


@functools.lru_cache(maxsize=1)
def load(path: Path = ARTIFACT) -> RoleModel:
    with np.load(path, allow_pickle=False) as data:
        return RoleModel(**{f.name: data[f.name] for f in fields(RoleModel)})


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
    """Rows of one abstract's sentences: own words, the previous and next sentences' words, and position."""
    words = vectorizer.transform(texts)
    nothing = sparse.csr_matrix((1, words.shape[1]), dtype=words.dtype)
    previous = sparse.vstack([nothing, words[:-1]])
    following = sparse.vstack([words[1:], nothing])
    return sparse.hstack([words, CONTEXT_WEIGHT * previous, CONTEXT_WEIGHT * following, _positions(len(texts))]).tocsr()


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
