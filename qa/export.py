"""An article as the JSON the `answer` command writes: the contract tests/qa/test_answer_command.py pins."""

from __future__ import annotations

from .models import Article


def article_json(article: Article) -> dict:
    return {
        "question": article.title,
        "summary": article.summary,
        "direct_answer": article.direct_answer,
        "sections": [{"heading": s.heading, "paragraphs": s.paragraphs} for s in article.sections.all()],
        "verdict": article.verdict or None,
        "breakdown": article.breakdown,
        "sources": [
            {
                "number": s.number,
                "source_id": s.paper.source_id,
                "title": s.paper.title,
                "summary": s.summary,
                "design": s.design or None,
                "n": s.n,
                "stance": s.stance or None,
            }
            for s in article.sources.select_related("paper")
        ],
        "truecite": {"checked": article.citations_checked, "supported": article.citations_supported},
        "checks": article.checks,
        "url": article.get_absolute_url(),
    }
