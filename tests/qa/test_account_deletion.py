"""Deleting an account removes the user's private questions; their public articles stay, anonymised."""

from qa.models import Article, Question


def article_for(question: Question, slug: str, visibility: str) -> Article:
    return Article.objects.create(
        question=question, slug=slug, title=question.text, summary="s", direct_answer="x.[1]", visibility=visibility
    )


def test_deleted_account_takes_its_private_questions_and_leaves_public_articles_anonymised(asker):
    public = Question.objects.create(asker=asker, text="Does exercise help sleep?", public=True)
    article_for(public, "exercise-sleep", Article.Visibility.PUBLIC)
    private = Question.objects.create(asker=asker, text="Does coffee help sleep?")
    article_for(private, "coffee-sleep", Article.Visibility.PRIVATE)
    unanswered = Question.objects.create(asker=asker, text="Does tea help sleep?")

    asker.delete()

    assert not Question.objects.filter(pk__in=[private.pk, unanswered.pk]).exists()
    assert not Article.objects.filter(slug="coffee-sleep").exists()
    public.refresh_from_db()
    assert public.asker is None and Article.objects.get(slug="exercise-sleep").question == public
