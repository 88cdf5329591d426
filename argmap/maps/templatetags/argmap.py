"""Template filters for the map pages."""

from __future__ import annotations

from django import template

from argmap.lib.dates import describe
from argmap.lib.dates import when as date_and_clock
from argmap.maps.assessment import Assessment, NodeResult
from argmap.maps.models import Node

register = template.Library()

_STANCE_MARKS = {"supports": "✓", "opposes": "✗", "undercuts": "⤫"}


@register.filter
def historical_date(text: str) -> str:
    """'1945-08-09/1945-08-10' -> '9–10 August 1945'."""
    return describe(text) if text else ""


@register.filter
def when(node: Node) -> str:
    """A statement's date in words, with whose clock it is on."""
    return date_and_clock(node.date_text, node.place_time)


@register.filter
def stance_mark(kind: str) -> str:
    return _STANCE_MARKS.get(kind, "")


_STATUS_LABELS = {
    "in": "IN: stands",
    "out": "OUT: defeated",
    "undecided": "UNDECIDED",
    "aside": "set aside",
}


@register.filter
def status_label(status: str) -> str:
    """A label's words, so that the status never relies on colour alone."""
    return _STATUS_LABELS.get(str(status), str(status))


@register.filter
def result_of(assessment: Assessment | None, node: Node) -> NodeResult | None:
    """What the page's evaluation says of `node`: `{% with r=assessment|result_of:node %}`."""
    return assessment.result(node.pk) if assessment is not None else None
