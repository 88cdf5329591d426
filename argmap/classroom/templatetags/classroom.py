"""Template filters for the classroom pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from argmap.classroom.naming import Namer
from argmap.lib.sanitize import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown written by an instructor, sanitised (argmap.lib.sanitize) before it is trusted."""
    return mark_safe(render_markdown(text))  # noqa: S308 - the HTML comes out of the sanitiser


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def named_by(person: Any, name_of: Namer) -> str:
    """`person` as the page's reader may know them: `name_of` is the page's namer
    (`argmap.classroom.naming.submission_namer`), the one rule for anonymity. A page without
    one fails here rather than show a name."""
    return name_of(person)
