"""The PostgreSQL backend (SEARCH_BACKEND=postgres): full-text and vectors live beside the catalog.

One row per paper in search_paper_index: a weighted tsvector (title A, abstract B, authors and venue D)
under a GIN index, ranked with ts_rank_cd; and the MiniLM embedding as a pgvector vector(384) under
an HNSW index (inner product: the vectors are unit length, so it orders like cosine). Quick mode fuses
the two as the embedded engine does: full-text matches plus nearest papers, each score min-max
normalised over that candidate set, blended with fusion.LEXICAL_WEIGHT.

The table is created by search's migration on PostgreSQL when pgvector is installed
(scripts/install_pgvector.sh) and kept up to date by search.indexing; SQLite never sees it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np
from django.db import connection, transaction

from . import fusion

TABLE = "search_paper_index"
# Full-text matches ranked per query; deeper matches would add almost nothing to a fused score.
LEXICAL_DEPTH = 1000
DENSE_DEPTH = 100
# HNSW candidate list per query (pgvector's default is 40): the top 100 needs at least 100.
EF_SEARCH = 100
# ts_rank_cd reads every matching row: in a large catalog only the rarest query terms are kept, as many as
# match about this many rows in all (from the planner's statistics), so a query ranks a bounded set.
# The nearest papers by embedding still come from the whole catalog.
LEXICAL_ROW_BUDGET = 1_500
# Below this many papers every term is kept (and the statistics may not exist yet).
PRUNE_FROM_ROWS = 50_000
# At most this many matches are ranked: the budget cannot shrink a query whose rarest word is common, and
# ranking reads each matching row's tsvector. Beyond the cap the matches ranked are the first found.
RANK_CAP = 5000
# The budget reads each word's share from the column's most-common-lexeme statistics, which track about ten
# times this many lexemes; at PostgreSQL's default (100) a million abstracts have thousands of words common
# enough to blow the budget but too rare to be listed, so they were taken for rare.
STATISTICS_TARGET = 1000
# They change only when (auto)ANALYZE runs: each process reads them again after this many seconds.
STATISTICS_MAX_AGE = 600.0

SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        paper_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        embedding vector(384) NOT NULL,
        content_hash varchar(64) NOT NULL DEFAULT ''
    )""",
    f"ALTER TABLE {TABLE} ALTER COLUMN document SET STATISTICS {STATISTICS_TARGET}",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_embedding ON {TABLE} USING hnsw (embedding vector_ip_ops)",
]
# The English configuration stems like tantivy's en_stem; weights: title A, abstract B, authors and venue D.
_DOCUMENT = (
    "setweight(to_tsvector('english', %s), 'A') || setweight(to_tsvector('english', %s), 'B') || "
    "setweight(to_tsvector('english', %s), 'D')"
)


def available() -> bool:
    """Whether this database can hold the index (PostgreSQL with pgvector installed)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def create_schema() -> None:
    """Create the extension, table and indexes unless they exist (cheap to call before every indexing run)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{TABLE}_embedding"])
        if cursor.fetchone()[0] is not None:
            return
        for statement in SCHEMA:
            cursor.execute(statement)


def drop_deleted() -> int:
    """Remove the rows of deleted papers. No foreign key does it: Django's test flush cannot truncate a
    table that an unmodelled table references."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {TABLE} AS i WHERE NOT EXISTS (SELECT 1 FROM search_paper AS p WHERE p.id = i.paper_id)"
        )
        return cursor.rowcount


def _vector(values: np.ndarray) -> str:
    return "[" + ",".join(f"{v:.7g}" for v in np.asarray(values, dtype=np.float32)) + "]"


def write(rows: Sequence[tuple[int, str, str, str, str]], matrix: np.ndarray) -> None:
    """Insert or replace papers: rows of (paper_id, title, abstract, authors and venue, content_hash)."""
    if not len(rows):
        return
    params = [
        (paper_id, title, abstract, people, _vector(vector), content_hash)
        for (paper_id, title, abstract, people, content_hash), vector in zip(rows, matrix)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"""INSERT INTO {TABLE} (paper_id, document, embedding, content_hash)
                VALUES (%s, {_DOCUMENT}, %s::vector, %s)
                ON CONFLICT (paper_id) DO UPDATE SET document = EXCLUDED.document,
                    embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash""",
            [(p, t, a, w, v, h) for p, t, a, w, v, h in params],
        )


def size() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return int(cursor.fetchone()[0])


def _tsquery(words: list[str], cursor) -> str:
    """An OR query of the words; in a large catalog, of only the rarest ones (LEXICAL_ROW_BUDGET)."""
    if not words:
        return ""
    total, common = _statistics(cursor)
    if total >= PRUNE_FROM_ROWS:
        estimated = sorted((share * total, word) for word, share in _shares(cursor, words, common).items())
        kept, budget = [], LEXICAL_ROW_BUDGET
        for rows, word in estimated:
            if kept and rows > budget:
                break
            kept.append(word)
            budget -= rows
        words = kept
    return " | ".join(_quote(word) for word in words)


_read_statistics: tuple[float, float, dict[str, float]] = (-math.inf, 0.0, {})


def _statistics(cursor) -> tuple[float, dict[str, float]]:
    """The table's row count and each most common lexeme's share of rows, as ANALYZE last saw them. Read once
    per STATISTICS_MAX_AGE seconds per process: parsing ten thousand lexemes took 20-40 ms a query."""
    global _read_statistics
    if time.monotonic() - _read_statistics[0] > STATISTICS_MAX_AGE:
        cursor.execute(
            """SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs
               FROM pg_class AS c LEFT JOIN pg_stats AS s ON s.tablename = c.relname AND s.attname = 'document'
               WHERE c.relname = %s""",
            [TABLE],
        )
        total, lexemes, shares = cursor.fetchone() or (0, None, None)
        _read_statistics = (time.monotonic(), float(total or 0), dict(zip(lexemes or [], map(float, shares or []))))
    return _read_statistics[1], _read_statistics[2]


def _shares(cursor, words: list[str], common: dict[str, float]) -> dict[str, float]:
    """Each word's share of papers (a word not among the most common lexemes is rare: 0); words that have
    no lexeme (stop words) are left out."""
    cursor.execute(
        """SELECT word, lexeme FROM unnest(%s::text[]) AS word
           CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english', word))) AS lexeme""",
        [words],
    )
    shares: dict[str, float] = {}
    for word, lexeme in cursor.fetchall():
        shares[word] = max(shares.get(word, 0.0), common.get(lexeme, 0.0))
    return shares


