"""manage.py search_papers: JSONL queries in, ranked source ids out (DESIGN.md §5)."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from search.indexing import index_pending

pytestmark = pytest.mark.slow


@pytest.fixture
def catalog(index_dir, make_paper):
    make_paper("Metformin and cancer risk", "Metformin users had fewer cancers.", source="scifact", source_id="101")
    make_paper("Statins and dementia", "Statin therapy and cognitive decline.", source="scifact", source_id="202")
    index_pending()


def run(tmp_path, lines: list[str], *options: str) -> list[dict]:
    queries, out = tmp_path / "q.jsonl", tmp_path / "out" / "r.jsonl"
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("search_papers", "--queries", str(queries), "--out", str(out), *options)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("mode", ["quick", "deep", "lexical", "dense"])
def test_each_query_gets_its_ranked_source_ids(catalog, tmp_path, mode):
    lines = [json.dumps({"id": 7, "text": "does metformin prevent cancer?"}), json.dumps({"id": "b", "text": "statins"})]
    results = run(tmp_path, lines, "--top", "1", "--mode", mode)
    assert [r["id"] for r in results] == [7, "b"]
    assert results[0]["results"][0]["source_id"] == "101"
    assert results[1]["results"][0]["source_id"] == "202"
    assert all(len(r["results"]) == 1 and isinstance(r["results"][0]["score"], float) for r in results)


def test_results_are_best_first(catalog, tmp_path):
    [result] = run(tmp_path, [json.dumps({"id": 1, "text": "metformin cancer"})])
    scores = [r["score"] for r in result["results"]]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)


def test_bad_lines_are_reported_and_the_rest_is_searched(catalog, tmp_path, capsys):
    lines = ["not json", json.dumps({"id": 1}), "", json.dumps({"id": 2, "text": "   "}), json.dumps({"id": 3, "text": "statin"})]
    results = run(tmp_path, lines)
    assert [r["id"] for r in results] == [2, 3]
    assert results[0]["results"] == []
    errors = capsys.readouterr().err
    assert "q.jsonl:1" in errors and "q.jsonl:2" in errors and "q.jsonl:4" in errors


def test_a_missing_queries_file_is_a_clear_error(catalog, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("search_papers", "--queries", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "r.jsonl"))
