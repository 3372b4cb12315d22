"""What a reader sees of an article's verdict, its evidence and TrueCite's meaning checks, shaped for the templates."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from search.models import StudyType

from .models import Article, ArticleSource

# The bar is drawn in twentieths: static/css/qa.css has a .share-1 … .share-20 class for each width,
# because the page's content security policy allows no inline style.
SHARE_STEPS = 20
DESIGN_ORDER = {value: position for position, value in enumerate(StudyType.values)}
# How many papers point each way, said with the verb agreeing with the count (one, many).
STANCE_PHRASES = {
    "yes": ("points yes", "point yes"),
    "no": ("points no", "point no"),
    "neither": ("doesn't test it", "don't test it"),
}
# A sample counts people in these designs; pooled, animal, laboratory and model studies count other things.
COUNTS_PARTICIPANTS = frozenset(
    {"randomized_trial", "nonrandomized_trial", "cohort", "case_control", "cross_sectional", "case_report"}
)
CHECK_NAMES = (("numbers", "Numbers"), ("roles", "Roles"), ("settings", "Settings"), ("direction", "Direction"))


def design_label(value: str) -> str:
    """The reader's name for a design value; a value this code does not know yet is shown as it is."""
    if value in DESIGN_ORDER:
        return StudyType(value).label
    return value or "Design not read"


@dataclass(frozen=True)
class DesignCount:
    label: str
    count: int

    def __str__(self) -> str:
        return f"{self.label} ({self.count})"


@dataclass(frozen=True)
class StanceShare:
    stance: str  # yes, no or neither
    designs: tuple[DesignCount, ...]
    share: int  # the twentieths of the bar it takes, at least one

    @property
    def count(self) -> int:
        return sum(d.count for d in self.designs)

    @property
    def phrase(self) -> str:
        one, many = STANCE_PHRASES[self.stance]
        return f"{self.count} {one if self.count == 1 else many}"

    @property
    def designs_text(self) -> str:
        return ", ".join(str(d) for d in self.designs)


@dataclass(frozen=True)
class Meter:
    verdict: str
    label: str
    stances: tuple[StanceShare, ...]  # only the stances at least one paper takes, yes first

    @property
    def total(self) -> int:
        return sum(s.count for s in self.stances)


def _designs(values: list[str]) -> tuple[DesignCount, ...]:
    # Strongest designs first, in StudyType's order; designs it does not know come last.
    counted = sorted(Counter(values).items(), key=lambda item: (DESIGN_ORDER.get(item[0], len(DESIGN_ORDER)), item[0]))
    return tuple(DesignCount(design_label(value), count) for value, count in counted)


def verdict_meter(article: Article) -> Meter | None:
    """The verdict and how the on-topic papers split behind it; None for an open question."""
    if not article.verdict:
        return None
    breakdown = article.breakdown or {}
    total = sum(len(breakdown.get(stance) or []) for stance in STANCE_PHRASES)
    stances = tuple(
        StanceShare(stance, _designs(designs), max(1, round(SHARE_STEPS * len(designs) / total)))
        for stance in STANCE_PHRASES
        if (designs := breakdown.get(stance) or [])
    )
    return Meter(article.verdict, article.get_verdict_display(), stances)


def _check_text(name: str, passed: int, checked: int) -> str:
    if name == "numbers":
        return f"{passed} of {checked} appear in their sources"
    if name == "roles" and passed == checked:
        return "findings only"
    if name == "roles":
        return f"{passed} of {checked} cite findings"
    return f"{passed} of {checked}"


def meaning_checks(checks: dict) -> list[str]:
    """One phrase per meaning check TrueCite ran ("Numbers: 12 of 12 appear in their sources"); checks with
    nothing to check are left out."""
    phrases = []
    for name, title in CHECK_NAMES:
        passed, checked = checks.get(name) or (0, 0)
        if checked:
            phrases.append(f"{title}: {_check_text(name, passed, checked)}")
    return phrases


def source_facts(source: ArticleSource) -> str:
    """A source's design and size, as "Randomized trial · 945 participants"."""
    facts = [design_label(source.design)] if source.design else []
    if source.n is not None and source.design in COUNTS_PARTICIPANTS:
        facts.append(f"{source.n:,} participant{'' if source.n == 1 else 's'}")
    elif source.n is not None:
        facts.append(f"n = {source.n:,}")
    return " · ".join(facts)
