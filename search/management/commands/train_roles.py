"""`manage.py train_roles`: fit the sentence-role model on the catalog's structured abstracts and save it.

Four fifths of the abstracts (a seeded split, by abstract) train the model; the held-out fifth is scored
with its labels taken out, as benchmarks.reading_roles does, and the saved model is the one scored.
With --validate the training abstracts are split again and the model is scored on their validation fifth
and not saved: ideas are compared there, so the held-out abstracts judge only the model that ships.
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
        parser.add_argument(
            "--validate", action="store_true", help="score on a validation fifth of the training abstracts; save nothing"
        )

    def handle(self, *args, data: Path, out: Path, validate: bool, **options) -> None:
        # The batch is small: on two shared cores torch's thread pool waited more than it worked (9 min, not 1).
        torch.set_num_threads(1)
        started = time.monotonic()
        abstracts = training.structured_abstracts(data)
        if not abstracts:
            raise CommandError(f"no structured abstracts under {data} (looked in {', '.join(training.SOURCES)})")
        train, held_out = training.split(abstracts)
        if validate:
            train, held_out = training.split(train, training.VALIDATION)
        model = training.fit(train)
        if not validate:
            model.save(out)
        scores = training.evaluate(model, held_out)
        self.stdout.write(
            f"trained on {len(train)} abstracts in {time.monotonic() - started:.0f} s"
            + (" (validation run, nothing saved)" if validate else f" -> {out}")
            + f"\n{'validation' if validate else 'held out'}: {scores.abstracts} abstracts, {scores.sentences} sentences, "
            f"accuracy {scores.accuracy:.3f}\n"
            + "".join(
                f"  {role:12} F1 {scores.f1[role]:.3f}  recall {scores.recall[role]:.3f}  precision {scores.precision[role]:.3f}\n"
                for role in ROLES
            )
        )
