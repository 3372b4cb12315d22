"""feature_required: a view that only a plan with the feature may use, like login_required for plans."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from billing.credits import InsufficientCredits
from billing.features import FEATURES, require


def feature_required(feature: str) -> Callable:
    """Refuse the view with a page that says why and where to fix it: which plans include the feature,
    or the verification e-mail (402)."""
    label = FEATURES[feature].label

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                require(request.user, feature)
            except InsufficientCredits as error:
                return render(request, "billing/feature_refused.html", {"error": error, "feature": label}, status=402)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
