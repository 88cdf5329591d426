"""Whole maps: list, create, read, change, delete (soft) and restore; fork, import, export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from argmap import interchange
from argmap.api.access import MapRules, MapScopedView, default_map_permission
from argmap.api.conditional import if_match
from argmap.api.parsers import BoundedJSONParser
from argmap.api.serializers.maps import (
    ExportFormat,
    ForkInput,
    ImportInput,
    ImportResult,
    MapFilter,
    MapInput,
    MapSerializer,
)
from argmap.api.views import created, paginated, query, versioned
from argmap.lib.http import signed_in
from argmap.maps import services
from argmap.maps.exports import map_export, map_export_losses
from argmap.maps.models import Map
from argmap.maps.selectors import deleted_maps
from argmap.maps.services import MapData
from argmap.maps.services.imports import map_import
from argmap.maps.visibility import readable_maps

MAPS = ["maps"]


def _created(view: GenericAPIView[Any], map_: Map, body: Any = None) -> Response:
    data = (
        body
        if body is not None
        else MapSerializer(map_, context=view.get_serializer_context()).data
    )
    return versioned(created(data, reverse("api:map-detail", args=[map_.pk])), map_)


class MapListView(GenericAPIView[Map]):
    serializer_class = MapSerializer
    extra_errors = {"POST": (422,)}

    @extend_schema(
        tags=MAPS,
        summary="Maps you can read: your own and public ones",
        parameters=[MapFilter],
        responses=MapSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        maps = readable_maps(request.user).select_related("owner").order_by("-updated", "-id")
        return paginated(self, query(request, MapFilter).filter(maps, request.user), MapSerializer)

    @extend_schema(
        tags=MAPS, summary="Start a blank map", request=MapInput, responses={201: MapSerializer}
    )
    def post(self, request: Request) -> Response:
        data = MapInput(data=request.data)
        data.is_valid(raise_exception=True)
        return _created(self, services.map_create(owner=signed_in(request), **data.validated_data))


class MapDetailView(MapScopedView):
    serializer_class = MapSerializer
    conditional_writes = True
    extra_errors = {"PUT": (422,), "PATCH": (422,)}

    def map_permission(self, method: str | None) -> str:
        return "maps.delete_map" if method == "DELETE" else default_map_permission(method)

    @extend_schema(tags=MAPS, summary="A map", responses=MapSerializer)
    def get(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        return versioned(Response(MapSerializer(map_, context={"request": request}).data), map_)

    def _update(self, request: Request, *, partial: bool) -> Response:
        map_ = self.get_map()
        version = if_match(request, map_.version)
        data = MapInput(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        map_ = services.map_update(
            map=map_,
            actor=signed_in(request),
            version=version,
            data=cast(MapData, dict(data.validated_data)),
        )
        return versioned(Response(MapSerializer(map_, context={"request": request}).data), map_)

    @extend_schema(tags=MAPS, summary="Replace a map's settings", request=MapInput)
    def put(self, request: Request, map_id: int) -> Response:
        return self._update(request, partial=False)

    @extend_schema(tags=MAPS, summary="Change some of a map's settings", request=MapInput)
    def patch(self, request: Request, map_id: int) -> Response:
        return self._update(request, partial=True)

    @extend_schema(
        tags=MAPS,
        summary="Delete a map (soft: POST …/restore/ brings it back)",
        responses={204: None},
    )
    def delete(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        services.map_delete(
            map=map_, actor=signed_in(request), version=if_match(request, map_.version)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MapRestoreView(GenericAPIView[Map]):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=MAPS, summary="Restore one of your deleted maps", request=None, responses=MapSerializer
    )
    def post(self, request: Request, map_id: int) -> Response:
        map_ = get_object_or_404(deleted_maps(request.user).select_related("owner"), pk=map_id)
        services.map_restore(map=map_, actor=signed_in(request))
        map_.refresh_from_db()
        return versioned(Response(MapSerializer(map_, context={"request": request}).data), map_)


class MapForkView(MapScopedView):
    """Its owner, or any reader of a public map, may copy it (as on the map page); an instructor
    reads a student's coursework to review it, not to copy it (403)."""

    permission_classes = [IsAuthenticated, MapRules]

    def map_permission(self, method: str | None) -> str:
        return "maps.copy_map"

    @extend_schema(
        tags=MAPS,
        summary="Copy a map you can read into a private map of your own",
        request=ForkInput,
        responses={201: MapSerializer},
    )
    def post(self, request: Request, map_id: int) -> Response:
        original = self.get_map()
        data = ForkInput(data=request.data)
        data.is_valid(raise_exception=True)
        fork = services.map_fork(
            map=original, owner=signed_in(request), title=data.validated_data.get("title")
        )
        return _created(self, fork)


class MapImportView(GenericAPIView[Map]):
    permission_classes = [IsAuthenticated]
    # A big map comes as a file in a multipart body: file data is not held to the body limit.
    parser_classes = [BoundedJSONParser, MultiPartParser]
    throttle_scope = "imports"
    extra_errors = {"POST": (422,)}

    @extend_schema(
        tags=MAPS,
        summary="Import a file as a new private map (all or nothing)",
        description="Argdown, AIF JSON (OVA or AIFdb), a Kialo text export or argmap JSON. "
        "A file that cannot be read answers 422 naming the line or node; nothing is written.",
        request=ImportInput,
        responses={201: ImportResult},
    )
    def post(self, request: Request) -> Response:
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        text, chosen = data.validated_data["text"], data.validated_data["format"]
        imported = map_import(
            owner=signed_in(request),
            text=text,
            format=(
                interchange.detect(text, data.validated_data.get("filename", ""))
                if chosen == "auto"
                else chosen
            ),
            title=data.validated_data.get("title") or None,
        )
        context = self.get_serializer_context()
        body = ImportResult({"map": imported.map, "notes": imported.notes}, context=context).data
        return _created(self, imported.map, body)


class MapExportFormatsView(MapScopedView):
    pagination_class = None  # four formats: a plain list

    @extend_schema(
        tags=MAPS,
        summary="The export formats, and what each would lose of this map",
        responses=ExportFormat(many=True),
    )
    def get(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        losses = map_export_losses(map_)
        formats = [
            {
                "format": fmt.name,
                "label": fmt.label,
                "content_type": fmt.content_type,
                "url": reverse("api:map-export", args=[map_.pk, fmt.name]),
                "lost": losses[fmt.name],
            }
            for fmt in interchange.EXPORT_FORMATS
        ]
        return Response(ExportFormat(formats, many=True).data)


class AnyAccept(BaseContentNegotiation):
    """The export is a file whatever the client accepts (text/plain, */*, application/json);
    errors are JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


EXPORT_FORMATS = [f.name for f in interchange.EXPORT_FORMATS]


class MapExportView(MapScopedView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=MAPS,
        summary="Download the map in a format",
        parameters=[OpenApiParameter("format", str, OpenApiParameter.PATH, enum=EXPORT_FORMATS)],
        responses={
            (200, "text/plain"): OpenApiResponse(OpenApiTypes.STR, description="Argdown"),
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="AIF, OVA or argmap JSON"
            ),
        },
    )
    def get(self, request: Request, map_id: int, format: str) -> HttpResponse:
        map_ = self.get_map()
        if format not in EXPORT_FORMATS:
            raise Http404("No such export format.")
        export = map_export(map=map_, format=format)
        response = HttpResponse(export.text, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
