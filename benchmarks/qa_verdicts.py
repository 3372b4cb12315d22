"""Verdicts on SciFact: each claim asked as "Is it true that …?" over the SciFact catalog, answered by the
pipeline's plan, retrieve, analyze and verdict stages (no writing).

Gold: a claim its evidence supports → yes, contradicts → no, one without evidence → insufficient. The
stance thresholds and the agreement are tuned on claims_train (`python -m benchmarks.qa_verdicts tune`);
`make bench` reports claims_dev, which nothing was fit on. An inverted verdict is yes for a contradicted
claim or no for a supported one.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import time

from benchmarks.qa_grounding import as_question
from benchmarks.search_quality import BENCH_DIR, CORPUS, ROOT, SCIFACT, manage, table

GOLD = {"SUPPORT": "yes", "CONTRADICT": "no"}
VERDICTS = ("yes", "no", "mixed", "insufficient")
LIMIT = int(os.environ.get("QA_VERDICT_CLAIMS", "0"))  # 0: the whole split


def gold(claim: dict) -> str:
    labels = {s["label"] for sets in claim.get("evidence", {}).values() for s in sets}
    return GOLD[labels.pop()] if len(labels) == 1 else "insufficient" if not labels else "mixed"


def claims(split: str) -> list[dict]:
    rows = [json.loads(line) for line in (SCIFACT / f"claims_{split}.jsonl").read_text().splitlines()]
    rows = [r for r in rows if gold(r) != "mixed"]
    return rows[:LIMIT] if LIMIT else rows


def measure(split: str) -> list[dict]:
    """Per claim: its gold answer and, for each on-topic paper, what the verdict stage weighs."""
    import django

    django.setup()
    from django.conf import settings

    from qa.pipeline.analyze import analyze_papers
    from qa.pipeline.plan import make_plan
    from qa.pipeline.retrieve import retrieve
    from search.models import Paper

    records = []
    for claim in claims(split):
        started = time.monotonic()
        plan = make_plan(as_question(claim["claim"]))
        candidates = retrieve(plan, limit=settings.QA_CANDIDATES)
        papers = Paper.objects.in_bulk([c.paper_id for c in candidates])
        findings = analyze_papers(plan, [papers[c.paper_id] for c in candidates])
        records.append({
            "id": claim["id"], "gold": gold(claim), "seconds": round(time.monotonic() - started, 2),
            "papers": [{"findings": f.claim_findings, "design": f.design, "n": f.n,
                        "evidence": papers[f.paper_id].source_id in claim.get("evidence", {})} for f in findings],
        })  # fmt: skip
    return records


def _setup_django() -> None:
    """The verdict stages import the app's modules; this process reads no database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wispaper.settings")
    django.setup()


def verdict_of(record: dict, **thresholds: float) -> str:
    """The pipeline's verdict from a measured record, with the stance and agreement thresholds given."""
    from qa.pipeline.stance import decide
    from qa.pipeline.topic import MIN_ON_TOPIC
    from qa.pipeline.verdict import Vote, weigh

    papers = record["papers"]
    if len(papers) < MIN_ON_TOPIC:
        return "insufficient"
    stance_limits = {k: v for k, v in thresholds.items() if k == "relevant"}
    votes = []
    for i, p in enumerate(papers):
        stance = decide([tuple(f) for f in p["findings"]], **stance_limits)
        votes.append(Vote(i, stance.stance, stance.confidence, p["design"], p["n"]))
    return weigh(votes, **{k: v for k, v in thresholds.items() if k == "agreement"}).verdict


def scores(records: list[dict], **thresholds: float) -> dict:
    predicted = [(r["gold"], verdict_of(r, **thresholds)) for r in records]
    decided = [(g, p) for g, p in predicted if p in {"yes", "no"}]
    inverted = sum(1 for g, p in decided if {g, p} == {"yes", "no"})
    per_class = {
        g: sum(1 for gg, p in predicted if gg == g and p == g) / max(1, sum(1 for gg, _ in predicted if gg == g))
        for g in ("yes", "no", "insufficient")
    }
    return {"predicted": predicted, "decided": len(decided), "inverted": inverted, "per_class": per_class,
            "accuracy": sum(1 for g, p in predicted if g == p) / max(1, len(predicted))}  # fmt: skip


def collect(split: str) -> list[dict]:
    data_dir = BENCH_DIR / "scifact"
    data_dir.mkdir(parents=True, exist_ok=True)
    manage(data_dir, "migrate", "--noinput", "-v", "0")
    manage(data_dir, "import_papers", str(CORPUS))
    env = {**os.environ, "WISPAPER_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "wispaper.settings", "LLM_BASE_URL": ""}
    done = subprocess.run([sys.executable, "-m", "benchmarks.qa_verdicts", "measure", split], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def tune() -> None:
    """Sweep the thresholds on claims_train: accuracy with inverted verdicts at most 5% of the decided ones."""
    saved = BENCH_DIR / "qa_verdicts_train.json"  # measuring the training claims takes long: sweep it again from here
    if not saved.exists():
        saved.write_text(json.dumps(collect("train")))
    records = json.loads(saved.read_text())
    _setup_django()
    rows = []
    for relevant, agreement in itertools.product((0.45, 0.5, 0.55, 0.6, 0.65, 0.7), (0.67, 0.75, 0.85)):
        s = scores(records, relevant=relevant, agreement=agreement)
        rows.append([relevant, agreement, f"{s['accuracy']:.3f}", s["decided"], f"{s['inverted'] / max(1, s['decided']):.1%}",
                     *(f"{s['per_class'][g]:.2f}" for g in ("yes", "no", "insufficient"))])  # fmt: skip
    rows.sort(key=lambda r: -float(r[2]))
    table("qa_verdicts sweep on claims_train", ["relevant ≥", "agreement", "accuracy", "yes/no verdicts", "inverted",
                                                "acc yes", "acc no", "acc insufficient"], rows[:20])  # fmt: skip


def run() -> None:
    if not CORPUS.exists():
        print(f"SciFact is absent ({CORPUS}): nothing measured.")
        return
    records = collect("dev")
    _setup_django()
    s = scores(records)
    n = len(records)
    confusion = [[g] + [sum(1 for gg, p in s["predicted"] if gg == g and p == v) for v in VERDICTS] for g in ("yes", "no", "insufficient")]
    table(f"Verdicts on SciFact claims_dev ({n} claims; thresholds tuned on claims_train)", ["gold \\ verdict", *VERDICTS], confusion)
    table(
        "Verdict quality (claims_dev)",
        ["measure", "value"],
        [
            ["accuracy, all claims", f"{s['accuracy']:.3f}"],
            *[[f"accuracy on gold {g}", f"{acc:.3f}"] for g, acc in s["per_class"].items()],
            ["yes/no verdicts given", s["decided"]],
            ["inverted (share of yes/no verdicts)", f"{s['inverted']} ({s['inverted'] / max(1, s['decided']):.1%})"],
            ["claims whose evidence paper was on topic", f"{sum(any(p['evidence'] for p in r['papers']) for r in records) / max(1, n):.1%}"],
            ["median seconds per question", f"{statistics.median(r['seconds'] for r in records):.1f}" if records else "-"],
        ],
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        print(json.dumps(measure(sys.argv[2])))
    elif sys.argv[1:2] == ["tune"]:
        tune()
