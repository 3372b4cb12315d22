"""On-topic evidence only: a paper enters an article only if it is about what the question is about.

A paper is on topic when it names every focus phrase of the question (the intervention and the condition,
say) in its title, abstract or keywords, itself or through a member of its class (qa.pipeline.classes:
carvedilol for beta blockers). Words decide, not embeddings: MiniLM puts "immune checkpoint inhibitors"
as close to a paper on autoimmune myocarditis in mice (0.38) as "immunotherapy" to one on checkpoint
inhibitors in melanoma (0.39), and "beta blockers" far from carvedilol (0.11).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from search.models import Paper
from truecite.text import content_stems, words

from .classes import members_named
from .plan import Plan

# A paper with this share of the question's content words is on topic even if it words a focus phrase otherwise.
FULL_COVERAGE = 0.75
# An article needs this many on-topic papers; below it the article says the catalog holds too little.
MIN_ON_TOPIC = 2


@dataclass(frozen=True)
class TopicMatch:
    on_topic: bool
    coverage: float
    missing: tuple[str, ...]  # focus phrases the paper does not name


def stems_of(text: str) -> set[str]:
    """Content stems with hyphenated words split too ("beta-blockers" names "beta blockers")."""
    return set(content_stems(text)) | set(content_stems(text.replace("-", " ")))


@dataclass(frozen=True)
class Words:
    """A text's content stems (hyphenated words split too) and its lower-cased words."""

    stems: set[str]
    tokens: set[str]

    @classmethod
    def of(cls, text: str) -> Words:
        return cls(stems_of(text), set(words(text)))


def paper_words(paper: Paper) -> Words:
    return Words.of(f"{paper.title} {paper.abstract} {' '.join(paper.keywords or [])}")


def names(phrase: str, text: Words) -> bool:
    """Whether the text names the phrase: its last content word (the head of "checkpoint inhibitors", the
    thing of "deficiency of folate") and at least half of the others, or a member of the class it is.
    """
    wanted = content_stems(phrase.replace("-", " "))
    if not wanted:
        return True
    others = set(wanted) - {wanted[-1]}
    named = wanted[-1] in text.stems and len(others & text.stems) >= math.ceil(len(others) / 2)
    return named or members_named(phrase, text.tokens)


def _missing(plan: Plan, text: Words) -> tuple[str, ...]:
    """The focus phrases the paper does not name; of a comparison's two options, one is enough."""
    focus = list(plan.focus)
    if plan.kind == "comparison" and len(focus) >= 2:
        options, focus = focus[:2], focus[2:]
        if not any(names(option, text) for option in options):
            return tuple(options)
    return tuple(phrase for phrase in focus if not names(phrase, text))


def match(plan: Plan, paper: Paper) -> TopicMatch:
    text = paper_words(paper)
    concepts = set(content_stems(plan.topic))
    coverage = len(concepts & text.stems) / len(concepts) if concepts else 0.0
    missing = _missing(plan, text)
    on_topic = bool(plan.focus) and not missing or coverage >= FULL_COVERAGE
    return TopicMatch(on_topic=on_topic, coverage=round(coverage, 3), missing=missing)
