"""Error responses: one JSON shape for every refusal, and the services' exceptions as statuses.

Every error body is `{"detail": <text>, "code": <machine code>}`, plus `"errors"` (field name ->
messages) when input was refused. The statuses say who must act:

- 400: the request is malformed (wrong types, unknown ids, a missing field): fix the request;
- 422: it is well formed but the map's rules refuse it (the services' `ValidationError`, e.g.
  "only evidence carries a source", an import that does not parse): fix the content;
- 412 / 428: stale or unconditional write (see `conditional`); 409: it collides with data that
  changed meanwhile (a unique key taken between the check and the write, an undo already done).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from argmap.api.conditional import PreconditionFailed, etag
from argmap.api.serializers import Serializer
from argmap.maps.services import StaleEdit

logger = logging.getLogger(__name__)


class ErrorSerializer(Serializer):
    """The body of every error response (documented for each status in the schema)."""

    detail = serializers.CharField(help_text="What went wrong, in words.")
    code = serializers.CharField(help_text="A stable machine code, e.g. not_found, stale.")
    late_fields = {
        "errors": lambda: serializers.DictField(
            required=False,
            help_text="Refused input: field name (or non_field_errors) -> messages.",
        )
    }


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def _body(detail: str, code: str, errors: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleEdit):
        # The service's conditional UPDATE lost the race (or the row is gone): same as a stale tag.
        current = exc.current.version if exc.current is not None else None
        exc = PreconditionFailed(current)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        errors = _django_errors(exc)
        detail = " ".join(m for messages in errors.values() for m in messages)
        return Response(
            _body(detail, "invalid", errors), status=status.HTTP_422_UNPROCESSABLE_ENTITY
        )
    if isinstance(exc, IntegrityError):
        # The services validate before writing; a constraint can still fire when a concurrent
        # request took the same unique key in between. Nothing was written (atomic).
        logger.warning("API write refused by the database: %s", exc)
        set_rollback()
        return Response(
            _body("This conflicts with a change made at the same time; try again.", "conflict"),
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        errors = response.data
        if not isinstance(errors, dict):
            errors = {api_settings.NON_FIELD_ERRORS_KEY: errors}
        response.data = _body("The request is not valid; see errors.", "invalid", errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = _body(str(detail), str(code))
    if isinstance(exc, PreconditionFailed) and exc.current_version is not None:
        response["ETag"] = etag(exc.current_version)
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON under /api/ (an id that matches no route, e.g. a negative one), so API
    clients always get the documented error body; the pages keep Django's HTML 404."""
    if request.path.startswith("/api/"):
        return JsonResponse(_body("Not found.", "not_found"), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: what Django refuses before any view runs. Under /api/ a body over
    ARGMAP_MAX_UPLOAD_BYTES is 413 and the rest 400, both with the JSON error body."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig):
            detail = (
                f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
            )
            return JsonResponse(_body(detail, "too_large"), status=413)
        return JsonResponse(_body("Bad request.", "bad_request"), status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(_body("Server error; it has been logged.", "server_error"), status=500)
    return defaults.server_error(request)
