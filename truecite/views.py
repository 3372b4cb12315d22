from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from billing.decorators import feature_required
from truecite import allowance, tasks
from truecite.forms import CheckForm
from truecite.models import Report
from truecite.presentation import decorate


def _submit(request: HttpRequest, text: str, paper_ids: list[int]) -> Report:
    """Use one check and record it in one transaction; a worker runs it once both are committed."""
    with transaction.atomic():
        report = Report.queued(user=request.user, input_text=text, paper_ids=paper_ids, use=allowance.take(request))
        transaction.on_commit(lambda: tasks.start(report))
    return report


def index(request):
    form = CheckForm(request.POST or None, request.FILES or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            report = _submit(request, form.cleaned_data["input_text"], form.cleaned_data["papers"])
        except allowance.InsufficientCredits as error:
            refusal = error
        except allowance.AllowanceUsed as error:
            form.add_error(None, str(error))
        else:
            return redirect(report)
    context = {
        "form": form,
        "refusal": refusal,
        "recent": Report.objects.filter(user=request.user)[:5] if request.user.is_authenticated else [],
        "checks_left": None if request.user.is_authenticated else allowance.anonymous_checks_left(request),
    }
    return render(request, "truecite/index.html", context, status=400 if form.errors else 402 if refusal else 200)


def _may_retry(request: HttpRequest, report: Report) -> bool:
    """Whoever has the link of a visitor's check; only its user for a signed-in user's."""
    return report.user_id is None or report.user_id == request.user.pk


@require_GET
def report(request, share_id: str):
    saved = get_object_or_404(Report, share_id=share_id)
    if saved.status != Report.Status.DONE:
        context = {
            "report": saved,
            "status_url": reverse("truecite:status", args=[share_id]),
            "may_retry": _may_retry(request, saved),
        }
        return render(request, "truecite/progress.html", context)
    return render(request, "truecite/report.html", {"report": saved, "result": decorate(saved.result)})


@require_GET
def status(request, share_id: str):
    saved = get_object_or_404(Report, share_id=share_id)
    return JsonResponse(
        {"status": saved.status, "label": saved.get_status_display(), "stalled": saved.stalled, "error": saved.error}
    )


@require_POST
def retry(request, share_id: str):
    """Hand a stalled check to a worker again (what it used is still taken)."""
    saved = get_object_or_404(Report, share_id=share_id)
    if not _may_retry(request, saved):
        raise Http404("No such report.")
    if saved.stalled:
        tasks.resume(saved)
    return redirect(saved)


@require_GET
@feature_required("exports")
def report_json(request, share_id: str):
    saved = get_object_or_404(Report, share_id=share_id)
    payload = {"share_id": saved.share_id, "created": saved.created.isoformat(), "status": saved.status, **saved.result}
    if saved.error:
        payload["error"] = saved.error
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="truecite-{saved.share_id}.json"'
    return response


@login_required
@require_GET
def history(request):
    page = Paginator(Report.objects.filter(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "truecite/history.html", {"page": page})
