"""Template filters for the map pages, and times in the reader's zone for every page."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from argmap.evaluation.wording import short_name
from argmap.lib.dates import describe
from argmap.lib.dates import when as date_and_clock
from argmap.lib.text import shorten as shorten_text
from argmap.lib.zones import utc_offset, zone_label
from argmap.maps.assessment import Assessment, NodeResult
from argmap.maps.models import Map, Node
from argmap.maps.selectors import glossary
from argmap.maps.standing import CAPTION
from argmap.maps.standing import meaning as standing_meaning
from argmap.maps.standing import words as standing_words
from argmap.maps.visibility import readable_origin

register = template.Library()

_STANCE_MARKS = {"supports": "✓", "opposes": "✗", "undercuts": "⤫"}


@register.filter
def shorten(text: object, limit: int) -> str:
    """Like `truncatechars`, but never mid-word (see argmap/lib/text.py)."""
    return shorten_text(str(text or ""), int(limit))


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """`mapping[key]` in a template, "" when it is missing."""
    return mapping.get(key, "") if mapping else ""


@register.filter(name="short_name")
def scholar_short_name(name: str) -> str:
    """'Richard B. Frank' -> 'Frank': what a sentence calls a scholar."""
    return short_name(name) if name else ""


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


@register.filter
def status_label(status: str) -> str:
    """A status in plain words, so that it never relies on colour alone and never reads as a
    verdict ("holds here", "open objection", "in dispute")."""
    return standing_words(status)


@register.filter
def status_meaning(status: str) -> str:
    return standing_meaning(status)


@register.simple_tag
def standing_caption() -> str:
    return CAPTION


@register.filter
def result_of(assessment: Assessment | None, node: Node) -> NodeResult | None:
    """What the page's evaluation says of `node`: `{% with r=assessment|result_of:node %}`."""
    return assessment.result(node.pk) if assessment is not None else None


@register.simple_tag(takes_context=True)
def glossed(context: template.Context, text: str) -> SafeString:
    """`text` with the glossary's terms linked to their definitions; the glossary is read once
    per page, whatever the number of texts marked."""
    found = context.get("_glossary")
    if found is None:
        # Kept at the bottom of the context, so that included templates find it too.
        found = context.dicts[0]["_glossary"] = glossary()
    return found.mark(text)


@register.filter
def local_time(moment: datetime.datetime | None, form: str = "j F Y, H:i") -> SafeString | str:
    """A stored moment in the reader's zone, with the zone named (argmap/lib/zones.py):
    "1 June 2030, 17:00 Tokyo time (UTC+9)"; `form` is a `date` filter format."""
    if moment is None:
        return ""
    label = zone_label()
    text = f"{dateformat.format(timezone.localtime(moment), form)} {label}"
    if label != "UTC":
        text += f" ({utc_offset(moment)})"
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), text)


@register.simple_tag
def zone_name() -> str:
    """The reader's zone for a column heading: "Tokyo time", "UTC"."""
    return zone_label()


@register.inclusion_tag("maps/_fork_origin.html", takes_context=True)
def fork_origin(context: template.Context, map_: Map) -> dict[str, object]:
    """Where a copy came from: linked when the reader may read it, else unnamed."""
    copied = map_.forked_from_id is not None
    origin = readable_origin(map_, context["request"].user) if copied else None
    return {"copied": copied, "origin": origin}
