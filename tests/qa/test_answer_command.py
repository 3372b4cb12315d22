"""`manage.py answer` writes the article as JSON per DESIGN.md §5."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.slow


def test_answer_writes_the_article_json(catalog, db, tmp_path):
    out = tmp_path / "a.json"
    call_command("answer", "Can immunotherapy eventually cure all major types of cancer?", out=str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"question", "summary", "direct_answer", "sections", "sources", "truecite", "verdict", "breakdown", "checks"}
    assert data["verdict"] in {None, "yes", "no", "mixed", "insufficient"}
    assert all({"design", "n", "stance"} <= set(s) for s in data["sources"])
    assert data["sections"] and all({"heading", "paragraphs"} <= set(s) for s in data["sections"])
    assert [s["number"] for s in data["sources"]] == list(range(1, len(data["sources"]) + 1))
    assert all(s["source_id"].startswith("qa-") and s["title"] and s["summary"] for s in data["sources"])
    assert data["truecite"]["checked"] >= data["truecite"]["supported"] > 0


def test_answer_refuses_an_empty_question(db):
    with pytest.raises(CommandError):
        call_command("answer", "  ")


def test_answer_runs_in_this_process_without_a_worker(catalog, db, tmp_path, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # nothing would ever pick a queued task up
    out = tmp_path / "a.json"
    call_command("answer", "Can immunotherapy eventually cure all major types of cancer?", out=str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["sources"]
