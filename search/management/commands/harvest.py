"""harvest --source openalex|crossref|pubmed|arxiv --query "..." --limit N: live API -> catalog."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search.catalog.upsert import upsert_records
from search.connectors import arxiv, crossref, openalex, pubmed
from search.connectors.http import ConnectorError

SOURCES = {"openalex": openalex.search, "crossref": crossref.search, "pubmed": pubmed.search, "arxiv": arxiv.search}
MAX_LIMIT = 10_000


class Command(BaseCommand):
    help = "Fetch papers matching a query from a scholarly API and add them to the catalog (indexed by the worker)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--source", required=True, choices=sorted(SOURCES))
        parser.add_argument("--query", required=True, help="the service's own query syntax is passed through")
        parser.add_argument("--limit", type=int, default=25, help=f"at most this many papers (1-{MAX_LIMIT})")

    def handle(self, *args, source: str, query: str, limit: int, **options) -> None:
        if not query.strip():
            raise CommandError("--query must not be empty")
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {MAX_LIMIT}")
        try:
            records = SOURCES[source](query, limit)
        except ConnectorError as error:
            raise CommandError(f"harvest from {source} failed: {error}") from error
        report = upsert_records(records)
        self.stdout.write(
            f"{source}: {len(records)} fetched, {report.imported} imported, "
            f"{report.updated} updated, {report.unchanged} unchanged"
        )
