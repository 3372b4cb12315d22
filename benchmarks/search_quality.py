"""Search on SciFact (BEIR splits): nDCG@10 and Recall@100 of lexical, dense and quick mode next to bm25s,
warm search latency, and import and indexing throughput.

The catalog lives in var/bench/scifact and is kept between runs, so embeddings are computed once (and again
only when the encoder changes). Everything the site does runs through manage.py in subprocesses with
WISPAPER_DATA_DIR pointing there; `python -m benchmarks.search_quality latency|index` are those subprocesses'
in-process measurements.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The same default as settings.SHARED_DATA_DIR (this parent process does not load Django).
SHARED_DATA = Path(os.environ.get("WISPAPER_SHARED_DATA", ROOT.parent / "shared" / "data"))
SCIFACT = SHARED_DATA / "scifact"
CORPUS = SCIFACT / "corpus.jsonl.gz"
BENCH_DIR = ROOT / "var" / "bench"
SPLITS = {"train": ("claims_train.jsonl", "qrels_beir/train.tsv"), "test": ("claims_dev.jsonl", "qrels_beir/test.tsv")}
MODES = {"lexical": "lexical (tantivy BM25)", "dense": "dense (MiniLM)", "quick": "quick (fused)"}
INDEX_SAMPLE = 500
# The demo catalog `make run` builds: search latency is also measured there when it is indexed.
DEMO_DATA_DIR = ROOT / "var"
DEMO_MIN_PAPERS = 10_000

Qrels = dict[str, dict[str, int]]


def manage(data_dir: Path, *args: str) -> float:
    """Run a manage.py command on a data folder; returns its wall-clock seconds."""
    env = {**os.environ, "WISPAPER_DATA_DIR": str(data_dir), "CELERY_TASK_ALWAYS_EAGER": "1"}
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def measure(data_dir: Path, *args: str) -> dict:
    """Run one of this module's in-process measurements on a data folder; returns its JSON result."""
    env = {**os.environ, "WISPAPER_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "wispaper.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.search_quality", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def read_qrels(path: Path) -> Qrels:
    qrels: Qrels = {}
    for line in path.read_text().splitlines()[1:]:
        query_id, doc_id, score = line.split("\t")
        qrels.setdefault(query_id, {})[doc_id] = int(score)
    return qrels


def read_queries(split: str) -> tuple[list[dict], Qrels]:
    claims_file, qrels_file = SPLITS[split]
    qrels = read_qrels(SCIFACT / qrels_file)
    claims = (json.loads(line) for line in (SCIFACT / claims_file).read_text().splitlines())
    return [{"id": str(c["id"]), "text": c["claim"]} for c in claims if str(c["id"]) in qrels], qrels


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = 10) -> float:
    gain = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]))
    ideal = sum(rel / math.log2(rank + 2) for rank, rel in enumerate(sorted(relevant.values(), reverse=True)[:k]))
    return gain / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: dict[str, int], k: int = 100) -> float:
    wanted = {doc for doc, rel in relevant.items() if rel > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0


def evaluate(run: dict[str, list[str]], qrels: Qrels) -> tuple[float, float]:
    """Mean nDCG@10 and Recall@100 over every query of the qrels (a query without results scores 0)."""
    ndcg = [ndcg_at(run.get(q, []), rel) for q, rel in qrels.items()]
    recall = [recall_at(run.get(q, []), rel) for q, rel in qrels.items()]
    return statistics.fmean(ndcg), statistics.fmean(recall)


def search_run(data_dir: Path, queries_file: Path, mode: str) -> dict[str, list[str]]:
    out = queries_file.with_name(f"{queries_file.stem}-{mode}.results.jsonl")
    manage(data_dir, "search_papers", "--queries", str(queries_file), "--top", "100", "--mode", mode, "--out", str(out))
    lines = (json.loads(line) for line in out.read_text().splitlines())
    return {str(r["id"]): [hit["source_id"] for hit in r["results"]] for r in lines}


def corpus() -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def bm25s_runs(queries: dict[str, list[dict]]) -> dict[str, dict[str, list[str]]]:
    """The bm25s baseline (English stop words and Snowball stemming) over the same title+abstract texts."""
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    docs = corpus()
    ids = [str(d["doc_id"]) for d in docs]
    retriever = bm25s.BM25()
    texts = [f"{d['title']} {' '.join(d['abstract'])}" for d in docs]
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    runs = {}
    for split, items in queries.items():
        tokens = bm25s.tokenize([q["text"] for q in items], stopwords="en", stemmer=stemmer, show_progress=False)
        found, _ = retriever.retrieve(tokens, k=100, show_progress=False, n_threads=1)
        runs[split] = {q["id"]: [ids[i] for i in row] for q, row in zip(items, found)}
    return runs


def table(title: str, header: list[str], rows: Iterable[list]) -> None:
    rows = [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")


def quality(data_dir: Path, queries: dict[str, list[dict]], qrels: dict[str, Qrels]) -> list[list]:
    rows = []
    for mode, label in MODES.items():
        scores = []
        for split in SPLITS:
            scores.extend(evaluate(search_run(data_dir, data_dir / f"queries-{split}.jsonl", mode), qrels[split]))
        rows.append([label, *scores])
    baseline = bm25s_runs(queries)
    rows.append(["bm25s (stemmed, stop words)", *[s for split in SPLITS for s in evaluate(baseline[split], qrels[split])]])
    return rows


def throughput() -> list[list]:
    """A fresh import of the whole corpus (no indexing), then indexing a sample of it."""
    scratch = BENCH_DIR / "throughput"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    manage(scratch, "migrate", "--noinput", "-v", "0")
    papers = len(corpus())
    seconds = manage(scratch, "import_papers", str(CORPUS), "--no-index")
    indexed = measure(scratch, "index", str(INDEX_SAMPLE))
    return [
        ["import_papers --no-index (SciFact, wall clock)", papers, f"{seconds:.1f}", f"{papers / seconds:.1f}"],
        ["index_pending (BM25 + embeddings)", indexed["indexed"], f"{indexed['seconds']:.1f}",
         f"{indexed['indexed'] / indexed['seconds']:.1f}"],
    ]


def run() -> None:
    if not CORPUS.exists():
        print(f"SciFact is absent ({CORPUS}): nothing measured.")
        return
    data_dir = BENCH_DIR / "scifact"
    data_dir.mkdir(parents=True, exist_ok=True)
    manage(data_dir, "migrate", "--noinput", "-v", "0")
    manage(data_dir, "import_papers", str(CORPUS))  # unchanged papers are neither re-imported nor re-embedded
    queries, qrels = {}, {}
    for split in SPLITS:
        queries[split], qrels[split] = read_queries(split)
        (data_dir / f"queries-{split}.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries[split]))
    table(
        f"SciFact, {len(queries['train'])} train / {len(queries['test'])} test queries (BEIR test = claims_dev)",
        ["method", "train nDCG@10", "train R@100", "test nDCG@10", "test R@100"],
        quality(data_dir, queries, qrels),
    )
    catalogs = [("SciFact", data_dir)]
    if (DEMO_DATA_DIR / "index" / "vectors" / "current").exists():
        catalogs.append(("demo catalog (var/)", DEMO_DATA_DIR))
    rows = []
    for name, folder in catalogs:
        latency = measure(folder, "latency", str(data_dir / "queries-test.jsonl"))
        if name != "SciFact" and latency["papers"] < DEMO_MIN_PAPERS:
            continue
        for mode in MODES:
            times = latency["ms"][mode]
            p95 = statistics.quantiles(times, n=20)[-1]
            rows.append([name, latency["papers"], mode, len(times), f"{statistics.median(times):.1f}", f"{p95:.1f}"])
    table("Search latency, warm, in-process, top 100 (ms)", ["catalog", "papers", "mode", "queries", "p50", "p95"], rows)
    table("Throughput", ["step", "papers", "seconds", "papers/s"], throughput())


def _latency(queries_file: str) -> dict:
    from search import engine
    from search.models import Paper

    texts = [json.loads(line)["text"] for line in Path(queries_file).read_text().splitlines()]
    for text in texts[:20]:
        engine.search(text)
    ms: dict[str, list[float]] = {}
    for mode in MODES:
        ms[mode] = []
        for text in texts:
            started = time.perf_counter()
            engine.search(text, top=100, mode=mode)
            ms[mode].append((time.perf_counter() - started) * 1000)
    return {"papers": Paper.objects.count(), "ms": ms}


def _index(sample: str) -> dict:
    from search.engine import encoder
    from search.indexing import index_pending
    from search.models import Paper

    encoder.encode(["Loading the model is not indexing."])
    keep = list(Paper.objects.order_by("id").values_list("id", flat=True)[: int(sample)])
    Paper.objects.exclude(id__in=keep).delete()
    report = index_pending()
    return {"indexed": report.indexed, "seconds": report.seconds}


if __name__ == "__main__":
    import django

    django.setup()
    action, argument = sys.argv[1], sys.argv[2]
    print(json.dumps({"latency": _latency, "index": _index}[action](argument)))
