"""manage.py import_papers: counts per file and in total, skipped records named, re-runs change nothing."""

import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from search import engine
from search.models import Paper

pytestmark = pytest.mark.django_db

CSV = "pubmedID,title,keywords,authors,abstracts\n1,Clonidine for pain in children,Humans,\"Reimer, E J\",Clonidine helps.\n2,,Humans,\"Dunn, G\",No title here.\n3,Migraine in women,Female,\"Warshaw, L J\",Migraine is common.\n"


def run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("no_index", True)
    call_command("import_papers", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_counts_per_file_and_skipped_records_with_their_place(sample_file):
    path = sample_file("ADHD.csv", CSV)
    out, err = run(path)
    assert f"{path} (csv): imported 2, updated 0, unchanged 0, skipped 1" in out
    assert f"skipped {path}:row 2 (line 3): no title" in err
    assert Paper.objects.count() == 2


def test_a_second_run_changes_nothing(sample_file):
    path = sample_file("ADHD.csv", CSV)
    run(path)
    hashes = dict(Paper.objects.values_list("id", "content_hash"))
    out, _ = run(path)
    assert "imported 0, updated 0, unchanged 2, skipped 1" in out
    assert dict(Paper.objects.values_list("id", "content_hash")) == hashes


def test_several_files_and_folders_get_a_total(sample_file, tmp_path):
    sample_file("a.csv", CSV)
    sample_file("README.md", "not data")
    entries = [{"bibtex_key": "k1", "label": "VALID", "fields": {"title": "A real paper", "year": "2020"}},
               {"bibtex_key": "k2", "label": "HALLUCINATED", "fields": {"title": "An invented paper", "year": "2020"}}]
    hallmark = sample_file("entries.jsonl.gz", "".join(json.dumps(e) + "\n" for e in entries))
    out, err = run(tmp_path)
    assert f"{hallmark} (hallmark): imported 1, updated 0, unchanged 0, skipped 1" in out
    assert "1 left out on purpose" in out
    assert "An invented paper" not in err
    assert "total: imported 3, updated 0, unchanged 0, skipped 2" in out


def test_the_source_can_be_named(sample_file):
    run(sample_file("a.csv", CSV), source="screening")
    assert set(Paper.objects.values_list("source", flat=True)) == {"screening"}


def test_a_missing_file_stops_before_anything_is_imported(sample_file, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(sample_file("a.csv", CSV), tmp_path / "missing.csv")
    assert Paper.objects.count() == 0


def test_an_unknown_or_unrecognisable_format_is_a_clear_error(sample_file):
    with pytest.raises(CommandError, match="unknown format 'endnote'"):
        run(sample_file("a.csv", CSV), format="endnote")
    with pytest.raises(CommandError, match="--format"):
        run(sample_file("notes.txt", "hello"))


def test_a_truncated_gzip_keeps_what_was_read_and_fails_the_run(sample_file, tmp_path):
    rows = "".join(json.dumps({"doc_id": n, "title": f"Paper {n}", "abstract": ["Text."]}) + "\n" for n in range(2000))
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(gzip.compress(rows.encode())[:-2000])
    with pytest.raises(CommandError, match="could not be read to the end"):
        run(path)
    assert Paper.objects.count() > 0


@pytest.mark.slow
def test_when_the_command_returns_the_papers_are_searchable(sample_file, index_dir):
    run(sample_file("a.csv", CSV), no_index=False)
    assert engine.search("clonidine", mode="lexical")[0].paper_id == Paper.objects.get(pmid="1").id