def _quote(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "") + "'"


def search(words: list[str], vector: np.ndarray | None, top: int, mode: str) -> list[tuple[int, float, float, float]]:
    """(paper_id, score, lexical, dense) best first, for the engine's modes quick, lexical and dense."""
    if mode == "lexical":
        ids, scores, _ = lexical(words, top)
        return [(int(i), float(s), float(s), 0.0) for i, s in zip(ids, scores)]
    if mode == "dense":
        ids, scores = nearest(vector, top)
        return [(int(i), float(s), 0.0, float(s)) for i, s in zip(ids, scores)]
    return quick(words, vector, top)


def lexical(words: list[str], limit: int, vector: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Paper ids, ts_rank_cd scores and (given a query vector) cosine similarities of the best `limit`
    full-text matches, best first."""
    with connection.cursor() as cursor:
        query = _tsquery(words, cursor)
        if not query:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        cursor.execute(
            f"""SELECT paper_id, rank, {"-(embedding <#> %s::vector)" if vector is not None else "0"}
                FROM (SELECT paper_id, embedding, ts_rank_cd(document, q) AS rank
                      FROM (SELECT paper_id, embedding, document, q FROM {TABLE}, to_tsquery('english', %s) AS q
                            WHERE document @@ q LIMIT %s) AS matched
                      ORDER BY rank DESC, paper_id LIMIT %s) AS best
                ORDER BY rank DESC, paper_id""",
            ([_vector(vector)] if vector is not None else []) + [query, RANK_CAP, limit],
        )
        found = cursor.fetchall()
    return tuple(np.asarray([r[k] for r in found], dtype=np.int64 if k == 0 else np.float32) for k in range(3))


def nearest(vector: np.ndarray, limit: int, *, exclude: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Paper ids and cosine similarities of the `limit` nearest papers by embedding (HNSW), best first."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL hnsw.ef_search = {max(EF_SEARCH, limit)}")
        cursor.execute(
            f"""SELECT paper_id, -(embedding <#> %s::vector) FROM {TABLE}
                WHERE paper_id <> %s ORDER BY embedding <#> %s::vector LIMIT %s""",
            [_vector(vector), exclude if exclude is not None else -1, _vector(vector), limit],
        )
        found = cursor.fetchall()
    return (np.asarray([r[0] for r in found], dtype=np.int64), np.asarray([r[1] for r in found], dtype=np.float32))


def matched_words(words: list[str]) -> list[str]:
    """The words whose stem occurs in some indexed paper (a GIN lookup each)."""
    found = []
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute(
                f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE document @@ to_tsquery('english', %s))", [_quote(word)]
            )
            if cursor.fetchone()[0]:
                found.append(word)
    return found


def embedding_of(paper_id: int) -> np.ndarray | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT embedding::text FROM {TABLE} WHERE paper_id = %s", [paper_id])
        row = cursor.fetchone()
    return None if row is None else np.asarray(row[0].strip("[]").split(","), dtype=np.float32)


def quick(words: list[str], vector: np.ndarray, top: int) -> list[tuple[int, float, float, float]]:
    """(paper_id, fused, lexical, dense) of the `top` best papers: full-text matches plus nearest papers, fused."""
    lexical_ids, lexical_scores, lexical_dense = lexical(words, LEXICAL_DEPTH, vector)
    dense_ids, dense_scores = nearest(vector, DENSE_DEPTH)
    dense = dict(zip(lexical_ids.tolist(), lexical_dense.tolist()))
    dense.update(zip(dense_ids.tolist(), dense_scores.tolist()))
    ids = np.asarray(sorted(set(lexical_ids.tolist()) | set(dense)), dtype=np.int64)
    if not len(ids):
        return []
    bm25 = dict(zip(lexical_ids.tolist(), lexical_scores.tolist()))
    lexical_column = np.asarray([bm25.get(i, 0.0) for i in ids.tolist()], dtype=np.float32)
    dense_column = np.asarray([dense.get(i, 0.0) for i in ids.tolist()], dtype=np.float32)
    fused = fusion.blend(lexical_column, dense_column)
    order = fusion.best(fused, top)
    return [(int(ids[r]), float(fused[r]), float(lexical_column[r]), float(dense_column[r])) for r in order]
