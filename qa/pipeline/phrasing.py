"""Counting papers in words: "one study", "3 studies", "2 randomized trials and a cohort study"."""

from __future__ import annotations

from collections import Counter

from search.models import StudyType
from search.reading.design import DESIGN_NOUNS

NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}


def number(n: int) -> str:
    return NUMBERS.get(n, str(n))


def plural(noun: str) -> str:
    """"cohort study" → "cohort studies", "study in animals" → "studies in animals", "meta-analysis" → "meta-analyses"."""
    head, _, rest = noun.partition(" in ")
    if head.endswith("study"):
        head = head[:-1] + "ies"
    elif head.endswith("sis"):
        head = head[:-2] + "es"
    else:
        head += "s"
    return f"{head} in {rest}" if rest else head


def studies(n: int) -> str:
    return "one study" if n == 1 else f"{number(n)} studies"


def design_noun(design: str) -> str:
    return DESIGN_NOUNS.get(StudyType(design), "study") if design in StudyType.values else "study"


def designs_phrase(designs: list[str]) -> str:
    """The designs of a group of papers, commonest first: "2 randomized trials and a cohort study"."""
    counts = Counter(design_noun(d) for d in designs)
    parts = []
    for noun, count in counts.most_common():
        if count == 1:
            parts.append(f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}")
        else:
            parts.append(f"{number(count)} {plural(noun)}")
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
