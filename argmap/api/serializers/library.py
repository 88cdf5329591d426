"""Sources, scholars and characterisations: shared by every map."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from rest_framework import serializers

from argmap.api.serializers import ModelInput, Serializer, stored_text
from argmap.maps.models import (
    Characterisation,
    CharacterisationStatus,
    Scholar,
    Source,
    SourceKind,
)

SOURCE_FIELDS = [
    "key",
    "authors",
    "title",
    "container",
    "year",
    "kind",
    "url",
    "doi",
    "archive_locator",
    "notes",
]


class SourceSerializer(serializers.ModelSerializer[Source]):
    key = stored_text(null=True)
    url = stored_text()

    class Meta:
        model = Source
        fields = ["id", *SOURCE_FIELDS, "created"]
        read_only_fields = fields


class SourceInput(ModelInput):
    class Meta:
        model = Source
        fields = SOURCE_FIELDS
        extra_kwargs = {
            # A key already taken is the service's to refuse (422), like every rule of the data.
            "key": {"validators": []},
            "notes": {"max_length": 10_000},
        }


class SourceFilter(serializers.Serializer[Any]):
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words in the title or the authors."
    )
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)

    def filter(self, sources: QuerySet[Source]) -> QuerySet[Source]:
        data = self.validated_data
        if data.get("q"):
            sources = sources.filter(
                Q(title__icontains=data["q"]) | Q(authors__icontains=data["q"])
            )
        if data.get("kind"):
            sources = sources.filter(kind=data["kind"])
        return sources


class ScholarSerializer(serializers.ModelSerializer[Scholar]):
    key = stored_text(null=True)

    class Meta:
        model = Scholar
        fields = ["id", "key", "name", "role", "works"]
        read_only_fields = fields


class ScholarFilter(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, max_length=200, help_text="Words in the name.")

    def filter(self, scholars: QuerySet[Scholar]) -> QuerySet[Scholar]:
        if self.validated_data.get("q"):
            scholars = scholars.filter(name__icontains=self.validated_data["q"])
        return scholars


class CharacterisationSerializer(serializers.ModelSerializer[Characterisation]):
    class Meta:
        model = Characterisation
        fields = [
            "id",
            "scholar",
            "source",
            "text",
            "status",
            "status_note",
            "thesis",
            "evidence",
            "counter_sources",
            "note",
        ]
        read_only_fields = fields


class CharacterisationFilter(Serializer):
    scholar = serializers.IntegerField(required=False, min_value=1)
    late_fields = {"source": lambda: serializers.IntegerField(required=False, min_value=1)}
    status = serializers.ChoiceField(choices=CharacterisationStatus.choices, required=False)
    map = serializers.IntegerField(
        required=False, min_value=1, help_text="Only those about theses of this map."
    )

    def filter(self, items: QuerySet[Characterisation]) -> QuerySet[Characterisation]:
        data = self.validated_data
        if "scholar" in data:
            items = items.filter(scholar_id=data["scholar"])
        if "source" in data:
            items = items.filter(source_id=data["source"])
        if data.get("status"):
            items = items.filter(status=data["status"])
        if "map" in data:
            items = items.filter(thesis__map_id=data["map"])
        return items
