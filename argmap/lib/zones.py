"""The reader's time zone: due dates and submission times are typed and shown in it, and named.

Times are stored in UTC. The browser tells its zone (`static/argmap/app.js` writes the IANA name
that `Intl.DateTimeFormat` reports into the `argmap_tz` cookie), and `TimeZoneMiddleware`
activates it for the pages, so that Django's forms read a typed date and time in that zone and
the templates show stored times in it. Until the browser has told (its first page), or when it
tells a zone this machine does not know, the zone is UTC, and it is named so.

The API is left in UTC whatever the cookie says: it documents that a time without an offset is
UTC, and programs read offsets, not cookies.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE = "argmap_tz"


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone of an IANA name this machine knows ("Asia/Tokyo"), else None."""
    if name not in _known():
        return None
    return zoneinfo.ZoneInfo(name)


def zone_label(zone: datetime.tzinfo | None = None) -> str:
    """A zone as a reader names it: "Tokyo time", "New York time", "UTC"."""
    name = str(zone or timezone.get_current_timezone())
    if name in ("UTC", "Etc/UTC", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"):
        return "UTC"
    place = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{place} time" if "/" in name and not name.startswith("Etc/") else name


def utc_offset(moment: datetime.datetime) -> str:
    """The moment's offset from UTC in the current zone: "UTC+9", "UTC−4", "UTC+5:30"."""
    offset = timezone.localtime(moment).utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


class TimeZoneMiddleware:
    """Activate the zone the browser told for every page (not for the API)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        # DRF's views carry their class: the API keeps to UTC (see the module's docstring).
        if getattr(view, "cls", None) is not None:
            return
        zone = zone_named(unquote(request.COOKIES.get(COOKIE, "")))
        if zone is not None:
            timezone.activate(zone)
