"""Each file format's reader: the fields a researcher expects, and bad records reported with their place."""

import json

import pytest

from search.importers.reading import IgnoredRecord
from search.importers.registry import UnknownFormat, detect_format, read_file
from search.records import PaperRecord, RecordError


def papers(items) -> list[PaperRecord]:
    return [item for item in items if isinstance(item, PaperRecord)]


def errors(items) -> list[str]:
    return [str(item) for item in items if isinstance(item, RecordError) and not isinstance(item, IgnoredRecord)]


def jsonl(*rows) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def test_scifact_keeps_doc_id_and_its_own_sentences(sample_file):
    path = sample_file(
        "corpus.jsonl.gz",
        jsonl({"doc_id": 4983, "title": "White matter", "abstract": ["One (n = 7).", "Two +/-", "0.24."], "structured": False}),
    )
    [paper] = papers(read_file(path))
    assert (paper.source, paper.source_id) == ("scifact", "4983")
    assert paper.abstract_sentences == ["One (n = 7).", "Two +/-", "0.24."]


def test_a_broken_json_line_is_reported_with_its_line_and_the_rest_lands(sample_file):
    path = sample_file(
        "corpus.jsonl",
        jsonl({"doc_id": 1, "title": "A", "abstract": []}, '{"doc_id": 2, "title": "B",', {"doc_id": 3, "title": "", "abstract": []}, {"doc_id": 4, "title": "D", "abstract": []}),
    )
    items = list(read_file(path, "scifact"))
    assert [p.source_id for p in papers(items)] == ["1", "4"]
    assert errors(items) == [f"{path}:line 2: broken JSON (Expecting property name enclosed in double quotes at column 28)", f"{path}:line 3: doc 3 has no title"]


def test_s2orc_names_identifiers_and_venue(sample_file):
    row = {
        "paper_id": "18980463", "title": "Adult and larval photoreceptors", "abstract": None, "year": 2007,
        "authors": [{"first": "S.", "middle": ["G."], "last": "Sprecher", "suffix": ""}],
        "doi": "10.1101/gad.1565407", "pubmed_id": "17785526", "pmc_id": "PMC1950857", "arxiv_id": None,
        "venue": "Genes & development", "journal": "Genes & development", "s2_url": "https://api.semanticscholar.org/CorpusID:18980463",
    }
    [paper] = papers(read_file(sample_file("sample.jsonl.gz", jsonl(row)), "s2orc"))
    assert paper.authors == ["Sprecher, S. G."]
    assert (paper.doi, paper.pmid, paper.pmcid, paper.year, paper.venue) == ("10.1101/gad.1565407", "17785526", "PMC1950857", 2007, "Genes & development")


def test_pubmed_jsonl_dates_and_identifiers(sample_file):
    row = {"id": "41919257", "pmid": "41919257", "pmcid": "PMC13033545", "doi": "10.3389/fonc.2026.1786965",
           "title": "Recent advances in immunotherapy for bladder cancer", "authors": ["Liu R", "Wang J"],
           "journal": "Frontiers in oncology", "pub_date": "2026-03-16", "abstract": "The past decade…", "source": "pubmed"}
    [paper] = papers(read_file(sample_file("papers.jsonl", jsonl(row))))
    assert (paper.source, paper.source_id, paper.year, str(paper.published)) == ("pubmed", "41919257", 2026, "2026-03-16")
    assert paper.venue == "Frontiers in oncology"


def test_arxiv_json_array_read_item_by_item(sample_file):
    rows = [{"arxiv_id": "2512.13690", "title": "DiffusionBrowser", "abstract": "Video diffusion…", "published": "2025-12-15T18:59:57Z",
             "authors": ["Susung Hong"], "categories": ["cs.CV"]}, {"arxiv_id": "2512.00001", "title": ""}]
    path = sample_file("arxiv.json", json.dumps(rows, indent=2))
    items = list(read_file(path))
    [paper] = papers(items)
    assert (paper.arxiv_id, paper.year, paper.keywords, paper.url) == ("2512.13690", 2025, ["cs.CV"], "https://arxiv.org/abs/2512.13690")
    assert errors(items) == [f"{path}:item 2: 2512.00001 has no title"]


def test_a_json_array_broken_midway_keeps_what_came_before(sample_file):
    path = sample_file("arxiv.json", '[{"arxiv_id": "2512.13690", "title": "A"}, {"arxiv_id": "2512.1", "title": }]')
    items = list(read_file(path, "arxiv-json"))
    assert [p.arxiv_id for p in papers(items)] == ["2512.13690"]
    assert errors(items)[0].startswith(f"{path}:item 2: broken JSON")


