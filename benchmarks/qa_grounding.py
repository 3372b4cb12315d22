"""Grounding on SciFact: claims from claims_train asked as "Is it true that …?"; the share of articles
whose sources include at least one of the claim's evidence documents (and the share whose candidates did).

Runs on the SciFact catalog benchmarks.search_quality keeps in var/bench/scifact (built here if absent).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from benchmarks.search_quality import BENCH_DIR, CORPUS, ROOT, SCIFACT, manage, table

CLAIMS = int(os.environ.get("QA_BENCH_CLAIMS", "100"))


def as_question(claim: str) -> str:
    claim = claim.strip().rstrip(".")
    return f"Is it true that {claim[:1].lower() + claim[1:] if claim[1:2].islower() else claim}?"


def claims() -> list[dict]:
    rows = [json.loads(line) for line in (SCIFACT / "claims_train.jsonl").read_text().splitlines()]
    return [r for r in rows if r.get("evidence")][:CLAIMS]


def measure() -> dict:
    import django

    django.setup()
    from qa import steps
    from qa.models import Question
    from search.models import Paper

    results = []
    for claim in claims():
        evidence = {str(d) for d in claim["evidence"]}
        question = Question.objects.create(text=as_question(claim["claim"])[:300])
        started = time.monotonic()
        try:
            article = steps.run_all(question)
            sources = set(article.sources.values_list("paper__source_id", flat=True))
        except steps.NoEvidence:
            sources = set()
        question.refresh_from_db()
        candidates = {str(c["paper_id"]) for c in question.candidates or []}
        candidate_ids = set(Paper.objects.filter(pk__in=candidates).values_list("source_id", flat=True))
        results.append({"id": claim["id"], "grounded": bool(evidence & sources), "retrieved": bool(evidence & candidate_ids),
                        "sources": len(sources), "seconds": time.monotonic() - started})  # fmt: skip
        question.delete()
    return {"results": results}


def run() -> None:
    if not CORPUS.exists():
        print(f"SciFact is absent ({CORPUS}): nothing measured.")
        return
    data_dir = BENCH_DIR / "scifact"
    data_dir.mkdir(parents=True, exist_ok=True)
    manage(data_dir, "migrate", "--noinput", "-v", "0")
    manage(data_dir, "import_papers", str(CORPUS))
    env = {**os.environ, "WISPAPER_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "wispaper.settings", "LLM_BASE_URL": ""}
    done = subprocess.run([sys.executable, "-m", "benchmarks.qa_grounding", "measure"], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)  # fmt: skip
    results = json.loads(done.stdout.strip().splitlines()[-1])["results"]
    n = len(results)
    table(
        f"SciFact grounding: {n} claims_train claims with evidence, asked as “Is it true that …?”",
        ["measure", "value"],
        [
            ["articles citing an evidence document", f"{sum(r['grounded'] for r in results) / n:.1%}"],
            ["candidates including an evidence document", f"{sum(r['retrieved'] for r in results) / n:.1%}"],
            ["mean sources per article", f"{sum(r['sources'] for r in results) / n:.1f}"],
            ["median seconds per question", f"{sorted(r['seconds'] for r in results)[n // 2]:.1f}"],
        ],
    )


if __name__ == "__main__":
    print(json.dumps(measure()))
