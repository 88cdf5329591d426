"""Forms for the editor. They validate the shape of the input; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from argmap.maps.models import (
    Attestation,
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
from argmap.maps.services import LinkData, MapData, NewSource, NodeData
from argmap.maps.visibility import readable_scholars, readable_sources


class MapForm(forms.ModelForm[Map]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def map_data(self) -> MapData:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "question": data["question"],
            "description": data["description"],
            "visibility": data["visibility"],
        }

    class Meta:
        model = Map
        fields = ["title", "question", "description", "visibility"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"question": "The question the map answers, e.g. “Why did Japan surrender?”"}


class SourceChoiceField(forms.ModelChoiceField[Source]):
    def label_from_instance(self, obj: Source) -> str:
        text = str(obj)
        return text if len(text) <= 110 else text[:109] + "…"


def _node_label(node: Node) -> str:
    label = node.label if len(node.label) <= 100 else node.label[:99] + "…"
    return f"{node.get_kind_display()}: {label}"


class NodeChoiceField(forms.ModelChoiceField[Node]):
    def label_from_instance(self, obj: Node) -> str:
        return _node_label(obj)


class NodeMultipleChoiceField(forms.ModelMultipleChoiceField[Node]):
    def label_from_instance(self, obj: Node) -> str:
        return _node_label(obj)


def _choose_from(field: forms.Field, nodes: QuerySet[Node]) -> None:
    """Offer `nodes` (the statements of this map) in a node field declared with none."""
    assert isinstance(field, forms.ModelChoiceField)  # the node fields above
    field.queryset = nodes


def _offer_library(form: forms.Form, map: Map) -> None:
    """Offer the scholars and sources the map's owner may read (argmap.maps.visibility): the
    only editor of a map is its owner, and another user's private record is not theirs to see
    or to cite."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            if field.queryset.model is Scholar:
                field.queryset = readable_scholars(map.owner)
            elif field.queryset.model is Source:
                field.queryset = readable_sources(map.owner)


def _scholars(label: str, help_text: str = "") -> forms.ModelChoiceField[Scholar]:
    return forms.ModelChoiceField(
        queryset=Scholar.objects.none(),
        required=False,
        empty_label="— nobody in particular —",
        label=label,
        help_text=help_text,
    )


