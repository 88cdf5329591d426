"""Sources, scholars and characterisations: the bibliography and the historians every map shares.

Each reader sees what the pages show them (`argmap.maps.visibility`): the shared library, what
they added themselves, and what the maps they may read cite. A source or scholar someone added
stays theirs until a map others can read cites it; a characterisation follows the maps of its
statements, or of the import that brought it. Anything else answers 404, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
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
from argmap.maps.visibility import (
    readable_characterisations,
    readable_scholars,
    readable_sources,
)

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
        sources = readable_sources(request.user).order_by("authors", "year", "title", "id")
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
        source = get_object_or_404(readable_sources(request.user), pk=source_id)
        return Response(SourceSerializer(source).data)


def _scholars(request: Request) -> QuerySet[Scholar]:
    works = Prefetch("works", queryset=readable_sources(request.user))
    return readable_scholars(request.user).prefetch_related(works).order_by("name", "id")


class ScholarListView(GenericAPIView[Scholar]):
    serializer_class = ScholarSerializer

    @extend_schema(
        tags=LIBRARY,
        summary="Historians and institutions",
        parameters=[ScholarFilter],
        responses=ScholarSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        scholars = query(request, ScholarFilter).filter(_scholars(request))
        return paginated(self, scholars, ScholarSerializer)


class ScholarDetailView(GenericAPIView[Scholar]):
    @extend_schema(tags=LIBRARY, summary="A scholar", responses=ScholarSerializer)
    def get(self, request: Request, scholar_id: int) -> Response:
        scholar = get_object_or_404(_scholars(request), pk=scholar_id)
        return Response(ScholarSerializer(scholar).data)


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
