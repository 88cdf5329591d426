"""A time axis for historical dates: days to x positions, ticks, and squeezed empty decades.

Pure Python (no Django), so the geometry is tested without a page. Positions run from 0 to
`WIDTH`; the timeline draws them as SVG attributes (the CSP forbids style attributes). The axis
is linear, except that a long stretch with nothing in it (the demo has a 1947 article and a 1966
memoir after the 1943-1946 events) is squeezed into a short marked break: otherwise one late
item would crush everything else into the first tenth of the axis.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH = 1000.0
BREAK_WIDTH = 30.0  # the room a squeezed stretch takes on the axis
MIN_SEGMENT = 80.0  # no stretch of the axis is drawn narrower than this (room for a label)
BREAK_MIN_DAYS = 3 * 365  # only stretches at least this long are squeezed…
BREAK_MIN_SHARE = 0.25  # …and only when they are this share of the window or more
MIN_TICK_GAP = 60.0  # labelled ticks at least this far apart

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, slots=True)
class Segment:
    start: date
    end: date  # the day after the last day shown (half-open, so lengths add up)
    x0: float
    x1: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def x(self, day: date, fraction: float = 0.0) -> float:
        offset = (day - self.start).days + fraction
        return self.x0 + (self.x1 - self.x0) * offset / self.days


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str  # empty for a minor tick (a grid line only)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: date, months: int = 1) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class Scale:
    """Days from `start` to `end` (inclusive) mapped onto [0, WIDTH]; `covered` are the
    (first, last) days of what is drawn, so that only empty stretches are squeezed."""

    def __init__(self, start: date, end: date, covered: Iterable[tuple[date, date]] = ()) -> None:
        if end < start:
            raise ValueError("the axis ends before it starts")
        self.start, self.end = start, end
        stop = end + timedelta(days=1)
        gaps = self._gaps(start, stop, covered)
        pieces: list[tuple[date, date]] = []
        cursor = start
        for gap_start, gap_end in gaps:
            pieces.append((cursor, gap_start))
            cursor = gap_end
        pieces.append((cursor, stop))
        # Share the width left after the breaks by length, each piece getting at least a little.
        room = WIDTH - BREAK_WIDTH * len(gaps)
        total = sum((b - a).days for a, b in pieces)
        widths = [max(MIN_SEGMENT, room * (b - a).days / total) for a, b in pieces]
        scale = room / sum(widths)
        segments, x = [], 0.0
        for (a, b), width in zip(pieces, widths, strict=True):
            segments.append(Segment(a, b, x, x + width * scale))
            x += width * scale + BREAK_WIDTH
        self.segments = segments

    @staticmethod
    def _gaps(
        start: date, stop: date, covered: Iterable[tuple[date, date]]
    ) -> list[tuple[date, date]]:
        """Empty stretches worth squeezing, snapped to whole months inside them."""
        spans = sorted((max(a, start), min(b + timedelta(days=1), stop)) for a, b in covered)
        spans = [(a, b) for a, b in spans if a < b]
        window_days = (stop - start).days
        gaps, reach = [], start
        for a, b in spans:
            if a > reach:
                gaps.append((reach, a))
            reach = max(reach, b)
        gaps.append((reach, stop))
        squeezed = []
        for a, b in gaps:
            # Keep the month an item falls in on the axis: squeeze from the next month on.
            a2 = _next_month(a) if a.day != 1 else a
            b2 = month_start(b)
            days = (b2 - a2).days
            if (
                a2 > start
                and b2 < stop
                and days >= BREAK_MIN_DAYS
                and days >= BREAK_MIN_SHARE * window_days
            ):
                squeezed.append((a2, b2))
        return squeezed

    @property
    def breaks(self) -> list[tuple[float, float, date, date]]:
        """(x from, x to, first day squeezed, last day squeezed) of every break."""
        return [
            (a.x1, b.x0, a.end, b.start - timedelta(days=1))
            for a, b in zip(self.segments, self.segments[1:], strict=False)
        ]

    def x(self, day: date, fraction: float = 0.0) -> float:
        """The position of `day` (plus `fraction` of it); days outside the axis are clamped."""
        if day < self.start:
            return 0.0
        if day > self.end:
            return WIDTH
        for segment in self.segments:
            if day < segment.end:
                return segment.x(max(day, segment.start), fraction if day >= segment.start else 0)
        return WIDTH  # pragma: no cover - the last segment ends after self.end

    def span(self, first: date, last: date) -> tuple[float, float]:
        """x from and x to of the days `first` to `last` inclusive."""
        x0 = self.x(first)
        x1 = self.x(last + timedelta(days=1)) if last < self.end else WIDTH
        return x0, x1

    def ticks(self) -> list[Tick]:
        ticks: list[Tick] = []
        for segment in self.segments:
            ticks += _segment_ticks(segment)
        return ticks


# Tick steps, finest first: (kind, size). A step is used when its labelled ticks are far enough
# apart on the drawn axis.
_STEPS = (("day", 1), ("day", 2), ("day", 5), ("month", 1), ("month", 3), ("month", 6))
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)
_DAY_LABELS = {1: set(range(1, 32)), 2: set(range(1, 30, 2)), 5: {1, 5, 10, 15, 20, 25}}


def _segment_ticks(segment: Segment) -> list[Tick]:
    per_day = (segment.x1 - segment.x0) / max(segment.days, 1)
    for kind, size in _STEPS:
        gap = per_day * (size if kind == "day" else 30.4 * size)
        if gap >= MIN_TICK_GAP:
            return _ticks(segment, kind, size)
    for size in _YEAR_STEPS:
        if per_day * 365.25 * size >= MIN_TICK_GAP:
            return _ticks(segment, "year", size)
    return _ticks(segment, "year", _YEAR_STEPS[-1])


def _ticks(segment: Segment, kind: str, size: int) -> list[Tick]:
    out: list[Tick] = []
    first = True
    if kind == "day":
        labelled = _DAY_LABELS[size]
        day = segment.start
        while day < segment.end:
            if day.day in labelled:
                # Days carry no year (the window's heading has it), except where one starts.
                label = f"{day.day} {_MONTHS[day.month - 1]}"
                if day.month == 1 and day.day == 1:
                    label += f" {day.year}"
                out.append(Tick(segment.x(day), label))
            else:
                out.append(Tick(segment.x(day), ""))  # a grid line for every day
            day += timedelta(days=1)
        return out
    if kind == "month":
        day = month_start(segment.start)
        if day < segment.start:
            day = _next_month(day)
        while day < segment.end:
            if (day.month - 1) % size == 0:
                label = _MONTHS[day.month - 1]
                if first or day.month == 1:
                    label += f" {day.year}"
                out.append(Tick(segment.x(day), label))
                first = False
            elif size == 3:
                out.append(Tick(segment.x(day), ""))
            day = _next_month(day)
        return out
    year = segment.start.year if segment.start == date(segment.start.year, 1, 1) else None
    year = year or segment.start.year + 1
    while date(year, 1, 1) < segment.end:
        if year % size == 0 or size == 1:
            out.append(Tick(segment.x(date(year, 1, 1)), str(year)))
        year += 1
    if not out:  # a short piece with no new year in it still says when it is
        out.append(Tick(segment.x0, f"{_MONTHS[segment.start.month - 1]} {segment.start.year}"))
    return out
