"""Historical dates with their precision: a year, a month, a day, a time, or a range of those.

The text form is ISO 8601 as the reference data writes it: "1945", "1945-08", "1945-08-06",
"1945-08-06T08:15+09:00", and intervals "start/end" whose ends may differ in precision
("1945-08-08/1946"). A date is kept as that text plus the first and last day it covers (on the
clock it is written on), so that a timeline can draw a month as a bar, not a point; a start with
a time and a UTC offset also gives the instant it began, so that events on one day written on
different clocks (Washington, Moscow, Tokyo) sort in the order they happened.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

PRECISIONS = ("year", "month", "day", "time", "range")

_POINT = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


class DateError(ValueError):
    """The text is not a date this app understands; the message says why."""


@dataclass(frozen=True, slots=True)
class HistoricalDate:
    text: str
    start: date
    end: date  # the last day covered, inclusive
    precision: str  # one of PRECISIONS
    instant: datetime | None = (
        None  # when the start has a time and a UTC offset: that moment, in UTC
    )

    @property
    def is_range(self) -> bool:
        return self.precision == "range"


def _instant(text: str) -> datetime | None:
    """The moment a point with a time and an offset stands for, in UTC; None otherwise."""
    match = _POINT.match(text)
    if match is None or not match["time"] or not match["tz"]:
        return None
    hours, minutes = (int(part) for part in match["time"].split(":")[:2])
    if match["tz"] == "Z":
        offset = timedelta(0)
    else:
        sign = -1 if match["tz"][0] == "-" else 1
        offset = sign * timedelta(hours=int(match["tz"][1:3]), minutes=int(match["tz"][4:6]))
    local = datetime(int(match["y"]), int(match["m"]), int(match["d"]), hours, minutes)
    return local.replace(tzinfo=timezone(offset)).astimezone(UTC)


def _point(text: str) -> tuple[date, date, str]:
    match = _POINT.match(text)
    if not match:
        raise DateError(
            f"{text!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
            "or a range such as 1945-08-09/1945-08-10."
        )
    year = int(match["y"])
    if year < 1:
        raise DateError(f"{text!r}: the year must be 1 or later.")
    if match["m"] is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise DateError(f"{text!r}: the month must be between 01 and 12.")
    if match["d"] is None:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), "month"
    try:
        day = date(year, month, int(match["d"]))
    except ValueError:
        raise DateError(f"{text!r}: that day does not exist.") from None
    if match["time"] is not None:
        hours, minutes = (int(part) for part in match["time"].split(":")[:2])
        if hours > 23 or minutes > 59:
            raise DateError(f"{text!r}: the time must be between 00:00 and 23:59.")
        return day, day, "time"
    return day, day, "day"


def parse_date(text: str) -> HistoricalDate:
    """Parse the text form; raise DateError with a message a user can act on."""
    text = text.strip()
    if not text:
        raise DateError("The date is empty.")
    if "/" in text:
        first, _, last = text.partition("/")
        if "/" in last:
            raise DateError(f"{text!r}: a range has exactly one '/'.")
        start, _, _ = _point(first)
        _, end, _ = _point(last)
        if end < start:
            raise DateError(f"{text!r}: the range ends before it starts.")
        return HistoricalDate(text, start, end, "range", _instant(first))
    start, end, precision = _point(text)
    return HistoricalDate(text, start, end, precision, _instant(text))


_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def utc_offset(tz: str) -> str:
    """ "+09:00" -> "UTC+9", "-04:00" -> "UTC-4", "+05:30" -> "UTC+5:30", "Z" -> "UTC"."""
    if tz == "Z":
        return "UTC"
    hours, minutes = int(tz[1:3]), tz[4:6]
    return f"UTC{tz[0]}{hours}" + (f":{minutes}" if minutes != "00" else "")


@functools.lru_cache(maxsize=4096)
def describe(text: str) -> str:
    """A readable form: "6 August 1945, 08:15 UTC+9", "June 1945", "9–10 August 1945". A time
    always says whose clock it is on: its UTC offset, or that none was given."""
    try:
        parsed = parse_date(text)
    except DateError:
        return text

    def point(part: str) -> str:
        m = _POINT.match(part)
        assert m is not None
        if m["m"] is None:
            return m["y"]
        if m["d"] is None:
            return f"{_MONTHS[int(m['m'])]} {m['y']}"
        out = f"{int(m['d'])} {_MONTHS[int(m['m'])]} {m['y']}"
        if m["time"]:
            clock = utc_offset(m["tz"]) if m["tz"] else "(clock not given)"
            out += f", {m['time'][:5]} {clock}"
        return out

    if not parsed.is_range:
        return point(parsed.text)
    first, _, last = parsed.text.partition("/")
    a, b = _POINT.match(first), _POINT.match(last)
    assert a is not None and b is not None
    # "9–10 August 1945" when both ends are days of the same month, without times.
    same_month_days = (
        a["d"]
        and b["d"]
        and not a["time"]
        and not b["time"]
        and a["y"] == b["y"]
        and a["m"] == b["m"]
    )
    if same_month_days:
        return f"{int(a['d'])}–{int(b['d'])} {_MONTHS[int(a['m'])]} {a['y']}"
    return f"{point(first)} – {point(last)}"


_LAST = datetime.max.replace(tzinfo=UTC)

Chronology = tuple[int, date, int, int, datetime, int]


def chronological_key(
    start: date | None, order_hint: int | None, instant: datetime | None, tiebreak: int
) -> Chronology:
    """Where an item falls in time: by its first day (on its own clock); within a day by its
    `order_hint` where the sources give one (hinted items first), then by the instant it began
    where a time is known, then by `tiebreak` (the order it was recorded in). Never by its
    title: alphabetical order would say nothing about what came first. Undated items last."""
    if start is None:
        return (1, date.max, 1, 0, _LAST, tiebreak)
    hinted = 0 if order_hint is not None else 1
    return (0, start, hinted, order_hint or 0, instant or _LAST, tiebreak)


def when(text: str, place_time: str = "") -> str:
    """The date in words with whose clock it is on: "9 August 1945, 11:02 UTC+9 — Nagasaki,
    Tokyo clock (UTC+9)"; the place is given only when the sources say it."""
    if not text:
        return ""
    described = describe(text)
    return f"{described} — {place_time}" if place_time else described
