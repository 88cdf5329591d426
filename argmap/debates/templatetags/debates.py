"""Template filters for the debate pages."""

from __future__ import annotations

from django import template

from argmap.evaluation.wording import short_name as _short_name

register = template.Library()


@register.filter
def short_name(name: str) -> str:
    """'Richard B. Frank' -> 'Frank'; what the debate pages call a scholar."""
    return _short_name(name) if name else ""


@register.filter
def grouped(number: int) -> str:
    """4750 -> '4,750': the counts of long lists, as their pagers write them."""
    return f"{number:,}"
