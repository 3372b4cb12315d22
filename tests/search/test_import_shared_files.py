"""The real demo files (../shared/data): every one imports, with the fields a researcher would check."""

import itertools
from pathlib import Path

import pytest

from search.catalog.upsert import upsert_records
from search.importers.registry import detect_format, read_file
from search.models import Paper, StudyType
from search.records import PaperRecord, RecordError

COHEN = {
    "ADHD": 851, "Antihistamines": 310, "AtypicalAntipsychotics": 1120, "BetaBlockers": 2072, "CalciumChannelBlockers": 1218,
    "Estrogens": 368, "NSAIDS": 393, "Opiods": 1915, "OralHypoglycemics": 503, "ProtonPumpInhibitors": 1333,
    "SkeletalMuscleRelaxants": 1643, "Triptans": 671, "UrinaryIncontinence": 327,
}
EXPECTED = {
    "catalog/s2orc_metadata_sample.jsonl.gz": ("s2orc", 1000),
    "catalog/io_resistance_pubmed_papers.jsonl": ("pubmed-jsonl", 1032),
    "catalog/arxiv_cs_2025_sample.json": ("arxiv-json", 500),
    "catalog/ptsd_vandeschoot_included_ris/schoot-lgmm-ptsd-included-1.ris": ("ris", 363),
    "catalog/ptsd_vandeschoot_included_ris/schoot-lgmm-ptsd-included-2.ris": ("ris", 38),
    "scifact/corpus.jsonl.gz": ("scifact", 5183),
    "hallmark/valid_entries.jsonl": ("hallmark", 950),
    **{f"catalog/cohen2006_drug_class_reviews/{name}.csv.gz": ("csv", count) for name, count in COHEN.items()},
}


def demo_files(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "catalog").rglob("*") if p.is_file()) + [
        shared / "scifact/corpus.jsonl.gz",
        shared / "hallmark/valid_entries.jsonl",
    ]


def import_slice(path: Path, size: int, fmt: str | None = None):
    records = [r for r in itertools.islice(read_file(path, fmt), size) if isinstance(r, PaperRecord)]
    return upsert_records(records, index=False)


def test_every_demo_file_is_recognised_and_read_without_a_bad_record(shared_data):
    files = demo_files(shared_data)
    assert {str(p.relative_to(shared_data)) for p in files} == set(EXPECTED)
    for path in files:
        fmt, count = EXPECTED[str(path.relative_to(shared_data))]
        assert detect_format(path) == fmt
        items = list(read_file(path))
        assert [str(i) for i in items if isinstance(i, RecordError)] == []
        assert len(items) == count, path


@pytest.mark.django_db
def test_a_slice_of_every_demo_file_imports_and_reimports_unchanged(shared_data):
    reports = [import_slice(path, 100) for path in demo_files(shared_data)]
    assert Paper.objects.count() == len({pid for report in reports for pid in report.paper_ids})
    again = [import_slice(path, 100) for path in demo_files(shared_data)]
    assert sum(r.imported + r.updated for r in again) == 0


@pytest.mark.django_db
def test_scifact_papers_keep_doc_id_and_sentence_list(shared_data):
    path = shared_data / "scifact/corpus.jsonl.gz"
    import_slice(path, 300)
    paper = Paper.objects.get(source="scifact", source_id="4983")
    assert paper.title.startswith("Microstructural development of human newborn cerebral white matter")
    assert paper.abstract_sentences[6] == "Preterm infants at term showed higher mean diffusion coefficients in the central white matter (1.4 +/-"
    assert Paper.objects.filter(source="scifact").count() == 300


@pytest.mark.django_db
def test_ris_record_has_doi_year_journal_and_keywords(shared_data):
    folder = shared_data / "catalog/ptsd_vandeschoot_included_ris"
    import_slice(folder / "schoot-lgmm-ptsd-included-1.ris", 400)
    paper = Paper.objects.get(doi="10.1037/a0039713")
    assert paper.title == "Polyvictimization: Latent profiles and mental health outcomes in a clinical sample of adolescents"
    assert (paper.year, paper.venue) == (2016, "Psychology of Violence")
    assert paper.authors[0] == "Adams, Z. W."
    assert "Polyvictimization" in paper.keywords
    assert paper.abstract_sentences[0].startswith("Objective: Exposure to multiple traumatic events")