RIS = """TY  - JOUR
AU  - Bryant, R. A.
AU  - Nickerson, A.
AN  - 25657356
DP  - NLM
DO  - 10.1192/bjp.bp.114.145516
KW  - Brain Injuries/*epidemiology/*psychology
Follow-Up Studies
PY  - 2015
TI  - Trajectory of post-traumatic stress following traumatic injury: 6-year follow-up
T2  - Br J Psychiatry
AB  - BACKGROUND: Traumatic injuries affect millions. AIMS: To map trajectories.
ID  - 41
ER  - 

TY  - JOUR
AU  - Nobody, N.
PY  - 2016
ER  - 

TY  - JOUR
TI  - Polyvictimization: latent profiles
PY  - 2016
ER  - 
"""


def test_ris_records_with_pubmed_accession_keywords_and_journal(sample_file):
    path = sample_file("ptsd.ris", RIS)
    items = list(read_file(path))
    first, third = papers(items)
    assert (first.source, first.source_id, first.doi, first.year, first.venue) == ("ptsd", "41", "10.1192/bjp.bp.114.145516", 2015, "Br J Psychiatry")
    assert first.pmid == "25657356"
    assert first.keywords == ["Brain Injuries", "Follow-Up Studies"]
    assert first.authors == ["Bryant, R. A.", "Nickerson, A."]
    assert third.title == "Polyvictimization: latent profiles"
    assert errors(items) == [f"{path}:record 2 (line 16): no title (TI/T1)"]


def test_ris_from_windows_with_bom_and_crlf(sample_file):
    path = sample_file("endnote.ris", "\ufeffTY  - JOUR\r\nT1  - Über CRLF files\r\nAU  - Doe, J.\r\nPY  - 2001///\r\nER  -\r\n")
    [paper] = papers(read_file(path))
    assert (paper.title, paper.authors, paper.year, paper.source_id) == ("Über CRLF files", ["Doe, J."], 2001, "record-1")


BIB = r"""@string{nips = {Advances in Neural Information Processing Systems}}
@inproceedings{vaswani2017,
  title = {Attention is All you Need},
  author = {Ashish Vaswani and Noam Shazeer and others},
  booktitle = nips,
  year = {2017},
  eprint = {1706.03762}, archivePrefix = {arXiv}
}
this line is garbage
@article{schon2020,
  title = {Sch{\"o}n {BERT} models},
  author = {M{\"u}ller, Hans},
  journal = {J. Stuff},
  year = 2020,
  doi = {10.1000/XYZ}
}
@article{broken, title = {Never closed, author = {X}
@article{notitle, author = {Y}, year = 2020}
"""


def test_bibtex_entries_with_latex_strings_and_arxiv_ids(sample_file):
    path = sample_file("refs.bib", BIB)
    items = list(read_file(path))
    vaswani, schon = papers(items)
    assert (vaswani.source, vaswani.source_id, vaswani.arxiv_id, vaswani.year) == ("refs", "vaswani2017", "1706.03762", 2017)
    assert vaswani.venue == "Advances in Neural Information Processing Systems"
    assert vaswani.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert (schon.title, schon.authors, schon.doi) == ("Schön BERT models", ["Müller, Hans"], "10.1000/XYZ")
    reported = errors(items)
    assert len(reported) == 2
    assert reported[0].startswith(f"{path}:entry 3 (line 17): unreadable BibTeX")
    assert reported[1] == f"{path}:entry 4 (line 18): @article{{notitle}}: no title"


def test_hallmark_imports_valid_entries_only_and_counts_the_others(sample_file):
    rows = [
        {"bibtex_key": "Abbas2021", "bibtex_type": "inproceedings", "label": "VALID",
         "fields": {"title": "Combinatorial Optimization for Panoptic Segmentation", "author": "Ahmed Abbas and Paul Swoboda",
                    "year": "2021", "booktitle": "NeurIPS", "url": "https://dblp.org/rec/conf/nips/AbbasS21"}},
        {"bibtex_key": "Fake2022", "label": "HALLUCINATED", "fields": {"title": "A paper that does not exist", "year": "2022"}},
        {"bibtex_key": "Key2023", "label": "VALID", "fields": {"title": "Without a DBLP link", "year": "2023"}},
    ]
    items = list(read_file(sample_file("valid_entries.jsonl", jsonl(*rows))))
    valid, other = papers(items)
    assert (valid.source, valid.source_id, valid.venue, valid.year) == ("hallmark", "dblp:conf/nips/AbbasS21", "NeurIPS", 2021)
    assert valid.authors == ["Ahmed Abbas", "Paul Swoboda"]
    assert other.source_id == "Key2023"
    assert errors(items) == []
    assert sum(isinstance(item, IgnoredRecord) for item in items) == 1


