"""feature_required: a view that only a plan with the feature may use, like login_required for plans."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from billing.credits import FeatureNotInPlan
from billing.features import FEATURES, refusal


def feature_required(feature: str) -> Callable:
    """Refuse the view with a page that says why and which plans include the feature (402)."""
    label = FEATURES[feature].label

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            message = refusal(request.user, feature)
            if message:
                context = {"error": FeatureNotInPlan(message), "feature": label}
                return render(request, "billing/feature_refused.html", context, status=402)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
