"""The LLM writer against a fake OpenAI-compatible server on loopback; its output still goes through verify."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress

from qa import steps
from qa.models import Question
from tests.qa.fake_llm import FakeChat

pytestmark = pytest.mark.slow

QUESTION = "Can immunotherapy eventually cure all major types of cancer?"


@pytest.fixture
def chat(settings):
    fake = FakeChat()
    settings.LLM_BASE_URL = fake.url
    settings.LLM_API_KEY = "sk-test"
    settings.LLM_MODEL = "fake-model"
    yield fake
    fake.close()


def _reply() -> str:
    return json.dumps({
        "summary": "No: immunotherapy helps some patients but cures few [1].",
        "direct_answer": (
            "Most patients with common solid tumours such as pancreatic and prostate cancer do not respond to immunotherapy [1]. "
            "Immunotherapy is brewed from seaweed harvested in Norway [2]. "
            "This sentence cites evidence that was never given [99]. "
            "This one cites nothing at all."
        ),
        "sections": [{
            "heading": "Why can't immunotherapy cure every cancer?",
            # The model cites loosely; verify keeps only the citations that pass TrueCite's checks.
            "paragraphs": ["Resistance to immunotherapy arises from loss of antigen presentation and T cell exhaustion.[1] "
                           "Tumours lacking T cell infiltration rarely respond to checkpoint blockade [1][2][3][4][5][6]."],
        }],
    })


def _run(db_question: Question) -> Question:
    for step in (steps.run_plan, steps.run_retrieve, steps.run_analyze, steps.run_write, steps.run_verify, steps.run_publish):
        step(db_question.pk)
    db_question.refresh_from_db()
    return db_question


def test_the_model_writes_from_numbered_evidence_and_verify_keeps_only_supported_cited_sentences(catalog, db, chat):
    chat.replies = [(200, _reply())]
    question = _run(Question.objects.create(text=QUESTION))
    request = chat.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "fake-model"
    assert "[1] A 20" in request["body"]["messages"][1]["content"]
    article = question.article
    assert article.writer == "llm:fake-model"
    assert article.direct_answer.startswith(("No", "Mostly no", "Probably not", "Mixed", "There is not enough evidence"))
    assert "Most patients with common solid tumours" in article.direct_answer, "the model's sentences follow the verdict"
    assert "cure all major types of cancer" not in request["body"]["messages"][1]["content"].split("Evidence:")[1]
    assert "never given" not in article.direct_answer and "cites nothing" not in article.direct_answer
    assert "seaweed" not in article.direct_answer, "an unsupported claim survived verify"
    assert article.citations_checked >= 3 and article.citations_supported < article.citations_checked
    assert article.sections.get().heading == "Why can't immunotherapy cure every cancer?"


def test_a_busy_endpoint_is_retried(catalog, db, chat):
    chat.replies = [(503, ""), (200, _reply())]
    question = _run(Question.objects.create(text=QUESTION))
    assert len(chat.requests) == 2
    assert question.article.writer == "llm:fake-model"


def test_an_unusable_model_falls_back_to_the_extractive_writer(catalog, db, chat):
    chat.replies = [(200, "I am sorry, I cannot help with that.")]
    question = _run(Question.objects.create(text=QUESTION))
    assert question.article.writer == "extractive"
    assert question.events.filter(stage="write", message__contains="language model failed").exists()


def test_an_asker_whose_plan_has_no_llm_writer_gets_the_extractive_writer(catalog, db, chat, asker):
    chat.replies = [(200, _reply())]
    question = _run(Question.objects.create(asker=asker, text=QUESTION))
    assert question.article.writer == "extractive"
    assert chat.requests == [], "the model was asked for a Free plan's answer"


def test_a_verified_pro_asker_gets_the_llm_writer(catalog, db, chat, asker, on_plan):
    chat.replies = [(200, _reply())]
    question = _run(Question.objects.create(asker=on_plan(asker, "pro"), text=QUESTION))
    assert question.article.writer == "llm:fake-model"


def test_a_pro_asker_with_an_unverified_email_gets_the_extractive_writer(catalog, db, chat, asker, on_plan):
    EmailAddress.objects.filter(user=asker).update(verified=False)
    chat.replies = [(200, _reply())]
    question = _run(Question.objects.create(asker=on_plan(asker, "pro"), text=QUESTION))
    assert question.article.writer == "extractive" and chat.requests == []


def test_the_ask_page_tells_an_asker_without_the_llm_writer_which_plan_has_it(client, chat, asker, on_plan):
    client.force_login(asker)
    note = "extractive writer. Your Free plan does not include answers written by a language model. Included in the Pro plan."
    assert note in client.get("/ask").content.decode()
    on_plan(asker, "pro")
    assert "extractive writer" not in client.get("/ask").content.decode()
