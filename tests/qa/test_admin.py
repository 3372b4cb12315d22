"""Editors curate answers in the admin: publish/unpublish, feature, merge duplicates."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from qa.models import Article, Question


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw-Ab12cd34!")
    client.force_login(user)
    return user


def _article(text: str, **fields) -> Article:
    question = Question.objects.create(text=text)
    return Article.objects.create(question=question, slug=text.lower().replace(" ", "-").strip("?"), title=text,
                                  summary="s.", direct_answer="Yes: x.[1]", **fields)  # fmt: skip


def test_admin_lists_questions_and_articles_with_filters(client, editor):
    _article("Does sleep help memory?")
    assert client.get("/admin/qa/question/?status__exact=queued").status_code == 200
    assert client.get("/admin/qa/article/?visibility__exact=private&q=sleep").status_code == 200


def test_publish_feature_and_unpublish_actions(client, editor):
    article = _article("Does sleep help memory?")
    url = "/admin/qa/article/"
    client.post(url, {"action": "make_public", "_selected_action": [article.pk]})
    client.post(url, {"action": "feature", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.visibility == "public" and article.featured and Question.objects.get().public
    client.post(url, {"action": "make_private", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.visibility == "private" and not article.featured


def test_merging_duplicates_keeps_the_public_article_and_redirects_the_others(client, editor):
    kept = _article("Does sleep help memory?", visibility="public")
    other = _article("Is sleep good for memory?", visibility="public", featured=True)
    kept.featured = True
    kept.save()
    client.post("/admin/qa/question/", {"action": "merge_duplicates", "_selected_action": [kept.question_id, other.question_id]})
    assert Question.objects.get(pk=other.question_id).duplicate_of_id == kept.question_id
    assert client.get(other.get_absolute_url()).status_code == 301


def test_article_list_shows_and_filters_by_verdict(client, editor):
    _article("Does sleep help memory?", verdict="yes")
    _article("Does coffee cure colds?", verdict="no")
    html = client.get("/admin/qa/article/?verdict__exact=yes").content.decode()
    assert "Does sleep help memory?" in html and "Does coffee cure colds?" not in html
    assert '<td class="field-verdict">Yes</td>' in html


def test_breakdown_and_checks_are_read_only_in_the_article_form(client, editor):
    article = _article("Does sleep help memory?", verdict="yes", breakdown={"yes": ["cohort"]}, checks={"numbers": [3, 4]})
    html = client.get(f"/admin/qa/article/{article.pk}/change/").content.decode()
    assert 'name="breakdown"' not in html and 'name="checks"' not in html
    assert "{&quot;yes&quot;: [&quot;cohort&quot;]}" in html and "{&quot;numbers&quot;: [3, 4]}" in html
    assert 'name="verdict"' in html
