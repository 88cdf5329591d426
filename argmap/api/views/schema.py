"""The OpenAPI document (/api/schema/), made once per process and format."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request


class SchemaView(SpectacularAPIView):
    """drf-spectacular's schema view, keeping what it rendered.

    The document depends on the code only: it is served public (argmap/settings.py's
    SPECTACULAR_SETTINGS), so every reader gets the same one. Generating and rendering it took
    about half a second a request, for the API docs page and for every client that reads it.
    A `lang` or `version` parameter is answered as drf-spectacular answers it, uncached."""

    _made: ClassVar[dict[str, tuple[bytes, str, str]]] = {}

    @extend_schema(exclude=True)  # as drf-spectacular's own view, with SERVE_INCLUDE_SCHEMA off
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.query_params.get("lang") or request.query_params.get("version"):
            return super().get(request, *args, **kwargs)
        key = request.accepted_media_type
        made = self._made.get(key)
        if made is None:
            response = super().get(request, *args, **kwargs)
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            made = (
                response.content,
                response["Content-Type"],
                response["Content-Disposition"],
            )
            self._made[key] = made
        content, content_type, disposition = made
        return HttpResponse(
            content, content_type=content_type, headers={"Content-Disposition": disposition}
        )
