"""A yes/no answer shows its verdict, how the papers behind it split and what TrueCite checked of their meaning."""

from __future__ import annotations

import html
import re

import pytest

from qa.export import article_json
from qa.models import Article, ArticleSource, Question
from qa.presentation import design_label, meaning_checks, source_facts, verdict_meter
from search.models import Paper

BREAKDOWN = {
    "yes": ["randomized_trial", "systematic_review", "randomized_trial"],
    "no": ["cohort"],
    "neither": ["review", "animal", "in_vitro", "other"],
}
CHECKS = {"supported": [12, 12], "numbers": [12, 12], "roles": [12, 12], "settings": [10, 10], "direction": [3, 3]}


def _article(text: str = "Do beta blockers reduce mortality in heart failure?", *, sources: int = 0, **fields) -> Article:
    question = Question.objects.create(text=text, public=True)
    fields = {"visibility": "public", "direct_answer": "Yes: they do.[1]", **fields}
    article = Article.objects.create(question=question, slug=re.sub(r"\W+", "-", text.lower()).strip("-"), title=text,
                                     summary="Randomized trials find fewer deaths.", **fields)  # fmt: skip
    for number in range(1, sources + 1):
        paper = Paper.objects.create(title=f"Trial {number} of beta blockers", source="test", source_id=f"{text}-{number}")
        ArticleSource.objects.create(article=article, number=number, paper=paper, summary="It found fewer deaths.")
    return article


