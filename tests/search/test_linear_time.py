"""Text that users supply (pasted abstracts, queries, Deep Search questions, uploaded files) is read in time
linear in its length: 1 MB of a hostile run finishes in seconds (issue #15)."""

import time

import pytest

from search.catalog.normalize import clean_line, clean_text, normalize_author, normalize_title
from search.catalog.sentences import split_sentences
from search.deep.criteria import Criterion, decompose, parse_years
from search.engine.lexical import analyse, query_words
from search.importers.registry import read_file
from search.records import PaperRecord
from tests.hostile import HOSTILE, MEGABYTE, SECONDS, repeated, seconds


@pytest.mark.parametrize("piece", HOSTILE)
def test_a_megabyte_of_hostile_text_splits_into_sentences_in_seconds(piece):
    assert seconds(split_sentences, repeated(piece)) < SECONDS


def test_a_long_run_of_full_stops_still_ends_a_sentence_where_it_should():
    assert split_sentences("Wait" + "." * 49_999 + " Then more.") == ["Wait" + "." * 49_999, "Then more."]


@pytest.mark.parametrize("piece", [*HOSTILE, "of ", " and", "such as ", "since 2020 "])
def test_a_megabyte_of_hostile_query_is_analysed_in_seconds(piece):
    text = repeated(piece)
    for parse in (analyse, query_words, decompose, parse_years):
        assert seconds(parse, text) < SECONDS, parse.__name__


@pytest.mark.parametrize("text", [" " * MEGABYTE, "\n" * MEGABYTE, repeated(" a, b / c and d or")])
def test_a_criterion_of_a_megabyte_splits_into_alternatives_in_seconds(text):
    assert seconds(lambda: Criterion("population", text).alternatives) < SECONDS


def test_a_question_ending_in_a_long_run_of_joining_words_is_cut_in_seconds():
    assert seconds(decompose, "aspirin " + repeated("of ", 300_001)) < SECONDS  # 120 s before
    assert [c.text for c in decompose("aspirin for pain in adults of the")] == ["aspirin", "pain", "adults"]


@pytest.mark.parametrize("piece", [*HOSTILE, "<h1>", "<i ", "/a"])
def test_a_megabyte_of_hostile_text_is_normalised_in_seconds(piece):
    text = repeated(piece)
    for normalise in (clean_text, clean_line, normalize_title, normalize_author):
        assert seconds(normalise, text) < SECONDS, normalise.__name__


def test_whitespace_around_a_heading_is_not_given_back_every_way():
    assert seconds(clean_text, "<h1>" + " " * MEGABYTE + "x") < SECONDS  # minutes before
    assert clean_text("<h4>Background</h4>Text.") == "Background: Text."


def read_all(path, fmt) -> list:
    started = time.process_time()
    items = list(read_file(path, fmt))
    assert time.process_time() - started < SECONDS
    return items


def test_a_csv_author_cell_of_spaces_is_split_in_seconds(tmp_path):
    path = tmp_path / "papers.csv"
    path.write_text('title,authors\nA title,"' + " " * MEGABYTE + 'x; Lee"\nOther,"Smith and' + " " * MEGABYTE + 'y"\n')
    first, second = read_all(path, "csv")
    assert first.authors[-1] == "Lee" and second.authors[0] == "Smith"


def test_a_ris_keyword_of_many_subheadings_is_read_in_seconds(tmp_path):
    path = tmp_path / "papers.ris"
    path.write_text("TY  - JOUR\nTI  - A title\nKW  - Brain Injuries" + "/a" * (MEGABYTE // 2) + "X\nKW  - Brain/*epidemiology\nER  - \n")
    (record,) = read_all(path, "ris")
    assert isinstance(record, PaperRecord) and record.keywords[1] == "Brain"


def test_a_bibtex_note_of_many_arxiv_words_is_read_in_seconds(tmp_path):
    path = tmp_path / "papers.bib"
    path.write_text("@article{k, title={A title}, note={" + "arxiv" * (MEGABYTE // 5) + "}}\n@article{h, title={B}, note={arXiv:hep-th/9901001}}\n")
    first, second = read_all(path, "bibtex")
    assert first.arxiv_id == "" and second.arxiv_id == "hep-th/9901001"
