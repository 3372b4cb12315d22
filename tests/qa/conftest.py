"""Fixtures for the answer pipeline: a small indexed catalog, an article answered from it, users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import override_settings

from qa import steps
from qa.models import Article, Question
from search.models import Paper
from tests.qa.corpus import create_catalog


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[list[Paper]]:
    """The small catalog, indexed once per test module (a dozen short abstracts: cheap to embed).

    It lives outside the tests' transactions, so it is removed again when the module is done.
    """
    with override_settings(SEARCH_INDEX_DIR=tmp_path_factory.mktemp("index")):
        with django_db_blocker.unblock():
            papers = create_catalog()
        yield papers
        with django_db_blocker.unblock():
            Question.objects.filter(analyses__paper__in=papers).delete()
            Question.objects.filter(article__sources__paper__in=papers).delete()
            Paper.objects.filter(pk__in=[p.pk for p in papers]).delete()


@pytest.fixture(scope="module")
def published(catalog, django_db_blocker) -> Iterator[Article]:
    """The demo question answered once per module from the small catalog."""
    with django_db_blocker.unblock():
        question = Question.objects.create(text="Can immunotherapy eventually cure all major types of cancer?", public=True)
        article = steps.run_all(question)
    yield article
    with django_db_blocker.unblock():
        question.delete()


@pytest.fixture
def make_user(db):
    def make(email: str) -> object:
        user = get_user_model().objects.create_user(username=email.split("@")[0], email=email, password="pw-Ab12cd34!")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def asker(make_user):
    return make_user("asker@example.org")


@pytest.fixture
def stranger(make_user):
    return make_user("stranger@example.org")
