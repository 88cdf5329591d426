"""What every request and answer passes through, beyond Django's own middleware.

- `HealthMiddleware` answers `/healthz` first, before host validation and the HTTPS redirect:
  a proxy or a container health check asks over plain HTTP, by address.
- `InputMiddleware` refuses a NUL character in any query or form parameter (400): PostgreSQL
  cannot store or compare one, and no person types it.
- `PermissionsPolicyMiddleware` sends the Permissions-Policy on every answer (static files
  too: it stands before whitenoise).
- `AnswerMiddleware` marks every answer that carries a signed-in user's data, and every answer
  to a write, `Cache-Control: private, no-store`, and turns a page's `RateLimited` into 429
  with a message and `Retry-After`. A page that has a tag to revalidate with
  (`argmap.lib.revalidation`) stays `private, no-cache` instead: still never kept by a shared
  cache, but kept by the reader's browser so that it can ask whether the page changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from argmap.lib.rates import RateLimited

logger = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]

HEALTH_PATH = "/healthz"


def health() -> tuple[bool, dict[str, str]]:
    """Whether the database and the shared cache answer."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy; the reason goes to the log
        logger.error("health check: database: %s", exc)
        checks["database"] = "failing"
    try:
        cache.set("argmap-health", "ok", 10)
        checks["cache"] = "ok" if cache.get("argmap-health") == "ok" else "failing"
    except Exception as exc:
        logger.error("health check: cache: %s", exc)
        checks["cache"] = "failing"
    return all(v == "ok" for v in checks.values()), checks


class HealthMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        healthy, checks = health()
        response = JsonResponse(
            {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
        )
        response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class InputMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return _bad_request(request, "A parameter contains a NUL character.")
        return self.get_response(request)


def _revalidated(response: HttpResponse) -> bool:
    """A page the view tagged for revalidation (`argmap.lib.revalidation.revalidated`)."""
    return response.has_header("ETag") and "no-cache" in response.get("Cache-Control", "")


def _has_nul(request: HttpRequest) -> bool:
    params = [request.GET]
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        params.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in params
        for key, values in query.lists()
    )


def _bad_request(request: HttpRequest, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": "bad_request"}, status=400)
    return HttpResponseBadRequest(detail, content_type="text/plain; charset=utf-8")


class AnswerMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # DRF sets request.user for a token too. Any answer to someone signed in may show what
        # only they may read; no shared cache (a proxy, a school's web filter) may keep it. Nor
        # an answer to a write, signed in or not: a new API key asked for with a password is
        # answered to nobody signed in.
        if (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or request.method not in ("GET", "HEAD", "OPTIONS")
        ):
            if _revalidated(response):
                patch_cache_control(response, private=True)
            else:
                patch_cache_control(response, private=True, no_store=True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        minutes = max(1, round(exception.wait / 60))
        if request.path.startswith("/api/"):
            body = {"detail": exception.message, "code": "throttled"}
            response: HttpResponse = JsonResponse(body, status=429)
        else:
            context = {"message": exception.message, "minutes": minutes}
            response = render(request, "429.html", context, status=429)
        response["Retry-After"] = str(exception.wait)
        return response
