from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from argmap.maps.models import Characterisation, Link, Map, Node, Revision, Scholar, Source
from argmap.maps.services.history import bump


class CountedInRevision[Row: Node | Link](admin.ModelAdmin[Row]):
    """A change made here to a map's statements or links counts in the map's revision, as one
    made through the services does: what is cached under a revision (the results, the pages'
    tags, argmap/lib/revalidation.py) must not outlive it."""

    def save_model(self, request: HttpRequest, obj: Row, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        bump(obj.map)

    def delete_model(self, request: HttpRequest, obj: Row) -> None:
        super().delete_model(request, obj)
        bump(obj.map)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Row]) -> None:
        maps = {row.map for row in queryset.select_related("map")}
        super().delete_queryset(request, queryset)
        for map_ in maps:
            bump(map_)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("title", "authors", "year", "kind", "key")
    list_filter = ("kind",)
    search_fields = ("title", "authors", "key")


@admin.register(Scholar)
class ScholarAdmin(admin.ModelAdmin[Scholar]):
    list_display = ("name", "key")
    search_fields = ("name",)
    filter_horizontal = ("works",)


class NodeInline(admin.TabularInline[Node, Map]):
    model = Node
    fields = ("kind", "title", "text", "scholar")
    raw_id_fields = ("scholar",)
    extra = 0
    show_change_link = True


@admin.register(Map)
class MapAdmin(admin.ModelAdmin[Map]):
    list_display = ("title", "owner", "visibility", "updated", "deleted_at")
    list_filter = ("visibility",)
    search_fields = ("title", "question")
    raw_id_fields = ("owner", "forked_from")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Map]:
        return Map.all_objects.all()


@admin.register(Node)
class NodeAdmin(CountedInRevision[Node]):
    list_display = ("__str__", "kind", "map", "scholar", "date_text", "deleted_at")
    list_filter = ("kind", "evidence_kind")
    search_fields = ("title", "text")
    raw_id_fields = ("map", "scholar", "source", "extra_sources")


@admin.register(Link)
class LinkAdmin(CountedInRevision[Link]):
    list_display = ("__str__", "kind", "map", "scholar", "attestation", "deleted_at")
    list_filter = ("kind", "attestation")
    raw_id_fields = (
        "map",
        "source_node",
        "target_node",
        "target_link",
        "co_premises",
        "scholar",
        "citation",
        "attested_in",
    )


@admin.register(Characterisation)
class CharacterisationAdmin(admin.ModelAdmin[Characterisation]):
    list_display = ("scholar", "source", "status")
    list_filter = ("status",)
    raw_id_fields = ("scholar", "source", "thesis", "evidence", "counter_sources")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin[Revision]):
    """History is a record: it can be read here, never edited."""

    list_display = ("created", "map", "actor", "action", "target_type", "summary")
    list_filter = ("action", "target_type")
    search_fields = ("summary",)
    raw_id_fields = ("map", "actor")

    def has_change_permission(self, request: HttpRequest, obj: Revision | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
