"""A history teacher checks the demo before class, in Chromium: the events of 9 August 1945
come in the order they happened, each time saying whose clock it is on; Frank's thesis says
plainly that the encyclopedia put words in his mouth; and no standing reads as a verdict."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.maps.demo import load_demo, read_data
from argmap.maps.models import Map, Node

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = read_data()


@pytest.fixture
def demo() -> Map:
    return load_demo().map


def test_nine_august_on_the_timeline_in_the_order_it_happened(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/maps/{demo.pk}/timeline/?from=1945-08-09&to=1945-08-09")
    rows = page.locator("ol.tl-items > li.tl-row")
    keys = [rows.nth(i).get_attribute("data-evidence") for i in range(rows.count())]
    # The data's own order for the day: its hints, which agree with its instants.
    day = sorted(
        (e for e in DATA["evidence"] if e["date"].startswith("1945-08-09") and "order_hint" in e),
        key=lambda e: e["order_hint"],
    )
    wanted = [e["id"] for e in day]
    assert wanted[:2] == ["ev_manchuria", "ev_kawabe_diary"]
    assert [k for k in keys if k in wanted] == wanted
    # Nagasaki says whose clock its 11:02 is on.
    when = page.locator('li[data-evidence="ev_nagasaki"] .when').inner_text()
    assert "11:02 UTC+9" in when and "Tokyo clock" in when
    # The first item is visible on the screen a teacher projects.
    box = rows.first.bounding_box()
    assert box is not None and box["y"] < 900
    assert console_errors == []


def test_franks_thesis_explains_the_misattribution_and_its_standing_in_plain_words(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    frank = Node.objects.get(map=demo, key="th_frank")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/maps/{demo.pk}/nodes/{frank.pk}/")
    disputed = page.locator(".characterisation-disputed")
    assert disputed.count() == 1
    text = disputed.inner_text()
    assert "Disputed attribution" in text
    assert "This argument belongs to the historians who say Soviet entry mattered more" in text
    # The two sentences side by side: the encyclopedia's and Hasegawa's.
    quotes = disputed.locator("blockquote")
    assert quotes.count() == 2
    assert "He argues that Japan's leaders were impacted more" in quotes.nth(0).inner_text()
    assert "Two historians, Asada Sadao and Richard Frank" in quotes.nth(1).inner_text()
    why = page.locator("#why")
    words = why.inner_text()
    assert "given only the objections recorded in this map" in words
    assert "not a verdict" in words
    # Standings are words about the map, never a bare verdict on the historian.
    marks = " ".join(page.locator(".status").all_inner_texts())
    for verdict in ("defeated", "OUT", "IN:", "wrong"):
        assert verdict not in marks and verdict not in words
    assert console_errors == []
