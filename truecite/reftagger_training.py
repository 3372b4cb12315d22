"""Training the reference tagger on catalog papers rendered in CSL styles (truecite/refstyles.py).

The papers come from one part of the shared catalog only (TRAINING_SOURCES: the S2ORC sample, the PTSD
review's RIS files and the arXiv sample); the PubMed immunotherapy papers and HALLMARK's entries are left
for the benchmark to report on. A seeded fifth of the training papers is held out and scored.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from search.catalog.upsert import prepare
from search.importers.registry import read_file
from search.models import Paper
from search.records import PaperRecord
from truecite.refstyles import (
    TRAINING_STYLES,
    Labelled,
    as_conference_paper,
    csl_item,
    labelled,
    lowercased_title,
    title_only,
    with_issue_details,
)
from truecite.reftagger import longest_run, reference_tokens, token_features

TRAINING_SOURCES = (
    "catalog/s2orc_metadata_sample.jsonl.gz",
    "catalog/ptsd_vandeschoot_included_ris",
    "catalog/arxiv_cs_2025_sample.json",
)
SEED = 15
HELD_OUT = 0.2
STYLES_PER_PAPER = 8  # of TRAINING_STYLES, drawn per paper
TITLE_ONLY_SHARE = 0.05
LOWER_CASE_TITLE_SHARE = 0.1
CONFERENCE_SHARE = 0.15
# L-BFGS with elastic net; c1 keeps the model small (features with no weight are dropped on save).
PARAMETERS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True, "feature.minfreq": 2}
_FIELDS = {"A": "authors", "T": "title", "V": "venue", "Y": "year"}


@dataclass(frozen=True)
class Scores:
    references: int
    token_accuracy: float
    field_exact: dict[str, float]  # field -> share of references whose field span is exactly right


def training_papers(data: Path) -> list[Paper]:
    """The papers of TRAINING_SOURCES with a title and at least one author, as unsaved Paper objects."""
    papers = []
    for source in TRAINING_SOURCES:
        path = data / source
        for file in sorted(path.glob("*")) if path.is_dir() else [path] if path.exists() else []:
            for record in read_file(file):
                if isinstance(record, PaperRecord) and record.title.strip() and record.authors:
                    papers.append(unsaved_paper(record))
    return papers


def unsaved_paper(record: PaperRecord) -> Paper:
    values = prepare(record)
    return Paper(**{name: value for name, value in values.items() if name != "study_type"})


def split(papers: list[Paper]) -> tuple[list[Paper], list[Paper]]:
    """(training, held out), by a hash of the title so a paper stays on its side whatever else is added."""
    held = lambda p: zlib.crc32(f"{SEED}:{p.normalized_title}".encode()) % 1000 < HELD_OUT * 1000  # noqa: E731
    return [p for p in papers if not held(p)], [p for p in papers if held(p)]


def examples(papers: list[Paper], seed: int = SEED) -> list[Labelled]:
    """Each paper in STYLES_PER_PAPER styles, sometimes with a lower-case title, as a conference paper, with
    straight quotation marks, or by title alone."""
    rng = random.Random(seed)
    by_style: dict[str, list[dict]] = {}
    rendered: list[Labelled] = []
    for paper in papers:
        if rng.random() < TITLE_ONLY_SHARE:
            rendered.append(title_only(paper))
        item = with_issue_details(csl_item(paper), rng)
        item = lowercased_title(item) if rng.random() < LOWER_CASE_TITLE_SHARE else item
        item = as_conference_paper(item) if rng.random() < CONFERENCE_SHARE else item
        for style in rng.sample(TRAINING_STYLES, STYLES_PER_PAPER):
            by_style.setdefault(style, []).append(item)
    for style, items in by_style.items():
        rendered.extend(labelled(items, style, rng))
    return rendered


def fit(training: list[Labelled], out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for example in training:
        tokens = reference_tokens(example.text)
        if tokens:
            trainer.append(token_features(tokens), example.tags)
    trainer.set_params(PARAMETERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def evaluate(model: Path, held_out: list[Labelled]) -> Scores:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    right = total = 0
    exact: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for example in held_out:
        tokens = reference_tokens(example.text)
        if not tokens:
            continue
        predicted = tagger.tag(token_features(tokens))
        right += sum(p == g for p, g in zip(predicted, example.tags))
        total += len(tokens)
        for tag, name in _FIELDS.items():
            gold = longest_run(example.tags, tag)
            if gold is not None:
                present[name] += 1
                exact[name] += longest_run(predicted, tag) == gold
    return Scores(
        references=len(held_out),
        token_accuracy=right / max(1, total),
        field_exact={name: exact[name] / present[name] for name in _FIELDS.values() if present[name]},
    )

