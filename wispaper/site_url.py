"""The site's public address when SITE_URL is not set: the scheme, host and port the current request came to.

settings.SITE_URL is then `REQUEST_SITE_URL`, a lazy string like reverse_lazy's, so every `f"{settings.SITE_URL}…"`
(canonical links, og:url, JSON-LD, the sitemap, robots.txt, e-mails) names the address actually serving. Outside
a request (a worker, a management command) it is the Sites framework's domain.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Callable

from django.utils.functional import lazy

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

_current_request: ContextVar[HttpRequest | None] = ContextVar("wispaper_current_request", default=None)


def current_site_url() -> str:
    from django.conf import settings
    from django.contrib.sites.models import Site

    request = _current_request.get()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    # Before the first migration has run there is no Site row yet.
    site = Site.objects.filter(pk=settings.SITE_ID).first()
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    return f"{scheme}://{site.domain if site else 'localhost'}"


REQUEST_SITE_URL = lazy(current_site_url, str)()


class CurrentRequestMiddleware:
    """Makes the request being served the one current_site_url reads (a ContextVar: one per thread or task)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
