"""Sources, scholars and characterisations: the bibliography and the historians every map shares.

Sources and scholars are public, as on their pages. A characterisation about a thesis is shown
only to those who can read the thesis's map (the scholar page does the same), so a private map's
theses never leak through this list.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.serializers.library import (
    CharacterisationFilter,
    CharacterisationSerializer,
    ScholarFilter,
    ScholarSerializer,
    SourceFilter,
    SourceInput,
    SourceSerializer,
)
from argmap.api.views import paginated, query
from argmap.lib.http import signed_in
from argmap.maps import services
from argmap.maps.models import Characterisation, Scholar, Source
from argmap.maps.visibility import readable_characterisations

LIBRARY = ["library"]


class SourceListView(GenericAPIView[Source]):
    serializer_class = SourceSerializer
    extra_errors = {"POST": (409, 422)}

    @extend_schema(
        tags=LIBRARY,
        summary="The bibliography",
        parameters=[SourceFilter],
        responses=SourceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        sources = Source.objects.order_by("authors", "year", "title", "id")
        return paginated(self, query(request, SourceFilter).filter(sources), SourceSerializer)

    @extend_schema(
        tags=LIBRARY, summary="Add a source", request=SourceInput, responses={201: SourceSerializer}
    )
    def post(self, request: Request) -> Response:
        data = SourceInput(data=request.data)
        data.is_valid(raise_exception=True)
        source = services.source_create(created_by=signed_in(request), **data.validated_data)
        response = Response(SourceSerializer(source).data, status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:source-detail", args=[source.pk])
        return response


class SourceDetailView(GenericAPIView[Source]):
    @extend_schema(tags=LIBRARY, summary="A source", responses=SourceSerializer)
    def get(self, request: Request, source_id: int) -> Response:
        return Response(SourceSerializer(get_object_or_404(Source, pk=source_id)).data)


def _scholars() -> QuerySet[Scholar]:
    return Scholar.objects.prefetch_related("works").order_by("name", "id")


class ScholarListView(GenericAPIView[Scholar]):
    serializer_class = ScholarSerializer

    @extend_schema(
        tags=LIBRARY,
        summary="Historians and institutions",
        parameters=[ScholarFilter],
        responses=ScholarSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return paginated(self, query(request, ScholarFilter).filter(_scholars()), ScholarSerializer)


class ScholarDetailView(GenericAPIView[Scholar]):
    @extend_schema(tags=LIBRARY, summary="A scholar", responses=ScholarSerializer)
    def get(self, request: Request, scholar_id: int) -> Response:
        return Response(ScholarSerializer(get_object_or_404(_scholars(), pk=scholar_id)).data)


def _characterisations(request: Request) -> QuerySet[Characterisation]:
    return (
        readable_characterisations(request.user).prefetch_related("counter_sources").order_by("id")
    )


class CharacterisationListView(GenericAPIView[Characterisation]):
    serializer_class = CharacterisationSerializer

    @extend_schema(
        tags=LIBRARY,
        summary="“Source X characterises scholar Y's view as Z”",
        parameters=[CharacterisationFilter],
        responses=CharacterisationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        items = query(request, CharacterisationFilter).filter(_characterisations(request))
        return paginated(self, items, CharacterisationSerializer)


class CharacterisationDetailView(GenericAPIView[Characterisation]):
    @extend_schema(tags=LIBRARY, summary="A characterisation", responses=CharacterisationSerializer)
    def get(self, request: Request, characterisation_id: int) -> Response:
        item = get_object_or_404(_characterisations(request), pk=characterisation_id)
        return Response(CharacterisationSerializer(item).data)
