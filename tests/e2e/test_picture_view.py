"""Ada reads the picture of her copy of the demo debate at 1400 × 900: at whole-map zoom every
thesis is a labelled card she can read, with no label over another; one thesis's or one
scholar's argument is laid out on its own; an edit adds what changed and moves nothing else;
Re-arrange lays the view out afresh; the legend draws the shapes; the SVG export puts the
lines under the text. What is measured is what Chromium draws (rendered boxes and sizes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Link, Map, Node, NodeKind
from tests.e2e.helpers import eventually, log_in, show_view, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1400, "height": 900}

# The labels as drawn: font size on screen and the label's box (Cytoscape's rendered units).
LABELS = """() => window.argmapCy.nodes().filter(n => n.data('kind') !== 'junction').map(n => {
  const box = n.renderedBoundingBox({includeLabels: true, includeNodes: false,
                                      includeEdges: false, includeOverlays: false});
  return {id: n.id(), kind: n.data('kind'), label: n.style('label'),
          px: parseFloat(n.style('font-size')) * window.argmapCy.zoom(),
          x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2};
})"""
POSITIONS = """() => Object.fromEntries(window.argmapCy.nodes().map(
  n => [n.id(), [n.position('x'), n.position('y')]]))"""


@pytest.fixture
def adas_copy(ada: User, demo: Map) -> Map:
    return services.map_fork(map=demo, owner=ada)


def open_copy(page: Any, live_server: Any, map_: Map, query: str = "") -> None:
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{map_.get_absolute_url()}{query}")
    wait_for_graph(page)


def overlaps(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]:
                found.append((a["id"], b["id"]))
    return found


def test_at_whole_map_zoom_every_thesis_is_labelled_legibly_and_apart(
    page: Any, live_server: Any, adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    labels = page.evaluate(LABELS)
    theses = Node.objects.filter(map=adas_copy, kind=NodeKind.THESIS).count()
    assert [lab["kind"] for lab in labels] == ["thesis"] * theses
    assert min(lab["px"] for lab in labels) >= 11, sorted(lab["px"] for lab in labels)[:3]
    assert overlaps(labels) == []
    assert all(lab["label"].strip() for lab in labels)
    box = page.locator("#map-graph").bounding_box()
    assert all(
        lab["x1"] >= 0
        and lab["y1"] >= 0
        and lab["x2"] <= box["width"]
        and lab["y2"] <= box["height"]
        for lab in labels
    )
    # The picture is beside the outline, in the window, without scrolling.
    assert box["y"] + box["height"] <= DESKTOP["height"] and page.evaluate("window.scrollY") == 0


def test_one_scholars_argument_is_laid_out_alone_and_labelled(
    page: Any, live_server: Any, adas_copy: Map
) -> None:
    hasegawa = next(
        n.scholar for n in Node.objects.filter(map=adas_copy, kind=NodeKind.THESIS)
        if n.scholar and "Hasegawa" in n.scholar.name
    )  # fmt: skip
    open_copy(page, live_server, adas_copy)
    # In the overview there is nothing to go back to: the button is not shown.
    assert not page.locator("[data-graph=back]").is_visible()
    show_view(page, f"scholar:{hasegawa.pk}")
    labels = page.evaluate(LABELS)
    drawn = {int(lab["id"][1:]) for lab in labels}
    # Only what Hasegawa holds or uses, his thesis among it: nothing of the rest is drawn.
    his = set(Node.objects.filter(map=adas_copy, scholar=hasegawa).values_list("pk", flat=True))
    assert his & drawn and len(drawn) < Node.objects.filter(map=adas_copy).count() / 2
    assert all(lab["label"].strip() for lab in labels)
    assert overlaps(labels) == []
    assert page.locator("[data-graph=back]").is_visible()
    page.click("[data-graph=back]")
    eventually(page, "document.getElementById('map-graph').dataset.view", "overview")
    assert not page.locator("[data-graph=back]").is_visible()


def test_an_edit_adds_the_new_statement_near_its_neighbour_and_moves_nothing_else(
    page: Any, live_server: Any, adas_copy: Map
) -> None:
    frank = Node.objects.get(map=adas_copy, key="th_frank")
    reason = Link.objects.filter(map=adas_copy, target_node=frank).first().source_node
    open_copy(page, live_server, adas_copy)
    show_view(page, f"thesis:{frank.pk}")
    before = page.evaluate(POSITIONS)
    outside = (
        Node.objects.filter(map=adas_copy, kind=NodeKind.EVIDENCE)
        .exclude(pk__in=[int(pk[1:]) for pk in before])
        .first()
    )
    assert f"n{reason.pk}" in before and outside is not None
    # Ada links a piece of evidence from elsewhere in the map to a reason of Frank's argument.
    page.evaluate(f"window.argmapEditor.showStatement({outside.pk}, null)")
    page.wait_for_selector("#node-panel-title")
    page.evaluate(f"window.argmapPicture.startLink({outside.pk})")
    page.evaluate(f"void window.argmapCy.getElementById('n{reason.pk}').emit('tap')")
    page.wait_for_selector("#node-panel form.editor-form input[name=target]", state="attached")
    version = page.get_attribute("#map-graph", "data-version")
    page.click("#node-panel button[type=submit]")
    eventually(page, f"document.getElementById('map-graph').dataset.version !== '{version}'", True)
    assert Link.objects.filter(source_node=outside, target_node=reason).exists()
    after = page.evaluate(POSITIONS)
    moved = [
        pk for pk, (x, y) in before.items()
        if abs(after[pk][0] - x) > 0.5 or abs(after[pk][1] - y) > 0.5
    ]  # fmt: skip
    assert moved == []
    new, near = after[f"n{outside.pk}"], after[f"n{reason.pk}"]
    # Below the reason it supports (the picture runs upwards), on its row or the next ones.
    assert 0 < new[1] - near[1] <= 100 and abs(new[0] - near[0]) <= 190 * 40
    # Positions are kept for the map and the view: a reload draws them where they were.
    page.reload()
    wait_for_graph(page)
    show_view(page, f"thesis:{frank.pk}")
    reloaded = page.evaluate(POSITIONS)
    assert all(abs(reloaded[pk][0] - x) <= 1 and abs(reloaded[pk][1] - y) <= 1
               for pk, (x, y) in after.items())  # fmt: skip


def test_re_arrange_lays_the_view_out_afresh(page: Any, live_server: Any, adas_copy: Map) -> None:
    thesis = Node.objects.get(map=adas_copy, key="th_frank")
    open_copy(page, live_server, adas_copy)
    show_view(page, f"thesis:{thesis.pk}")
    laid_out = page.evaluate(POSITIONS)
    # Ada drags her thesis far away; it stays there ...
    page.evaluate(
        f"() => {{ const n = window.argmapCy.getElementById('n{thesis.pk}');"
        " n.position({x: 5000, y: 5000}); n.emit('dragfree'); }"
    )
    assert page.evaluate(POSITIONS)[f"n{thesis.pk}"] == [5000, 5000]
    # ... until she asks for the layout afresh.
    page.click("[data-graph=arrange]")
    again = page.evaluate(POSITIONS)
    assert again[f"n{thesis.pk}"] == pytest.approx(laid_out[f"n{thesis.pk}"], abs=1)


def test_the_legend_draws_the_shapes_and_the_standings(
    page: Any, live_server: Any, adas_copy: Map
) -> None:
    open_copy(page, live_server, adas_copy)
    page.click(".legend-box summary")
    legend = page.locator(".legend")
    for name in ("thesis", "claim or reading", "evidence", "supports", "opposes", "undercuts",
                 "holds here", "open objection", "in dispute", "set aside"):  # fmt: skip
        assert legend.get_by_text(name, exact=False).first.is_visible(), name
    shape = page.evaluate(
        "k => getComputedStyle(document.querySelector('.legend .shape-' + k)).borderRadius",
        "claim",
    )
    assert shape.startswith("50%") or shape.endswith("px") and shape != "0px"
    assert "never a verdict on a historian" in page.inner_text(".legend-box")
    # The standings drawn in the picture are the legend's: an open objection is dashed.
    style = page.evaluate(
        "() => { const n = window.argmapCy.nodes('[status = \"out\"]').first();"
        " return n.length ? n.style('border-style') : 'none'; }"
    )
    assert style == "dashed"


def test_an_empty_map_says_how_to_start(page: Any, live_server: Any, ada: User) -> None:
    empty = services.map_create(owner=ada, title="Why did Japan surrender?")
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{empty.get_absolute_url()}")
    page.wait_for_selector("#map-graph[data-ready=true]", state="attached")
    hint = page.locator(".graph-empty")
    assert hint.is_visible()
    assert "Add a thesis" in hint.inner_text()


def test_the_svg_export_draws_lines_under_shapes_and_text(
    page: Any, live_server: Any, adas_copy: Map
) -> None:
    thesis = Node.objects.get(map=adas_copy, key="th_frank")
    open_copy(page, live_server, adas_copy)
    show_view(page, f"thesis:{thesis.pk}")
    svg = page.evaluate("window.argmapSvg()")
    edges, shapes, labels = (svg.index(f'class="{g}"') for g in ("edges", "nodes", "labels"))
    assert edges < shapes < labels
    assert svg.count("<text") >= page.evaluate(
        "window.argmapCy.nodes('[kind != \"junction\"]').length"
    )
