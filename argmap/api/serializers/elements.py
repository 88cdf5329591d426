"""Nodes (statements) and links of a map: output, input, filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.utils.functional import SimpleLazyObject
from rest_framework import serializers

from argmap.api.serializers import ModelInput, Serializer, stored_text
from argmap.maps.models import (
    Attestation,
    DatePrecision,
    EvidenceKind,
    Link,
    LinkKind,
    Map,
    Node,
    NodeKind,
    Scholar,
    Source,
    SourceKind,
)
from argmap.maps.services import LinkData, NewSource, NodeData
from argmap.maps.visibility import readable_scholars, readable_sources

# The editor's form limits (argmap/maps/forms.py): free text is bounded on input.
LONG_TEXT, MEDIUM_TEXT = 10_000, 5_000


def _blank_choice(choices: list[tuple[str, str]]) -> serializers.ChoiceField:
    """An output choice that may be empty. Declared, because DRF drops `allow_blank` from the
    fields it generates read-only, and the schema would then forbid the empty value."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


def _choose_from(field: serializers.Field[Any, Any, Any, Any], rows: QuerySet[Any]) -> None:
    """Limit a related field (or each item of a many-related one) to the rows of this map."""
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    assert isinstance(field, serializers.RelatedField)  # NODE_FIELDS and LINK_FIELDS are
    field.queryset = rows  # type: ignore[arg-type]  # django-stubs takes this for a Manager


def _offer_library(serializer: serializers.Serializer[Any], map: Map | None) -> None:
    """Scholars and sources are looked up among those the map's owner (its only editor) may
    read: someone else's private record is refused like an unknown id (400), revealing nothing."""
    owner = map.owner if map is not None else None
    for field in serializer.fields.values():
        related = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if not isinstance(related, serializers.RelatedField) or related.read_only:
            continue
        queryset: QuerySet[Any] | None = related.get_queryset()
        model = queryset.model if queryset is not None else None
        # Built when a value is looked up, not with every serializer: the visibility querysets
        # cost more to build than to run, and most requests never use them.
        if model is Scholar:
            _choose_from(field, _lazy(lambda: readable_scholars(owner) if owner else None, Scholar))
        elif model is Source:
            _choose_from(field, _lazy(lambda: readable_sources(owner) if owner else None, Source))


def _lazy(build: Callable[[], QuerySet[Any] | None], model: type[Any]) -> QuerySet[Any]:
    """The queryset `build()` gives (none of `model` for None), built on first use; DRF's
    `RelatedField.get_queryset` sees a QuerySet (the lazy object passes `isinstance`)."""

    def rows() -> QuerySet[Any]:
        built = build()
        return built if built is not None else model.objects.none()

    return cast(QuerySet[Any], SimpleLazyObject(rows))


class NodeSerializer(serializers.ModelSerializer[Node]):
    evidence_kind = _blank_choice(EvidenceKind.choices)
    date_precision = _blank_choice(DatePrecision.choices)
    key = stored_text()

    class Meta:
        model = Node
        fields = [
            "id",
            "map",
            "kind",
            "title",
            "text",
            "scholar",
            "school",
            "evidence_kind",
            "source",
            "extra_sources",
            "locator",
            "quote",
            "date_text",
            "date_start",
            "date_end",
            "date_precision",
            "instant",
            "place_time",
            "order_hint",
            "uncertainty",
            "base_score",
            "key",
            "origin",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = fields


class NewSourceInput(serializers.Serializer[Any]):
    """A source to create and cite in the same request (evidence whose source is not yet in
    the bibliography)."""

    title = serializers.CharField(max_length=500)
    authors = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)
    year = serializers.IntegerField(min_value=1, max_value=3000, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.PRIMARY)


