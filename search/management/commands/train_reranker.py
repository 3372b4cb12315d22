"""`manage.py train_reranker`: fine-tune the Deep Search cross-encoder on SciFact's training claims.

Run it on a catalog holding the SciFact corpus (`make train-reranker` builds one in var/bench/scifact).
Candidates come from Deep Search itself with reranking off. A model trained on a seeded four fifths of the
claims chooses the rerank weight on the other fifth (printed; rank.RERANK_WEIGHT holds the chosen one); the
saved model then learns from all of them. Never reads claims_dev.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.search_quality import SCIFACT, read_queries
from search.deep import reranker
from search.deep import reranker_training as training
from search.deep.pipeline import deep_search
from search.models import Paper

WEIGHTS = [0.0, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2]


def read_claims() -> list[tuple[str, str, frozenset[str]]]:
    """(id, claim, relevant source ids) of every training claim with relevance judgements."""
    queries, qrels = read_queries("train")
    return [(q["id"], q["text"], frozenset(d for d, r in qrels[q["id"]].items() if r > 0)) for q in queries]


def ranked_question(claim_id: str, text: str, relevant: frozenset[str], source_ids: dict[int, str]) -> training.Question:
    """A training claim with Deep Search's own ranking of it (reranking off), by SciFact source id
    (`source_ids`: catalog id -> SciFact id; papers of other sources are left out)."""
    ranked = [(source_ids[h.paper_id], h.score) for h in deep_search(text, rerank_top=0) if h.paper_id in source_ids]
    return training.Question(claim_id, text, relevant, ranked)


class Command(BaseCommand):
    help = "Fine-tune the Deep Search reranker on SciFact claims_train (never claims_dev)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--held-out", type=float, default=0.2)
        parser.add_argument("--out", type=Path, default=reranker.ARTIFACT)

    def handle(self, *args, held_out: float, out: Path, **options) -> None:
        if not (SCIFACT / "claims_train.jsonl").exists():
            raise CommandError(f"SciFact is not at {SCIFACT}")
        if not Paper.objects.filter(source="scifact").exists():
            raise CommandError("The catalog holds no SciFact papers: import ../shared/data/scifact/corpus.jsonl.gz first")
        started = time.monotonic()
        source_ids = dict(Paper.objects.filter(source="scifact").values_list("id", "source_id"))
        questions = [ranked_question(*claim, source_ids) for claim in read_claims()]
        self.stdout.write(f"Deep Search ranked {len(questions)} training claims in {time.monotonic() - started:.0f} s")
        ids = {s for q in questions for s in q.relevant | {s for s, _ in q.ranked}}
        passages = {s: reranker.passage(t, a) for s, t, a in
                    Paper.objects.filter(source="scifact", source_id__in=ids).values_list("source_id", "title", "abstract")}
        training_part, held = training.split(questions, held_out)
        reranker.save(self._fit(training_part, passages), out)
        reranker.load.cache_clear()
        logits = {q.id: reranker.logits(q.text, [passages[s] for s, _ in q.ranked[: settings.DEEP_RERANK_TOP]], out)
                  for q in held}
        table = training.weight_table(held, logits, WEIGHTS)
        for weight, ndcg in table.items():
            self.stdout.write(f"held-out ({len(held)} claims) rerank weight {weight:<5} nDCG@10 {ndcg:.4f}")
        self.stdout.write(f"best weight {max(table, key=table.get)} (search/deep/rank.py RERANK_WEIGHT holds the one in use)")
        # The weight is chosen; the shipped model learns from every training claim.
        reranker.save(self._fit(questions, passages), out)
        reranker.load.cache_clear()
        self.stdout.write(f"saved {out} ({out.stat().st_size / 1e6:.1f} MB) after {time.monotonic() - started:.0f} s")

    def _fit(self, questions: list[training.Question], passages: dict[str, str]):
        pairs = training.examples(questions, passages, depth=settings.DEEP_RERANK_TOP)
        self.stdout.write(f"fine-tuning on {len(pairs)} pairs from {len(questions)} claims")
        return training.fit(pairs, progress=self._progress)

    def _progress(self, step: int, steps: int, loss: float) -> None:
        if step % 20 == 0 or step == steps:
            self.stdout.write(f"step {step}/{steps} loss {loss:.3f}")
