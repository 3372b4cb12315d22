"""An article as the JSON of the `answer` command's contract (DESIGN.md §5)."""

from __future__ import annotations

from .models import Article


def article_json(article: Article) -> dict:
    return {
        "question": article.title,
        "summary": article.summary,
        "direct_answer": article.direct_answer,
        "sections": [{"heading": s.heading, "paragraphs": s.paragraphs} for s in article.sections.all()],
        "sources": [
            {"number": s.number, "source_id": s.paper.source_id, "title": s.paper.title, "summary": s.summary}
            for s in article.sources.select_related("paper")
        ],
        "truecite": {"checked": article.citations_checked, "supported": article.citations_supported},
        "url": article.get_absolute_url(),
    }
