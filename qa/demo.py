"""Demo answer articles, published by `manage.py load_demo` from the demo catalog."""

from __future__ import annotations

import logging

from . import steps
from .models import Article, Question

logger = logging.getLogger(__name__)

# Each is answerable from the demo catalog: the cancer-immunotherapy PubMed set, the Cohen 2006 drug
# reviews (triptans, beta blockers, proton pump inhibitors), the PTSD trajectory studies and arXiv CS 2025.
DEMO_QUESTIONS = [
    "Can immunotherapy eventually cure all major types of cancer?",
    "Why do some tumors stop responding to immune checkpoint inhibitors?",
    "Are triptans effective for acute migraine?",
    "What predicts chronic PTSD after a traumatic event?",
    "Do beta blockers reduce mortality in heart failure?",
    "Do proton pump inhibitors heal erosive esophagitis?",
    "How are large language models evaluated?",
]
FEATURED = 3


def publish_demo_articles() -> list[Article]:
    """Answer each demo question once, publicly; questions already answered are left as they are."""
    articles = []
    for position, text in enumerate(DEMO_QUESTIONS):
        question = Question.objects.filter(asker=None, text=text).order_by("created").first()
        if question is None:
            question = Question.objects.create(text=text, public=True)
        article = Article.objects.filter(question=question).first()
        if article is None:
            try:
                article = steps.run_all(question)
            except Exception as exc:  # one unanswerable question must not stop the others
                steps.mark_failed(question.pk, question.stage or "plan", exc)
                continue
            if position < FEATURED:
                Article.objects.filter(pk=article.pk).update(featured=True)
                article.featured = True
        articles.append(article)
    return articles
