"""TrueCite references, two ways.

HALLMARK dev_public: F1 for detecting hallucinated entries, false-positive rate on valid ones, detection rate
per hallucination type, and references checked per second.

Plain-text styles: catalog papers written as references in CSL styles (citeproc-py, truecite/refstyles.py),
half exactly and half altered (fabricated title, wrong authors, wrong year, wrong journal, wholly invented),
each style's list pasted as one text, as a user would: numbered styles numbered and wrapped at 100
characters, author-date styles one reference a line. The reference tagger learnt from the S2ORC, PTSD and
arXiv samples (truecite/reftagger_training.py), and every choice made in the parser was made on them; the tables are
printed for that tuning part and for the report part it never saw (the PubMed immunotherapy papers and
HALLMARK's CS entries), with three more styles the tagger never saw.

The catalog (var/bench/truecite-refs, kept between runs) holds hallmark/valid_entries.jsonl, the VALID
entries of dev_public (the `hallmark` importer skips the others) and the demo catalog (shared catalog/
and SciFact). It is imported without the search index: embedding 20,000 abstracts takes hours on a busy
two-core machine, and the reference check finds papers by identifier, exact title and first author + year
in the database; the fuzzy title search only adds candidates when an index exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import re
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("WISPAPER_SHARED_DATA", ROOT.parent / "shared" / "data"))
HALLMARK = SHARED_DATA / "hallmark"
DEV = HALLMARK / "dev_public.jsonl"
DATA_DIR = Path(os.environ.get("TRUECITE_BENCH_REFS_DIR", ROOT / "var" / "bench" / "truecite-refs"))


def manage(*args: str) -> str:
    # No eager tasks and no worker: the indexing task an import enqueues just waits in this folder's queue.
    env = {**os.environ, "WISPAPER_DATA_DIR": str(DATA_DIR), "CELERY_TASK_ALWAYS_EAGER": "0"}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def build_catalog() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("import_papers", str(HALLMARK / "valid_entries.jsonl"), str(DEV), "--format", "hallmark", "--no-index")
    demo = [p for p in (SHARED_DATA / "catalog", SHARED_DATA / "scifact" / "corpus.jsonl.gz") if p.exists()]
    if demo:
        manage("import_papers", *map(str, demo), "--no-index")


def run() -> None:
    hallmark()
    plain_styles()


def hallmark() -> None:
    if not DEV.exists():
        print(f"skipped: HALLMARK is not at {HALLMARK}")
        return
    build_catalog()
    gold = {entry["bibtex_key"]: entry for entry in map(json.loads, DEV.read_text(encoding="utf-8").splitlines())}
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "verdicts.jsonl"
        printed = manage("truecite_refs", "--input", str(DEV), "--out", str(out))
        seconds = float(re.search(r"checked in ([\d.]+) s", printed).group(1))
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    tp = fp = fn = tn = 0
    detected: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    for row in rows:
        entry = gold[row["key"]]
        flagged = row["verdict"] != "verified"
        verdicts[(entry["label"], row["verdict"])] += 1
        if entry["label"] == "HALLUCINATED":
            kind = entry.get("hallucination_type") or "unknown"
            totals[kind] += 1
            detected[kind] += flagged
            tp, fn = tp + flagged, fn + (not flagged)
        else:
            fp, tn = fp + flagged, tn + (not flagged)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"HALLMARK dev_public: {len(rows)} entries ({tp + fn} hallucinated, {fp + tn} valid); flagged = mismatch or not_found")
    print(f"| {'metric':30} | {'value':>7} |")
    print(f"|{'-' * 32}|{'-' * 9}|")
    print(f"| {'hallucination F1':30} | {2 * precision * recall / max(1e-9, precision + recall):7.3f} |")
    print(f"| {'precision':30} | {precision:7.3f} |")
    print(f"| {'recall (detection rate)':30} | {recall:7.3f} |")
    print(f"| {'false-positive rate (valid)':30} | {fp / max(1, fp + tn):7.3f} |")
    print(f"| {'references checked per second':30} | {len(rows) / max(seconds, 1e-9):7.1f} |")
    print()
    print(f"| {'hallucination type':24} | {'detected':>9} | {'rate':>5} |")
    print(f"|{'-' * 26}|{'-' * 11}|{'-' * 7}|")
    for kind in sorted(totals):
        print(f"| {kind:24} | {detected[kind]:>4}/{totals[kind]:<4} | {detected[kind] / totals[kind]:5.0%} |")
    print()
    print("verdicts: " + ", ".join(f"{label} {verdict} {n}" for (label, verdict), n in sorted(verdicts.items())))


def plain_styles() -> None:
    """Run after hallmark(), which builds the catalog."""
    if not DEV.exists() or not (SHARED_DATA / "catalog").exists():
        print(f"skipped: HALLMARK or the shared catalog is not under {SHARED_DATA}")
        return
    env = {**os.environ, "WISPAPER_DATA_DIR": str(DATA_DIR), "CELERY_TASK_ALWAYS_EAGER": "0"}
    subprocess.run([sys.executable, "-m", "benchmarks.truecite_refs_styles"], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    run()
