"""Fixtures for TrueCite: a small catalog built through the real upsert (without the embedding pass)."""

from __future__ import annotations

import pytest

from search.catalog.upsert import upsert_records
from search.models import Paper
from search.records import PaperRecord

CATALOG = [
    PaperRecord(
        title="Metformin use and the risk of cancer in patients with type 2 diabetes",
        source="test", source_id="metformin",
        authors=["Smith, Anna B", "Jones, Carl", "Lee, Dana"], year=2020, venue="New England Journal of Medicine",
        doi="10.1056/nejm.metformin.2020",
        abstract_sentences=[
            "Metformin is widely prescribed for type 2 diabetes.",
            "In a cohort of 12,000 patients, metformin use was associated with a 30% lower risk of cancer.",
            "The association persisted after adjustment for body mass index.",
        ],
    ),
    PaperRecord(
        title="Attention is all you need",
        source="test", source_id="attention",
        authors=["Vaswani, Ashish", "Shazeer, Noam", "Parmar, Niki"], year=2017,
        venue="Advances in Neural Information Processing Systems",
        abstract_sentences=["The Transformer relies entirely on attention.", "It outperforms recurrent models on translation."],
    ),
    PaperRecord(
        title="A preprint about protein folding with diffusion models",
        source="test", source_id="preprint",
        authors=["Kim, Yu", "Park, Min"], year=2024, arxiv_id="2401.01234",
    ),
]


@pytest.fixture
def catalog(db) -> dict[str, Paper]:
    upsert_records(CATALOG, index=False)
    return {p.source_id: p for p in Paper.objects.all()}


@pytest.fixture
def check(client, django_capture_on_commit_callbacks):
    """Post the TrueCite form; the check it queues runs (eagerly) once the request's transaction commits, as an
    idle worker would run it."""

    def post(data: dict, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/truecite/", data, **extra)

    return post
