from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.models import Paper
from search.page import EXAMPLE_QUERIES


def home(request: HttpRequest) -> HttpResponse:
    context = {"examples": EXAMPLE_QUERIES, "paper_count": Paper.objects.count()}
    return render(request, "home.html", context)
