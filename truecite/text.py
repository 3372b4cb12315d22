"""Word-level helpers shared by evidence selection and the verdict features."""

from __future__ import annotations

import functools
import re

import Stemmer

WORD = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*", re.IGNORECASE)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself no nor not of off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your yours
    yourself yourselves also may might must shall via per et al""".split()
)


@functools.lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, numbers included."""
    return [w.lower() for w in WORD.findall(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stopwords)."""
    return _stemmer().stemWords([w for w in words(text) if w not in STOPWORDS])


def stemmed(tokens: list[str]) -> list[str]:
    """The stem of every token, in place (stopwords included, so positions still line up)."""
    return _stemmer().stemWords(tokens)
