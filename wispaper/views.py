from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qa.models import Article
from search.models import Paper
from search.page import EXAMPLE_QUERIES


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "examples": EXAMPLE_QUERIES,
        "paper_count": Paper.objects.count(),
        "featured_answers": Article.objects.public().filter(featured=True).order_by("-published")[:3],
    }
    return render(request, "home.html", context)
