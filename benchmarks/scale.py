"""Scale: grow the catalog to 100,000 (and 1,000,000) papers and measure both backends.

The real SciFact papers (as benchmarks.search_quality indexed them, with their MiniLM vectors) come first;
generated variants fill the rest: each takes a real paper's title and vector (plus Gaussian noise, so its
cosine to the original is about 0.9; nothing is embedded) and an abstract recombined from 3–6 sentences
of random real papers. Per size and backend it reports the build time, the index size on disk and warm
query latency p50/p95 (ms, query encoding included) of quick, lexical and dense search for the SciFact
test claims; for the embedded backend also the exact scan of every vector ("dense exact") and the
recall@100 of dense search against it (below the ANN threshold both are the exact scan).

    python -m benchmarks.scale [--sizes 100000,1000000] [--backends embedded,postgres] [--queries 300]

`make bench` runs 100,000 only; 1,000,000 takes 25–40 minutes on two cores (mostly the PostgreSQL load and
HNSW build, then the embedded full-text index and ANN k-means).
The PostgreSQL run needs DATABASE_URL-style access to a server with pgvector (SCALE_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/wispaper_scale; the database is dropped and recreated).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import search_quality as sq

DEFAULT_SIZES = [100_000]
SCALE_DIR = sq.BENCH_DIR / "scale"
DATABASE_URL = os.environ.get("SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wispaper_scale")
NOISE = 0.45  # norm of the noise added to a unit vector: cosine to the original ≈ 1 / sqrt(1 + 0.45²) ≈ 0.91
SEED = 2026
CHUNK = 50_000


def run(sizes: list[int] | None = None, backends: tuple[str, ...] = ("embedded", "postgres"), queries: int = 300) -> None:
    source = sq.BENCH_DIR / "scifact"
    if not (source / "index" / "vectors" / "current").exists():
        print("Run benchmarks.search_quality first: the scale benchmark grows its indexed SciFact catalog.")
        return
    rows = []
    for size in sizes or DEFAULT_SIZES:
        for backend in backends:
            env = {**os.environ, "WISPAPER_DATA_DIR": str(SCALE_DIR / "site"), "DJANGO_SETTINGS_MODULE": "wispaper.settings",
                   "SCIFACT_BENCH_DIR": str(source)}
            if backend == "postgres":
                if not _postgres_ready():
                    print("PostgreSQL with pgvector is not reachable: the postgres backend is skipped "
                          "(scripts/install_pgvector.sh, SCALE_DATABASE_URL).")
                    continue
                env["DATABASE_URL"] = DATABASE_URL
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.scale", "_measure", backend, str(size), str(queries)],
                cwd=sq.ROOT, env=env, check=True, capture_output=True, text=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            for mode, times in result["ms"].items():
                rows.append([backend, f"{size:,}", round(result["build_seconds"]), f"{result['index_bytes'] / 2**20:,.0f}",
                             mode, len(times), f"{statistics.median(times):.1f}",
                             f"{statistics.quantiles(times, n=20)[-1]:.1f}"])
            latency = {mode: [round(statistics.median(t), 1), round(statistics.quantiles(t, n=20)[-1], 1)]
                       for mode, t in result["ms"].items()}
            if "recall" in result:
                result["ann_recall_at_100"] = round(statistics.fmean(result.pop("recall")), 4)
            print(json.dumps({**{k: v for k, v in result.items() if k != "ms"}, "p50_p95_ms": latency}), flush=True)
    sq.table("Scale: build, index size and warm query latency (ms, top 100, query encoding included)",
             ["backend", "papers", "build s", "index MiB", "mode", "queries", "p50", "p95"], rows)


def _postgres_ready() -> bool:
    import psycopg

    try:
        with psycopg.connect(_admin_url(), connect_timeout=3) as conn:
            return conn.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'").fetchone() is not None
    except psycopg.Error:
        return False


def _admin_url() -> str:
    return DATABASE_URL.rsplit("/", 1)[0] + "/postgres"


# --- in-process part (python -m benchmarks.scale _measure BACKEND SIZE QUERIES), Django set up ---


def _base():
    """Titles, sentences and unit vectors of the real papers of the SciFact benchmark catalog."""
    import sqlite3

    import numpy as np

    source = Path(os.environ["SCIFACT_BENCH_DIR"])
    current = source / "index" / "vectors" / "current"
    ids = np.load(current / "ids.npy")
    matrix = np.load(current / "matrix.npy")
    with sqlite3.connect(source / "db.sqlite3") as db:
        rows = {i: (t, json.loads(s or "[]")) for i, t, s in db.execute("SELECT id, title, abstract_sentences FROM search_paper")}
    keep = [k for k, i in enumerate(ids) if int(i) in rows]
    titles = [rows[int(ids[k])][0] for k in keep]
    sentences = [rows[int(ids[k])][1] for k in keep]
    return titles, sentences, np.ascontiguousarray(matrix[keep], dtype=np.float32)


def _catalog(size: int):
    """Yield chunks of (titles, abstracts, matrix): the real papers first, then variants."""
    import numpy as np

    titles, sentences, matrix = _base()
    pool = [s for paper in sentences for s in paper]
    rng = np.random.default_rng(SEED)
    real = len(titles)
    for start in range(0, size, CHUNK):
        count = min(CHUNK, size - start)
        index = np.arange(start, start + count)
        source = np.where(index < real, index, rng.integers(0, real, count))
        vectors = matrix[source].copy()
        made = index >= real
        noise = rng.standard_normal((int(made.sum()), matrix.shape[1])).astype(np.float32)
        noise *= NOISE / np.linalg.norm(noise, axis=1, keepdims=True)
        vectors[made] += noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        chunk_titles, abstracts = [], []
        for i, j, fresh in zip(index, source, made):
            chunk_titles.append(titles[j])
            if fresh:
                picks = rng.integers(0, len(pool), int(rng.integers(3, 7)))
                abstracts.append(" ".join(pool[p] for p in picks))
            else:
                abstracts.append(" ".join(sentences[j]))
        yield chunk_titles, abstracts, vectors


def _folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _build_embedded(size: int, folder: Path) -> dict:
    import numpy as np
    from django.conf import settings

    from search.engine import ann, lexical, vectors

    shutil.rmtree(folder, ignore_errors=True)
    started = time.monotonic()
    all_vectors = []

    def documents():
        paper_id = 0
        for titles, abstracts, matrix in _catalog(size):
            all_vectors.append(matrix)
            for title, abstract in zip(titles, abstracts):
                paper_id += 1
                yield lexical.Document(paper_id, title, abstract, [], "")

    lexical.write(folder / "lexical", documents())
    begun = time.monotonic()
    vectors.publish(
        folder / "vectors", np.arange(1, size + 1, dtype=np.int64), np.concatenate(all_vectors),
        ann_from=settings.SEARCH_ANN_MIN_PAPERS,
    )
    vectors_seconds = time.monotonic() - begun
    return {"build_seconds": time.monotonic() - started, "vectors_seconds": vectors_seconds,
            "index_bytes": _folder_bytes(folder), "ann_bytes": _folder_bytes(folder / "vectors" / "current" / ann.FILE)}


def _build_postgres(size: int) -> dict:
    from django.db import connection
    from pgvector.psycopg import register_vector

    from search.engine import postgres

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {postgres.TABLE}_embedding")
        cursor.execute(f"DROP INDEX IF EXISTS {postgres.TABLE}_document")
        cursor.execute("CREATE UNLOGGED TABLE scale_staging (paper_id bigint, title text, abstract text, embedding vector(384))")
    raw = connection.connection
    register_vector(raw)
    paper_id = 0
    now = "2026-01-01 00:00:00+00"
    for titles, abstracts, matrix in _catalog(size):
        with raw.cursor() as cursor:
            with cursor.copy(
                "COPY search_paper (id, title, normalized_title, abstract, abstract_sentences, authors, venue, url, "
                "keywords, study_type, source, source_id, created, updated, content_hash, indexed_hash) FROM STDIN"
            ) as copy:
                for k, title in enumerate(titles):
                    copy.write_row((paper_id + k + 1, title, title.lower()[:255], "", "[]", "[]", "", "", "[]", "other",
                                    "scale", str(paper_id + k + 1), now, now, "", ""))
            with cursor.copy("COPY scale_staging (paper_id, title, abstract, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
                copy.set_types(["int8", "text", "text", "vector"])
                for k, (title, abstract) in enumerate(zip(titles, abstracts)):
                    copy.write_row((paper_id + k + 1, title, abstract, matrix[k]))
        raw.commit()
        paper_id += len(titles)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '3GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 1")
        cursor.execute(
            f"INSERT INTO {postgres.TABLE} (paper_id, document, embedding) SELECT paper_id, "
            "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', abstract), 'B'), embedding "
            "FROM scale_staging"
        )
        cursor.execute("DROP TABLE scale_staging")
        timings = {"load_seconds": time.monotonic() - started}
        for statement in [sql for sql in postgres.SCHEMA if sql.startswith("CREATE INDEX")]:
            begun = time.monotonic()
            cursor.execute(statement)
            timings["index_seconds_" + statement.split()[5].rsplit("_", 1)[-1]] = time.monotonic() - begun
        cursor.execute(f"ANALYZE {postgres.TABLE}")
        cursor.execute(
            "SELECT pg_total_relation_size(%s), pg_relation_size(%s), pg_relation_size(%s)",
            [postgres.TABLE, f"{postgres.TABLE}_document", f"{postgres.TABLE}_embedding"],
        )
        total, gin, hnsw = cursor.fetchone()
    return {"build_seconds": time.monotonic() - started, "index_bytes": total, "gin_bytes": gin, "hnsw_bytes": hnsw, **timings}


def _texts(queries: int) -> list[str]:
    return [q["text"] for q in sq.read_queries("test")[0]][:queries]


def _latency(queries: int) -> dict[str, list[float]]:
    from search import engine

    texts = _texts(queries)
    for text in texts[:20]:
        engine.search(text)
    ms: dict[str, list[float]] = {}
    for mode in ("quick", "lexical", "dense"):
        ms[mode] = []
        for text in texts:
            started = time.perf_counter()
            engine.search(text, top=100, mode=mode)
            ms[mode].append((time.perf_counter() - started) * 1000)
    return ms


def _exact_dense(queries: int) -> dict:
    """The embedded exact scan (every vector scored, one BLAS thread as the engine uses), query encoding
    included, and the recall@100 of the engine's dense search against it."""
    import threadpoolctl

    from search import engine
    from search.engine import encoder, fusion, vectors

    store = vectors.load(engine.vector_dir())
    ms, recall = [], []
    for text in _texts(queries):
        started = time.perf_counter()
        with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
            exact = store.ids[fusion.best(store.matrix @ encoder.encode_query(text), 100)]
        ms.append((time.perf_counter() - started) * 1000)
        found = {hit.paper_id for hit in engine.search(text, top=100, mode="dense")}
        recall.append(len(found & set(exact.tolist())) / len(exact))
    return {"ms": ms, "recall": recall}


