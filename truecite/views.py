import logging

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from billing.decorators import feature_required
from truecite import allowance
from truecite.forms import CheckForm
from truecite.models import Report
from truecite.presentation import decorate
from truecite.refparse import InputTooLarge
from truecite.report import check_text

log = logging.getLogger(__name__)


def index(request):
    form = CheckForm(request.POST or None, request.FILES or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            entry = allowance.take(request)
        except allowance.InsufficientCredits as error:
            refusal = error
        except allowance.AllowanceUsed as error:
            form.add_error(None, str(error))
        else:
            try:
                result = check_text(form.cleaned_data["input_text"], paper_ids=form.cleaned_data["papers"])
            except InputTooLarge as error:
                allowance.give_back(entry)
                form.add_error(None, str(error))
            except Exception:
                log.exception("TrueCite check failed")
                allowance.give_back(entry)
                form.add_error(None, "Something went wrong while checking this text; nothing was charged. Please try again.")
            else:
                report = Report.from_result(user=request.user, input_text=form.cleaned_data["input_text"], result=result)
                return redirect(report)
    context = {
        "form": form,
        "refusal": refusal,
        "recent": Report.objects.filter(user=request.user)[:5] if request.user.is_authenticated else [],
        "checks_left": None if request.user.is_authenticated else allowance.anonymous_checks_left(request),
    }
    return render(request, "truecite/index.html", context, status=400 if form.errors else 402 if refusal else 200)


@require_GET
def report(request, share_id: str):
    saved = get_object_or_404(Report, share_id=share_id)
    return render(request, "truecite/report.html", {"report": saved, "result": decorate(saved.result)})


@require_GET
@feature_required("exports")
def report_json(request, share_id: str):
    saved = get_object_or_404(Report, share_id=share_id)
    payload = {"share_id": saved.share_id, "created": saved.created.isoformat(), **saved.result}
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="truecite-{saved.share_id}.json"'
    return response


@login_required
@require_GET
def history(request):
    page = Paginator(Report.objects.filter(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "truecite/history.html", {"page": page})
