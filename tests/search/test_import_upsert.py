"""upsert_records: one row per paper, however often and from however many sources it is imported."""

import datetime as dt

import pytest

from search.catalog.upsert import upsert_records
from search.models import Paper, StudyType
from search.records import PaperRecord

pytestmark = pytest.mark.django_db


def record(**fields) -> PaperRecord:
    fields.setdefault("title", "Checkpoint inhibitor resistance in melanoma")
    fields.setdefault("source", "test")
    fields.setdefault("source_id", "1")
    return PaperRecord(**fields)


def test_new_records_become_papers_with_normalised_fields():
    report = upsert_records(
        [
            record(
                title="  Checkpoint   inhibitor resistance in <i>melanoma</i> ",
                abstract="We followed 200 patients (p < 0.05). Resistance emerged in 30%.",
                authors=["Liu R", "Susung Hong"],
                doi="https://doi.org/10.1000/ABC",
                pmid="PMID: 0123",
                pmcid="456",
                arxiv_id="arXiv:2512.13690v1",
                published=dt.date(2021, 3, 4),
                keywords=["*Melanoma", "melanoma", "Humans"],
            )
        ]
    )
    assert (report.imported, report.updated, report.unchanged) == (1, 0, 0)
    paper = Paper.objects.get(id=report.paper_ids[0])
    assert paper.title == "Checkpoint inhibitor resistance in melanoma"
    assert paper.abstract_sentences == ["We followed 200 patients (p < 0.05).", "Resistance emerged in 30%."]
    assert paper.authors == ["Liu, R", "Hong, Susung"]
    assert (paper.doi, paper.pmid, paper.pmcid, paper.arxiv_id) == ("10.1000/abc", "123", "PMC456", "2512.13690")
    assert paper.year == 2021  # taken from the date
    assert paper.keywords == ["Melanoma", "Humans"]
    assert len(paper.content_hash) == 64


def test_missing_identifiers_are_null_so_they_never_collide():
    upsert_records([record(source_id="1", title="First paper on one subject"), record(source_id="2", title="Second paper on another")])
    assert Paper.objects.filter(doi__isnull=True, pmid__isnull=True).count() == 2


def test_reimporting_the_same_records_changes_nothing():
    records = [record(source_id=str(n), title=f"Paper number {n} about melanoma", doi=f"10.1000/{n}") for n in range(5)]
    first = upsert_records(records)
    hashes = dict(Paper.objects.values_list("id", "content_hash"))
    again = upsert_records(records)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 5)
    assert again.paper_ids == first.paper_ids
    assert dict(Paper.objects.values_list("id", "content_hash")) == hashes


def test_a_changed_record_updates_its_paper_and_its_content_hash():
    upsert_records([record(abstract="Old abstract.")])
    before = Paper.objects.get()
    report = upsert_records([record(abstract="New abstract. It says more.")])
    after = Paper.objects.get()
    assert (report.imported, report.updated) == (0, 1)
    assert after.abstract_sentences == ["New abstract.", "It says more."]
    assert after.content_hash != before.content_hash


def test_the_same_doi_from_two_sources_is_one_paper_completed_by_both():
    upsert_records([record(source="crossref", source_id="10.1000/x", doi="10.1000/X", venue="Nature", year=2020)])
    report = upsert_records(
        [record(source="pubmed", source_id="99", doi="https://doi.org/10.1000/x", pmid="99", abstract="Found it.", venue="Nat")]
    )
    assert report.updated == 1
    paper = Paper.objects.get()
    assert (paper.source, paper.source_id) == ("crossref", "10.1000/x")  # the first source keeps the row
    assert (paper.venue, paper.pmid, paper.abstract) == ("Nature", "99", "Found it.")  # gaps filled, nothing replaced


def test_merging_two_sources_converges_whatever_the_order():
    a = record(source="a", source_id="1", doi="10.1000/x", abstract="From A.", keywords=["One"])
    b = record(source="b", source_id="2", doi="10.1000/x", venue="Journal B", keywords=["Two"])
    upsert_records([a])
    upsert_records([b])
    again = upsert_records([a, b])
    assert (again.updated, again.unchanged) == (0, 2)
    paper = Paper.objects.get()
    assert (paper.abstract, paper.venue, paper.keywords) == ("From A.", "Journal B", ["One", "Two"])


def test_near_identical_titles_with_the_same_year_are_merged():
    upsert_records([record(source="ris", source_id="7", title="Trajectory of PTSD after injury: a 6-year follow-up", year=2015)])
    report = upsert_records([record(source="csv", source_id="x", title="Trajectory of PTSD after Injury — A 6-Year Follow-Up.", year=2015)])
    assert (report.imported, report.updated + report.unchanged) == (0, 1)
    assert Paper.objects.count() == 1


