"""Sentence roles (search.reading.roles) on held-out structured abstracts with their labels taken out:
accuracy of the committed model, its precision, recall and F1 per role with the roles each role was read
as (where the errors lie), and reading speed.

The abstracts are role_training's: every structured abstract in the shared SciFact corpus and catalog
samples, split by a seeded hash of each abstract's key. Only the held-out fifth is scored; train_roles never
trains on it. Each abstract is read with no label left, so the model alone decides.
"""

from __future__ import annotations

import os
import time
from collections import Counter

from django.conf import settings


def run() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wispaper.settings")
    django.setup()
    from search.reading import role_training as training
    from search.reading.labels import ROLES
    from search.reading.roles import load, read_roles

    abstracts = training.structured_abstracts(settings.SHARED_DATA_DIR)
    if not abstracts:
        print(f"skipped: no structured abstracts under {settings.SHARED_DATA_DIR}")
        return
    train, held_out = training.split(abstracts)
    scores = training.evaluate(load(), held_out)
    started = time.perf_counter()
    for abstract in held_out:
        read_roles(abstract.texts)
    per_second = sum(len(a.texts) for a in held_out) / (time.perf_counter() - started)
    sources = Counter(a.key.split(":")[0] for a in held_out)
    print(
        f"held-out split (seeded hash {training.SEED}, about {training.HELD_OUT:.0%} of abstracts): {scores.abstracts} abstracts "
        f"({', '.join(f'{n} {s}' for s, n in sources.most_common())}), {scores.sentences} sentences of one role; "
        f"the model trained on the other {len(train)}"
    )
    print(f"| {'metric':22} | {'value':>7} |")
    print(f"|{'-' * 24}|{'-' * 9}|")
    print(f"| {'accuracy':22} | {scores.accuracy:7.3f} |")
    print(f"| {'sentences per second':22} | {per_second:7.0f} |")
    print()
    print(f"| {'role':12} | {'sentences':>9} | {'precision':>9} | {'recall':>7} | {'F1':>6} | " + " | ".join(f"read {r[:5]:5}" for r in ROLES) + " |")
    print(f"|{'-' * 14}|{'-' * 11}|{'-' * 11}|{'-' * 9}|{'-' * 8}|" + "|".join("-" * 12 for _ in ROLES) + "|")
    for role in ROLES:
        row = scores.confusion[role]
        print(
            f"| {role:12} | {sum(row.values()):9} | {scores.precision[role]:9.3f} | {scores.recall[role]:7.3f} | "
            f"{scores.f1[role]:6.3f} | " + " | ".join(f"{row[r]:10}" for r in ROLES) + " |"
        )


if __name__ == "__main__":
    run()
