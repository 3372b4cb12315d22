"""`manage.py train_truecite`: fit the claim-verdict model on SciFact's training claims and save it."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from truecite import training
from truecite.embeddings import EmbeddingCache
from truecite.verdict_model import ARTIFACT


class Command(BaseCommand):
    help = "Train the TrueCite verdict model from SciFact claims_train (never claims_dev)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scifact", type=Path, default=settings.SHARED_DATA_DIR / "scifact")
        parser.add_argument("--out", type=Path, default=ARTIFACT)

    def handle(self, *args, scifact: Path, out: Path, **options) -> None:
        claims, corpus_path = scifact / "claims_train.jsonl", scifact / "corpus.jsonl.gz"
        if not claims.exists() or not corpus_path.exists():
            raise CommandError(f"SciFact is not at {scifact} (need claims_train.jsonl and corpus.jsonl.gz)")
        started = time.monotonic()
        pairs = training.scifact_pairs(claims, training.read_corpus(corpus_path))
        cache = EmbeddingCache(settings.TRUECITE_CACHE_DIR / "embeddings.npz")
        model = training.fit(training.featurize(pairs, cache), training.labels(pairs), training.groups(pairs))
        model.save(out)
        self.stdout.write(f"trained on {len(pairs)} claim-paper pairs in {time.monotonic() - started:.0f} s -> {out}")
