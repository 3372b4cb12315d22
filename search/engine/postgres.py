"""The PostgreSQL backend (SEARCH_BACKEND=postgres): full-text and vectors live beside the catalog.

One row per paper in search_paper_index: a weighted tsvector (title A, abstract B, authors and venue D)
under a GIN index, and the MiniLM embedding as a pgvector vector(384) under an HNSW index (inner product:
the vectors are unit length, so it orders like cosine). Full-text matches are ranked by BM25, as tantivy
ranks them in the embedded engine (ts_rank_cd knows no term rarity: SciFact test nDCG@10 0.36 against
BM25's 0.69): a paper's term frequencies are read from its tsvector, and how many papers hold each lexeme
(search_paper_terms) and the catalog's size and total length (search_paper_totals) are kept by triggers
on the index table, so every statement that changes the table keeps them exact. Quick mode fuses the two
as the embedded engine does: full-text matches plus nearest papers, each score min-max normalised over
that candidate set, blended with fusion.LEXICAL_WEIGHT.

The tables are created by search's migration on PostgreSQL when pgvector is installed
(scripts/install_pgvector.sh) and kept up to date by search.indexing; SQLite never sees them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from django.db import connection, transaction

from . import fusion

TABLE = "search_paper_index"
TERMS = "search_paper_terms"
TOTALS = "search_paper_totals"
# Full-text matches ranked per query; deeper matches would add almost nothing to a fused score.
LEXICAL_DEPTH = 1000
DENSE_DEPTH = 100
# HNSW candidate list per query (pgvector's default is 40): the top 100 needs at least 100.
EF_SEARCH = 100
# BM25 as tantivy computes it (Lucene's defaults).
K1 = 1.2
B = 0.75
# ts_rank_cd weights {D, C, B, A}: with one lexeme per query it returns the lexeme's weighted count in a
# paper. A title word counts a little more than an abstract word, so it ranks first even where two papers
# are equally long (SciFact train nDCG@10 moves < 0.002 between 0.8 and 1 for the abstract); authors and
# venue count half, as tantivy boosts them.
TERM_WEIGHTS = [0.5, 0.0, 0.9, 1.0]
# Ranking reads each candidate's tsvector from storage, so a query ranks a bounded set (_candidates): the
# papers holding one of its rarest lexemes or two of its lexemes together, about this many in all; every
# query lexeme scores them. Tuned on SciFact train: in the million-paper catalog of benchmarks.scale quick
# nDCG@10 is 0.53 (0.43 when only the rarest lexemes were ranked) at about the same p50/p95; in SciFact's
# own 5,183 papers it is 0.003 below ranking every match.
LEXICAL_ROW_BUDGET = 300
# At most this many candidates are ranked, the first found: a pair's papers outnumber its estimate when
# its lexemes go together.
RANK_CAP = 1200

# The papers holding each lexeme and the totals, changed by one statement per statement on the index table
# (lexemes in order, so concurrent indexers lock them in the same order).
_COUNT_CHANGES = f"""
CREATE OR REPLACE FUNCTION {TABLE}_count() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    changes text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT document, 1 AS change FROM added'
        WHEN 'DELETE' THEN 'SELECT document, -1 AS change FROM removed'
        ELSE 'SELECT document, 1 AS change FROM added UNION ALL SELECT document, -1 FROM removed' END;
BEGIN
    EXECUTE format($sql$
        WITH changed AS (%s),
        totals AS (
            UPDATE {TOTALS} SET papers = papers + (SELECT coalesce(sum(change), 0) FROM changed),
                lexemes = lexemes + (SELECT coalesce(sum(change * length(document)), 0) FROM changed)
        )
        INSERT INTO {TERMS} AS t (lexeme, papers)
        SELECT lexeme, sum(change) FROM changed, unnest(tsvector_to_array(document)) AS lexeme
        GROUP BY lexeme HAVING sum(change) <> 0 ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET papers = t.papers + EXCLUDED.papers$sql$, changes);
    RETURN NULL;
END
$body$"""

SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        paper_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        embedding vector(384) NOT NULL,
        content_hash varchar(64) NOT NULL DEFAULT ''
    )""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_embedding ON {TABLE} USING hnsw (embedding vector_ip_ops)",
    f"CREATE TABLE IF NOT EXISTS {TERMS} (lexeme text PRIMARY KEY, papers integer NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {TOTALS} (papers bigint NOT NULL, lexemes bigint NOT NULL)",
    _COUNT_CHANGES,
    f"""CREATE OR REPLACE TRIGGER {TABLE}_inserted AFTER INSERT ON {TABLE}
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_count()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_updated AFTER UPDATE ON {TABLE}
        REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_count()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_deleted AFTER DELETE ON {TABLE}
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_count()""",
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
    """Create the extension, tables, indexes and triggers unless they exist (cheap to call before every
    indexing run); an index made before the counts existed is counted here."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [TOTALS])
        if cursor.fetchone()[0] is not None:
            return
        with transaction.atomic():
            for statement in SCHEMA:
                cursor.execute(statement)
            recount()


