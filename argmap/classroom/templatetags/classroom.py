"""Template filters for the classroom pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

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
