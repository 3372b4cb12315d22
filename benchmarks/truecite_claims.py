"""TrueCite claims on SciFact claims_dev (each claim against each paper it cites): 3-way macro-F1,
F1 of support and contradict, support-vs-rest F1, and claim-paper pairs checked per second.

The catalog is the SciFact corpus alone, in var/bench/truecite-scifact (kept between runs). The claim check
reads Paper rows only, so the corpus is imported without building the search index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import re
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("WISPAPER_SHARED_DATA", ROOT.parent / "shared" / "data"))
SCIFACT = SHARED_DATA / "scifact"
DATA_DIR = Path(os.environ.get("TRUECITE_BENCH_SCIFACT_DIR", ROOT / "var" / "bench" / "truecite-scifact"))
LABELS = ("support", "contradict", "nei")
GOLD = {"SUPPORT": "support", "CONTRADICT": "contradict"}


def manage(*args: str) -> str:
    # No eager tasks and no worker: the indexing task an import enqueues just waits in this folder's queue.
    env = {**os.environ, "WISPAPER_DATA_DIR": str(DATA_DIR), "CELERY_TASK_ALWAYS_EAGER": "0"}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def f1(gold: list[str], predicted: list[str], label: str) -> float:
    tp = sum(g == label and p == label for g, p in zip(gold, predicted))
    fp = sum(g != label and p == label for g, p in zip(gold, predicted))
    fn = sum(g == label and p != label for g, p in zip(gold, predicted))
    return 2 * tp / max(1, 2 * tp + fp + fn)


def gold_pairs(claims_path: Path) -> tuple[list[dict], dict[tuple[str, str], str]]:
    inputs, gold = [], {}
    for line in claims_path.read_text(encoding="utf-8").splitlines():
        claim = json.loads(line)
        cited = [str(d) for d in claim["cited_doc_ids"]]
        inputs.append({"id": claim["id"], "claim": claim["claim"], "source_ids": cited})
        for doc_id in cited:
            sets = claim["evidence"].get(doc_id, [])
            gold[(str(claim["id"]), doc_id)] = GOLD[sets[0]["label"]] if sets else "nei"
    return inputs, gold


def run() -> None:
    if not (SCIFACT / "claims_dev.jsonl").exists():
        print(f"skipped: SciFact is not at {SCIFACT}")
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("import_papers", str(SCIFACT / "corpus.jsonl.gz"), "--no-index")
    inputs, gold = gold_pairs(SCIFACT / "claims_dev.jsonl")
    with tempfile.TemporaryDirectory() as work:
        claims_in, verdicts_out = Path(work) / "claims.jsonl", Path(work) / "verdicts.jsonl"
        claims_in.write_text("".join(json.dumps(i) + "\n" for i in inputs), encoding="utf-8")
        printed = manage("truecite_claims", "--input", str(claims_in), "--out", str(verdicts_out))
        seconds = float(re.search(r"checked in ([\d.]+) s", printed).group(1))
        rows = [json.loads(line) for line in verdicts_out.read_text(encoding="utf-8").splitlines()]
    predicted = {(str(r["id"]), r["source_id"]): r["verdict"] for r in rows}
    keys = sorted(gold)
    y_true = [gold[k] for k in keys]
    y_pred = [predicted.get(k, "nei") for k in keys]
    scores = {label: f1(y_true, y_pred, label) for label in LABELS}
    support_vs_rest = f1(["support" if y == "support" else "rest" for y in y_true],
                         ["support" if y == "support" else "rest" for y in y_pred], "support")
    print(f"SciFact claims_dev: {len(keys)} claim-paper pairs ({len(inputs)} claims), verdict model trained on claims_train only")
    print(f"| {'metric':34} | {'value':>7} |")
    print(f"|{'-' * 36}|{'-' * 9}|")
    print(f"| {'3-way macro-F1':34} | {sum(scores.values()) / 3:7.3f} |")
    for label in LABELS:
        print(f"| {'F1 ' + label:34} | {scores[label]:7.3f} |")
    print(f"| {'F1 support vs the other two':34} | {support_vs_rest:7.3f} |")
    print(f"| {'accuracy':34} | {sum(a == b for a, b in zip(y_true, y_pred)) / len(keys):7.3f} |")
    print(f"| {'pairs checked per second':34} | {len(rows) / max(seconds, 1e-9):7.1f} |  (MiniLM on CPU)")


if __name__ == "__main__":
    run()
