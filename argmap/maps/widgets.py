"""A statement picker that searches: an ARIA 1.2 combobox over the map's statements.

A native `<select>` of every statement is a 130-row list cut at 100 characters on the demo and
10,000 rows on a big map. This widget renders a text box (role "combobox") and the chosen
statements' ids in hidden inputs; static/argmap/combobox.js asks the server for the statements
matching what is typed (`maps:statement-search`) and shows their kind and full text. Without
JavaScript the typed text is sent as `<name>_search` and `StatementField` resolves it: one
match is taken, several are offered to choose from, none is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from argmap.lib.text import shorten
from argmap.maps.models import Node

SEARCH_LIMIT = 20


def search_statements(nodes: QuerySet[Node], q: str) -> QuerySet[Node]:
    """Statements whose title or text holds every word typed, theses first."""
    for word in q.split()[:8]:
        nodes = nodes.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return nodes.order_by("kind", "pk")


def option_label(node: Node) -> str:
    return f"{node.get_kind_display()}: {node.label}"


class StatementCombobox(forms.Widget):
    """One statement (or several, `multiple`) chosen by typing part of its text."""

    def __init__(self, *, multiple: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = multiple
        self.search_url = ""
        self.exclude: list[int] = []

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_search" if id_ else id_

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> Any:
        if self.multiple:
            getlist = getattr(data, "getlist", None)
            return getlist(name) if getlist else data.get(name)
        return data.get(name) or None

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and f"{name}_search" not in data

    def _chosen(self, value: Any) -> list[Node]:
        ids = value if isinstance(value, list | tuple) else [value]
        pks = [int(v) for v in ids if str(v or "").isdigit()]
        found = {n.pk: n for n in Node.objects.filter(pk__in=pks)}
        return [found[pk] for pk in pks if pk in found]

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        id_ = attrs.pop("id", f"id_{name}")
        described = attrs.pop("aria-describedby", "")
        invalid = attrs.pop("aria-invalid", "")
        chosen = self._chosen(value)
        typed = ""
        if not self.multiple and chosen:
            typed = option_label(chosen[0])
        hidden = ""
        chips = ""
        if self.multiple:
            chips = format_html_join(
                "",
                '<li class="chip" data-pk="{}"><input type="hidden" name="{}" value="{}">{}'
                '<button type="button" class="chip-remove" aria-label="Remove “{}”">×</button>'
                "</li>",
                (
                    (n.pk, name, n.pk, shorten(option_label(n), 90), shorten(n.label, 60))
                    for n in chosen
                ),
            )
        else:
            hidden = format_html(
                '<input type="hidden" name="{}" value="{}" data-combobox-value>',
                name,
                chosen[0].pk if chosen else "",
            )
        return format_html(
            '<div class="combobox" data-combobox{}>'
            '<input type="text" id="{}_search" name="{}_search" value="{}" role="combobox" '
            'aria-autocomplete="list" aria-expanded="false" aria-controls="{}_list" '
            'autocomplete="off" spellcheck="false" data-search-url="{}" data-exclude="{}"{}{}>'
            "{}"
            '<ul id="{}_list" role="listbox" class="combobox-list" hidden '
            'aria-label="Matching statements"></ul>'
            "{}</div>",
            SafeString(" data-multiple" if self.multiple else ""),
            id_,
            name,
            typed,
            id_,
            self.search_url,
            ",".join(map(str, self.exclude)),
            format_html(' aria-describedby="{}"', described) if described else "",
            SafeString(' aria-invalid="true"') if invalid else "",
            hidden,
            id_,
            format_html('<ul class="chips" aria-label="Chosen">{}</ul>', chips)
            if self.multiple
            else "",
        )


class StatementField(forms.ModelChoiceField[Node]):
    """One statement of the map, picked with `StatementCombobox`; without JavaScript, by the
    words typed in its search box."""

    widget = StatementCombobox

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Node.objects.none())
        super().__init__(**kwargs)

    def resolve_typed(self, typed: str) -> Node:
        """The one statement the words `typed` name (the no-JavaScript path)."""
        assert self.queryset is not None
        found = list(search_statements(self.queryset, typed)[:9])
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(f"No statement of this map matches “{shorten(typed, 60)}”.")
        names = "; ".join(shorten(option_label(n), 70) for n in found[:8])
        raise ValidationError(
            f"“{shorten(typed, 60)}” matches {len(found)}{'+' if len(found) > 8 else ''} "
            f"statements: type more of the one you mean ({names})."
        )


class StatementsField(forms.ModelMultipleChoiceField[Node]):
    """Several statements of the map, picked one by one with `StatementCombobox`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Node.objects.none())
        kwargs.setdefault("widget", StatementCombobox(multiple=True))
        super().__init__(**kwargs)


def offer(
    field: forms.Field, nodes: QuerySet[Node], *, url: str, exclude: Iterable[int] = ()
) -> None:
    """Let `field` choose among `nodes`, searching at `url`."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = nodes
    widget = field.widget
    assert isinstance(widget, StatementCombobox)
    widget.search_url = url
    widget.exclude = list(exclude)


class LibraryChoiceField(forms.ModelChoiceField[Any]):
    """A choice among the library's sources or scholars that a map's owner may read.

    Those rows are a queryset built from map visibility (argmap.maps.visibility), which costs
    more to build than to run, and most saves never look at it (no scholar or source chosen).
    So `offer_rows` takes a function, and the queryset is built when the field is first
    rendered or cleaned."""

    _rows: Callable[[], QuerySet[Any]] | None = None
    _offered: QuerySet[Any] | None = None

    def offer_rows(self, rows: Callable[[], QuerySet[Any]]) -> None:
        self._rows = rows

    @property
    def queryset(self) -> QuerySet[Any] | None:
        if self._rows is not None:
            rows, self._rows = self._rows, None
            self.queryset = rows()
        return self._offered

    @queryset.setter
    def queryset(self, queryset: QuerySet[Any] | None) -> None:
        self._rows = None
        self._offered = None if queryset is None else queryset.all()
        self.widget.choices = self.choices
