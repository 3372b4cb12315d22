"""reread_designs: read every paper's study design again from its title, abstract and keywords.

Run after the design reader changes (and after migration 0006). Only papers whose design changes are
written, so a second run writes nothing. Publication types are not stored, so a paper the reader now finds
no design for keeps the design it was imported with.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from search.models import Paper, StudyType
from search.reading.design import read_design

BATCH_SIZE = 2000


class Command(BaseCommand):
    help = "Read every paper's study design again from its words (only changed designs are written)."

    def handle(self, *args, **options) -> None:
        rows = Paper.objects.order_by("pk").values_list("pk", "title", "abstract", "keywords", "study_type")
        changed: list[Paper] = []
        seen = written = 0
        for pk, title, abstract, keywords, stored in rows.iterator(chunk_size=BATCH_SIZE):
            seen += 1
            design = read_design(title, abstract, keywords=keywords or ()).design
            if design != stored and design != StudyType.OTHER:
                changed.append(Paper(pk=pk, study_type=design))
            if len(changed) >= BATCH_SIZE:
                written += _write(changed)
        written += _write(changed)
        self.stdout.write(f"designs read again: {seen} papers, {written} changed")


def _write(papers: list[Paper]) -> int:
    count = len(papers)
    Paper.objects.bulk_update(papers, ["study_type"], batch_size=500)
    papers.clear()
    return count
