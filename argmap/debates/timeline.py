"""The timeline: dated evidence on a time axis, each item marked by the theses that use it.

A day (or a day and time) is drawn as a point, a month, a year or a range as a bar from its
first to its last day; an item reaching past the window is cut at its edge and says so. The
geometry is in `timescale`; this module picks the items, the window and the presets.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from argmap.debates.selectors import Cell, Stances, ThesisHead
from argmap.debates.timescale import WIDTH, Scale, Tick, month_end, month_start
from argmap.lib.dates import describe
from argmap.maps.models import Node

_POINT_PRECISIONS = ("day", "time")
_TIME = re.compile(r"T(\d{2}):(\d{2})")
MIN_BAR = 3.0  # a bar is never drawn narrower than this (a two-day range on a 20-year axis)
LABEL_ROOM = 70.0  # no tick label starts closer than this to the right end (it would be cut)


@dataclass
class TimelineItem:
    node: Node
    shape: str  # "point" or "bar"
    x0: float  # a point's position, or a bar's first x
    x1: float  # a bar's last x (a point's position again)
    cut_before: bool  # the item starts before the window
    cut_after: bool  # the item ends after the window
    marks: list[Cell]  # the theses whose arguments use it

    # SVG attribute values, formatted here rather than by a locale-aware template filter.
    @property
    def x(self) -> str:
        return f"{self.x0:.1f}"

    @property
    def width(self) -> str:
        return f"{self.x1 - self.x0:.1f}"


@dataclass
class AxisTick:
    x: str
    label: str  # empty: a grid line only
    label_x: str


@dataclass
class AxisBreak:
    x: str
    width: str
    middle: str
    text: str  # "March 1947 – March 1966"


@dataclass
class Preset:
    label: str
    start: date
    end: date
    current: bool

    @property
    def query(self) -> str:
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


@dataclass
class Timeline:
    start: date | None  # the window; None when nothing in the map is dated
    end: date | None
    whole: tuple[date, date] | None  # the span of all the dated items
    ticks: list[AxisTick]
    breaks: list[AxisBreak]
    items: list[TimelineItem]
    before: int  # dated items ending before the window
    after: int  # dated items starting after it
    undated: list[Node]
    presets: list[Preset]
    theses: list[ThesisHead]  # whose marks are shown

    @property
    def window_text(self) -> str:
        if self.start is None or self.end is None:
            return ""
        return describe(f"{self.start.isoformat()}/{self.end.isoformat()}")


def _axis(ticks: list[Tick]) -> list[AxisTick]:
    return [
        AxisTick(f"{t.x:.1f}", t.label if t.x <= WIDTH - LABEL_ROOM else "", f"{t.x + 4:.1f}")
        for t in ticks
    ]


def _presets(dated: list[Node], whole: tuple[date, date], start: date, end: date) -> list[Preset]:
    """The whole span, each year that has an item in it, and the busiest month."""
    spans = [("The whole span", whole[0], whole[1])]
    years = Counter(n.date_start.year for n in dated if n.date_start)
    if len(years) > 1:
        spans += [(str(y), date(y, 1, 1), date(y, 12, 31)) for y in sorted(years)]
    months = Counter(month_start(n.date_start) for n in dated if n.date_start)
    if months and (whole[1] - whole[0]).days > 62:
        busiest = min(months, key=lambda m: (-months[m], m))
        label = f"{describe(busiest.isoformat()[:7])} (busiest month)"
        spans.append((label, busiest, month_end(busiest)))
    return [Preset(label, a, b, (a, b) == (start, end)) for label, a, b in spans]


def _place(scale: Scale, node: Node, start: date, end: date) -> tuple[str, float, float]:
    assert node.date_start is not None and node.date_end is not None
    if node.date_precision in _POINT_PRECISIONS:
        # A known time puts the point at that hour; a bare day at its middle.
        time = _TIME.search(node.date_text)
        fraction = (int(time[1]) + int(time[2]) / 60) / 24 if time else 0.5
        x = scale.x(node.date_start, fraction)
        return "point", x, x
    x0, x1 = scale.span(max(node.date_start, start), min(node.date_end, end))
    if x1 - x0 < MIN_BAR:
        middle = (x0 + x1) / 2
        x0, x1 = max(0.0, middle - MIN_BAR / 2), min(WIDTH, middle + MIN_BAR / 2)
    return "bar", x0, x1


def timeline(
    stances: Stances,
    *,
    start: date | None = None,
    end: date | None = None,
    theses: list[Node] | None = None,
) -> Timeline:
    """The dated evidence between `start` and `end` (default: all of it), marked by `theses`
    (default: every thesis of the map); with `theses` given, only the evidence they use."""
    chosen = theses if theses is not None else stances.bundle.theses()
    reaching = stances.reaching(chosen)  # only theses with a path or a contest can use it
    marked: list[tuple[Node, list[Cell]]] = []
    for evidence in stances.evidence():
        cells = [stances.cell(evidence, t) for t in reaching.get(evidence.pk, ())]
        marks = [c for c in cells if c.uses]
        if marks or theses is None:
            marked.append((evidence, marks))
    dated = [(n, m) for n, m in marked if n.date_start is not None and n.date_end is not None]
    undated = [n for n, _ in marked if n.date_start is None]
    heads = [ThesisHead(t, stances.names[t.pk]) for t in chosen]
    if not dated:
        return Timeline(None, None, None, [], [], [], 0, 0, undated, [], heads)
    whole = (
        month_start(min(n.date_start for n, _ in dated if n.date_start)),
        month_end(max(n.date_end for n, _ in dated if n.date_end)),
    )
    start = start or whole[0]
    end = end or whole[1]
    inside = [
        (n, m)
        for n, m in dated
        if n.date_end and n.date_start and n.date_end >= start and n.date_start <= end
    ]
    scale = Scale(
        start,
        end,
        [
            (max(n.date_start, start), min(n.date_end, end))
            for n, _ in inside
            if n.date_start and n.date_end
        ],
    )
    items = []
    for node, marks in inside:
        assert node.date_start is not None and node.date_end is not None
        shape, x0, x1 = _place(scale, node, start, end)
        items.append(
            TimelineItem(node, shape, x0, x1, node.date_start < start, node.date_end > end, marks)
        )
    return Timeline(
        start=start,
        end=end,
        whole=whole,
        ticks=_axis(scale.ticks()),
        breaks=[
            AxisBreak(
                f"{x0:.1f}",
                f"{x1 - x0:.1f}",
                f"{(x0 + x1) / 2:.1f}",
                describe(f"{first.isoformat()[:7]}/{last.isoformat()[:7]}"),
            )
            for x0, x1, first, last in scale.breaks
        ],
        items=items,
        before=sum(1 for n, _ in dated if n.date_end and n.date_end < start),
        after=sum(1 for n, _ in dated if n.date_start and n.date_start > end),
        undated=undated,
        presets=_presets([n for n, _ in dated], whole, start, end),
        theses=heads,
    )
