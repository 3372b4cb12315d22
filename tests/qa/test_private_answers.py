"""Private answers are a plan feature: the ask form and retry refuse them, with a reason, to plans without it."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from lxml.html import document_fromstring

from billing import credits
from qa.models import Question

QUESTION = "Does combining radiotherapy with checkpoint blockade improve response rates?"


def test_a_free_user_is_told_that_answers_are_published_and_which_plans_keep_them_private(client, asker):
    client.force_login(asker)
    html = client.get("/ask").content.decode()
    checkbox = document_fromstring(html).get_element_by_id("id_public")
    assert checkbox.get("checked") is not None and checkbox.get("required") is not None
    explanation = document_fromstring(html).get_element_by_id(checkbox.get("aria-describedby")).text_content()
    assert "Your Free plan does not include private answers. Included in the Plus and Pro plans." in explanation
    assert "otherwise only you can see it" not in html


def test_a_free_user_cannot_ask_for_a_private_answer(client, asker):
    client.force_login(asker)
    before = credits.balance(asker)
    response = client.post("/ask", {"text": QUESTION})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick the box to publish the answer, or move to a plan with private answers." in html
    assert "Your Free plan does not include private answers" in html
    assert not Question.objects.exists() and credits.balance(asker) == before


def test_a_free_user_may_ask_for_a_published_answer(client, asker):
    client.force_login(asker)
    response = client.post("/ask", {"text": QUESTION, "public": "on"})
    question = Question.objects.get(asker=asker)
    assert response.status_code == 302 and question.public


@pytest.mark.parametrize("slug", ["plus", "pro"])
def test_a_verified_paying_user_may_keep_the_answer_private(client, asker, on_plan, slug):
    client.force_login(on_plan(asker, slug))
    assert "otherwise only you can see it" in client.get("/ask").content.decode()
    response = client.post("/ask", {"text": QUESTION})
    question = Question.objects.get(asker=asker)
    assert response.status_code == 302 and not question.public


def test_a_paying_user_with_an_unverified_email_is_asked_to_verify_it(client, asker, on_plan):
    EmailAddress.objects.filter(user=asker).update(verified=False)
    client.force_login(on_plan(asker, "plus"))
    response = client.post("/ask", {"text": QUESTION})
    assert "Your Plus plan includes private answers once your e-mail address is verified." in response.content.decode()
    assert not Question.objects.exists()


def test_retrying_a_private_question_after_moving_to_free_is_refused(client, asker):
    question = Question.objects.create(asker=asker, text=QUESTION, public=False, status=Question.Status.FAILED)
    client.force_login(asker)
    before = credits.balance(asker)
    response = client.post(f"/questions/{question.pk}/retry")
    assert response.status_code == 402
    assert "Your Free plan does not include private answers" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.FAILED and credits.balance(asker) == before
