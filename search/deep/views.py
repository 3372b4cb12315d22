"""The Deep Search pages: question → editable criteria → results judged in the worker, shown as they arrive."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from billing import credits, features
from search.models import DeepSearch

from . import access, tasks
from .criteria import KINDS, decompose
from .forms import CriteriaForm, QuestionForm
from .results import result_rows

EXAMPLES = [
    "randomized trials of PD-1 inhibitors in melanoma reporting overall survival",
    "systematic reviews of immune checkpoint inhibitor resistance in lung cancer since 2020",
    "How do triptans compare in efficacy and tolerability for the acute treatment of migraine?",
]


def deep_search(request: HttpRequest) -> HttpResponse:
    context: dict = {"examples": EXAMPLES, "kinds": KINDS, "question_form": QuestionForm(request.GET or None)}
    status = 200
    if request.method == "POST":
        form = CriteriaForm(request.POST)
        if form.is_valid():
            try:
                if request.user.is_authenticated:
                    features.require(request.user, "deep_search")
                search = access.start(request, form.cleaned_data["question"], form.cleaned_data["criteria"])
            except credits.InsufficientCredits as exc:
                context["error"], status = exc, 402
            else:
                return redirect(reverse("deep:results", args=[search.token]))
        context["form"] = form
        context["question"] = request.POST.get("question", "")
    elif context["question_form"].is_valid():
        question = context["question_form"].cleaned_data["q"]
        context["question"] = question
        context["form"] = CriteriaForm(initial={"question": question}, criteria=decompose(question))
    if not request.user.is_authenticated:
        context["anonymous_left"] = access.anonymous_left(request)
    return render(request, "search/deep.html", context, status=status)


def _may_retry(request: HttpRequest, search: DeepSearch) -> bool:
    """Whoever has the link of a visitor's search; only its user for a signed-in user's."""
    return search.user_id is None or search.user_id == request.user.pk


def deep_results(request: HttpRequest, token: str) -> HttpResponse:
    search = get_object_or_404(DeepSearch, token=token)
    context = {"search": search, "rows": result_rows(search), "kinds": KINDS, "running": search.status in {
        DeepSearch.Status.QUEUED, DeepSearch.Status.RUNNING}, "may_retry": _may_retry(request, search)}
    template = "search/deep_results_list.html" if request.GET.get("partial") else "search/deep_results.html"
    return render(request, template, context)


@require_POST
def deep_retry(request: HttpRequest, token: str) -> HttpResponse:
    """Hand a stalled search to a worker again (it is still paid for)."""
    search = get_object_or_404(DeepSearch, token=token)
    if not _may_retry(request, search):
        raise Http404("No such search.")
    if search.stalled:
        tasks.resume(search)
    return redirect(reverse("deep:results", args=[search.token]))
