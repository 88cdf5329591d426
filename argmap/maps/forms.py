"""Forms for the editor. They validate the shape of the input; the services enforce the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

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
from argmap.maps.widgets import LibraryChoiceField, StatementField, StatementsField, offer


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


class SourceChoiceField(LibraryChoiceField):
    def label_from_instance(self, obj: Source) -> str:
        text = str(obj)
        return text if len(text) <= 110 else text[:109] + "…"


def _offer_library(form: forms.Form, map: Map) -> None:
    """Offer the scholars and sources the map's owner may read (argmap.maps.visibility): the
    only editor of a map is its owner, and another user's private record is not theirs to see
    or to cite."""
    owner = map.owner
    for field in form.fields.values():
        if isinstance(field, LibraryChoiceField) and field.queryset is not None:
            if field.queryset.model is Scholar:
                field.offer_rows(lambda: readable_scholars(owner))
            elif field.queryset.model is Source:
                field.offer_rows(lambda: readable_sources(owner))


def _scholars(label: str, help_text: str = "") -> LibraryChoiceField:
    return LibraryChoiceField(
        queryset=Scholar.objects.none(),
        required=False,
        empty_label="— nobody in particular —",
        label=label,
        help_text=help_text,
    )


class NodeForm(forms.Form):
    """Add or edit a statement; evidence may cite an existing source or describe a new one."""

    kind = forms.ChoiceField(
        choices=NodeKind.choices,
        label="Kind of statement",
        help_text="A thesis is a historian's position; a claim a reason for or against one; "
        "evidence a source, event or figure.",
    )
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
        choices=SourceKind.choices,
        required=False,
        label="Kind of source",
        initial=SourceKind.PRIMARY,
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
        "evidence_kind", "source", "new_source_title", "new_source_authors", "new_source_year",
        "new_source_kind", "locator", "quote", "date_text", "place_time", "order_hint",
        "uncertainty",
    )  # fmt: skip
    # Who holds a position, and its school, belong to theses and claims, not to evidence.
    NOT_EVIDENCE = ("scholar", "school")

    def __init__(self, *args: Any, map: Map, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_library(self, map)
        # Only the fields of the chosen kind are in the form (and so in the tab order).
        kind = self.chosen_kind()
        dropped = self.NOT_EVIDENCE if kind == NodeKind.EVIDENCE else self.EVIDENCE_ONLY
        if kind == NodeKind.CLAIM:
            dropped = (*dropped, "school")
        for name in dropped:
            self.fields.pop(name, None)

    def rekind_from(self, url: str) -> None:
        """Choosing another kind redraws the form for it (from `url`), keeping what is typed."""
        self.fields["kind"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-include": "closest form",
                "hx-target": "closest form",
                "hx-swap": "outerHTML",
                "hx-vals": '{"rekind": "1"}',
            }
        )

    def chosen_kind(self) -> str:
        raw = self.data.get("kind") if self.is_bound else None
        raw = raw or self.initial.get("kind") or self.fields["kind"].initial
        return raw if raw in NodeKind.values else NodeKind.CLAIM

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") and data.get("new_source_title"):
            raise ValidationError("Choose an existing source or describe a new one, not both.")
        if data.get("new_source_authors") and not data.get("new_source_title"):
            self.add_error("new_source_title", "A new source needs a title.")
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
        label="Stance",
        help_text="Does this statement speak for the other one, or against it?",
    )
    target = StatementField(
        required=False,
        label="The statement it bears on",
        help_text="Type a few words of it and choose from the list.",
    )
    co_premises = StatementsField(
        required=False,
        label="Together with (co-premises)",
        help_text="Statements that count only together with this one; add as many as needed.",
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
        others = Node.objects.filter(map=map).exclude(pk=source.pk)
        url = reverse("maps:statement-search", args=[map.pk])
        offer(self.fields["target"], others, url=url, exclude=[source.pk])
        offer(self.fields["co_premises"], others, url=url, exclude=[source.pk])
        self.editing = editing
        if editing is not None:
            # The ends of a link stay; change them by deleting the link and linking anew.
            del self.fields["target"]
            if editing.kind == LinkKind.UNDERCUTS:
                del self.fields["kind"]
                del self.fields["co_premises"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.editing is None and not self.has_error("target") and not data.get("target"):
            typed = (self.data.get("target_search") or "").strip()
            field = self.fields["target"]
            assert isinstance(field, StatementField)
            try:
                if not typed:
                    raise ValidationError("Choose the statement it supports or opposes.")
                data["target"] = field.resolve_typed(typed)
            except ValidationError as exc:
                self.add_error("target", exc)
        return data

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

    source = StatementField(
        required=False,
        label="An existing statement",
        help_text="Type a few words of it, or leave this empty and write a new claim below.",
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
        url = reverse("maps:statement-search", args=[map.pk])
        offer(self.fields["source"], Node.objects.filter(map=map), url=url)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = (self.data.get("source_search") or "").strip()
        if not data.get("source") and typed and not (data.get("new_claim") or "").strip():
            field = self.fields["source"]
            assert isinstance(field, StatementField)
            try:
                data["source"] = field.resolve_typed(typed)
            except ValidationError as exc:
                self.add_error("source", exc)
                return data
        if bool(data.get("source")) == bool((data.get("new_claim") or "").strip()):
            raise ValidationError(
                "Choose an existing statement or write a new claim (one of the two)."
            )
        return data
