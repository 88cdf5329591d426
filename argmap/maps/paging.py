"""Long lists of the map page, shown a part at a time with their counts.

A map of 10,000 statements has some 500 theses and thousands of map-check findings: drawn whole,
they would make the page's cost and size follow the map's (bench/map_page.py measures both). So
each list shows its first part and says how many there are, and "Show more" brings the next
part: swapped in place of the link by htmx, or without JavaScript a plain link to the page with
that part added (its address says how many to show; its anchor is the first new item, which
the page focuses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

THESES_SHOWN = 25  # a part of the outline's theses (the demo's 19 are all in the first)
FINDINGS_SHOWN = 10  # of each map check, before the reader asks for more
MORE_FINDINGS = 50  # what "Show more" adds to a map check's list


@dataclass(frozen=True)
class More:
    """The end of a list that stops short: how many it shows from its start (`shown`), of how
    many (`total`); how many "Show more" adds (`adds`), from where (`url`, the next part alone,
    for htmx) or which page has them (`href`, without JavaScript); `until`, the last item
    shown, which the page tells the server back (an edit's answer keeps the list as it is)."""

    shown: int
    total: int
    adds: int
    url: str
    href: str
    until: int = 0


def how_many(
    raw: str | None, *, total: int, first: int, step: int, including: Iterable[int] = ()
) -> int:
    """How many items of a list the page shows from its start: `first`, or as many as its
    address asks (`?theses=50`), and enough to show the items at the indexes `including` (a
    thesis whose section the page opens); whole parts, and never more than there are."""
    asked = int(raw) if raw and raw.isdigit() else first
    needed = max([asked, first, *(i + 1 for i in including)])
    parts = -(-(needed - first) // step) if needed > first else 0
    return min(total, first + parts * step)
