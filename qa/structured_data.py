"""schema.org Article JSON-LD for an answer article, citing its sources."""

from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from .models import Article

# Characters that could end the <script> element or start markup, escaped inside the JSON strings.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def article_json_ld(article: Article) -> SafeString:
    citations = []
    for source in article.sources.all():
        paper = source.paper
        citation = {
            "@type": "ScholarlyArticle",
            "name": paper.title,
            "url": absolute(reverse("search:paper", args=[paper.pk])),
            "author": [{"@type": "Person", "name": name} for name in paper.authors[:10]],
        }
        if paper.year:
            citation["datePublished"] = str(paper.year)
        if paper.doi:
            citation["sameAs"] = f"https://doi.org/{paper.doi}"
        citations.append(citation)
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": absolute(article.get_absolute_url()),
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "datePublished": article.published.isoformat(),
        "dateModified": article.updated.isoformat(),
        "author": {"@type": "Organization", "name": "WisPaper"},
        "publisher": {"@type": "Organization", "name": "WisPaper"},
        "citation": citations,
    }
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))
