"""TrueCite checks in a real Celery worker (prefork, as `manage.py serve` runs it, so that Celery keeps the time
budget) on the configured broker: the form returns at once, the site answers other requests while the worker
checks, a check past its budget fails within it and gives its credit back once, and in Chromium the progress page
becomes the report by itself."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from billing.models import LedgerEntry, LedgerKind
from tests.billing.test_browser_checkout import browser  # noqa: F401 (the headless Chromium fixture)
from tests.workers import stopped_at_exit, wait_until, worker
from truecite import tasks
from truecite.models import Report
from truecite.report import MAX_CLAIM_CHECKS
from wispaper.celery import app

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# A worker loads Django and then, for the first claim, the embedding model; the machine is shared.
WORK_SECONDS = 240
PREFORK = ("--pool", "prefork", "--concurrency", "1")


def cited_claims(claims: int) -> str:
    """A paragraph of `claims` sentences citing one catalog paper, each a claim to check, and its reference."""
    sentences = [f"In cohort {n}, metformin use was associated with a {n % 50 + 10}% lower risk of cancer [1]." for n in range(claims)]
    reference = ("1. Smith AB, Jones C, Lee D. Metformin use and the risk of cancer in patients with type 2 diabetes. "
                 "N Engl J Med. 2020. doi:10.1056/nejm.metformin.2020")  # fmt: skip
    return "\n".join(sentences) + "\n\nReferences\n" + reference + "\n"


@pytest.fixture
def real_workers(settings, monkeypatch, tmp_path):
    """Tasks go to the broker, for the workers a test starts."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with open(tmp_path / "celery.log", "w+") as log, stopped_at_exit() as processes:
        yield log, processes


def _status(report: Report) -> str:
    return Report.objects.values_list("status", flat=True).get(pk=report.pk)


def _timed_post(client, text: str):
    """Open the form, as a person does, then post it: (the response, seconds the post took)."""
    assert client.get(reverse("truecite:index")).status_code == 200
    started = time.monotonic()
    response = client.post(reverse("truecite:index"), {"text": text})
    return response, time.monotonic() - started


def test_the_site_answers_other_requests_while_a_worker_checks(real_workers, catalog, reader, client, settings):
    log, processes = real_workers
    settings.TRUECITE_CHECK_SECONDS = WORK_SECONDS
    processes.append(worker(log, *PREFORK))
    client.force_login(reader)
    response, took = _timed_post(client, cited_claims(20))
    assert response.status_code == 302 and took < 1.0
    report = Report.objects.get()
    wait_until(lambda: _status(report) == Report.Status.RUNNING, log, WORK_SECONDS, "the check's start")

    # The worker is loading the embedding model and reading the claims meanwhile.
    pages = ["/", reverse("truecite:index"), report.get_absolute_url(), reverse("truecite:status", args=[report.share_id])]
    for page in pages:
        started = time.monotonic()
        assert client.get(page).status_code == 200
        assert time.monotonic() - started < 1.0, f"{page} took {time.monotonic() - started:.2f} s"
    assert _status(report) == Report.Status.RUNNING, "the check ended before the other pages were asked for"

    wait_until(lambda: _status(report) != Report.Status.RUNNING, log, WORK_SECONDS, "the report")
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert (report.references, report.verified, report.claims) == (1, 1, 20)
    assert "of 20 claims supported" in client.get(report.get_absolute_url()).content.decode()


def test_a_check_past_its_budget_fails_within_it_and_refunds_its_credit_once(real_workers, catalog, reader, client, settings):
    log, processes = real_workers
    settings.TRUECITE_CHECK_SECONDS = budget = 2
    processes.append(worker(log, *PREFORK))
    client.force_login(reader)
    # As many claims as one check reads: longer than the budget even with the embedding model loaded.
    response, took = _timed_post(client, cited_claims(MAX_CLAIM_CHECKS))
    assert response.status_code == 302 and took < 1.0
    report = Report.objects.get()
    wait_until(lambda: _status(report) == Report.Status.RUNNING, log, WORK_SECONDS, "the check's start")
    # The worker stops the check at the budget; a few seconds more for it to record that on a loaded machine.
    wait_until(lambda: _status(report) == Report.Status.FAILED, log, budget + 5, "the check's failure")

    report.refresh_from_db()
    assert report.error.startswith("The check took longer than 2 seconds, TrueCite's limit, and was stopped.")
    tasks.sweep()
    refunds = LedgerEntry.objects.filter(user=reader, kind=LedgerKind.REFUND)
    assert [entry.key for entry in refunds] == [f"refund:{report.charge_id}"]
    page = client.get(report.get_absolute_url()).content.decode()
    assert "This check could not be finished" in page and "the check it used was given back" in page


@pytest.mark.browser
def test_in_a_browser_the_progress_page_turns_into_the_report_by_itself(real_workers, catalog, browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    log, processes = real_workers
    browser.get(f"{live_server.url}{reverse('truecite:index')}")
    browser.find_element(By.NAME, "text").send_keys(cited_claims(0))
    browser.find_element(By.CSS_SELECTOR, ".tc-form button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda driver: "Waiting for a worker to start the check" in driver.page_source)
    progress = browser.current_url
    assert progress == f"{live_server.url}{Report.objects.get().get_absolute_url()}"

    processes.append(worker(log, *PREFORK))
    WebDriverWait(browser, WORK_SECONDS).until(lambda driver: "references verified" in driver.page_source)
    assert browser.find_element(By.TAG_NAME, "h1").text == "1 of 1 references verified"
    assert browser.current_url == progress
