"""Study design reading (search.reading.design) against 150 hand-labelled catalog papers (tests/data/design_labels.jsonl):
accuracy on the held-out half (never used to tune the rules), on the tuned half and on all, a confusion summary
and reading speed.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "design_labels.jsonl"


def run() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wispaper.settings")
    django.setup()
    from search.reading.design import read_design

    rows = [json.loads(line) for line in LABELS.read_text().splitlines()]
    started = time.perf_counter()
    read = [read_design(r["title"], r["abstract"], r["publication_types"], r["keywords"]).design.value for r in rows]
    per_paper_ms = (time.perf_counter() - started) * 1000 / len(rows)
    print(f"{'split':<10}{'papers':>8}{'accuracy':>10}")
    for name, keep in (("held-out", "heldout"), ("tuned", "tune"), ("all", None)):
        pairs = [(r["design"], got) for r, got in zip(rows, read) if keep in (None, r["split"])]
        print(f"{name:<10}{len(pairs):>8}{sum(a == b for a, b in pairs) / len(pairs):>10.3f}")
    print(f"reading speed: {per_paper_ms:.2f} ms per paper")
    print("\nconfusion (hand label -> read as: count), all 150:")
    confusions = Counter((r["design"], got) for r, got in zip(rows, read) if r["design"] != got)
    for (label, got), count in confusions.most_common():
        print(f"  {label:<20} -> {got:<20} {count}")
    print("\nper design (hand label: read correctly / labelled):")
    totals, hits = Counter(r["design"] for r in rows), Counter(r["design"] for r, got in zip(rows, read) if r["design"] == got)
    for label, total in totals.most_common():
        print(f"  {label:<20} {hits[label]:>3} / {total}")


if __name__ == "__main__":
    run()