def test_same_title_in_another_or_unknown_year_is_another_paper():
    title = "Trajectory of PTSD after injury: a 6-year follow-up"
    upsert_records([record(source="a", source_id="1", title=title, year=2015)])
    upsert_records([record(source="b", source_id="2", title=title, year=2016)])
    upsert_records([record(source="c", source_id="3", title=title)])
    upsert_records([record(source="d", source_id="4", title=title)])
    assert Paper.objects.count() == 4


def test_same_title_and_year_with_different_dois_are_different_papers():
    upsert_records([record(source="a", source_id="1", title="Reply to the letter on statins and risk", year=2019, doi="10.1000/a")])
    upsert_records([record(source="b", source_id="2", title="Reply to the letter on statins and risk", year=2019, doi="10.1000/b")])
    assert Paper.objects.count() == 2


def test_duplicates_inside_one_batch_become_one_paper():
    report = upsert_records([record(source_id="1", pmid="5"), record(source="other", source_id="9", pmid="5", venue="J")])
    assert report.imported == 1
    assert report.paper_ids[0] == report.paper_ids[1]
    assert Paper.objects.get().venue == "J"


def test_an_identifier_held_by_another_paper_is_not_stolen():
    upsert_records([record(source="a", source_id="1", title="Paper one about statins", doi="10.1000/one")])
    upsert_records([record(source="b", source_id="2", title="Paper two about aspirin", pmid="42")])
    # A record of paper one that also claims PMID 42 (a data error) must not break uniqueness.
    upsert_records([record(source="a", source_id="1", title="Paper one about statins", doi="10.1000/one", pmid="42")])
    assert Paper.objects.get(doi="10.1000/one").pmid is None
    assert Paper.objects.get(pmid="42").title == "Paper two about aspirin"


def test_given_sentences_are_kept_one_for_one():
    sentences = ["First sentence (n = 17).", "0.24 versus 1.15 +/-", "Third."]
    upsert_records([record(abstract_sentences=sentences)])
    paper = Paper.objects.get()
    assert paper.abstract_sentences == sentences
    assert paper.abstract == " ".join(sentences)


def test_study_type_is_detected():
    upsert_records([record(title="Statins and stroke: a systematic review and meta-analysis")])
    assert Paper.objects.get().study_type == StudyType.SYSTEMATIC_REVIEW


def test_overlong_and_invalid_values_are_bounded_not_fatal():
    upsert_records([record(venue="V" * 900, url="ftp://example.org/x", doi="10.1000/" + "x" * 300, year=99999)])
    paper = Paper.objects.get()
    assert len(paper.venue) == 500
    assert (paper.url, paper.doi, paper.year) == ("", None, None)


def test_control_characters_never_reach_the_database():
    upsert_records([record(title="Nul\x00 title", abstract="Bad\x00 byte.", url="https://example.org/\x00x", keywords=["K\x00"])])
    paper = Paper.objects.get()
    assert "\x00" not in paper.title + paper.abstract + paper.url + "".join(paper.keywords)


def test_a_timestamp_is_stored_as_its_date():
    upsert_records([record(published=dt.datetime(2025, 12, 15, 18, 59, 57, tzinfo=dt.timezone.utc))])
    assert Paper.objects.get().published == dt.date(2025, 12, 15)


def test_a_record_without_title_is_refused():
    with pytest.raises(ValueError, match="no title"):
        upsert_records([record(title="  ")])


def test_more_records_than_a_chunk_land_in_few_queries(django_assert_max_num_queries):
    records = [record(source_id=str(n), title=f"Paper {n} on melanoma", doi=f"10.1000/{n}", pmid=str(n)) for n in range(1200)]
    with django_assert_max_num_queries(60):
        report = upsert_records(records)
    assert report.imported == 1200


def test_indexing_is_queued_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        upsert_records([record(source_id=str(n), title=f"Paper {n} on melanoma") for n in range(3)])
    assert len(callbacks) == 1


def test_nothing_is_queued_when_nothing_changed_or_indexing_is_left_to_the_caller(django_capture_on_commit_callbacks):
    upsert_records([record()], index=False)
    with django_capture_on_commit_callbacks() as callbacks:
        upsert_records([record()])
        upsert_records([record(source_id="2", title="Another paper on melanoma")], index=False)
    assert callbacks == []


@pytest.mark.slow
def test_the_queued_task_indexes_the_new_papers(index_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = upsert_records([record(abstract="Resistance to PD-1 blockade emerged.")])
    paper = Paper.objects.get(id=report.paper_ids[0])
    assert paper.indexed_hash == paper.content_hash