class NodeForm(forms.Form):
    """Add or edit a statement; evidence may cite an existing source or describe a new one."""

    kind = forms.ChoiceField(choices=NodeKind.choices)
    title = forms.CharField(max_length=300, required=False, label="Short title")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Statement", max_length=10000
    )
    scholar = _scholars("Held by", "The scholar whose position or argument this is.")
    school = forms.CharField(max_length=200, required=False, label="School of thought")
    evidence_kind = forms.ChoiceField(
        choices=[("", "—"), *EvidenceKind.choices], required=False, label="Kind of evidence"
    )
    source = SourceChoiceField(
        queryset=Source.objects.none(), required=False, empty_label="— no source yet —"
    )
    new_source_title = forms.CharField(
        max_length=500, required=False, label="…or a new source: title"
    )
    new_source_authors = forms.CharField(max_length=500, required=False, label="Authors")
    new_source_year = forms.IntegerField(min_value=1, max_value=3000, required=False, label="Year")
    new_source_kind = forms.ChoiceField(
        choices=SourceKind.choices, required=False, label="Kind", initial=SourceKind.PRIMARY
    )
    locator = forms.CharField(max_length=300, required=False, help_text="Page, document number…")
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Exact quote",
        max_length=5000,
    )
    date_text = forms.CharField(
        max_length=100,
        required=False,
        label="Date",
        help_text="1945-08-06, 1945-08, a range 1945-08-09/1945-08-10, or with the hour and "
        "its UTC offset: 1945-08-06T08:15+09:00",
    )
    place_time = forms.CharField(
        max_length=300,
        required=False,
        label="Whose clock",
        help_text="Where the date's time is told, e.g. “Tokyo (UTC+9)”.",
    )
    order_hint = forms.IntegerField(
        min_value=0,
        max_value=32767,
        required=False,
        label="Order within its day",
        help_text="1, 2, 3… among the events of the same day, when the hour is not known.",
    )
    uncertainty = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    base_score = forms.FloatField(
        min_value=0,
        max_value=1,
        required=False,
        help_text="How much this statement counts on its own, 0–1 (empty: 0.5).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    EVIDENCE_ONLY = (
        "evidence_kind", "source", "new_source_title", "locator", "quote", "date_text",
        "place_time", "order_hint",
    )  # fmt: skip

    def __init__(self, *args: Any, map: Map, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_library(self, map)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") and data.get("new_source_title"):
            raise ValidationError("Choose an existing source or describe a new one, not both.")
        if data.get("new_source_authors") and not data.get("new_source_title"):
            self.add_error("new_source_title", "A new source needs a title.")
        if data.get("kind") != NodeKind.EVIDENCE:
            # Fields of a hidden evidence block are not the user's intent for a claim or thesis.
            for name in self.EVIDENCE_ONLY:
                data[name] = None if name in ("source", "order_hint") else ""
        return data

    def node_data(self) -> NodeData:
        """The cleaned fields the node services take."""
        d = self.cleaned_data
        return NodeData(
            kind=d["kind"],
            title=d.get("title") or "",
            text=d["text"],
            scholar=d.get("scholar"),
            school=d.get("school") or "",
            evidence_kind=d.get("evidence_kind") or "",
            source=d.get("source"),
            locator=d.get("locator") or "",
            quote=d.get("quote") or "",
            date_text=d.get("date_text") or "",
            place_time=d.get("place_time") or "",
            order_hint=d.get("order_hint"),
            uncertainty=d.get("uncertainty") or "",
            base_score=d.get("base_score"),
        )

    def new_source(self) -> NewSource | None:
        data = self.cleaned_data
        if not data.get("new_source_title"):
            return None
        return {
            "title": data["new_source_title"],
            "authors": data.get("new_source_authors") or "",
            "year": data.get("new_source_year"),
            "kind": data.get("new_source_kind") or SourceKind.PRIMARY,
        }

    @classmethod
    def for_node(cls, node: Node, **kwargs: Any) -> NodeForm:
        initial = {
            name: getattr(node, name)
            for name in (
                "kind",
                "title",
                "text",
                "school",
                "evidence_kind",
                "locator",
                "quote",
                "date_text",
                "place_time",
                "order_hint",
                "uncertainty",
                "base_score",
                "version",
            )
        }
        initial.update(scholar=node.scholar_id, source=node.source_id)
        kwargs.setdefault("map", node.map)
        return cls(initial=initial, **kwargs)


class LinkForm(forms.Form):
    """Link a statement to another one (supports / opposes), or edit such a link."""

    kind = forms.ChoiceField(
        choices=[(LinkKind.SUPPORTS, "supports"), (LinkKind.OPPOSES, "opposes")],
        widget=forms.RadioSelect,
        initial=LinkKind.SUPPORTS,
    )
    target = NodeChoiceField(queryset=Node.objects.none(), label="the statement")
    co_premises = NodeMultipleChoiceField(
        queryset=Node.objects.none(),
        required=False,
        label="Together with (co-premises)",
        help_text="Statements that support only together with this one.",
    )
    scholar = _scholars("Used by")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    citation = SourceChoiceField(
        queryset=Source.objects.none(),
        required=False,
        empty_label="— no citation —",
        label="Cited from",
    )
    citation_locator = forms.CharField(max_length=300, required=False, label="Page or locator")
    attestation = forms.ChoiceField(choices=[("", "—"), *Attestation.choices], required=False)
    scheme = forms.CharField(
        max_length=200,
        required=False,
        help_text="The argumentation scheme, e.g. expert opinion (AIF's scheme of the link).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, map: Map, source: Node, editing: Link | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _offer_library(self, map)
        others = (
            Node.objects.filter(map=map).exclude(pk=source.pk).order_by("kind", "title", "text")
        )
        _choose_from(self.fields["target"], others)
        _choose_from(self.fields["co_premises"], others)
        if editing is not None:
            # The ends of a link stay; change them by deleting the link and linking anew.
            del self.fields["target"]
            if editing.kind == LinkKind.UNDERCUTS:
                del self.fields["kind"]
                del self.fields["co_premises"]

    def link_data(self) -> LinkData:
        d = self.cleaned_data
        data = LinkData(
            scholar=d.get("scholar"),
            citation=d.get("citation"),
            rationale=d.get("rationale") or "",
            citation_locator=d.get("citation_locator") or "",
            attestation=d.get("attestation") or "",
            scheme=d.get("scheme") or "",
        )
        if "kind" in d:
            data["kind"] = d["kind"]
        return data

    @classmethod
    def for_link(cls, link: Link, **kwargs: Any) -> LinkForm:
        initial = {
            "kind": link.kind,
            "scholar": link.scholar_id,
            "rationale": link.rationale,
            "citation": link.citation_id,
            "citation_locator": link.citation_locator,
            "attestation": link.attestation,
            "scheme": link.scheme,
            "version": link.version,
            "co_premises": list(link.co_premises.values_list("pk", flat=True)),
        }
        return cls(initial=initial, map=link.map, source=link.source_node, editing=link, **kwargs)


class UndercutForm(forms.Form):
    """Attack a link: an existing statement, or a new claim written here, undercuts it."""

    source = NodeChoiceField(
        queryset=Node.objects.none(),
        required=False,
        label="An existing statement",
        empty_label="— write a new claim below —",
    )
    new_claim = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="…or a new claim",
        max_length=10000,
    )
    scholar = _scholars("Made by")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def __init__(self, *args: Any, map: Map, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_library(self, map)
        _choose_from(self.fields["source"], Node.objects.filter(map=map).order_by("kind", "text"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("source")) == bool((data.get("new_claim") or "").strip()):
            raise ValidationError(
                "Choose an existing statement or write a new claim (one of the two)."
            )
        return data
