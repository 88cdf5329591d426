"""Template filters for the map pages."""

from __future__ import annotations

from django import template

from argmap.lib.dates import describe

register = template.Library()

_STANCE_MARKS = {"supports": "✓", "opposes": "✗", "undercuts": "⤫"}


@register.filter
def historical_date(text: str) -> str:
    """'1945-08-09/1945-08-10' -> '9–10 August 1945'."""
    return describe(text) if text else ""


@register.filter
def stance_mark(kind: str) -> str:
    return _STANCE_MARKS.get(kind, "")
