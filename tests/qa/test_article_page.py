"""The public article page: the reference layout, links from citations to sources to papers, and SEO tags."""

from __future__ import annotations

import json
import re

import pytest

from qa.models import Article, ArticleSource, Question

pytestmark = pytest.mark.slow


@pytest.fixture
def article(published, db) -> Article:
    return Article.objects.get(pk=published.pk)


def test_article_page_reads_like_the_reference_page(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"<h1>{article.title}</h1>" in html
    assert "Direct answer" in html
    assert f"{article.sources.count()} sources cited" in html
    assert "Sources used in this answer" in html
    assert f"TrueCite: {article.citations_supported} of {article.citations_checked} citations checked" in html
    for section in article.sections.all():
        assert f"<h2>{section.heading}</h2>" in html


def test_each_citation_links_to_its_source_and_each_source_to_its_paper(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    cited = set(re.findall(r'<a class="cite" href="#source-(\d+)"', html))
    anchors = set(re.findall(r'<li id="source-(\d+)"', html))
    assert cited and cited == anchors
    for source in article.sources.all():
        assert f'href="/papers/{source.paper_id}/"' in html


def test_page_has_title_description_canonical_opengraph_and_json_ld(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"<title>{article.title} · WisPaper</title>" in html
    assert f'<meta name="description" content="{article.summary}">' in html.replace("&#x27;", "'")
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in html
    assert '<meta property="og:title"' in html and '<meta property="og:type" content="article">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Article" and data["headline"] == article.title
    assert len(data["citation"]) == article.sources.count()
    assert all(c["url"].startswith("http://127.0.0.1:8000/papers/") for c in data["citation"])


def test_private_article_is_a_404_for_anyone_but_its_asker(client, article, asker, stranger):
    Question.objects.filter(pk=article.question_id).update(asker=asker, public=False)
    Article.objects.filter(pk=article.pk).update(visibility=Article.Visibility.PRIVATE)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.get(f"/questions/{article.question_id}/").status_code == 404
    assert client.get(f"/questions/{article.question_id}/status.json").status_code == 404
    client.force_login(asker)
    response = client.get(url)
    assert response.status_code == 200 and b"only you can see this answer" in response.content


def test_answers_list_puts_featured_first_and_searches(client, article):
    other = Question.objects.create(text="Does exercise help depression in older adults?", public=True)
    Article.objects.create(question=other, slug="exercise", title=other.text, summary="Yes: exercise helped.", direct_answer="x.[1]", visibility="public", featured=True)
    html = client.get("/answers/").content.decode()
    assert html.index("Does exercise help") < html.index(article.title)
    found = client.get("/answers/", {"q": "immunotherapy"}).content.decode()
    assert article.title in found and "Does exercise help" not in found


def test_sitemap_and_robots_list_only_public_articles(client, article):
    hidden = Question.objects.create(text="A private question about sleep?")
    Article.objects.create(question=hidden, slug="private-sleep", title=hidden.text, summary="s", direct_answer="x.[1]")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"http://127.0.0.1:8000{article.get_absolute_url()}" in sitemap
    assert "private-sleep" not in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_paper_text_is_escaped_on_the_page(client, article):
    source = article.sources.first()
    source.summary = "A 2020 study found that <script>alert(1)</script> works."
    source.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_merged_duplicate_redirects_to_the_kept_article(client, article):
    duplicate = Question.objects.create(text="Will immunotherapy cure every cancer?", public=True, duplicate_of=article.question)
    Article.objects.create(question=duplicate, slug="dup", title=duplicate.text, summary="s", direct_answer="x.[1]", visibility="public")
    response = client.get("/answers/dup/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_article_without_meaning_checks_keeps_todays_truecite_badge(client, article):
    Article.objects.filter(pk=article.pk).update(checks={})
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"TrueCite: {article.citations_supported} of {article.citations_checked} citations checked" in html
    assert "truecite-checks" not in html


def test_stored_verdict_breakdown_and_source_designs_reach_the_page(client, article):
    Article.objects.filter(pk=article.pk).update(
        verdict="mixed", breakdown={"yes": ["randomized_trial"], "no": ["randomized_trial", "randomized_trial"]}, checks={"direction": [2, 3]}
    )
    first = article.sources.first()
    ArticleSource.objects.filter(pk=first.pk).update(design="randomized_trial", n=945, stance="yes")
    text = " ".join(re.sub(r"<[^>]+>", "", client.get(article.get_absolute_url()).content.decode()).split())
    assert "Verdict Mixed" in text
    assert "1 points yes: Randomized trial (1)" in text and "2 point no: Randomized trial (2)" in text
    assert "Direction: 2 of 3" in text
    assert "Points yes Randomized trial · 945 participants" in text
