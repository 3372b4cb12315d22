"""A question the catalog cannot answer gets that answer at once, no padding, and the credits back."""

from __future__ import annotations

import pytest

from billing import credits
from qa import steps
from qa.models import Question

pytestmark = pytest.mark.slow


def ask(asker, text: str) -> Question:
    return Question.objects.create(text=text, asker=asker, charge=credits.charge(asker, "question"))


def test_an_off_topic_question_gets_too_little_to_answer_and_a_refund(catalog, asker):
    before = credits.balance(asker)
    question = ask(asker, "What is the best programming language for beginners?")
    assert credits.balance(asker) < before
    article = steps.run_all(question)
    assert "too little to answer this question" in article.direct_answer
    assert not article.sources.exists() and not article.sections.exists()
    assert credits.balance(asker) == before
    question.refresh_from_db()
    assert question.candidates == []
    assert not question.analyses.exists(), "nothing was read for an off-topic question"


def test_a_yes_no_question_without_on_topic_papers_is_insufficient_evidence_not_a_guess(catalog, asker):
    article = steps.run_all(ask(asker, "Do statins prevent dementia in older adults?"))
    assert article.verdict == "insufficient"
    assert not article.sources.exists()


def test_refunding_a_thin_answer_twice_gives_the_credits_back_once(catalog, asker):
    before = credits.balance(asker)
    question = ask(asker, "Does yoga cure asthma?")
    steps.run_all(question)
    steps.run_publish(question.pk)  # a re-delivered publish task
    assert credits.balance(asker) == before
