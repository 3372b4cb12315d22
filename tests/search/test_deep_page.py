"""The Deep Search page: question → editable criteria → results judged in the worker, each paper with
the criteria it meets and the evidence sentence; signed-in users pay credits, visitors get a few a day."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from billing import credits
from search.indexing import index_pending
from search.deep.results import result_rows
from search.models import DeepResult, DeepSearch

pytestmark = pytest.mark.slow

QUESTION = "randomized trials of PD-1 inhibitors in melanoma reporting overall survival"
CRITERIA_FORM = {
    "question": QUESTION,
    "kind_0": "intervention", "text_0": "PD-1 inhibitors",
    "kind_1": "population", "text_1": "melanoma",
    "kind_2": "outcome", "text_2": "overall survival",
    "kind_3": "design", "text_3": "randomized trials",
    "kind_4": "outcome", "text_4": "",
}


@pytest.fixture
def catalog(index_dir, make_paper, settings, tmp_path):
    settings.DEEP_SENTENCE_CACHE_DIR = tmp_path / "sentences"
    trial = make_paper(
        "Nivolumab versus dacarbazine in untreated melanoma <script>alert(1)</script>",
        "We randomly assigned 418 patients with metastatic melanoma to nivolumab or dacarbazine. "
        "Overall survival at one year was 72.9% with nivolumab and 42.1% with dacarbazine.",
        abstract_sentences=[
            "We randomly assigned 418 patients with metastatic melanoma to nivolumab or dacarbazine.",
            "Overall survival at one year was 72.9% with nivolumab and 42.1% with dacarbazine.",
        ],
        year=2015, study_type="randomized_trial",
    )
    review = make_paper(
        "Resistance to immune checkpoint blockade in melanoma: a review",
        "This review discusses mechanisms of resistance to PD-1 blockade in melanoma.",
        year=2021, study_type="review",
    )
    index_pending()
    return trial, review


@pytest.fixture
def run(client, django_capture_on_commit_callbacks):
    """Submit the criteria form; the queued task runs (eagerly) once the request's transaction commits."""

    def submit(form: dict = CRITERIA_FORM):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("deep:search"), form)

    return submit


@pytest.fixture
def member(db):
    user = get_user_model().objects.create_user(username="reader", email="reader@example.org", password="pw-Ab12cd34!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_a_question_is_shown_as_editable_criteria(client, db):
    page = client.get(reverse("deep:search"), {"q": QUESTION}).content.decode()
    assert 'name="text_0" value="PD-1 inhibitors"' in page
    assert 'value="melanoma"' in page and 'value="overall survival"' in page
    assert '<option value="design" selected>' in page
    assert "Run Deep Search" in page


def test_the_empty_page_offers_examples(client, db):
    page = client.get(reverse("deep:search")).content.decode()
    assert "Deep Search" in page and "?q=randomized%20trials" in page


def test_each_kept_paper_shows_which_criteria_it_meets_and_why(client, run, catalog, member):
    client.force_login(member)
    response = run()
    search = DeepSearch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("deep:results", args=[search.token])
    assert search.status == DeepSearch.Status.DONE and search.judged == 2
    page = client.get(response["Location"]).content.decode()
    trial, review = catalog
    assert page.index(f"/papers/{trial.pk}/") < page.index(f"/papers/{review.pk}/")
    assert "Meets 4 of 4 criteria" in page and "Meets 2 of 4 criteria" in page
    assert "Overall survival at one year was 72.9% with nivolumab and 42.1% with dacarbazine." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_the_results_fragment_is_what_the_page_polls(client, run, catalog, member):
    client.force_login(member)
    location = run()["Location"]
    fragment = client.get(location, {"partial": 1}).content.decode()
    assert "<html" not in fragment and "candidate papers judged" in fragment


def test_a_signed_in_user_is_charged_one_deep_search(client, run, catalog, member, settings):
    client.force_login(member)
    before = credits.balance(member)
    run()
    assert credits.balance(member) == before - settings.BILLING_ACTION_COSTS["deep_search"]
    assert DeepSearch.objects.get().charge_id is not None


def test_a_user_out_of_credits_sees_the_upgrade_prompt_and_nothing_runs(client, run, catalog, member, settings):
    settings.BILLING_ACTION_COSTS = {**settings.BILLING_ACTION_COSTS, "deep_search": 10_000}
    client.force_login(member)
    response = run()
    assert response.status_code == 402
    assert "upgrade" in response.content.decode().lower()
    assert not DeepSearch.objects.exists()


def test_visitors_get_a_daily_allowance_then_are_asked_to_sign_up(client, run, catalog, settings):
    settings.DEEP_SEARCH_ANONYMOUS_DAILY = 1
    assert run().status_code == 302
    refused = run()
    assert refused.status_code == 402 and "Sign up for free" in refused.content.decode()
    assert DeepSearch.objects.count() == 1


def test_edited_criteria_are_the_ones_judged(client, run, catalog, member):
    client.force_login(member)
    form = {**CRITERIA_FORM, "text_1": "", "text_3": "", "kind_2": "time", "text_2": "since 2020"}
    run(form)
    assert DeepSearch.objects.get().criteria == [
        {"kind": "intervention", "text": "PD-1 inhibitors"}, {"kind": "time", "text": "since 2020"}
    ]


def test_bad_criteria_are_explained_and_nothing_is_charged(client, run, catalog, member):
    client.force_login(member)
    before = credits.balance(member)
    response = run({**CRITERIA_FORM, "kind_2": "time", "text_2": "lately"})
    assert response.status_code == 200 and "not a time frame" in response.content.decode()
    assert credits.balance(member) == before and not DeepSearch.objects.exists()


def test_a_search_that_fails_says_why_and_returns_the_credits(client, run, catalog, member):
    client.force_login(member)
    before = credits.balance(member)
    location = run({**CRITERIA_FORM, "question": "?!"})["Location"]
    search = DeepSearch.objects.get()
    assert search.status == DeepSearch.Status.FAILED
    assert credits.balance(member) == before
    assert "This search failed" in client.get(location).content.decode()


def test_an_unknown_search_is_not_found(client, db):
    assert client.get(reverse("deep:results", args=["nope"])).status_code == 404


def test_the_page_lists_papers_meeting_more_criteria_first_then_the_more_relevant(make_paper):
    search = DeepSearch.objects.create(question=QUESTION, criteria=[{"kind": "population", "text": "melanoma"}])
    meets_all = make_paper("Meets every criterion")
    relevant = make_paper("Scores higher, meets half")
    runner_up = make_paper("Meets every criterion, less relevant")
    DeepResult.objects.create(search=search, paper=relevant, score=0.95, satisfied=0.5, relevance=0.9)
    DeepResult.objects.create(search=search, paper=runner_up, score=0.6, satisfied=1.0, relevance=0.3)
    DeepResult.objects.create(search=search, paper=meets_all, score=0.8, satisfied=1.0, relevance=0.5)
    assert [row.paper for row in result_rows(search)] == [meets_all, runner_up, relevant]
