"""Asking: credits are charged with the question, progress is shown, the asker lands on the article."""

from __future__ import annotations

import pytest

from billing import credits
from qa.models import Question

pytestmark = pytest.mark.slow

QUESTION = "Does combining radiotherapy with checkpoint blockade improve response rates?"


def test_ask_requires_login(client, db):
    response = client.get("/ask")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_ask_page_offers_examples(client, asker):
    client.force_login(asker)
    html = client.get("/ask").content.decode()
    assert "Can immunotherapy eventually cure all major types of cancer?" in html


def test_asking_charges_credits_and_lands_on_the_article(client, catalog, asker, on_plan, django_capture_on_commit_callbacks):
    client.force_login(on_plan(asker, "plus"))
    before = credits.balance(asker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ask", {"text": QUESTION})
    question = Question.objects.get(asker=asker)
    assert response.status_code == 302 and response["Location"] == f"/questions/{question.pk}/"
    assert credits.balance(asker) == before - credits.action_cost("question")
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED, question.error
    progress = client.get(f"/questions/{question.pk}/")
    assert progress.status_code == 302 and progress["Location"] == question.article.get_absolute_url()
    status = client.get(f"/questions/{question.pk}/status.json").json()
    assert status["status"] == "published" and status["article_url"] == question.article.get_absolute_url()
    assert [s["state"] for s in status["stages"]] == ["done"] * 6
    assert question.article.visibility == "private"
    listing = client.get("/questions/").content.decode()
    assert QUESTION in listing and "Published" in listing


def test_out_of_credits_shows_why_and_how_to_upgrade(client, catalog, asker):
    client.force_login(asker)
    while credits.can_use(asker, "question"):
        credits.charge(asker, "question")
    response = client.post("/ask", {"text": QUESTION, "public": "on"})
    assert response.status_code == 402
    assert b"/pricing/" in response.content
    assert not Question.objects.filter(asker=asker).exists()


def test_a_question_in_progress_shows_its_stages_and_refreshes_without_javascript(client, asker):
    question = Question.objects.create(asker=asker, text=QUESTION)
    client.force_login(asker)
    html = client.get(f"/questions/{question.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Searching the catalog" in html and "Checking every citation" in html
    assert "qa-progress.js" in html


def test_my_questions_lists_only_my_own(client, asker, stranger):
    Question.objects.create(asker=stranger, text="A stranger's question about sleep?")
    Question.objects.create(asker=asker, text=QUESTION)
    client.force_login(asker)
    html = client.get("/questions/").content.decode()
    assert QUESTION in html and "sleep" not in html


def test_a_blank_or_wordless_question_is_refused_with_a_message(client, asker):
    client.force_login(asker)
    response = client.post("/ask", {"text": "??? 123 !!! 456 ???"})
    assert response.status_code == 200 and b"Ask a question in words" in response.content
    assert not Question.objects.exists()
