"""The timeline: dated evidence drawn by its precision, windows and presets, marks by thesis."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.debates import timeline as timeline_module
from argmap.maps import services
from argmap.maps.models import Map
from tests.debates.conftest import node
from tests.factories import MapFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def rows(page_html: str) -> dict[str, str]:
    """Each timeline row by its evidence key."""
    found = re.findall(
        r'<li class="tl-row" data-evidence="([^"]+)".*?</li>\s*(?=<li class="tl-row"|</ol>)',
        page_html,
        re.S,
    )
    blocks = re.split(r'(?=<li class="tl-row" data-evidence=)', page_html)[1:]
    return dict(zip(found, blocks, strict=False))


def test_the_whole_span_runs_from_1943_and_squeezes_the_empty_postwar_decades(
    anon_client: Client, demo: Map
) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/timeline/")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "1 November 1943 – 30 April 1966" in text
    assert "57 dated items in this window." in text
    assert "The axis skips January 1951 – March 1966" in text
    assert 'aria-current="true">The whole span</a>' in text


def test_day_points_month_and_range_bars(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/timeline/?from=1945-08-01&to=1945-08-31").text
    found = rows(page)
    # A day (with a time) is a point; a month and a range are bars.
    assert (
        'data-shape="point"' in found["ev_hiroshima"]
        and '<line class="tl-point"' in found["ev_hiroshima"]
    )
    assert 'data-shape="bar"' in found["ev_kwantung"]  # August 1945: the whole window
    assert re.search(r'<rect class="tl-bar" x="0\.0" y="5" width="1000\.0"', found["ev_kwantung"])
    assert 'data-shape="bar"' in found["ev_aug9_10_conferences"]  # 9-10 August
    # Hiroshima at 08:15 on the 6th: five days and a third into a 31-day window.
    x = float(re.search(r'tl-point" x1="([\d.]+)"', found["ev_hiroshima"])[1])  # type: ignore[index]
    assert x == pytest.approx(1000 * (5 + 8.25 / 24) / 31, abs=0.1)
    # The nine-day Soviet campaign against Sakhalin and the Kurils runs past the window.
    assert "goes on after this window" in found["ev_sakhalin_kurils"]


def test_zoomed_to_august_1945_shows_only_what_overlaps_it(anon_client: Client, demo: Map) -> None:
    page = html.unescape(anon_client.get(f"/maps/{demo.pk}/timeline/?from=1945-08&to=1945-08").text)
    assert "1–31 August 1945" in page and "33 dated items in this window" in page
    assert "Tehran Conference" not in page and "Atomic bombing of Hiroshima" in page
    assert 'aria-current="true">August 1945 (busiest month)</a>' in page


def test_each_item_is_marked_by_the_theses_that_use_it(anon_client: Client, demo: Map) -> None:
    found = rows(anon_client.get(f"/maps/{demo.pk}/timeline/").text)
    marks = re.findall(r'<li class="mark net-(\w+)">(\w+) ', found["ev_hiroshima"])
    assert ("supports", "Frank") in marks and ("contests", "Wilson") in marks
    assert ("contests", "Hasegawa") in marks and ("supports", "Hatano") in marks
    assert len(marks) == 11


def test_choosing_theses_keeps_only_their_evidence(anon_client: Client, demo: Map) -> None:
    frank, wilson = node(demo, "th_frank"), node(demo, "th_wilson")
    page = anon_client.get(f"/maps/{demo.pk}/timeline/?thesis={frank.pk}&thesis={wilson.pk}").text
    found = rows(page)
    assert "ev_hiroshima" in found and "ev_tehran" not in found
    assert len(found) == 19  # the union of Frank's and Wilson's dated evidence
    assert all(re.findall(r'class="mark net-\w+">(\w+) ', row) for row in found.values())
    # The presets keep the choice.
    assert f"&amp;thesis={frank.pk}&amp;thesis={wilson.pk}" in page


def test_a_bad_window_is_explained_and_the_whole_span_shown(anon_client: Client, demo: Map) -> None:
    page = html.unescape(
        anon_client.get(f"/maps/{demo.pk}/timeline/?from=1945-09-01&to=1945-08-01").text
    )
    assert "The window ends before it starts." in page and "57 dated items" in page
    page = html.unescape(anon_client.get(f"/maps/{demo.pk}/timeline/?from=August").text)
    assert "From: 'August' is not a date" in page


def test_undated_evidence_is_listed_apart(ada: User, ada_client: Client) -> None:
    map_ = MapFactory(owner=ada)
    thesis = ThesisFactory(map=map_)
    memo = services.node_create(map=map_, kind="evidence", title="A memo", text="x")
    services.link_create(map=map_, kind="supports", source=memo, target=thesis)
    page = ada_client.get(f"/maps/{map_.pk}/timeline/").text
    assert "Nothing in this map is dated yet." in page
    assert "Undated evidence" in page and "A memo" in page


def test_htmx_gets_just_the_chart(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/timeline/?from=1945", headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith('<div id="timeline-chart">')


@pytest.fixture
def pages_of_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline_module, "ITEMS_PER_PAGE", 10)


def marks_of(page_html: str) -> dict[str, list[tuple[str, str]]]:
    return {
        key: re.findall(r'<li class="mark net-(\w+)">([^<]+?) <', row)
        for key, row in rows(page_html).items()
    }


def test_pages_list_the_window_s_items_in_order_with_the_same_marks_and_axis(
    anon_client: Client, demo: Map, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = anon_client.get(f"/maps/{demo.pk}/timeline/").text
    monkeypatch.setattr(timeline_module, "ITEMS_PER_PAGE", 10)
    listed: dict[str, list[tuple[str, str]]] = {}
    for number in range(1, 7):
        page = anon_client.get(f"/maps/{demo.pk}/timeline/?page={number}").text
        first, last = 10 * (number - 1) + 1, min(10 * number, 57)
        assert f"Items {first}–{last} of 57" in page
        # The window, its axis and its counts are the whole window's on every page.
        assert "57 dated items in this window." in page
        assert re.findall(r'<svg class="tl-axis".*?</svg>', page, re.S) == re.findall(
            r'<svg class="tl-axis".*?</svg>', whole, re.S
        )
        listed |= marks_of(page)
        assert len(rows(page)) == last - first + 1
    # Page by page, the items and their marks are those of the whole list, in its order (the
    # marks of a page are searched only among the theses that may bear on its items).
    assert list(listed) == list(rows(whole)) and listed == marks_of(whole)


def test_a_page_keeps_the_window_and_the_chosen_theses(
    anon_client: Client, demo: Map, pages_of_ten: None
) -> None:
    frank, wilson = node(demo, "th_frank"), node(demo, "th_wilson")
    chosen = f"thesis={frank.pk}&thesis={wilson.pk}"
    page = anon_client.get(f"/maps/{demo.pk}/timeline/?from=1945-08&to=1945-08&{chosen}").text
    assert "Items 1–10 of" in page
    assert f'href="?from=1945-08&amp;to=1945-08&amp;{chosen.replace("&", "&amp;")}&amp;page=2"' in (
        page
    )
    second = anon_client.get(
        f"/maps/{demo.pk}/timeline/?from=1945-08&to=1945-08&{chosen}&page=2"
    ).text
    assert not set(rows(page)) & set(rows(second))
    assert all(re.findall(r'class="mark net-\w+">(\w+) ', row) for row in rows(second).values())
    # Past the end: the last page.
    assert rows(anon_client.get(f"/maps/{demo.pk}/timeline/?page=99").text) == rows(
        anon_client.get(f"/maps/{demo.pk}/timeline/?page=6").text
    )


def test_one_page_shows_no_pager(anon_client: Client, demo: Map) -> None:
    assert 'class="pager"' not in anon_client.get(f"/maps/{demo.pk}/timeline/").text
