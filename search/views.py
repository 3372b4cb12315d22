import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from billing.decorators import feature_required
from search import exports, forms, page, paper_page
from search.models import Paper


def _csl_json_file(paper: Paper) -> str:
    # A CSL-JSON file is a list of items, even for one paper.
    return json.dumps([exports.to_csl_json(paper)], ensure_ascii=False, indent=2)


EXPORTS = {
    "bib": ("application/x-bibtex", exports.to_bibtex),
    "ris": ("application/x-research-info-systems", exports.to_ris),
    "json": ("application/vnd.citationstyles.csl+json", _csl_json_file),
}


def _query(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").replace("\x00", " ").split())


def search(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    filters = forms.parse_filters(request.GET)
    context = {"query": query, "filters": filters, "sorts": page.SORTS, "examples": page.EXAMPLE_QUERIES}
    if query:
        context["search"] = page.run_search(query, filters, request.GET.get("page"))
    return render(request, "search/search.html", context)


def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(Paper, pk=pk)
    context = {
        "paper": paper,
        "paragraphs": paper_page.abstract_paragraphs(paper),
        "findings": paper_page.key_findings(paper),
        "links": paper_page.links_out(paper),
        "citation": exports.apa_citation(paper),
        "related": paper_page.related_papers(paper),
        "formats": [("bib", "BibTeX"), ("ris", "RIS"), ("json", "CSL-JSON")],
    }
    return render(request, "search/paper.html", context)


@feature_required("exports")
def export_paper(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404("Unknown export format")
    paper = get_object_or_404(Paper, pk=pk)
    content_type, render_export = EXPORTS[fmt]
    response = HttpResponse(render_export(paper), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.bibtex_key(paper)}.{fmt}"'
    return response
