"""Plain-text reference lists in CSL styles, half exact and half altered, checked against the catalog.

Run by benchmarks.truecite_refs (`make bench`) with WISPAPER_DATA_DIR set to its catalog; see its docstring
for what is measured on what.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import textwrap
import time
from collections import Counter
from dataclasses import dataclass

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wispaper.settings")
django.setup()

from search.models import Paper  # noqa: E402
from truecite.compare import title_key, venues_agree  # noqa: E402
from truecite.refparse import parse_references  # noqa: E402
from truecite.references import check_reference  # noqa: E402
from truecite.refstyles import REPORTED_STYLES, UNSEEN_STYLES, csl_item, render, with_issue_details  # noqa: E402

SEED = 15
# The tagger's training sources (truecite/reftagger_training.py) and two it never saw.
PARTS = {
    "tune (S2ORC + PTSD, the tagger's own sources)": ("s2orc", "schoot-lgmm-ptsd-included-1"),
    "report (PubMed immunotherapy + HALLMARK CS)": ("pubmed", "hallmark"),
}
PAPERS_PER_STYLE = 200
ALTERATIONS = ("fabricated title", "wrong authors", "wrong year", "wrong journal", "wholly invented")
# The field whose check should catch each alteration ("wholly invented": not found at all).
CAUGHT_BY = {"fabricated title": "title", "wrong authors": "authors", "wrong year": "year", "wrong journal": "venue"}
NUMBERED = {"nlm-citation-sequence", "american-medical-association", "ieee", "nature", "bmj"}
WRAP = 100
SHOWN_MISSES = 8


@dataclass
class Case:
    style: str
    alteration: str  # "" for an exact reference
    outcome: str = ""  # verified, mismatch, not_found, or "unread" when the list lost the entry
    caught_by_field: bool = False
    written: str = ""  # the reference as pasted
    why: str = ""  # the differences found

    @property
    def missed(self) -> bool:
        return (self.outcome == "verified") == bool(self.alteration)


def main() -> None:
    rng = random.Random(SEED)
    styles = {**REPORTED_STYLES, **{f"{name} (unseen)": csl for name, csl in UNSEEN_STYLES.items()}}
    for part, sources in PARTS.items():
        papers = _sample(sources, rng)
        if len(papers) < PAPERS_PER_STYLE:
            print(f"skipped {part}: {len(papers)} papers with authors, year and venue in the catalog")
            continue
        started = time.monotonic()
        cases = [case for name, style in styles.items() for case in _check_style(name, style, papers, rng)]
        _print(part, cases, styles, time.monotonic() - started)


def _sample(sources: tuple[str, ...], rng: random.Random) -> list[Paper]:
    papers = []
    for source in sources:
        usable = [
            p for p in Paper.objects.filter(source=source, year__isnull=False).exclude(venue="").order_by("id")
            if p.authors and len(title_key(p.title).split()) >= 3
        ]
        papers.extend(rng.sample(usable, min(len(usable), PAPERS_PER_STYLE // len(sources))))
    return papers


def _check_style(name: str, style: str, papers: list[Paper], rng: random.Random) -> list[Case]:
    """Every paper of the sample once in the style, half of them altered, pasted as one list."""
    order = rng.sample(papers, len(papers))
    items = [with_issue_details(csl_item(p), rng) for p in order]
    cases, written = [], []
    for i, item in enumerate(items):
        alteration = "" if i % 2 == 0 else ALTERATIONS[(i // 2) % len(ALTERATIONS)]
        cases.append(Case(name, alteration))
        written.append(_altered(item, alteration, items, rng) if alteration else item)
    references = parse_references(_pasted(render(written, style), numbered=style in NUMBERED))
    for case, reference in zip(cases, references if len(references) == len(cases) else []):
        verdict = check_reference(reference)
        case.outcome = verdict.verdict
        case.written = reference.raw
        case.why = "; ".join(f"{d.field}: {d.note} ({d.cited!r} / {d.found!r})" for d in verdict.differences)
        case.caught_by_field = CAUGHT_BY.get(case.alteration) in verdict.mismatched_fields or (
            case.alteration == "wholly invented" and verdict.verdict == "not_found"
        )
    for case in cases:
        case.outcome = case.outcome or "unread"
    return cases


def _pasted(references: list[str], *, numbered: bool) -> str:
    if not numbered:
        return "\n".join(references)
    wrapped = (textwrap.fill(f"{n}. {text}", WRAP, break_long_words=False, break_on_hyphens=False) for n, text in enumerate(references, start=1))
    return "\n".join(wrapped)


def _altered(item: dict, alteration: str, items: list[dict], rng: random.Random) -> dict:
    other = lambda: rng.choice([i for i in items if i is not item])  # noqa: E731
    if alteration == "fabricated title":
        return {**item, "title": _changed_title(item["title"], other()["title"], rng)}
    if alteration == "wrong authors":
        first = item["author"][0]
        donors = [i for i in items if i["author"][0].get("family") != first.get("family")]
        return {**item, "author": rng.choice(donors)["author"]}
    if alteration == "wrong year":
        year = item["issued"]["date-parts"][0][0]
        shift = rng.choice([-3, -2, -1, 1, 2])
        wrong = year + shift if year + shift <= dt.date.today().year else year - abs(shift)
        return {**item, "issued": {"date-parts": [[wrong]]}}
    if alteration == "wrong journal":
        venues = [i["container-title"] for i in items if not venues_agree(i["container-title"], item["container-title"])]
        return {**item, "container-title": rng.choice(venues)}
    invented = {key: value for key, value in item.items() if key not in ("DOI", "PMID", "PMCID", "URL", "number")}
    first, second = other()["title"].split(), other()["title"].split()
    invented.update(
        title=" ".join(first[: len(first) // 2] + second[len(second) // 2 :]),
        author=other()["author"],
        **{"container-title": other()["container-title"], "issued": {"date-parts": [[rng.randint(1995, 2023)]]}},
    )
    return invented


def _changed_title(title: str, donor: str, rng: random.Random) -> str:
    """The title with one word (two in a long title) replaced by a word of another title, as fabricated
    near-miss titles look."""
    words = title.split()
    replaceable = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    spare = [w for w in donor.split() if len(w) >= 5 and w.isalpha() and w.lower() not in title.lower()] or ["Revisited"]
    for i in rng.sample(replaceable, min(len(replaceable), 1 + (len(words) > 12))) or [len(words)]:
        words[i:i + 1] = [rng.choice(spare)]
    return " ".join(words)


def _print(part: str, cases: list[Case], styles: dict[str, str], seconds: float) -> None:
    print(f"\nPlain-text styles, {part}: {len(cases)} references, {len(cases) / seconds:.0f} checked per second")
    print("exact = verified; altered = flagged (mismatch or not found); in brackets, flagged by the altered field")
    header = f"| {'style':30} | {'exact':>7} | {'altered':>7} | " + " | ".join(f"{a:>16}" for a in ALTERATIONS) + " |"
    print(header)
    print("|" + "|".join("-" * len(cell) for cell in header.split("|")[1:-1]) + "|")
    rows = [(name, [c for c in cases if c.style == name]) for name in styles]
    rows.append(("all styles", cases))
    for name, chosen in rows:
        exact = [c for c in chosen if not c.alteration]
        altered = [c for c in chosen if c.alteration]
        cells = [f"{_share(sum(c.outcome == 'verified' for c in exact), len(exact)):>7}",
                 f"{_share(sum(c.outcome != 'verified' for c in altered), len(altered)):>7}"]
        for alteration in ALTERATIONS:
            kind = [c for c in altered if c.alteration == alteration]
            flagged = sum(c.outcome != "verified" for c in kind)
            cells.append(f"{_share(flagged, len(kind)):>7} ({_share(sum(c.caught_by_field for c in kind), len(kind)):>6})")
        print(f"| {name:30} | " + " | ".join(cells) + " |")
    outcomes = Counter((bool(c.alteration), c.outcome) for c in cases)
    print("outcomes: " + ", ".join(f"{'altered' if altered else 'exact'} {outcome} {n}" for (altered, outcome), n in sorted(outcomes.items())))
    misses = [c for c in cases if c.missed]
    print(f"the first {min(SHOWN_MISSES, len(misses))} of {len(misses)} misses:")
    for case in misses[:SHOWN_MISSES]:
        print(f"  [{case.style}, {case.alteration or 'exact'} -> {case.outcome}] {case.written[:300]}\n      {case.why[:300]}")


def _share(count: int, total: int) -> str:
    return f"{count / total:.1%}" if total else "—"


if __name__ == "__main__":
    main()
