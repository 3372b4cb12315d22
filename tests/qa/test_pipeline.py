"""The whole pipeline on a small catalog: a clean, fully cited article whose every citation is listed."""

from __future__ import annotations

import re

import pytest

from qa.models import Article, Question
from search.catalog.sentences import split_sentences

pytestmark = pytest.mark.slow

CITED_SENTENCE = re.compile(r"[^\[]+?[.!?](?:\[\d+\])+")


@pytest.fixture
def article(published, db) -> Article:
    return Article.objects.get(pk=published.pk)


def _sentences(text: str) -> list[str]:
    """Sentences as published: each ends with its punctuation and then its citation markers."""
    return [s.strip() for s in re.split(r"(?<=\])\s+(?=[A-Z])", text) if s.strip()]


def _all_paragraphs(article: Article) -> list[str]:
    return [article.direct_answer] + [p for s in article.sections.all() for p in s.paragraphs]


NO_EVIDENCE_NOTE = re.compile(r"^There is not enough evidence to say: [^.]*\.\s*")


def test_every_sentence_carries_a_citation_but_a_note_that_nothing_tests_the_claim(article):
    for paragraph in _all_paragraphs(article):
        for sentence in _sentences(NO_EVIDENCE_NOTE.sub("", paragraph)):
            assert re.search(r"[.!?](\[\d+\])+$", sentence), sentence
            body = re.sub(r"(\[\d+\])+$", "", sentence)
            assert len(split_sentences(body)) == 1, f"an uncited sentence hides in: {sentence}"


def test_every_citation_points_to_a_listed_source_numbered_by_first_appearance(article):
    numbers = [int(n) for p in _all_paragraphs(article) for n in re.findall(r"\[(\d+)\]", p)]
    listed = list(article.sources.values_list("number", flat=True))
    assert set(numbers) == set(listed)
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == sorted(first_seen) == listed


def test_yes_no_question_opens_with_a_verdict_the_evidence_supports(article):
    assert article.direct_answer.startswith("No")


def test_article_has_question_headed_sections_and_source_summaries(article):
    sections = list(article.sections.all())
    assert 1 <= len(sections) <= 5  # a section needs three findings that fit it: a dozen papers fill few
    assert all(s.heading.endswith("?") for s in sections)
    assert all(s.summary for s in article.sources.all())
    assert article.summary and article.summary.endswith(".")


def test_text_is_clean(article):
    text = " ".join(_all_paragraphs(article) + [s.summary for s in article.sources.all()])
    assert not re.search(r"\b[A-Z]{4,}:", text), "a structured-abstract label survived"
    assert "[1,2]" not in text and "95% CI" not in text
    stripped = re.sub(r"\[\d+\]", "", text)
    assert stripped.count("(") == stripped.count(")") and "[" not in stripped
    assert not re.search(r"that [A-Z][a-z]+ ", text.replace("that PD", "")), "capital after 'that'"


def test_no_two_sentences_say_the_same_thing(article):
    sentences = [re.sub(r"(\[\d+\])+$", "", s) for p in _all_paragraphs(article) for s in _sentences(p)]
    bodies = [re.sub(r"^.*? (?:found|finds|notes|reports|reported|showed|suggests|concluded|concludes|argues|explains|points out) that ", "", s) for s in sentences]
    assert len(set(bodies)) == len(bodies)


def test_attribution_names_year_and_study_type(article):
    text = " ".join(_all_paragraphs(article))
    assert re.search(r"\b[Aa] 20\d\d (?:review|cohort study|randomized trial|meta-analysis)", text)
    assert "A 2020 cohort study of 420 patients" in text or "of 1,662 patients" in text


def test_verify_records_checked_and_supported_citations(article):
    assert article.citations_checked > 0
    assert article.citations_supported <= article.citations_checked
    question = article.question
    assert question.status == Question.Status.PUBLISHED
    assert {e.stage for e in question.events.all()} == {"plan", "retrieve", "analyze", "write", "verify", "publish"}


