"""6–15 August 1945 in the order it happened, on every page that lists evidence by date: the
timeline, the evidence matrix and its CSV, and the debate view's shared evidence. The expected
order is worked out here from the data file's own instants and order hints, not from the app."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from html import unescape

import pytest
from django.test import Client

from argmap.maps.demo import read_data
from argmap.maps.models import Map
from tests.debates.conftest import node

pytestmark = pytest.mark.django_db

DATA = read_data()
WEEK = [e for e in DATA["evidence"] if "1945-08-06" <= e.get("date", "")[:10] <= "1945-08-15"]


def instant(item: dict[str, object]) -> datetime | None:
    """The instant an item began, when the data gives a time with its UTC offset."""
    start = str(item["date"]).split("/")[0]
    return datetime.fromisoformat(start) if "T" in start else None


def in_order(keys: list[str], at_least: int = 6) -> None:
    """`keys` (the week's evidence as a page lists it) honours the data: days never go back,
    timed items follow their instants, and within a day the sources' order hints hold."""
    by_key = {e["id"]: e for e in WEEK}
    listed = [by_key[k] for k in keys if k in by_key]
    assert len(listed) >= at_least
    days = [e["date"][:10] for e in listed]
    assert days == sorted(days)
    timed = [instant(e) for e in listed if instant(e) is not None]
    assert timed == sorted(timed)  # type: ignore[type-var]  # (None filtered out above)
    for day in set(days):
        hints = [e["order_hint"] for e in listed if e["date"][:10] == day and "order_hint" in e]
        assert hints == sorted(hints), day


def test_the_data_itself_agrees_its_hints_with_its_instants() -> None:
    """The check the pages rely on: within a day, a hinted and timed item's hint order is its
    instant order (otherwise the test below could not ask for both)."""
    for day in {e["date"][:10] for e in WEEK}:
        both = [e for e in WEEK if e["date"][:10] == day and "order_hint" in e and instant(e)]
        assert sorted(both, key=lambda e: e["order_hint"]) == sorted(both, key=instant)


def test_the_timeline_lists_the_week_in_the_order_it_happened(
    anon_client: Client, demo: Map
) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/timeline/?from=1945-08-06&to=1945-08-15").text
    keys = re.findall(r'<li class="tl-row" data-evidence="([^"]+)"', page)
    in_order(keys)
    # Nagasaki at 11:02 came after the invasion of Manchuria at one minute past midnight.
    assert keys.index("ev_manchuria") < keys.index("ev_nagasaki")


def test_the_matrix_and_its_csv_list_the_week_in_the_order_it_happened(
    anon_client: Client, demo: Map
) -> None:
    titles = {e["title"]: e["id"] for e in WEEK}
    page = anon_client.get(f"/maps/{demo.pk}/matrix/").text
    rows = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)
    in_order([titles[t] for t in map(unescape, rows) if t in titles])
    body = anon_client.get(f"/maps/{demo.pk}/matrix.csv").content.decode()
    table = list(csv.reader(io.StringIO(body)))
    assert table[0][1] == "date (ISO 8601)"
    listed = [titles[r[3]] for r in table[1:] if r[3] in titles]
    in_order(listed)
    # The ISO column carries the data's own time and offset.
    hiroshima = next(r for r in table if r[3] == "Atomic bombing of Hiroshima")
    assert hiroshima[1] == "1945-08-06T08:15+09:00"


def test_the_debate_views_shared_evidence_is_in_the_order_it_happened(
    anon_client: Client, demo: Map
) -> None:
    frank, wilson = node(demo, "th_frank"), node(demo, "th_wilson")
    page = anon_client.get(f"/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}").text
    for table in ("shared-direct", "shared-linked"):
        part = page[page.index(f'id="{table}"') :]
        part = part[: part.index("</table>")]
        in_order(re.findall(r'<tr class="shared-row[^"]*" data-evidence="([^"]+)"', part), 3)
