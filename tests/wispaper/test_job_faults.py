"""Jobs survive their workers: real Celery workers and beat on the configured broker (the filesystem queue by
default, Redis under .ci/run) are killed with SIGKILL in each job's busiest stage; of two replacement workers one
finishes the job, or fails it and refunds it, exactly once, and the user's page says "stalled" within the stall
threshold. Every message is sent twice, so no job may run twice at once."""

from __future__ import annotations

import hashlib
import signal
import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from billing import credits
from billing.models import LedgerEntry, LedgerKind
from qa import tasks
from qa.models import Question
from qa.progress import status_payload
from search.deep.tasks import run_deep_search
from search.indexing import index_pending
from search.models import DeepResult, DeepSearch, Paper
from tests.qa.corpus import create_catalog
from tests.workers import beat, stopped_at_exit, wait_until, worker
from wispaper.celery import app

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

STALL_SECONDS = 3
# A worker loads Django and the models before it takes a task; the machine is shared.
WORK_SECONDS = 240


@pytest.fixture
def real_workers(settings, monkeypatch, tmp_path):
    """Tasks go to the broker; stalls are noticed after STALL_SECONDS here and in every process started."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.JOB_STALL_SECONDS = STALL_SECONDS
    with open(tmp_path / "celery.log", "w+") as log, stopped_at_exit() as processes:
        yield log, processes


@pytest.fixture
def user(db):
    user = get_user_model().objects.create_user(username="reader", email="reader@example.org", password="pw-Ab12cd34!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    credits.adjust(user, 20, note="test credits")
    return user


def _kill(process) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()


def _refunds(user) -> int:
    return LedgerEntry.objects.filter(user=user, kind=LedgerKind.REFUND).count()


def _started(question: Question) -> dict[str, int]:
    return {stage: question.events.filter(stage=stage, kind="started").count() for stage in tasks.ORDER}


def test_a_question_whose_worker_is_killed_while_checking_citations_is_finished_once_by_the_next_workers(real_workers, user, client):
    log, processes = real_workers
    create_catalog()
    question = Question.objects.create(asker=user, text="Can immunotherapy eventually cure all major types of cancer?")
    question.charge = credits.charge(user, "question", reference=f"question:{question.pk}")
    question.save()
    balance = credits.balance(user)
    env = {"JOB_STALL_SECONDS": str(STALL_SECONDS)}
    processes += [worker(log, **env), beat(log, **env)]
    # Two copies of every message, as a broker delivering again or a sweeper sending again would make.
    tasks.start(question)
    tasks.start(question)
    wait_until(lambda: question.events.filter(stage="verify", kind="started").exists(), log, WORK_SECONDS, "checking")
    _kill(processes[0])
    question.refresh_from_db()
    assert (question.status, question.stage) == (Question.Status.RUNNING, "verify")

    wait_until(lambda: status_payload(Question.objects.get(pk=question.pk))["stalled"], log, STALL_SECONDS + 2, "stalled")
    client.force_login(user)
    page = client.get(reverse("qa:progress", args=[question.pk])).content.decode()
    assert "has stalled" in page and reverse("qa:retry", args=[question.pk]) in page

    # Two replacements, each sweeping as it starts: the question is taken over once.
    processes += [worker(log, **env), worker(log, **env)]
    wait_until(lambda: not Question.objects.get(pk=question.pk).in_progress, log, WORK_SECONDS, "the answer")
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED, question.error
    assert question.attempts == 2
    assert _started(question) == {"plan": 1, "retrieve": 1, "analyze": 3, "write": 1, "verify": 2, "publish": 1}
    papers = list(question.article.sources.values_list("paper_id", flat=True))
    assert len(papers) == len(set(papers))
    assert credits.balance(user) == balance and _refunds(user) == 0


def _deep_catalog() -> None:
    """Enough papers for several batches of judging, so that a worker can be killed in the middle of it."""
    topics = ["melanoma", "lung cancer", "renal cell carcinoma", "bladder cancer", "head and neck cancer"]
    for number in range(60):
        topic = topics[number % len(topics)]
        sentences = [
            f"We randomly assigned {200 + number} patients with advanced {topic} to PD-1 blockade or chemotherapy.",
            f"Overall survival at two years was {30 + number % 20}% with PD-1 blockade and {20 + number % 10}% with chemotherapy.",
            f"Grade 3 or 4 adverse events occurred in {10 + number % 15}% of patients receiving PD-1 inhibitors.",
            f"Responses were durable in patients with high tumour mutational burden ({number}).",
            f"Quality of life was maintained during treatment of {topic}.",
            "These results support PD-1 blockade as a first-line treatment.",
        ]
        title = f"PD-1 inhibitor versus chemotherapy in advanced {topic}: randomized trial {number}"
        abstract = " ".join(sentences)
        Paper.objects.create(
            title=title, normalized_title=title.lower(), abstract=abstract, abstract_sentences=sentences, year=2015 + number % 10,
            study_type="randomized_trial", source="test", source_id=f"deep-fault-{number}",
            content_hash=hashlib.sha256(abstract.encode()).hexdigest(),
        )  # fmt: skip
    index_pending()


def _charged_deep_search(user) -> DeepSearch:
    search = DeepSearch.objects.create(
        user=user, question="randomized trials of PD-1 inhibitors in melanoma reporting overall survival",
        criteria=[{"kind": "intervention", "text": "PD-1 inhibitors"}, {"kind": "outcome", "text": "overall survival"}],
    )
    search.charge_id = credits.charge(user, "deep_search", reference=f"deep_search:{search.pk}").pk
    search.save()
    return search


def _judging(search: DeepSearch) -> bool:
    search.refresh_from_db()
    return search.status == DeepSearch.Status.RUNNING and 0 < search.judged < search.candidates


def test_a_deep_search_whose_worker_is_killed_while_judging_is_finished_once_by_the_next_workers(real_workers, user, client, tmp_path):
    log, processes = real_workers
    _deep_catalog()
    search = _charged_deep_search(user)
    balance = credits.balance(user)
    env = {"JOB_STALL_SECONDS": str(STALL_SECONDS), "DEEP_SENTENCE_CACHE_DIR": str(tmp_path / "sentences")}
    processes += [worker(log, **env), beat(log, **env)]
    run_deep_search.delay(search.pk)
    run_deep_search.delay(search.pk)
    wait_until(lambda: _judging(search), log, WORK_SECONDS, "judging")
    _kill(processes[0])
    judged = search.judged

    wait_until(lambda: DeepSearch.objects.get(pk=search.pk).stalled, log, STALL_SECONDS + 2, "stalled")
    client.force_login(user)
    page = client.get(reverse("deep:results", args=[search.token])).content.decode()
    assert "has stalled" in page and reverse("deep:retry", args=[search.token]) in page

    processes += [worker(log, **env), worker(log, **env)]
    wait_until(lambda: DeepSearch.objects.get(pk=search.pk).status == DeepSearch.Status.DONE, log, WORK_SECONDS, "the results")
    search.refresh_from_db()
    assert search.attempts == 2 and search.judged == search.candidates > judged
    assert DeepResult.objects.filter(search=search).count() == search.candidates
    assert credits.balance(user) == balance and _refunds(user) == 0


def test_a_deep_search_killed_in_its_last_attempt_is_failed_and_refunded_once(real_workers, user, client):
    log, processes = real_workers
    _deep_catalog()
    search = _charged_deep_search(user)
    balance = credits.balance(user)
    env = {"JOB_STALL_SECONDS": str(STALL_SECONDS), "JOB_MAX_ATTEMPTS": "1"}
    processes += [worker(log, **env), beat(log, **env)]
    run_deep_search.delay(search.pk)
    wait_until(lambda: DeepSearch.objects.get(pk=search.pk).status == DeepSearch.Status.RUNNING, log, WORK_SECONDS, "a start")
    _kill(processes[0])
    # Two replacements sweep as they start, and beat keeps sweeping: the search is failed and refunded once.
    processes += [worker(log, **env), worker(log, **env)]
    wait_until(lambda: DeepSearch.objects.get(pk=search.pk).status == DeepSearch.Status.FAILED, log, WORK_SECONDS, "the failure")
    time.sleep(2 * STALL_SECONDS)
    assert _refunds(user) == 1
    assert credits.balance(user) == balance + credits.action_cost("deep_search")
    client.force_login(user)
    page = client.get(reverse("deep:results", args=[search.token])).content.decode()
    assert "This search failed" in page and "credits have been returned" in page
