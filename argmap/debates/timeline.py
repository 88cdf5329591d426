"""The timeline: dated evidence on a time axis, each item marked by the theses that use it.

A day (or a day and time) is drawn as a point, a month, a year or a range as a bar from its
first to its last day; an item reaching past the window is cut at its edge and says so. The
geometry is in `timescale`; this module picks the items, the window and the presets.

The items are picked, ordered and placed on light rows (each item's id and dates: one query of
plain values), with stances searched on the map's structure (`argmap.debates.stances`): with
theses chosen, only theirs are searched and only their evidence read. The items of the window
are listed a page at a time, and only the page's items are loaded and marked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator

from argmap.debates.selectors import ThesisHead
from argmap.debates.stances import MapTheses, Square, StructureStances, bearing_on
from argmap.debates.timescale import WIDTH, Scale, Tick, month_end, month_start
from argmap.lib.dates import Chronology, chronological_key, describe
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.structure import load_structure

_POINT_PRECISIONS = ("day", "time")
_TIME = re.compile(r"T(\d{2}):(\d{2})")
MIN_BAR = 3.0  # a bar is never drawn narrower than this (a two-day range on a 20-year axis)
LABEL_ROOM = 70.0  # no tick label starts closer than this to the right end (it would be cut)


ITEMS_PER_PAGE = 100  # the demo's 57 dated items on one page, as before pages existed


@dataclass(frozen=True, slots=True)
class Dated:
    """An evidence item as the axis needs it (plain values, not a model row)."""

    pk: int
    date_start: date | None
    date_end: date | None
    date_precision: str
    date_text: str
    chronology: Chronology


@dataclass
class TimelineItem:
    node: Node
    shape: str  # "point" or "bar"
    x0: float  # a point's position, or a bar's first x
    x1: float  # a bar's last x (a point's position again)
    cut_before: bool  # the item starts before the window
    cut_after: bool  # the item ends after the window
    marks: list[Square]  # the theses whose arguments use it

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
    items: list[TimelineItem]  # this page of the items in the window
    count: int  # the items in the window, on every page
    page: Page | None  # of the items in the window
    before: int  # dated items ending before the window
    after: int  # dated items starting after it
    undated: list[Node]  # the first ITEMS_PER_PAGE of them
    undated_count: int
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


def _presets(dated: list[Dated], whole: tuple[date, date], start: date, end: date) -> list[Preset]:
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


def _place(scale: Scale, node: Dated, start: date, end: date) -> tuple[str, float, float]:
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


def _evidence(map_: Map, stances: StructureStances | None) -> list[Dated]:
    """The evidence to show, in the order things happened: all of it, or with `stances`
    searched around some theses only what their arguments use (read by id: their part)."""
    rows = Node.objects.filter(map=map_, kind=NodeKind.EVIDENCE)
    if stances is not None:
        nodes = stances.structure.nodes
        used = stances.used_by(stances.around or [])
        rows = rows.filter(pk__in=[pk for pk in used if nodes[pk].kind == NodeKind.EVIDENCE])
    fields = ("pk", "date_start", "date_end", "date_precision", "date_text")
    found = [
        Dated(pk, start, end, precision, text, chronological_key(start, hint, instant, pk))
        for pk, start, end, precision, text, hint, instant in rows.values_list(
            *fields, "order_hint", "instant"
        )
    ]
    return sorted(found, key=lambda d: d.chronology)


def timeline(
    map_: Map,
    *,
    theses: MapTheses,
    start: date | None = None,
    end: date | None = None,
    chosen: list[int] | None = None,
    page: int | str | None = 1,
) -> Timeline:
    """The dated evidence of `map_` (whose `theses` are given) between `start` and `end`
    (default: all of it), marked by the `chosen` theses (default: every thesis of the map);
    with theses chosen, only the evidence they use. The items in the window are listed
    `ITEMS_PER_PAGE` at a time: `page` (from 1; past the end, the last page)."""
    by_pk = {t.pk: t for t in theses.nodes}
    heads = [ThesisHead(by_pk[pk], theses.names[pk]) for pk in chosen or by_pk]
    structure = load_structure(map_.pk)
    # Chosen theses are searched on their part of the map only; with none chosen, the page's
    # items decide which theses to search, once the page is cut (below).
    stances = None
    if chosen:
        stances = StructureStances(map_, theses=theses, structure=structure, around=chosen)
    found = _evidence(map_, stances)
    dated = [d for d in found if d.date_start is not None and d.date_end is not None]
    undated = [d.pk for d in found if d.date_start is None]
    if not dated:
        nodes = Node.objects.in_bulk(undated[:ITEMS_PER_PAGE])
        shown = [nodes[pk] for pk in undated[:ITEMS_PER_PAGE]]
        return Timeline(None, None, None, [], [], [], 0, None, 0, 0, shown, len(undated), [], heads)
    whole = (
        month_start(min(d.date_start for d in dated if d.date_start)),
        month_end(max(d.date_end for d in dated if d.date_end)),
    )
    start = start or whole[0]
    end = end or whole[1]
    inside = [
        d
        for d in dated
        if d.date_end and d.date_start and d.date_end >= start and d.date_start <= end
    ]
    scale = Scale(
        start,
        end,
        [
            (max(d.date_start, start), min(d.date_end, end))
            for d in inside
            if d.date_start and d.date_end
        ],
    )
    listed = Paginator(inside, ITEMS_PER_PAGE).get_page(page)
    items_shown: list[Dated] = list(listed.object_list)
    nodes = Node.objects.in_bulk([d.pk for d in items_shown] + undated[:ITEMS_PER_PAGE])
    shown_ids = [d.pk for d in items_shown]
    if stances is None:
        every = [t.pk for t in theses.nodes]
        around = bearing_on(structure, every, shown_ids)
        stances = StructureStances(map_, theses=theses, structure=structure, around=around)
    marks = _marks(stances, shown_ids)
    items = []
    for item in items_shown:
        assert item.date_start is not None and item.date_end is not None
        shape, x0, x1 = _place(scale, item, start, end)
        cut_before, cut_after = item.date_start < start, item.date_end > end
        items.append(
            TimelineItem(nodes[item.pk], shape, x0, x1, cut_before, cut_after, marks[item.pk])
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
        count=len(inside),
        page=listed,
        before=sum(1 for d in dated if d.date_end and d.date_end < start),
        after=sum(1 for d in dated if d.date_start and d.date_start > end),
        undated=[nodes[pk] for pk in undated[:ITEMS_PER_PAGE]],
        undated_count=len(undated),
        presets=_presets(dated, whole, start, end),
        theses=heads,
    )


def _marks(stances: StructureStances, evidence: list[int]) -> dict[int, list[Square]]:
    """For each of `evidence`, the squares of the theses searched (`stances.around`: those
    chosen, or those that may bear on these items) whose own argument uses it, in their
    order."""
    marking = stances.around or []
    squares = stances.squares([(e, t) for e in evidence for t in marking], words=False)
    return {
        e: [sq for t in marking if (sq := squares.get((e, t))) is not None and sq.uses]
        for e in evidence
    }