def recount() -> None:
    """Count every lexeme's papers and the totals afresh (after a load that bypassed the triggers); writers
    wait meanwhile."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"TRUNCATE {TERMS}, {TOTALS}")
        cursor.execute(
            f"""INSERT INTO {TERMS} (lexeme, papers)
                SELECT lexeme, count(*) FROM {TABLE}, unnest(tsvector_to_array(document)) AS lexeme GROUP BY lexeme"""
        )
        cursor.execute(
            f"INSERT INTO {TOTALS} (papers, lexemes) SELECT count(*), coalesce(sum(length(document)), 0) FROM {TABLE}"
        )


def drop_counts() -> None:
    """Drop the lexeme counts, the totals and the triggers that keep them; the index table stays."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_count() CASCADE")
        cursor.execute(f"DROP TABLE IF EXISTS {TERMS}, {TOTALS}")


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


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''").replace("\\", "") + "'"


def _terms(cursor, words: list[str]) -> tuple[list[tuple[str, int]], int, float]:
    """The query's lexemes that some paper holds, with the number of papers holding each; the number of
    papers and their average length in lexemes."""
    cursor.execute(
        f"""SELECT lexeme, t.papers, totals.papers, totals.lexemes
            FROM unnest(tsvector_to_array(to_tsvector('english', %s))) AS lexeme
            JOIN {TERMS} AS t USING (lexeme) CROSS JOIN {TOTALS} AS totals WHERE t.papers > 0""",
        [" ".join(words)],
    )
    rows = cursor.fetchall()
    if not rows:
        return [], 0, 0.0
    return [(lexeme, held) for lexeme, held, _, _ in rows], int(rows[0][2]), rows[0][3] / rows[0][2]


def _candidates(terms: list[tuple[str, int]], papers: int) -> str:
    """A tsquery of the candidates: papers holding one of the rarest lexemes or two lexemes together.
    Clauses are taken from the fewest papers up while they hold about LEXICAL_ROW_BUDGET papers in all (at
    least one clause); a pair counts as if its lexemes were independent, and is dropped when one of its
    lexemes is taken alone."""
    clauses = [(held, (lexeme,)) for lexeme, held in terms]
    clauses += [(a_held * b_held / papers, (a, b)) for (a, a_held), (b, b_held) in itertools.combinations(terms, 2)]
    kept, budget = [], LEXICAL_ROW_BUDGET
    for held, lexemes in sorted(clauses):
        if kept and held > budget:
            break
        kept.append(lexemes)
        budget -= held
    alone = {lexemes[0] for lexemes in kept if len(lexemes) == 1}
    kept = [lexemes for lexemes in kept if len(lexemes) == 1 or alone.isdisjoint(lexemes)]
    return " | ".join("(" + " & ".join(map(_quote, lexemes)) + ")" for lexemes in kept)


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
    """Paper ids, BM25 scores and (given a query vector) cosine similarities of the best `limit`
    full-text matches, best first."""
    with transaction.atomic(), connection.cursor() as cursor:
        terms, papers, average_length = _terms(cursor, words)
        if not terms:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.float32)
        rarity = [math.log(1 + (papers - held + 0.5) / (held + 0.5)) for _, held in terms]
        # The planner's guess at a tsquery's matches is often far off (no statistics before ANALYZE); the
        # candidates are few by construction, and a scan of the table reads every tsvector.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Each candidate's tsvector is read from storage once (the concatenation), each lexeme's frequency in
        # it computed once (OFFSET 0 keeps the planner from copying the calls into the score).
        frequencies = ", ".join(f"ts_rank_cd(%s::float4[], document, %s::tsquery) AS f{k}" for k in range(len(terms)))
        score = " + ".join(f"%s * f{k} / (f{k} + length_norm)" for k in range(len(terms)))
        cursor.execute(
            f"""SELECT paper_id, score, {"-(embedding <#> %s::vector)" if vector is not None else "0"}
                FROM (SELECT paper_id, embedding, {score} AS score
                      FROM (SELECT paper_id, embedding, {frequencies},
                                   %s * (1 - %s + %s * length(document) / %s) AS length_norm
                            FROM (SELECT paper_id, embedding, document || ''::tsvector AS document
                                  FROM {TABLE} WHERE document @@ %s::tsquery LIMIT %s) AS matched
                            OFFSET 0) AS counted
                      ORDER BY score DESC, paper_id LIMIT %s) AS best
                ORDER BY score DESC, paper_id""",
            ([_vector(vector)] if vector is not None else [])
            + [r * (K1 + 1) for r in rarity]
            + [value for lexeme, _ in terms for value in (TERM_WEIGHTS, _quote(lexeme))]
            + [K1, B, B, average_length, _candidates(terms, papers), RANK_CAP, limit],
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
    """The words whose lexeme some indexed paper holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT word FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, position)
                WHERE EXISTS (SELECT 1 FROM unnest(tsvector_to_array(to_tsvector('english', word))) AS lexeme
                              JOIN {TERMS} AS t USING (lexeme) WHERE t.papers > 0)
                ORDER BY position""",
            [words],
        )
        return [word for (word,) in cursor.fetchall()]


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
