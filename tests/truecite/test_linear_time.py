"""Pasted text is checked in time linear in its length: hostile pastes of 1 MB parse in seconds, and the
page refuses them at once (issue #15: 49,999 full stops once ran 233 s inside a web request). The sentence
splitter's own tests are in tests/search/test_linear_time.py."""

import time

import pytest
from django.core.cache import cache

from truecite.citations import cite_sentences, find_citations
from truecite.compare import normalize_venue
from truecite.models import Report
from truecite.refparse import MAX_REFERENCE_CHARS, parse_references, reference_section, split_authors
from truecite.reftagger import read_plain
from tests.hostile import HOSTILE, MEGABYTE, SECONDS, repeated, seconds


def surname(number: int) -> str:
    """A surname of its own for each number: 7 -> 'Vash'."""
    return "Vas" + "".join("abcdefghij"[int(digit)] for digit in str(number))


REFERENCES = "\n".join(f"{i}. Ashish Kumar {surname(i)}. Title number {i}. Journal. 2020." for i in range(1, 501))


@pytest.mark.parametrize("piece", HOSTILE)
def test_a_megabyte_of_hostile_text_parses_as_references_in_seconds(piece, settings):
    text = repeated(piece, MEGABYTE)
    assert seconds(parse_references, text) < SECONDS
    assert seconds(reference_section, text) < SECONDS
    assert seconds(split_authors, text) < SECONDS
    assert seconds(normalize_venue, text) < SECONDS


@pytest.mark.parametrize("piece", HOSTILE)
def test_a_megabyte_of_hostile_text_is_searched_for_citations_in_seconds(piece):
    text = repeated(piece, MEGABYTE)
    references = parse_references(REFERENCES)
    assert seconds(find_citations, text, references) < SECONDS


@pytest.mark.parametrize("piece", HOSTILE)
def test_the_reference_tagger_reads_hostile_text_in_linear_time(piece):
    # Five times the longest entry the parser tags: a quadratic step would take minutes on 20,000 characters.
    text = repeated(piece, 5 * MAX_REFERENCE_CHARS)
    assert seconds(read_plain, text) < SECONDS


@pytest.mark.parametrize(
    "text",
    [
        "References" + " " * MEGABYTE + "x",  # the heading's trailing spaces were split every way
        "(" * MEGABYTE,  # each "(" of a venue rescanned the rest for its ")"
        "Smith" + "\n" * MEGABYTE + "x",  # each line break rescanned the rest for " and "
    ],
)
def test_runs_that_were_quadratic_in_the_reference_parser_are_linear(text):
    assert seconds(reference_section, text) < SECONDS
    assert seconds(normalize_venue, text) < SECONDS
    assert seconds(split_authors, text) < SECONDS


def test_a_reference_list_past_the_limit_is_refused_before_it_is_parsed(settings):
    started = time.process_time()
    with pytest.raises(ValueError, match="That is 200000 references"):
        parse_references("1. a\n" * 200_000, max_references=settings.TRUECITE_MAX_REFERENCES)
    assert time.process_time() - started < SECONDS


def test_citations_are_resolved_against_the_references_once_not_once_per_sentence():
    references = parse_references(REFERENCES)
    cites = "(" + "; ".join(["Jones 2020"] * 24) + ")"
    sentences = [f"Aspirin helps {cites}."] * 1_500
    assert seconds(cite_sentences, sentences, references) < SECONDS  # was 14 s
    assert find_citations("As shown (Vash 2020).", references).reference_keys == ["7"]


def test_many_markers_in_one_sentence_are_cut_from_the_claim_in_one_pass():
    sentence = "Aspirin helps [1] " * 50_000
    started = time.process_time()
    cited = find_citations(sentence, [])
    assert time.process_time() - started < SECONDS
    assert "[1]" not in cited.claim and cited.claim.startswith("Aspirin helps Aspirin")


@pytest.mark.parametrize("piece", HOSTILE)
def test_the_page_refuses_a_megabyte_paste_at_once_and_charges_nothing(client, db, settings, piece):
    cache.clear()
    settings.TRUECITE_ANONYMOUS_DAILY_CHECKS = 1
    started = time.process_time()
    response = client.post("/truecite/", {"text": repeated(piece, MEGABYTE)})
    assert time.process_time() - started < 1.0
    assert response.status_code == 400
    page = response.content.decode()
    # CharField strips the paste: all whitespace is no text at all.
    assert ("TrueCite checks up to 50,000 at a time" if piece.strip() else "Paste some text") in page
    assert not Report.objects.exists()
    # The one free check of the day is still there.
    assert client.post("/truecite/", {"text": "1. Nobody N. A paper. Journal. 2019."}).status_code == 302


@pytest.mark.parametrize("piece", HOSTILE)
def test_the_largest_allowed_hostile_paste_is_checked_in_seconds(client, catalog, settings, piece):
    cache.clear()
    started = time.process_time()
    response = client.post("/truecite/", {"text": repeated(piece, settings.TRUECITE_MAX_CHARS - 1)})
    assert time.process_time() - started < 10.0
    assert response.status_code in (302, 400)
