"""Deep Search against quick mode: SciFact nDCG@10 (BEIR splits), and Cohen 2006 screening (ROC AUC, WSS@95).

SciFact runs `search_papers --mode quick|deep` on the catalog benchmarks.search_quality builds
(var/bench/scifact). Cohen: for each drug-class review, the review's question (cohen2006_questions.jsonl)
ranks that review's whole candidate pool, once by quick mode (the engine's BM25 + MiniLM blend, restricted
to the pool) and once by Deep Search (every paper of the pool judged against the question's criteria, the
best reranked by the cross-encoder); label1 = I is an inclusion at abstract screening. Sentence vectors
(of the whole SciFact corpus and of every Cohen pool) and paper vectors are cached under var/bench/deep
(or DEEP_BENCH_CACHE), so a second run embeds nothing.

    python -m benchmarks.deep_quality [scifact] [cohen] [--reviews ADHD,Triptans]
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import search_quality as sq

COHEN_QUESTIONS = sq.SHARED_DATA / "cohen2006_questions.jsonl"
CACHE = Path(os.environ.get("DEEP_BENCH_CACHE", sq.BENCH_DIR / "deep"))
RECALL_TARGET = 0.95


def _env(data_dir: Path) -> dict:
    return {**os.environ, "WISPAPER_DATA_DIR": str(data_dir), "DEEP_SENTENCE_CACHE_DIR": str(CACHE / "sentences"),
            "CELERY_TASK_ALWAYS_EAGER": "1", "DJANGO_SETTINGS_MODULE": "wispaper.settings"}


def scifact() -> None:
    data_dir = sq.BENCH_DIR / "scifact"
    data_dir.mkdir(parents=True, exist_ok=True)
    for args in (["migrate", "--noinput", "-v", "0"], ["import_papers", str(sq.CORPUS)]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=sq.ROOT, env=_env(data_dir), check=True,
                       stdout=subprocess.DEVNULL)
    # Deep mode judges quick mode's top 100 from the whole corpus: every paper gets its sentence vectors
    # first, so the timed runs below read them from the cache and the results never depend on earlier runs.
    done = subprocess.run([sys.executable, "-m", "benchmarks.deep_quality", "_sentences"], cwd=sq.ROOT,
                          env=_env(data_dir), check=True, capture_output=True, text=True)
    built = json.loads(done.stdout.strip().splitlines()[-1])
    sq.table("SciFact sentence vectors (cached under var/bench/deep)", ["papers", "sentences", "encoded now", "seconds"],
             [[built["papers"], built["sentences"], built["encoded"], round(built["seconds"], 0)]])
    rows = []
    for mode in ("quick", "deep"):
        scores, seconds = [], 0.0
        for split in sq.SPLITS:
            queries, qrels = sq.read_queries(split)
            queries_file = data_dir / f"queries-{split}.jsonl"
            queries_file.write_text("".join(json.dumps(q) + "\n" for q in queries))
            out = data_dir / f"queries-{split}-{mode}.results.jsonl"
            started = time.monotonic()
            subprocess.run(
                [sys.executable, "manage.py", "search_papers", "--queries", str(queries_file), "--top", "100",
                 "--mode", mode, "--out", str(out)],
                cwd=sq.ROOT, env=_env(data_dir), check=True, stdout=subprocess.DEVNULL,
            )
            seconds += time.monotonic() - started
            run = {str(r["id"]): [h["source_id"] for h in r["results"]] for r in map(json.loads, out.read_text().splitlines())}
            scores.extend(sq.evaluate(run, qrels))
        rows.append([mode, *scores, round(seconds, 0)])
    sq.table("SciFact: quick vs Deep Search (deep judges quick mode's top 100)",
             ["mode", "train nDCG@10", "train R@100", "test nDCG@10", "test R@100", "seconds (both splits)"], rows)


def cohen(reviews: list[str] | None = None) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.deep_quality", "_cohen", ",".join(reviews or [])],
        cwd=sq.ROOT, env=_env(CACHE / "site"), check=True, capture_output=True, text=True,
    )
    results = json.loads(done.stdout.strip().splitlines()[-1])
    rows = [[r["review"], r["papers"], r["included"], r["quick_auc"], r["deep_auc"], r["quick_wss"], r["deep_wss"]]
            for r in results]
    if results:
        rows.append(["mean", sum(r["papers"] for r in results), sum(r["included"] for r in results),
                     *[statistics.fmean(r[k] for r in results) for k in ("quick_auc", "deep_auc", "quick_wss", "deep_wss")]])
    sq.table("Cohen 2006 screening (label1): ROC AUC and WSS@95, quick vs Deep Search",
             ["review", "papers", "included", "AUC quick", "AUC deep", "WSS@95 quick", "WSS@95 deep"], rows)


def run() -> None:
    if not sq.CORPUS.exists():
        print(f"The shared data is absent ({sq.SHARED_DATA}): nothing measured.")
        return
    scifact()
    cohen()


# --- in-process parts (python -m benchmarks.deep_quality _sentences|_cohen), with Django set up ---


def _sentences() -> dict:
    """Sentence vectors for every paper of the catalog; encodes only those not cached yet."""
    from search.deep import sentence_vectors
    from search.models import Paper

    started = time.monotonic()
    papers = [
        sentence_vectors.paper_sentences(title, abstract, sentences)
        for title, abstract, sentences in Paper.objects.order_by("id").values_list("title", "abstract", "abstract_sentences")
    ]
    missing = [p for p in papers if p and sentence_vectors.cached(p) is None]
    for start in range(0, len(missing), 200):
        sentence_vectors.vectors_for(missing[start : start + 200])
    return {"papers": len(papers), "sentences": sum(map(len, papers)), "encoded": len(missing),
            "seconds": time.monotonic() - started}


def auc(scores: list[float], labels: list[bool]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def wss(scores: list[float], labels: list[bool], recall: float = RECALL_TARGET) -> float:
    """Work saved over sampling: the share of the pool left unread once `recall` of the inclusions is found."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    wanted, found = sum(labels), 0
    for read, i in enumerate(order, start=1):
        found += labels[i]
        if found >= recall * wanted:
            return (len(scores) - read) / len(scores) - (1 - recall)
    return 0.0


