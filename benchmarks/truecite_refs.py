"""TrueCite references on HALLMARK dev_public: F1 for detecting hallucinated entries, false-positive rate on
valid ones, detection rate per hallucination type, and references checked per second.

The catalog (var/bench/truecite-refs, kept between runs) holds hallmark/valid_entries.jsonl, the VALID
entries of dev_public (the `hallmark` importer skips the others) and the demo catalog (shared catalog/
and SciFact). The HALLMARK entries are indexed for fuzzy title search; the demo catalog is imported without
the embedding pass (hours on a busy two-core machine), so it is found by identifier and exact title.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("WISPAPER_SHARED_DATA", ROOT.parent / "shared" / "data"))
HALLMARK = SHARED_DATA / "hallmark"
DEV = HALLMARK / "dev_public.jsonl"
DATA_DIR = Path(os.environ.get("TRUECITE_BENCH_REFS_DIR", ROOT / "var" / "bench" / "truecite-refs"))


def manage(*args: str, eager: bool = True) -> str:
    env = {**os.environ, "WISPAPER_DATA_DIR": str(DATA_DIR), "CELERY_TASK_ALWAYS_EAGER": "1" if eager else "0"}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def build_catalog() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("import_papers", str(HALLMARK / "valid_entries.jsonl"), str(DEV), "--format", "hallmark")
    demo = [p for p in (SHARED_DATA / "catalog", SHARED_DATA / "scifact" / "corpus.jsonl.gz") if p.exists()]
    if demo:
        manage("import_papers", *map(str, demo), "--no-index", eager=False)


def run() -> None:
    if not DEV.exists():
        print(f"skipped: HALLMARK is not at {HALLMARK}")
        return
    build_catalog()
    gold = {entry["bibtex_key"]: entry for entry in map(json.loads, DEV.read_text(encoding="utf-8").splitlines())}
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "verdicts.jsonl"
        started = time.monotonic()
        manage("truecite_refs", "--input", str(DEV), "--out", str(out))
        seconds = time.monotonic() - started
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
    print(f"| {'metric':28} | {'value':>7} |")
    print(f"|{'-' * 30}|{'-' * 9}|")
    print(f"| {'hallucination F1':28} | {2 * precision * recall / max(1e-9, precision + recall):7.3f} |")
    print(f"| {'precision':28} | {precision:7.3f} |")
    print(f"| {'recall (detection rate)':28} | {recall:7.3f} |")
    print(f"| {'false-positive rate (valid)':28} | {fp / max(1, fp + tn):7.3f} |")
    print(f"| {'references checked per second':28} | {len(rows) / seconds:7.1f} |  (includes process start)")
    print()
    print(f"| {'hallucination type':24} | {'detected':>12} |")
    print(f"|{'-' * 26}|{'-' * 14}|")
    for kind in sorted(totals):
        print(f"| {kind:24} | {detected[kind]:4}/{totals[kind]:<4} {detected[kind] / totals[kind]:4.0%} |")
    print()
    print("verdicts: " + ", ".join(f"{label} {verdict} {n}" for (label, verdict), n in sorted(verdicts.items())))


if __name__ == "__main__":
    run()
