"""Load the demo catalog (and publish the demo articles), skipping files that have not changed."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# (path under the shared data folder, import format)
DEMO_FILES: list[tuple[str, str]] = [
    ("scifact/corpus.jsonl.gz", "scifact"),
    ("catalog/io_resistance_pubmed_papers.jsonl", "pubmed-jsonl"),
    ("catalog/s2orc_metadata_sample.jsonl.gz", "s2orc"),
    ("catalog/arxiv_cs_2025_sample.json", "arxiv-json"),
    ("catalog/ptsd_vandeschoot_included_ris/schoot-lgmm-ptsd-included-1.ris", "ris"),
    ("catalog/ptsd_vandeschoot_included_ris/schoot-lgmm-ptsd-included-2.ris", "ris"),
    ("hallmark/valid_entries.jsonl", "hallmark"),
] + [
    (f"catalog/cohen2006_drug_class_reviews/{name}.csv.gz", "csv")
    for name in (
        "ADHD", "Antihistamines", "AtypicalAntipsychotics", "BetaBlockers", "CalciumChannelBlockers", "Estrogens",
        "NSAIDS", "Opiods", "OralHypoglycemics", "ProtonPumpInhibitors", "SkeletalMuscleRelaxants", "Triptans",
        "UrinaryIncontinence",
    )
]
STARTER_QUERIES = ["cancer immunotherapy", "metformin cancer risk", "checkpoint inhibitor resistance"]


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Command(BaseCommand):
    help = "Import the demo catalog from the shared data folder (or harvest a starter set) and publish demo articles."

    def handle(self, *args, **options) -> None:
        if settings.SHARED_DATA_DIR.exists():
            self.import_shared_files(settings.SHARED_DATA_DIR)
        else:
            self.harvest_starter_set()
        # Designs catalogued by an older reader are read again before any answer names them.
        call_command("reread_designs", stdout=self.stdout)
        from qa.demo import publish_demo_articles

        articles = publish_demo_articles()
        self.stdout.write(f"Demo articles published: {len(articles)}")

    def import_shared_files(self, shared: Path) -> None:
        stamp_path = settings.DATA_DIR / "demo-imports.json"
        done: dict[str, str] = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
        for relative, fmt in DEMO_FILES:
            path = shared / relative
            if not path.exists():
                self.stderr.write(f"Demo file missing, skipped: {path}")
                continue
            digest = file_digest(path)
            if done.get(relative) == digest:
                continue
            call_command("import_papers", str(path), format=fmt, stdout=self.stdout, stderr=self.stderr)
            done[relative] = digest
            stamp_path.write_text(json.dumps(done, indent=1))
        self.stdout.write("Demo catalog is loaded and indexed.")

    def harvest_starter_set(self) -> None:
        self.stdout.write(f"No shared data at {settings.SHARED_DATA_DIR}; harvesting a starter set from OpenAlex.")
        try:
            for query in STARTER_QUERIES:
                call_command("harvest", source="openalex", query=query, limit=200, stdout=self.stdout)
        except CommandError as error:
            raise CommandError(
                f"{error}\nNo demo catalog could be loaded. Put the shared data folder at {settings.SHARED_DATA_DIR} "
                "(or set WISPAPER_SHARED_DATA), or import your own files with `python manage.py import_papers PATH`."
            ) from error
