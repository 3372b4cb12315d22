"""`manage.py truecite_refs --input FILE --out V.jsonl` (DESIGN.md §5): check every reference in a file."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from truecite.refparse import parse_references
from truecite.references import check_reference


class Command(BaseCommand):
    help = "Check references (BibTeX, RIS, HALLMARK JSONL or plain text, one per line) against the catalog."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", type=Path, required=True)
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, input: Path, out: Path, **options) -> None:
        try:
            text = input.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CommandError(f"cannot read {input}: {error.strerror}") from error
        references = parse_references(text)
        started = time.monotonic()
        with open(out, "w", encoding="utf-8") as handle:
            for reference in references:
                verdict = check_reference(reference)
                row = {
                    "key": verdict.key,
                    "verdict": verdict.verdict,
                    "matched_source_id": verdict.matched_source_id,
                    "mismatched_fields": verdict.mismatched_fields,
                    "confidence": verdict.confidence,
                }
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        seconds = time.monotonic() - started
        self.stdout.write(f"{len(references)} references checked in {seconds:.1f} s -> {out}")
