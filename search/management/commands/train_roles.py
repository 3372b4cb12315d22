"""`manage.py train_roles`: fit the sentence-role model on the catalog's structured abstracts and save it.

Four fifths of the abstracts (a seeded split, by abstract) train the model; the held-out fifth is scored
with its labels taken out, as benchmarks.reading_roles does, and the saved model is the one scored.
"""

from __future__ import annotations

import time
from pathlib import Path

import torch
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.reading import role_training as training
from search.reading.labels import ROLES
from search.reading.roles import ARTIFACT


class Command(BaseCommand):
    help = "Train the abstract sentence-role model on structured abstracts from the shared data."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", type=Path, default=settings.SHARED_DATA_DIR)
        parser.add_argument("--out", type=Path, default=ARTIFACT)

    def handle(self, *args, data: Path, out: Path, **options) -> None:
        # The batch is small: on two shared cores torch's thread pool waited more than it worked (9 min, not 1).
        torch.set_num_threads(1)
        started = time.monotonic()
        abstracts = training.structured_abstracts(data)
        if not abstracts:
            raise CommandError(f"no structured abstracts under {data} (looked in {', '.join(training.SOURCES)})")
        train, held_out = training.split(abstracts)
        model = training.fit(train)
        model.save(out)
        scores = training.evaluate(model, held_out)
        self.stdout.write(
            f"trained on {len(train)} abstracts in {time.monotonic() - started:.0f} s -> {out}\n"
            f"held out: {scores.abstracts} abstracts, {scores.sentences} sentences, accuracy {scores.accuracy:.3f}\n"
            + "".join(f"  F1 {role:12} {scores.f1[role]:.3f}\n" for role in ROLES)
        )
