"""What a user sees first, measured in Chromium at 1400×900 and at 390×844: a new user's home
offers every way to begin on its first screen; a map's history reads in words and fits a phone;
the debate view's shared evidence keeps its first column in view while the theses scroll
sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Map, Node
from tests.cast import Scene
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = [(1400, 900), (390, 844)]


def box(page: Any, locator: Any) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None
    return dict(found)


def inside_the_window(page: Any, locator: Any, width: int, height: int) -> None:
    b = box(page, locator)
    assert b["x"] >= 0 and b["x"] + b["width"] <= width, b
    assert b["y"] >= 0 and b["y"] + b["height"] <= height, b


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_new_user_s_home_offers_every_way_to_begin_on_its_first_screen(
    live_server: Any, page: Any, ada: User, console_errors: list[str], width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}/")
    start = page.get_by_role("region", name="Start here")
    for name in ("New map", "Import a map", "Join a course", "Create a course"):
        link = start.get_by_role("link", name=name)
        inside_the_window(page, link, width, height)
        # Each says whom it is for, on screen with it.
        inside_the_window(page, link.locator("xpath=..").locator("p"), width, height)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    start.get_by_role("link", name="Join a course").click()
    page.wait_for_selector("#id_code")
    assert page.url.endswith("/courses/join/")
    assert console_errors == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_history_reads_in_words_and_fits_the_window(
    live_server: Any, page: Any, ada: User, private: Scene, width: int, height: int
) -> None:
    assert private.map and private.link and private.other
    services.link_create(
        map=private.map, kind="undercuts", source=private.other, target_link=private.link, actor=ada
    )
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}/maps/{private.map.pk}/history/")
    first = page.locator("table.history tbody tr").first
    assert "“The bombs were decisive” undercuts “Declaration of war, 8 August” as support for" in (
        first.inner_text()
    )
    assert "link #" not in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The statement the scene deleted can still be restored: its button is on the page's width.
    restore = page.get_by_role("button", name="Restore").first
    restore.scroll_into_view_if_needed()
    inside_the_window(page, restore, width, height)
    restore.click()
    page.wait_for_selector("text=Restored 1 item.")
    assert page.get_by_role("button", name="Restore").count() == 0
    assert Node.objects.filter(map=private.map, text="to be deleted").exists()
    assert serious_violations(page, live_server) == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_shared_evidence_keeps_its_first_column_in_view(
    live_server: Any, page: Any, demo: Map, console_errors: list[str], width: int, height: int
) -> None:
    frank = Node.objects.get(map=demo, key="th_frank")
    wilson = Node.objects.get(map=demo, key="th_wilson")
    asada = Node.objects.get(map=demo, key="th_asada")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(
        f"{live_server.url}/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}"
        f"&thesis={asada.pk}"
    )
    heading = page.locator("#shared-direct tbody th[scope=row]").first
    heading.scroll_into_view_if_needed()
    before = box(page, heading)
    # The reader scrolls the theses sideways as far as they go.
    page.evaluate(
        "(() => { const s = document.querySelector('#shared-direct').parentElement;"
        " s.scrollLeft = s.scrollWidth; })()"
    )
    after = box(page, heading)
    assert after["x"] == pytest.approx(before["x"], abs=1)
    inside_the_window(page, heading, width, height)
    # Nothing scrolled over it: a tap on the evidence's title reaches it.
    title = heading.get_by_role("link").first
    b = box(page, title)
    reached = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th[scope=row]') !== null",
        [b["x"] + 5, b["y"] + b["height"] / 2],
    )
    assert reached
    if width < 600:
        # On a phone the theses do scroll: the table is wider than its box.
        assert page.evaluate(
            "(() => { const s = document.querySelector('#shared-direct').parentElement;"
            " return s.scrollWidth > s.clientWidth && s.scrollLeft > 0; })()"
        )
    assert console_errors == []