@pytest.mark.django_db
def test_the_second_ptsd_export_merges_into_the_papers_of_the_first(shared_data):
    folder = shared_data / "catalog/ptsd_vandeschoot_included_ris"
    import_slice(folder / "schoot-lgmm-ptsd-included-1.ris", 400)
    before = Paper.objects.count()
    report = import_slice(folder / "schoot-lgmm-ptsd-included-2.ris", 400)
    assert report.imported < 5  # nearly all 38 are the same papers, found by DOI or title and year
    assert Paper.objects.count() == before + report.imported
    bryant = Paper.objects.get(doi="10.1192/bjp.bp.114.145516")
    assert bryant.pmid == "25657356"  # the second export's PubMed accession completes the first's record


@pytest.mark.django_db
def test_cohen_record_has_pmid_mesh_authors_and_design(shared_data):
    import_slice(shared_data / "catalog/cohen2006_drug_class_reviews/ADHD.csv.gz", 50)
    paper = Paper.objects.get(pmid="10051933")
    assert (paper.source, paper.source_id) == ("ADHD", "10051933")
    assert paper.title == "The effectiveness of clonidine as an analgesic in paediatric adenotonsillectomy."
    assert {"Double-Blind Method", "Pain, Postoperative", "Administration, Oral"} <= set(paper.keywords)
    assert paper.authors[:2] == ["Reimer, E J", "Dunn, G S"]
    assert paper.study_type == StudyType.RANDOMIZED_TRIAL
    assert paper.abstract_sentences[0] == (
        "To compare the analgesic effects of preoperative oral clonidine with intraoperative intravenous fentanyl "
        "in children undergoing tonsillectomy or adenotonsillectomy."
    )


@pytest.mark.django_db
def test_pubmed_jsonl_s2orc_arxiv_and_hallmark_records(shared_data):
    import_slice(shared_data / "catalog/io_resistance_pubmed_papers.jsonl", 5)
    paper = Paper.objects.get(pmid="41919257")
    assert (paper.pmcid, paper.doi, str(paper.published), paper.venue) == (
        "PMC13033545", "10.3389/fonc.2026.1786965", "2026-03-16", "Frontiers in oncology"
    )
    assert paper.authors == ["Liu, R", "Wang, J"]
    assert paper.study_type == StudyType.REVIEW

    import_slice(shared_data / "catalog/arxiv_cs_2025_sample.json", 3)
    paper = Paper.objects.get(arxiv_id="2512.13690")
    assert (paper.source_id, paper.year, paper.authors[0]) == ("2512.13690", 2025, "Hong, Susung")

    import_slice(shared_data / "catalog/s2orc_metadata_sample.jsonl.gz", 1000)
    with_ids = Paper.objects.filter(source="s2orc", doi__isnull=False)
    assert with_ids.count() > 500
    assert Paper.objects.filter(source="s2orc", pmcid__startswith="PMC").exists()

    import_slice(shared_data / "hallmark/valid_entries.jsonl", 1)
    paper = Paper.objects.get(source="hallmark")
    assert paper.title == "Combinatorial Optimization for Panoptic Segmentation: A Fully Differentiable Approach"
    assert (paper.source_id, paper.venue, paper.year) == ("dblp:conf/nips/AbbasS21", "NeurIPS", 2021)
    assert paper.authors == ["Abbas, Ahmed", "Swoboda, Paul"]


def test_hallmark_dev_file_contributes_only_its_valid_entries(shared_data):
    items = list(read_file(shared_data / "hallmark/dev_public.jsonl"))
    assert sum(isinstance(i, PaperRecord) for i in items) == 513
    assert len(items) == 1119
