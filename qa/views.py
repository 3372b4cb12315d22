from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from billing import credits, features

from . import steps, tasks
from .forms import AskForm
from .models import Article, Question
from .pipeline import llm_writer
from .presentation import meaning_checks, source_facts, verdict_meter
from .progress import stage_states, status_payload
from .structured_data import absolute, article_json_ld

EXAMPLES = [
    "Can immunotherapy eventually cure all major types of cancer?",
    "Why do some tumors stop responding to immune checkpoint inhibitors?",
    "Do beta blockers reduce mortality in heart failure?",
    "What predicts chronic PTSD after a traumatic event?",
    "Are triptans effective for acute migraine?",
]


def answers(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    articles = Article.objects.public().select_related("question")
    if query:
        articles = articles.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    page = Paginator(articles.order_by("-featured", "-published"), 20).get_page(request.GET.get("page"))
    return render(request, "qa/answers.html", {"page": page, "query": query})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Article.objects.select_related("question"), slug=slug)
    keeper = found.question.duplicate_of
    if keeper and hasattr(keeper, "article") and keeper.article.visibility == Article.Visibility.PUBLIC:
        return redirect(keeper.article, permanent=True)
    if not found.visible_to(request.user):
        raise Http404("No such article.")
    sources = list(found.sources.select_related("paper"))
    return render(
        request,
        "qa/article.html",
        {
            "article": found,
            "sections": found.sections.all(),
            "sources": [(source, source_facts(source)) for source in sources],
            "meter": verdict_meter(found),
            "checks": meaning_checks(found.checks),
            "canonical": absolute(found.get_absolute_url()),
            "json_ld": article_json_ld(found),
            "is_asker": request.user.is_authenticated and found.question.asker_id == request.user.pk,
        },
    )


def _own_question(request: HttpRequest, pk: int) -> Question:
    """The user's own question; anyone else's is a 404, exactly like a question that does not exist."""
    question = get_object_or_404(Question, pk=pk)
    if question.asker_id != request.user.pk and not request.user.is_staff:
        raise Http404("No such question.")
    return question


def _submit(request: HttpRequest, question: Question | None, form: AskForm | None) -> Question:
    """Charge the question atomically with recording it; the pipeline starts once both are committed."""
    with transaction.atomic():
        if question is None:
            question = Question.objects.create(
                asker=request.user, text=form.cleaned_data["text"], public=form.cleaned_data["public"]
            )
        else:
            steps.reset(question)
        question.charge = credits.charge(request.user, "question", reference=f"question:{question.pk}")
        question.save(update_fields=["charge", "updated"])
        transaction.on_commit(lambda: tasks.start(question))
    return question


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(
        request.POST or None,
        initial={"text": request.GET.get("q", "")[:300]},
        private_refused=features.refusal(request.user, "private_articles"),
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            question = _submit(request, None, form)
        except credits.InsufficientCredits as exc:
            error = exc
        else:
            return redirect(question)
    context = {
        "form": form,
        "examples": EXAMPLES,
        "error": error,
        "writer_refused": features.refusal(request.user, "llm_writer") if llm_writer.configured() else "",
    }
    return render(request, "qa/ask.html", context, status=402 if error else 200)


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    question = _own_question(request, pk)
    if question.status == Question.Status.PUBLISHED and hasattr(question, "article"):
        return redirect(question.article)
    return render(
        request,
        "qa/progress.html",
        {"question": question, "stages": stage_states(question), "status_url": reverse("qa:status", args=[pk])},
    )


@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(status_payload(_own_question(request, pk)))


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    question = _own_question(request, pk)
    if question.stalled:
        # Still paid for: it only needs a worker again.
        tasks.resume(question)
        return redirect(question)
    if question.status != Question.Status.FAILED:
        return redirect(question)
    try:
        if not question.public:
            features.require(request.user, "private_articles")
        _submit(request, question, None)
    except credits.InsufficientCredits as exc:
        return render(request, "qa/progress.html", {"question": question, "stages": stage_states(question), "error": exc}, status=402)
    return redirect(question)


@login_required
def my_questions(request: HttpRequest) -> HttpResponse:
    questions = Question.objects.filter(asker=request.user).select_related("article")
    page = Paginator(questions, 25).get_page(request.GET.get("page"))
    return render(request, "qa/my_questions.html", {"page": page})


def sitemap(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.public().filter(question__duplicate_of=None).order_by("-published")
    urls = [(absolute(a.get_absolute_url()), a.updated) for a in articles]
    urls.insert(0, (absolute(reverse("qa:answers")), None))
    return render(request, "qa/sitemap.xml", {"urls": urls}, content_type="application/xml")


def robots(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Allow: /answers/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /ask",
        "Disallow: /questions/",
        f"Sitemap: {settings.SITE_URL}{reverse('qa:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
