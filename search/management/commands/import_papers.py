"""import_papers PATH... [--format F] [--source NAME] (DESIGN.md §5): files in, searchable papers out."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.catalog.upsert import upsert_records
from search.importers.reading import IgnoredRecord
from search.importers.registry import FORMATS, UnknownFormat, detect_format, read_file
from search.records import PaperRecord

# Files taken from a folder: data files only, so a README or LICENSE next to them is not an "unknown format".
DATA_SUFFIXES = {".ris", ".bib", ".bibtex", ".csv", ".tsv", ".json", ".jsonl", ".ndjson"}
COUNTS = ("imported", "updated", "unchanged", "skipped")


class Command(BaseCommand):
    help = "Import papers from files (folders are walked): " + ", ".join(FORMATS) + "."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", help=f"one of {', '.join(FORMATS)}; recognised from each file when omitted")
        parser.add_argument("--source", help="source name stored with each paper (default: per format or file name)")
        parser.add_argument("--no-index", action="store_true", help="leave indexing to the worker instead of waiting for it")

    def handle(self, *args, paths: list[Path], format: str | None, source: str | None, no_index: bool, **options) -> None:
        if format and format not in FORMATS:
            raise CommandError(f"unknown format {format!r}; known formats: {', '.join(FORMATS)}")
        plan = [(path, format or self._detect(path)) for path in self._files(paths)]
        totals: Counter[str] = Counter()
        unreadable = []
        for path, fmt in plan:
            started = time.monotonic()
            counts, problem = self._import(path, fmt, source)
            totals.update(counts)
            seconds = time.monotonic() - started
            rate = (counts["imported"] + counts["updated"] + counts["unchanged"]) / max(seconds, 1e-9)
            self.stdout.write(f"{path} ({fmt}): {_summary(counts)} in {seconds:.1f} s ({rate:.0f} records/s)")
            if problem:
                unreadable.append(f"{path}: {problem}")
                self.stderr.write(f"  {path}: reading stopped: {problem}")
        if len(plan) > 1:
            self.stdout.write(f"total: {_summary(totals)}")
        if not no_index:
            self._index()
        if unreadable:
            raise CommandError(f"{len(unreadable)} file(s) could not be read to the end:\n" + "\n".join(unreadable))

    def _import(self, path: Path, fmt: str, source: str | None) -> tuple[Counter[str], str]:
        counts: Counter[str] = Counter({name: 0 for name in COUNTS})
        ignored: list[str] = []

        def records() -> Iterator[PaperRecord]:
            for item in read_file(path, fmt, source):
                if isinstance(item, IgnoredRecord):
                    ignored.append(str(item))
                elif isinstance(item, PaperRecord):
                    yield item
                else:
                    counts["skipped"] += 1
                    self.stderr.write(f"  skipped {item}")

        problem = ""
        try:
            report = upsert_records(records(), index=False)
            counts.update(imported=report.imported, updated=report.updated, unchanged=report.unchanged)
        except (OSError, EOFError) as error:  # a truncated gzip or an unreadable disk: what landed stays
            problem = str(error) or type(error).__name__
        counts["skipped"] += len(ignored)
        if ignored:
            self.stdout.write(f"  {len(ignored)} left out on purpose, e.g. {ignored[0]}")
        return counts, problem

    def _index(self) -> None:
        from search.indexing import index_pending

        report = index_pending()
        self.stdout.write(f"indexed {report.indexed} papers in {report.seconds:.1f} s; the papers are searchable")

    def _files(self, paths: list[Path]) -> list[Path]:
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        files = []
        for path in paths:
            if path.is_dir():
                files.extend(
                    sorted(
                        f for f in path.rglob("*")
                        if f.is_file() and not f.name.startswith(".") and _data_suffix(f) in DATA_SUFFIXES
                    )
                )
            else:
                files.append(path)
        if not files:
            raise CommandError(f"no data files in {', '.join(map(str, paths))}")
        return files

    def _detect(self, path: Path) -> str:
        try:
            return detect_format(path)
        except (UnknownFormat, OSError) as error:
            raise CommandError(str(error)) from error


def _data_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    return suffixes[-2] if suffixes[-1:] == [".gz"] and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")


def _summary(counts: Counter[str]) -> str:
    return ", ".join(f"{name} {counts[name]}" for name in COUNTS)