COHEN = '''pubmedID,title,keywords,authors,abstracts,label1,label2
10051933,The effectiveness of clonidine as an analgesic.,"Acetaminophen; Administration, Oral; Child; Double-Blind Method; Humans","Reimer, E J; Dunn, G S","To compare clonidine with fentanyl.; This randomized, controlled, double-blind study of 36 children was done.; Clonidine is effective.",E,E
10053177,,"Humans","Jorenby, D E","Missing title.",I,I
10067807,"Migraine: a ""woman's disease?"".","Female; Humans; Migraine Disorders","Warshaw, L J","Migraine is common.",E,E
'''


def test_cohen_csv_rows_with_pmid_mesh_and_authors(sample_file):
    path = sample_file("ADHD.csv.gz", COHEN)
    items = list(read_file(path))
    clonidine, migraine = papers(items)
    assert (clonidine.source, clonidine.source_id, clonidine.pmid) == ("ADHD", "10051933", "10051933")
    assert clonidine.keywords == ["Acetaminophen", "Administration, Oral", "Child", "Double-Blind Method", "Humans"]
    assert clonidine.authors == ["Reimer, E J", "Dunn, G S"]
    assert clonidine.abstract.split("\n\n")[0] == "To compare clonidine with fentanyl."
    assert migraine.title == 'Migraine: a "woman\'s disease?".'
    assert errors(items) == [f"{path}:row 2 (line 3): no title"]


def test_generic_csv_column_names(sample_file):
    path = sample_file("export.csv", "Title,Author,Year,Journal,DOI\nA study of sleep,Ann Smith and Bo Li,2019,Sleep,10.1000/s1\n")
    [paper] = papers(read_file(path))
    assert (paper.title, paper.authors, paper.year, paper.venue, paper.doi) == ("A study of sleep", ["Ann Smith", "Bo Li"], 2019, "Sleep", "10.1000/s1")


def test_openalex_and_crossref_files_use_the_connector_parsers(sample_file):
    work = {"id": "https://openalex.org/W1", "title": "The state of OA", "publication_year": 2018, "doi": "https://doi.org/10.7717/peerj.4375",
            "abstract_inverted_index": {"Despite": [0], "growing": [1]}, "authorships": []}
    [paper] = papers(read_file(sample_file("works.json", json.dumps({"meta": {}, "results": [work]}))))
    assert (paper.source, paper.source_id, paper.abstract, paper.doi) == ("openalex", "W1", "Despite growing", "10.7717/peerj.4375")
    item = {"DOI": "10.1136/esmoopen-2020-000776", "title": ["Phase II study of lenvatinib"], "type": "journal-article"}
    [paper] = papers(read_file(sample_file("work.json", json.dumps({"message-type": "work", "message": item}))))
    assert (paper.source, paper.doi, paper.title) == ("crossref", "10.1136/esmoopen-2020-000776", "Phase II study of lenvatinib")


def test_unicode_is_preserved(sample_file):
    row = {"doc_id": 1, "title": "Über α-Synuclein – 日本語 and émigrés", "abstract": ["Ça marche."]}
    [paper] = papers(read_file(sample_file("corpus.jsonl", jsonl(row)), "scifact"))
    assert paper.title == "Über α-Synuclein – 日本語 and émigrés"


def test_source_can_be_named(sample_file):
    [paper] = papers(read_file(sample_file("export.csv", "title\nA study\n"), "csv", source="my-library"))
    assert paper.source == "my-library"


@pytest.mark.parametrize(
    "name, text, fmt",
    [
        ("a.ris", "TY  - JOUR\nER  - \n", "ris"),
        ("a.bib", "@article{x, title={T}}", "bibtex"),
        ("a.csv.gz", "title\nT\n", "csv"),
        ("corpus.jsonl", jsonl({"doc_id": 1, "title": "T", "abstract": []}), "scifact"),
        ("meta.jsonl.gz", jsonl({"paper_id": "1", "title": "T"}), "s2orc"),
        ("papers.jsonl", jsonl({"id": "1", "pmid": "1", "title": "T"}), "pubmed-jsonl"),
        ("entries.jsonl", jsonl({"bibtex_key": "k", "fields": {}, "label": "VALID"}), "hallmark"),
        ("arxiv.json", json.dumps([{"arxiv_id": "2512.13690", "title": "T"}]), "arxiv-json"),
        ("w.json", json.dumps({"id": "https://openalex.org/W1", "title": "T"}), "openalex"),
        ("c.json", json.dumps({"message-type": "work-list", "message": {"items": []}}), "crossref"),
    ],
)
def test_format_is_recognised_from_name_and_content(sample_file, name, text, fmt):
    assert detect_format(sample_file(name, text)) == fmt


def test_an_unrecognisable_file_is_an_unknown_format(sample_file):
    with pytest.raises(UnknownFormat, match="--format"):
        detect_format(sample_file("notes.txt", "hello"))
    with pytest.raises(UnknownFormat, match="--format"):
        detect_format(sample_file("other.jsonl", jsonl({"what": 1})))