def _pool(path: Path) -> tuple[list, list[bool]]:
    from search.importers import csv_table
    from search.records import PaperRecord

    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        labels = {row["pubmedID"]: row["label1"] == "I" for row in csv.DictReader(handle)}
    records = [r for r in csv_table.read(path) if isinstance(r, PaperRecord)]
    return records, [labels.get(r.pmid or r.source_id, False) for r in records]


def _paper_vectors(review: str, texts: list[str]):
    import numpy as np

    from search.engine import encoder

    digest = hashlib.sha256("\n".join([encoder.VERSION, *texts]).encode()).hexdigest()[:16]
    path = CACHE / "cohen" / f"{review}-{digest}.npy"
    if path.exists():
        return np.load(path)
    matrix = encoder.encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, matrix)
    return matrix


def _rank_review(review: str, question: str, path: Path) -> dict:
    import numpy as np

    from django.conf import settings

    from search.reading.design import read_design
    from search.deep import reranker, sentence_vectors
    from search.deep.criteria import decompose
    from search.deep.judge import Candidate
    from search.deep.pipeline import encode_criteria, judge_batch, rank, rerank
    from search.engine import encoder, fusion, lexical

    records, labels = _pool(path)
    # Quick mode restricted to the pool: BM25 over a full-text index of the pool, blended with MiniLM as the engine does.
    with tempfile.TemporaryDirectory() as folder:
        documents = [lexical.Document(i, r.title, r.abstract, r.authors, r.venue) for i, r in enumerate(records)]
        lexical.write(Path(folder), documents)
        ids, scores = lexical.Index(Path(folder)).search(question, len(records))
    bm25 = np.zeros(len(records), dtype=np.float32)
    bm25[ids] = scores
    texts = [f"{r.title.strip()}. {r.abstract.strip()}".strip(". ") for r in records]
    query = encoder.encode_query(question)
    quick = fusion.blend(bm25, _paper_vectors(review, texts) @ query)
    # Deep Search: every paper of the pool judged against the question's criteria, scored as the pipeline scores.
    criteria = decompose(question)
    criterion_vectors = encode_criteria(criteria)
    candidates = [
        Candidate(i, sentence_vectors.paper_sentences(r.title, r.abstract, r.abstract_sentences), r.year,
                  read_design(r.title, r.abstract, r.publication_types, r.keywords).design, tuple(r.keywords))
        for i, r in enumerate(records)
    ]
    quick_scores = dict(enumerate(quick.tolist()))
    judged = rank([
        hit
        for start in range(0, len(candidates), 200)
        for hit in judge_batch(candidates[start : start + 200], quick_scores, criteria, criterion_vectors, query)
    ])
    # ...and the best of them read again by the cross-encoder, as the worker does.
    best = [hit.paper_id for hit in judged[: settings.DEEP_RERANK_TOP]]
    logits = reranker.logits(question, [reranker.passage(records[i].title, records[i].abstract) for i in best])
    scores = {hit.paper_id: hit.score for hit in rerank(judged, dict(zip(best, logits.tolist())))}
    deep = [scores[i] for i in range(len(records))]
    return {
        "review": review, "papers": len(records), "included": int(sum(labels)),
        "quick_auc": auc(quick.tolist(), labels), "deep_auc": auc(deep, labels),
        "quick_wss": wss(quick.tolist(), labels), "deep_wss": wss(deep, labels),
        "criteria": [f"{c.kind}: {c.text}" for c in criteria],
    }


def _cohen(only: str) -> list[dict]:
    wanted = {name for name in only.split(",") if name}
    questions = [json.loads(line) for line in COHEN_QUESTIONS.read_text().splitlines() if line.strip()]
    questions = [q for q in questions if not wanted or q["review"] in wanted]
    # Smallest pools first: a partial run (interrupted, or --reviews) still covers whole reviews.
    questions.sort(key=lambda q: (sq.SHARED_DATA / q["file"]).stat().st_size)
    results = []
    for q in questions:
        results.append(_rank_review(q["review"], q["question"], sq.SHARED_DATA / q["file"]))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["_cohen"]:
        import django

        django.setup()
        print(json.dumps(_cohen(sys.argv[2] if len(sys.argv) > 2 else "")))
    elif sys.argv[1:2] == ["_sentences"]:
        import django

        django.setup()
        print(json.dumps(_sentences()))
    else:
        args = sys.argv[1:]
        reviews = args[args.index("--reviews") + 1].split(",") if "--reviews" in args else None
        parts = [a for a in args if a in {"scifact", "cohen"}] or ["scifact", "cohen"]
        if "scifact" in parts:
            scifact()
        if "cohen" in parts:
            cohen(reviews)
