"""The map picture: zoom, one scholar's argument, a statement's neighbours, PNG and SVG export;
and what the page does when the server fails or when only a keyboard is used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Map, Node
from argmap.maps.structure import load_structure, section_members
from tests.e2e.helpers import eventually, log_in, show_view, statements_drawn, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_more(page: Any) -> None:
    """Open the picture's "More" menu (a click on it when it is open would close it)."""
    menu = page.locator(".picture-head details.menu")
    if not menu.evaluate("m => m.open"):
        menu.locator("summary").click()


def test_picture_zooms_shows_one_scholar_and_highlights_neighbours(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    # The first view: every thesis, and only the theses.
    theses = demo.nodes.filter(kind="thesis").count()
    assert statements_drawn(page) == theses
    before = page.evaluate("window.argmapCy.zoom()")
    page.click("[data-graph=zoom-in]")
    assert page.evaluate("window.argmapCy.zoom()") > before

    wilson = Node.objects.get(map=demo, key="th_wilson").scholar
    assert wilson is not None
    show_view(page, f"scholar:{wilson.pk}")
    drawn = page.evaluate(
        "window.argmapCy.nodes().filter(n => n.data('kind') !== 'junction').map(n => n.data('pk'))"
    )
    assert Node.objects.get(map=demo, key="th_wilson").pk in drawn
    assert Node.objects.get(map=demo, key="ev_soviet_declaration").pk in drawn
    # Wilson argues against the orthodox account (so it shows) but never engages Bix.
    assert Node.objects.get(map=demo, key="th_orthodox").pk in drawn
    assert Node.objects.get(map=demo, key="th_bix").pk not in drawn

    orthodox = Node.objects.get(map=demo, key="th_orthodox")
    show_view(page, f"thesis:{orthodox.pk}")
    hiroshima = Node.objects.get(map=demo, key="ev_hiroshima")
    page.evaluate(f"void window.argmapCy.getElementById('n{hiroshima.pk}').select()")
    faded = page.evaluate("window.argmapCy.nodes('.faded').length")
    lit = page.evaluate(
        "window.argmapCy.nodes().not('.faded').filter(n => n.data('kind') === 'thesis').length"
    )
    assert faded > 5 and lit == 1  # what Hiroshima is used for stays lit, up to the thesis
    open_more(page)
    page.uncheck("#graph-neighbours")
    eventually(page, "window.argmapCy.nodes('.faded').length", 0)
    show_view(page, "overview")
    assert statements_drawn(page) == theses
    assert console_errors == []


def a_thesis_with_an_undercut(demo: Map) -> Node:
    """A thesis whose argument, as the picture draws it, answers one of its readings."""
    structure = load_structure(demo.pk)
    for thesis in structure.theses():
        members = section_members(structure, thesis)
        if any(
            edge.kind == "undercuts" and edge.source in members for edge in structure.links.values()
        ):
            return Node.objects.get(pk=thesis)
    raise AssertionError("the demo answers no reading")


def test_picture_draws_kinds_and_stances_apart_and_pans(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    """Supports green, opposes red, undercuts dashed; theses above their evidence; each kind of
    statement its own shape; and dragging the background pans the picture."""
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    thesis = a_thesis_with_an_undercut(demo)
    show_view(page, f"thesis:{thesis.pk}")
    cy = "window.argmapCy"

    def style(selector: str, name: str) -> str:
        return str(page.evaluate(f"{cy}.elements(\"{selector}\").first().style('{name}')"))

    assert style("edge[kind = 'supports'][!part]", "line-color") == "rgb(29,122,70)"
    assert style("edge[kind = 'opposes'][!part]", "line-color") == "rgb(179,38,30)"
    assert style("edge[kind = 'undercuts']", "line-style") == "dashed"
    assert style("edge[kind = 'supports'][!part]", "line-style") == "solid"
    shapes = {kind: style(f"node[kind = '{kind}']", "shape") for kind in ("thesis", "claim",
                                                                          "evidence")}  # fmt: skip
    assert len(set(shapes.values())) == 3, shapes
    y = f"{cy}.nodes('[kind = \"{{}}\"]').map(n => n.position('y'))"
    assert max(page.evaluate(y.format("thesis"))) < min(page.evaluate(y.format("evidence")))

    before = page.evaluate(f"{cy}.pan()")
    box = page.locator("#map-graph").bounding_box()
    assert box is not None
    # Drag from a corner, where no statement is drawn.
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + 85, box["y"] + 65, steps=8)
    page.mouse.up()
    after = page.evaluate(f"{cy}.pan()")
    assert (after["x"] - before["x"], after["y"] - before["y"]) != (0, 0)
    assert console_errors == []


def test_picture_exports_png_and_svg(
    live_server: Any, page: Any, tmp_path: Path, demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    orthodox = Node.objects.get(map=demo, key="th_orthodox")
    show_view(page, f"thesis:{orthodox.pk}")
    open_more(page)
    with page.expect_download() as png:
        page.click("[data-graph=png]")
    png_file = tmp_path / png.value.suggested_filename
    png.value.save_as(png_file)
    assert png_file.suffix == ".png" and png_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    open_more(page)
    with page.expect_download() as svg:
        page.click("[data-graph=svg]")
    svg_file = tmp_path / svg.value.suggested_filename
    svg.value.save_as(svg_file)
    text = svg_file.read_text()
    assert svg_file.name.startswith("Why-did-Japan-surrender") and text.startswith("<svg")
    drawn = statements_drawn(page)
    assert text.count("<tspan") >= drawn > 10 and "Hiroshima" in text


def test_a_server_error_is_reported_and_never_swapped_into_the_page(
    live_server: Any, page: Any, ada: User
) -> None:
    mine = services.map_create(owner=ada, title="Fragile")
    services.node_create(map=mine, kind="thesis", text="Still here afterwards", actor=ada)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    wait_for_graph(page)
    assert page.evaluate("htmx.config.noSwap.includes('5xx')")
    page.route("**/nodes/add/", lambda route: route.fulfill(
        status=500, content_type="text/html", body="<h1>Traceback (most recent call last)</h1>"
    ) if route.request.method == "POST" else route.continue_())  # fmt: skip
    page.click("nav.editor-toolbar >> text=Claim")
    page.fill("#node-panel textarea[name=text]", "This save will fail")
    page.click("#node-panel button[type=submit]")
    page.wait_for_selector("#app-alert")
    assert "nothing was changed" in page.inner_text("#app-alert")
    assert "Traceback" not in page.content()
    assert "Still here afterwards" in page.inner_text("#outline")
    assert page.input_value("#node-panel textarea[name=text]") == "This save will fail"


def test_a_statement_can_be_edited_with_the_keyboard_alone(
    live_server: Any, page: Any, ada: User
) -> None:
    mine = services.map_create(owner=ada, title="Keyboard")
    thesis = services.node_create(map=mine, kind="thesis", text="Typed without a mouse", actor=ada)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    wait_for_graph(page)
    # The thesis's heading, Enter: its details, with the keyboard on their heading.
    page.locator(f"#thesis-title-{thesis.pk} a").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-panel-title")
    eventually(page, "document.activeElement.id", "node-panel-title")
    for _ in range(20):  # a few Tabs, not a page of them
        if page.evaluate("document.activeElement.textContent.trim()") == "Edit":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Edit"
    page.keyboard.press("Enter")
    page.wait_for_selector("#panel-editor form")
    # The form takes the focus itself, on the statement's text.
    eventually(page, "document.activeElement.name", "text")
    page.keyboard.press("Control+A")
    page.keyboard.type("Edited with the keyboard alone")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-status >> text=Saved")
    assert Node.objects.get(pk=thesis.pk).text == "Edited with the keyboard alone"
