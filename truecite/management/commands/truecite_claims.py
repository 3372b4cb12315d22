"""`manage.py truecite_claims --input C.jsonl --out V.jsonl` (DESIGN.md §5): check claims against cited papers."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.models import Paper
from truecite.claims import check_claim


class Command(BaseCommand):
    help = 'Check claims against catalog papers; input lines {"id", "claim", "source_ids"}.'

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", type=Path, required=True)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, input: Path, out: Path, **options) -> None:
        try:
            lines = input.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {input}: {error}") from error
        checked = skipped = 0
        started = time.monotonic()
        with open(out, "w", encoding="utf-8") as handle:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    claim, source_ids = str(item["claim"]), [str(s) for s in item["source_ids"]]
                except (ValueError, KeyError, TypeError) as error:
                    self.stderr.write(f"{input}:{number}: skipped: not a claim line ({error})")
                    skipped += 1
                    continue
                papers = {p.source_id: p for p in Paper.objects.filter(source_id__in=source_ids).order_by("-id")}
                for source_id in source_ids:
                    paper = papers.get(source_id)
                    if paper is None:
                        self.stderr.write(f"{input}:{number}: no catalog paper with source id {source_id}")
                        continue
                    verdict = check_claim(claim, paper)
                    row = {
                        "id": item.get("id"),
                        "source_id": source_id,
                        "verdict": verdict.verdict,
                        "evidence": [e.index for e in verdict.evidence],
                        "confidence": verdict.confidence,
                    }
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    checked += 1
        seconds = time.monotonic() - started
        self.stdout.write(f"{checked} claim-paper pairs checked in {seconds:.1f} s ({checked / max(seconds, 1e-9):.1f}/s); {skipped} lines skipped -> {out}")
