"""Retrieve: the on-topic papers for a question, each paper once however many sources it was imported from."""

from __future__ import annotations

import pytest

from qa.pipeline.plan import make_plan
from qa.pipeline.retrieve import retrieve
from search.indexing import index_pending
from search.models import Paper

pytestmark = pytest.mark.slow

QUESTION = "Can immunotherapy eventually cure all major types of cancer?"


def test_one_paper_imported_from_two_sources_is_one_candidate(catalog, db):
    plan = make_plan(QUESTION)
    first = Paper.objects.get(pk=retrieve(plan)[0].paper_id)
    copy = Paper.objects.create(
        title=first.title.upper() + ".", normalized_title=first.normalized_title, abstract=first.abstract,
        abstract_sentences=first.abstract_sentences, authors=first.authors, year=first.year, venue="Another Index",
        study_type=first.study_type, source="test-copy", source_id="copy-1", content_hash="copy",
    )
    index_pending()
    found = [c.paper_id for c in retrieve(plan)]
    assert len({first.pk, copy.pk} & set(found)) == 1
    titles = [Paper.objects.get(pk=pk).title.casefold().rstrip(".") for pk in found]
    assert len(titles) == len(set(titles))
