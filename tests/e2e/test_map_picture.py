"""The map picture: zoom, one scholar's argument, a statement's neighbours, PNG and SVG export;
and what the page does when the server fails or when only a keyboard is used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Map, Node
from tests.e2e.helpers import eventually, log_in, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_picture_zooms_filters_by_scholar_and_highlights_neighbours(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    before = page.evaluate("window.argmapCy.zoom()")
    page.click("[data-graph=zoom-in]")
    assert page.evaluate("window.argmapCy.zoom()") > before

    wilson = Node.objects.get(map=demo, key="th_wilson").scholar
    assert wilson is not None
    page.select_option("#graph-scholar", str(wilson.pk))
    statements = "window.argmapCy.nodes(':visible').filter(n => n.data('kind') !== 'junction')"
    visible = page.evaluate(f"{statements}.map(n => n.data('pk'))")
    assert Node.objects.get(map=demo, key="th_wilson").pk in visible
    assert Node.objects.get(map=demo, key="ev_soviet_declaration").pk in visible
    # Wilson argues against the orthodox account (so it shows) but never engages Bix.
    assert Node.objects.get(map=demo, key="th_orthodox").pk in visible
    assert Node.objects.get(map=demo, key="th_bix").pk not in visible
    page.select_option("#graph-scholar", index=0)  # "Everyone's arguments"
    everything = page.evaluate("window.argmapCy.nodes().length")
    eventually(page, "window.argmapCy.nodes(':visible').length", everything)

    hiroshima = Node.objects.get(map=demo, key="ev_hiroshima")
    page.evaluate(f"window.argmapCy.getElementById('n{hiroshima.pk}').select()")
    faded = page.evaluate("window.argmapCy.nodes('.faded').length")
    lit = page.evaluate(
        "window.argmapCy.nodes().not('.faded').filter(n => n.data('kind') === 'thesis').length"
    )
    assert faded > 50 and lit >= 5  # Hiroshima is used by many theses, the rest fades
    page.uncheck("#graph-neighbours")
    eventually(page, "window.argmapCy.nodes('.faded').length", 0)
    assert console_errors == []


def test_picture_draws_kinds_and_stances_apart_and_pans(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    """Supports green, opposes red, undercuts dashed; theses above their evidence; each kind of
    statement its own shape; and dragging the background pans the picture."""
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
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
    thesis = Node.objects.get(map=demo, key="th_frank")
    hiroshima = Node.objects.get(map=demo, key="ev_hiroshima")
    y = "{}.getElementById('n{}').position('y')"
    assert page.evaluate(y.format(cy, thesis.pk)) < page.evaluate(y.format(cy, hiroshima.pk))

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
    with page.expect_download() as png:
        page.click("[data-graph=png]")
    png_file = tmp_path / png.value.suggested_filename
    png.value.save_as(png_file)
    assert png_file.suffix == ".png" and png_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.click("[data-graph=svg]")
    svg_file = tmp_path / svg.value.suggested_filename
    svg.value.save_as(svg_file)
    text = svg_file.read_text()
    assert svg_file.name.startswith("Why-did-Japan-surrender") and text.startswith("<svg")
    assert text.count("<tspan") > 130 and "Hiroshima" in text


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
    page.fill("#editor-slot textarea[name=text]", "This save will fail")
    page.click("#editor-slot button[type=submit]")
    page.wait_for_selector("#app-alert")
    assert "nothing was changed" in page.inner_text("#app-alert")
    assert "Traceback" not in page.content()
    assert "Still here afterwards" in page.inner_text("#outline")
    assert page.input_value("#editor-slot textarea[name=text]") == "This save will fail"


def test_a_statement_can_be_edited_with_the_keyboard_alone(
    live_server: Any, page: Any, ada: User
) -> None:
    mine = services.map_create(owner=ada, title="Keyboard")
    thesis = services.node_create(map=mine, kind="thesis", text="Typed without a mouse", actor=ada)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{mine.get_absolute_url()}")
    wait_for_graph(page)
    edit = page.locator("#outline .use-edit").first
    edit.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#outline .editor-slot form")
    # The form takes the focus itself, on the statement's text.
    assert page.evaluate("document.activeElement.name") == "text"
    page.keyboard.press("Control+A")
    page.keyboard.type("Edited with the keyboard alone")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-status >> text=Saved")
    assert Node.objects.get(pk=thesis.pk).text == "Edited with the keyboard alone"
