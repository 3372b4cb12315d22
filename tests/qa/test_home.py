"""The home page shows featured public answers and an ask box."""

from qa.models import Article, Question


def _article(text: str, **fields) -> Article:
    question = Question.objects.create(text=text, public=True)
    return Article.objects.create(question=question, slug=text.lower().replace(" ", "-").strip("?"), title=text,
                                  summary="A 2020 review notes that it does.", direct_answer="Yes: x.[1]", **fields)  # fmt: skip


def test_home_shows_featured_public_answers_and_an_ask_box(client, db):
    _article("Does sleep help memory?", visibility="public", featured=True)
    _article("Is this private?", visibility="private", featured=True)
    _article("Is this merely public?", visibility="public")
    html = client.get("/").content.decode()
    assert 'action="/ask"' in html
    assert "Does sleep help memory?" in html
    assert "Is this private?" not in html and "Is this merely public?" not in html
