"""search_papers --queries Q.jsonl --top K [--mode quick|deep] --out R.jsonl (DESIGN.md §5)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import engine
from search.deep.pipeline import DeepHit, deep_search
from search.models import Paper

# Deep mode re-ranks quick mode's candidates by the question's criteria (search.deep).
ENGINE_MODES = {"quick": "quick", "deep": "deep", "lexical": "lexical", "dense": "dense"}


def _deep(question: str, top: int) -> list[DeepHit]:
    return deep_search(question, top=max(top, settings.DEEP_SEARCH_CANDIDATES))[:top]


class Command(BaseCommand):
    help = "Run each query of a JSONL file through the search engine and write the ranked source ids as JSONL."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queries", required=True, type=Path, help='JSONL lines {"id": ..., "text": ...}')
        parser.add_argument("--top", type=int, default=100)
        parser.add_argument("--mode", choices=sorted(ENGINE_MODES), default="quick")
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, queries: Path, top: int, mode: str, out: Path, **options) -> None:
        if top <= 0:
            raise CommandError("--top must be a positive number")
        try:
            lines = queries.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read {queries}: {exc}") from exc
        out.parent.mkdir(parents=True, exist_ok=True)
        written = skipped = 0
        with open(out, "w", encoding="utf-8") as sink:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    query = json.loads(line)
                    query_id, text = query["id"], query["text"]
                except (ValueError, KeyError, TypeError):
                    self.stderr.write(f"{queries}:{number}: not a JSON object with id and text; skipped")
                    skipped += 1
                    continue
                try:
                    hits = _deep(str(text), top) if mode == "deep" else engine.search(str(text), top=top, mode=ENGINE_MODES[mode])
                except engine.QueryError as exc:
                    self.stderr.write(f"{queries}:{number}: {exc}")
                    hits = []
                source_ids = dict(Paper.objects.filter(id__in=[h.paper_id for h in hits]).values_list("id", "source_id"))
                results = [
                    {"source_id": source_ids[h.paper_id], "score": round(h.score, 6)}
                    for h in hits
                    if h.paper_id in source_ids
                ]
                sink.write(json.dumps({"id": query_id, "results": results}, ensure_ascii=False) + "\n")
                written += 1
        self.stdout.write(f"{written} queries searched ({mode} mode), {skipped} skipped -> {out}")
