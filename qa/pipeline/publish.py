"""Publish: the verified draft becomes the Article, its sections and numbered sources, in one transaction.

Publishing again (a re-delivered task, a re-run) replaces the article's sections and sources, so there
are never duplicates.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from qa.models import Article, ArticleSection, ArticleSource, Question

from .draft import Draft, Sentence, SourceNote


def cite(sentences: list[Sentence], numbers: dict[int, int]) -> str:
    """Sentences joined into a paragraph, each followed by its citations: "… found that X.[1][3]"."""
    return " ".join(s.text + "".join(f"[{numbers[pid]}]" for pid in s.cites) for s in sentences)


def _slug(question: Question) -> str:
    base = slugify(question.text)[:80].strip("-") or "answer"
    taken = Article.objects.filter(slug=base).exclude(question=question).exists()
    return f"{base}-{question.pk}" if taken else base


def publish_article(question: Question, draft: Draft) -> Article:
    """Create or replace the question's article from the draft; sources are numbered by first citation."""
    numbers = {pid: n for n, pid in enumerate(draft.cited_papers(), start=1)}
    with transaction.atomic():
        Question.objects.select_for_update().filter(pk=question.pk).first()
        article = Article.objects.filter(question=question).first() or Article(question=question, slug=_slug(question))
        article.title = question.text
        article.summary = draft.summary
        article.direct_answer = cite(draft.direct_answer, numbers)
        article.writer = draft.writer
        article.citations_supported, article.citations_checked = draft.checks.get("supported", [0, 0])
        article.verdict = draft.verdict
        article.breakdown = draft.breakdown
        article.checks = draft.checks
        article.visibility = Article.Visibility.PUBLIC if question.public else Article.Visibility.PRIVATE
        article.save()
        article.sections.all().delete()
        article.sources.all().delete()
        ArticleSection.objects.bulk_create(
            ArticleSection(
                article=article,
                position=position,
                heading=section.heading,
                body="\n\n".join(cite(paragraph, numbers) for paragraph in section.paragraphs),
            )
            for position, section in enumerate(draft.sections, start=1)
        )
        notes = {pid: draft.sources.get(str(pid), SourceNote("")) for pid in numbers}
        ArticleSource.objects.bulk_create(
            ArticleSource(
                article=article, number=number, paper_id=pid, summary=notes[pid].summary,
                design=notes[pid].design, n=notes[pid].n, stance=notes[pid].stance,
            )  # fmt: skip
            for pid, number in numbers.items()
        )
    return article
