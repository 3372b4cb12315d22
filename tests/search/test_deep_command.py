"""`search_papers --mode deep` (DESIGN.md §5): quick mode's candidates re-ranked by the question's criteria."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from search.indexing import index_pending

pytestmark = pytest.mark.slow


def test_deep_mode_writes_ranked_source_ids(index_dir, make_paper, settings, tmp_path):
    settings.DEEP_SENTENCE_CACHE_DIR = tmp_path / "sentences"
    make_paper("Melanoma incidence in Australia", "Melanoma incidence rose over three decades.", source_id="registry")
    make_paper(
        "Pembrolizumab in advanced melanoma",
        "In this randomized trial, pembrolizumab prolonged overall survival in advanced melanoma.",
        source_id="trial", study_type="randomized_trial",
    )
    make_paper("Protein folding with deep learning", "Neural networks predict structures.", source_id="unrelated")
    index_pending()
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"id": "q1", "text": "randomized trials of PD-1 inhibitors in melanoma reporting overall survival"}) + "\n")
    out = tmp_path / "r.jsonl"
    call_command("search_papers", queries=queries, top=2, mode="deep", out=out)
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["id"] == "q1"
    assert [r["source_id"] for r in line["results"]] == ["trial", "registry"]
    assert line["results"][0]["score"] > line["results"][1]["score"]
