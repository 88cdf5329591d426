"""The debate pages' GET forms: which theses, which order, which window. Bound to request.GET
so that every state of a page is a URL (bookmarkable, and working without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms

from argmap.debates.selectors import MATRIX_SORTS
from argmap.lib.dates import DateError, parse_date
from argmap.maps.models import EvidenceKind, Node

MIN_THESES, MAX_THESES = 2, 4


def _offer(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)  # the theses fields below
    field.choices = choices


def _thesis_choices(theses: list[Node], names: dict[int, str]) -> list[tuple[str, str]]:
    def label(thesis: Node) -> str:
        name = names.get(thesis.pk, "")
        if not name or thesis.label.startswith(name):
            return thesis.label
        return f"{name}: {thesis.label}"

    return [(str(t.pk), label(t)) for t in theses]


class ThesesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.error_messages["invalid_choice"] = (
            "%(value)s is not a thesis of this map; choose from the list."
        )


class DebateForm(forms.Form):
    thesis = ThesesField(label="Theses to compare")

    def __init__(self, *args: Any, theses: list[Node], names: dict[int, str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _offer(self.fields["thesis"], _thesis_choices(theses, names))

    def clean_thesis(self) -> list[int]:
        chosen = list(dict.fromkeys(int(pk) for pk in self.cleaned_data["thesis"]))
        if len(chosen) < MIN_THESES:
            raise forms.ValidationError(
                f"Choose at least {MIN_THESES} theses to compare (you chose {len(chosen)})."
            )
        if len(chosen) > MAX_THESES:
            raise forms.ValidationError(
                f"Choose at most {MAX_THESES} theses: columns side by side stop being "
                f"readable beyond that (you chose {len(chosen)})."
            )
        return chosen


class MatrixForm(forms.Form):
    sort = forms.ChoiceField(
        label="Sort by", choices=list(MATRIX_SORTS.items()), required=False, initial="date"
    )
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "All kinds"), *EvidenceKind.choices],
        required=False,
    )
    indirect = forms.BooleanField(
        label="Also show stances that come only through other theses", required=False
    )

    def settings(self) -> dict[str, Any]:
        """The sort and filter to use: the valid ones asked for, the defaults otherwise."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "sort": data.get("sort") or "date",
            "kind": data.get("kind") or "",
            "indirect": bool(data.get("indirect")),
        }


class TimelineForm(forms.Form):
    thesis = ThesesField(label="Only the evidence of these theses")

    def __init__(self, *args: Any, theses: list[Node], names: dict[int, str], **kw: Any) -> None:
        super().__init__(*args, **kw)
        # "from" is a Python keyword, so these two fields cannot be class attributes.
        date_input = forms.TextInput(attrs={"type": "date"})
        self.fields["from"] = forms.CharField(label="From", required=False, widget=date_input)
        self.fields["to"] = forms.CharField(label="To", required=False, widget=date_input)
        _offer(self.fields["thesis"], _thesis_choices(theses, names))
        self.order_fields(["from", "to", "thesis"])

    def _date(self, name: str, end: bool) -> Any:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            parsed = parse_date(text)
        except DateError as exc:
            raise forms.ValidationError(str(exc)) from None
        # "1945-08" as the end of a window means to the end of August.
        return parsed.end if end else parsed.start

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["start"] = self._date("from", end=False)
        except forms.ValidationError as exc:
            self.add_error("from", exc)
        try:
            data["end"] = self._date("to", end=True)
        except forms.ValidationError as exc:
            self.add_error("to", exc)
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError("The window ends before it starts.")
        data["theses"] = [int(pk) for pk in data.get("thesis") or []]
        return data