class NodeInput(ModelInput):
    new_source = NewSourceInput(required=False, allow_null=True, write_only=True)

    def __init__(self, *args: Any, map: Map | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_library(self, map)

    class Meta:
        model = Node
        fields = [
            "kind",
            "title",
            "text",
            "scholar",
            "school",
            "evidence_kind",
            "source",
            "extra_sources",
            "locator",
            "quote",
            "date_text",
            "place_time",
            "order_hint",
            "uncertainty",
            "base_score",
            "new_source",
        ]
        extra_kwargs = {
            "text": {"max_length": LONG_TEXT},
            "quote": {"max_length": MEDIUM_TEXT},
            "uncertainty": {"max_length": MEDIUM_TEXT},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if attrs.get("source") and attrs.get("new_source"):
            raise serializers.ValidationError(
                "Give an existing source or describe a new one, not both."
            )
        return attrs

    def node_data(self) -> NodeData:
        """What `node_create` / `node_update` take as fields (only those sent, for a PATCH)."""
        sent = self.validated_data
        fields = {k: v for k, v in sent.items() if k not in ("extra_sources", "new_source")}
        return NodeData(**fields)

    def sources_cited(self) -> list[Source] | None:
        return self.validated_data.get("extra_sources")

    def source_to_create(self) -> NewSource | None:
        return self.validated_data.get("new_source")


class NodeFilter(Serializer):
    kind = serializers.ChoiceField(choices=NodeKind.choices, required=False)
    scholar = serializers.IntegerField(required=False, min_value=1, help_text="A scholar's id.")
    evidence_kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False)
    late_fields = {
        "source": lambda: serializers.IntegerField(
            required=False, min_value=1, help_text="A source's id."
        )
    }
    q = serializers.CharField(required=False, max_length=200, help_text="Words in the text.")

    def filter(self, nodes: QuerySet[Node]) -> QuerySet[Node]:
        data = self.validated_data
        for name in ("kind", "evidence_kind"):
            if data.get(name):
                nodes = nodes.filter(**{name: data[name]})
        if "scholar" in data:
            nodes = nodes.filter(scholar_id=data["scholar"])
        if "source" in data:
            nodes = nodes.filter(Q(source_id=data["source"]) | Q(extra_sources=data["source"]))
            nodes = nodes.distinct()
        if data.get("q"):
            nodes = nodes.filter(Q(text__icontains=data["q"]) | Q(title__icontains=data["q"]))
        return nodes


class LinkSerializer(serializers.ModelSerializer[Link]):
    attestation = _blank_choice(Attestation.choices)
    key = stored_text()

    class Meta:
        model = Link
        fields = [
            "id",
            "map",
            "kind",
            "source_node",
            "target_node",
            "target_link",
            "co_premises",
            "scholar",
            "rationale",
            "citation",
            "citation_locator",
            "attestation",
            "attested_in",
            "note",
            "key",
            "scheme",
            "argument",
            "version",
            "created",
            "updated",
        ]
        read_only_fields = fields


class _InMap(ModelInput):
    """Node and link ids are looked up in the URL's map only: an id from another map is
    refused as unknown, never linked across maps."""

    NODE_FIELDS: tuple[str, ...] = ()
    LINK_FIELDS: tuple[str, ...] = ()

    def __init__(self, *args: Any, map: Map | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_library(self, map)
        nodes = Node.objects.filter(map=map) if map is not None else Node.objects.none()
        links = Link.objects.filter(map=map) if map is not None else Link.objects.none()
        for name in self.NODE_FIELDS:
            _choose_from(self.fields[name], nodes)
        for name in self.LINK_FIELDS:
            _choose_from(self.fields[name], links)

    def link_data(self) -> LinkData:
        sent = self.validated_data
        names = ("kind", "scholar", "rationale", "citation", "citation_locator", "attestation")
        return cast(LinkData, {k: sent[k] for k in (*names, "note", "scheme") if k in sent})


class LinkCreateInput(_InMap):
    """supports / opposes need `target_node`; undercuts need `target_link` (the link attacked)."""

    NODE_FIELDS = ("source_node", "target_node", "co_premises")
    LINK_FIELDS = ("target_link",)

    class Meta:
        model = Link
        fields = [
            "kind",
            "source_node",
            "target_node",
            "target_link",
            "co_premises",
            "scholar",
            "rationale",
            "citation",
            "citation_locator",
            "attestation",
            "attested_in",
            "note",
            "scheme",
        ]
        extra_kwargs = {
            "rationale": {"max_length": MEDIUM_TEXT},
            "note": {"max_length": MEDIUM_TEXT},
        }


class LinkUpdateInput(_InMap):
    """The ends of a link stay: delete it and link anew to change them."""

    NODE_FIELDS = ("co_premises",)

    class Meta:
        model = Link
        fields = [
            "kind",
            "co_premises",
            "scholar",
            "rationale",
            "citation",
            "citation_locator",
            "attestation",
            "note",
            "scheme",
        ]
        extra_kwargs = {
            "rationale": {"max_length": MEDIUM_TEXT},
            "note": {"max_length": MEDIUM_TEXT},
        }


class LinkFilter(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LinkKind.choices, required=False)
    scholar = serializers.IntegerField(required=False, min_value=1, help_text="A scholar's id.")
    source_node = serializers.IntegerField(required=False, min_value=1)
    target_node = serializers.IntegerField(required=False, min_value=1)

    def filter(self, links: QuerySet[Link]) -> QuerySet[Link]:
        data = self.validated_data
        if data.get("kind"):
            links = links.filter(kind=data["kind"])
        for name in ("scholar", "source_node", "target_node"):
            if name in data:
                links = links.filter(**{f"{name}_id": data[name]})
        return links


class DeleteResult(serializers.Serializer[Any]):
    undo = serializers.UUIDField(help_text="POST /api/maps/<map_id>/undo/<undo>/ brings it back.")
    undo_url = serializers.CharField()


class UndoResult(serializers.Serializer[Any]):
    restored = serializers.IntegerField(help_text="How many statements and links came back.")