def _text(page: str) -> str:
    """What a reader sees: the page without its tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def test_meter_counts_the_papers_each_way_and_names_their_designs_strongest_first():
    meter = verdict_meter(Article(verdict="yes", breakdown=BREAKDOWN))
    assert meter.label == "Yes" and meter.total == 8
    yes, no, neither = meter.stances
    assert yes.phrase == "3 point yes"
    assert yes.designs_text == "Meta-analysis / systematic review (1), Randomized trial (2)"
    assert no.phrase == "1 points no" and no.designs_text == "Cohort study (1)"
    assert neither.phrase == "4 don't test it"


def test_meter_shares_are_twentieths_of_the_bar_and_a_lone_paper_still_shows():
    meter = verdict_meter(Article(verdict="yes", breakdown={"yes": ["cohort"] * 30, "no": ["cohort"]}))
    assert [s.share for s in meter.stances] == [19, 1]


def test_stances_no_paper_takes_are_left_out_of_the_meter():
    meter = verdict_meter(Article(verdict="no", breakdown={"yes": [], "no": ["randomized_trial"]}))
    assert [s.stance for s in meter.stances] == ["no"] and meter.label == "No"


def test_open_question_has_no_meter():
    assert verdict_meter(Article(verdict="", breakdown={})) is None


def test_insufficient_evidence_without_papers_has_a_label_and_no_bar():
    meter = verdict_meter(Article(verdict="insufficient", breakdown={}))
    assert meter.label == "Insufficient evidence" and meter.total == 0 and meter.stances == ()


def test_a_design_this_code_does_not_know_yet_is_shown_as_it_is():
    assert design_label("mendelian_randomization") == "mendelian_randomization"
    meter = verdict_meter(Article(verdict="yes", breakdown={"yes": ["mendelian_randomization", "cohort"]}))
    assert meter.stances[0].designs_text == "Cohort study (1), mendelian_randomization (1)"


def test_meaning_checks_read_as_one_phrase_each_in_a_fixed_order():
    assert meaning_checks(CHECKS) == [
        "Numbers: 12 of 12 appear in their sources",
        "Roles: findings only",
        "Settings: 10 of 10",
        "Direction: 3 of 3",
    ]


def test_roles_that_cite_background_are_counted_and_checks_with_nothing_to_check_are_left_out():
    assert meaning_checks({"roles": [4, 5], "numbers": [0, 0]}) == ["Roles: 4 of 5 cite findings"]
    assert meaning_checks({}) == []


def test_source_facts_name_the_design_and_who_or_what_it_counts():
    assert source_facts(ArticleSource(design="randomized_trial", n=945)) == "Randomized trial · 945 participants"
    assert source_facts(ArticleSource(design="case_report", n=1)) == "Case report / series · 1 participant"
    assert source_facts(ArticleSource(design="systematic_review", n=23)) == "Meta-analysis / systematic review · n = 23"
    assert source_facts(ArticleSource(design="cohort", n=None)) == "Cohort study"
    assert source_facts(ArticleSource(design="", n=None)) == ""


def test_article_page_shows_the_verdict_meter_under_the_direct_answer(client, db):
    article = _article(verdict="yes", breakdown=BREAKDOWN, checks=CHECKS, sources=2, citations_checked=12, citations_supported=12)
    page = client.get(article.get_absolute_url()).content.decode()
    text = _text(page)
    assert page.index("Direct answer") < page.index('class="verdict-meter verdict-yes"')
    assert "Verdict Yes" in text
    assert "3 point yes: Meta-analysis / systematic review (1), Randomized trial (2)" in text
    assert "1 points no: Cohort study (1)" in text and "4 don't test it" in text
    assert re.search(r'class="meter-part stance-yes share-8"></span><span class="meter-part stance-no share-2"></span>'
                     r'<span class="meter-part stance-neither share-10">', page)  # fmt: skip
    assert 'style="' not in page


def test_truecite_badge_lists_the_meaning_checks_and_keeps_the_supported_count(client, db):
    article = _article(verdict="yes", breakdown=BREAKDOWN, checks=CHECKS, sources=1, citations_checked=12, citations_supported=12)
    text = _text(client.get(article.get_absolute_url()).content.decode())
    assert "TrueCite: 12 of 12 citations checked were supported by their sources." in text
    assert "Numbers: 12 of 12 appear in their sources · Roles: findings only · Settings: 10 of 10 · Direction: 3 of 3" in text


def test_each_source_shows_its_stance_design_and_size(client, db):
    article = _article(verdict="mixed", breakdown={"yes": ["randomized_trial"], "no": ["cohort"]}, sources=2)
    ArticleSource.objects.filter(article=article, number=1).update(design="randomized_trial", n=945, stance="yes")
    ArticleSource.objects.filter(article=article, number=2).update(design="cohort", n=12000, stance="no")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="stance-tag stance-yes">Points yes</span> Randomized trial · 945 participants' in page
    assert '<span class="stance-tag stance-no">Points no</span> Cohort study · 12,000 participants' in page
    assert "Verdict Mixed" in _text(page)


def test_open_question_page_has_no_verdict_and_no_stance_tags(client, db):
    article = _article("How are large language models evaluated?", sources=1, direct_answer="By benchmarks.[1]")
    ArticleSource.objects.filter(article=article).update(design="computational")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "verdict-meter" not in page and "stance-tag" not in page
    assert '<span class="source-facts">Computational / modelling</span>' in page


def test_insufficient_evidence_without_sources_suggests_searching_or_asking_another_way(client, db):
    article = _article("Does moonlight cure warts?", verdict="insufficient", direct_answer="The catalog does not say.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Verdict Insufficient evidence" in _text(page)
    assert "meter-bar" not in page and "Sources used in this answer" not in page and "TrueCite:" not in page
    assert "0 sources" not in page
    assert 'href="/search/?q=Does%20moonlight%20cure%20warts%3F">Search the catalog</a>' in page
    assert 'href="/ask?q=Does%20moonlight%20cure%20warts%3F">ask it another way</a>' in page


def test_answers_list_and_home_page_show_the_verdict_of_yes_no_answers(client, db):
    _article(verdict="no", featured=True)
    _article("How are large language models evaluated?", featured=True)
    for url in ("/answers/", "/"):
        page = client.get(url).content.decode()
        assert page.count("Verdict: ") == 1 and 'class="verdict-tag verdict-no">Verdict: No<' in page


def test_json_export_carries_the_verdict_breakdown_checks_and_each_sources_design(db):
    article = _article(verdict="yes", breakdown=BREAKDOWN, checks=CHECKS, sources=2)
    ArticleSource.objects.filter(article=article, number=1).update(design="randomized_trial", n=945, stance="yes")
    data = article_json(article)
    assert data["verdict"] == "yes" and data["breakdown"] == BREAKDOWN and data["checks"] == CHECKS
    first, second = data["sources"]
    assert (first["design"], first["n"], first["stance"]) == ("randomized_trial", 945, "yes")
    assert (second["design"], second["n"], second["stance"]) == (None, None, None)


def test_json_export_of_an_open_question_has_a_null_verdict(db):
    data = article_json(_article("How are large language models evaluated?"))
    assert data["verdict"] is None and data["breakdown"] == {} and data["checks"] == {}