def _measure(backend: str, size: int, queries: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    if backend == "postgres":
        import psycopg

        name = DATABASE_URL.rsplit("/", 1)[1]
        with psycopg.connect(_admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        call_command("migrate", verbosity=0)
        settings.SEARCH_BACKEND = "postgres"
        built = _build_postgres(size)
    else:
        folder = SCALE_DIR / f"embedded-{size}"
        built = _build_embedded(size, folder)
        settings.SEARCH_INDEX_DIR = folder
    ms = _latency(queries)
    if backend == "postgres":
        return {"backend": backend, "papers": size, **built, "ms": ms}
    exact = _exact_dense(queries)
    return {"backend": backend, "papers": size, **built, "ms": {**ms, "dense exact": exact["ms"]}, "recall": exact["recall"]}


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["_measure"]:
        import django

        django.setup()
        print(json.dumps(_measure(args[1], int(args[2]), int(args[3]))))
    else:
        def option(name: str, default: str) -> str:
            return args[args.index(name) + 1] if name in args else default

        run(
            sizes=[int(s.replace("_", "")) for s in option("--sizes", ",".join(map(str, DEFAULT_SIZES))).split(",")],
            backends=tuple(option("--backends", "embedded,postgres").split(",")),
            queries=int(option("--queries", "300")),
        )
