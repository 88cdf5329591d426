"""A reader sets the Soviet declaration aside and watches the theses change, without a reload."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.evaluation import counterfactual
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_bundle
from tests.e2e.helpers import eventually, show_view, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_setting_evidence_aside_updates_the_theses_and_the_picture(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    soviet = Node.objects.get(map=demo, key="ev_soviet_declaration")
    wilson = Node.objects.get(map=demo, key="th_wilson")
    changes = counterfactual(bundle_graph(map_bundle(demo)), {str(soviet.pk)}).theses
    expected = next(c for c in changes if c.thesis == str(wilson.pk))
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    wait_for_graph(page)
    page.evaluate("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads
    show_view(page, f"thesis:{wilson.pk}")  # the picture draws Wilson's argument
    page.click(f"#thesis-{wilson.pk} .disclose")
    row = page.locator(f"#body-{wilson.pk} .row-{soviet.pk}").first
    row.wait_for()
    row.locator(".aside-toggle").click()
    page.wait_for_selector("#node-panel .what-if")
    assert page.url.endswith(f"?aside={soviet.pk}")
    cells = page.locator("#node-panel .what-if tr", has_text="Wilson").inner_text()
    assert f"{expected.before_strength:.2f}" in cells and f"{expected.after_strength:.2f}" in cells
    # Every mark of the evidence, in the outline and in the picture, now says "set aside".
    eventually(page, f"window.argmapCy.getElementById('n{soviet.pk}').data('status')", "aside")
    assert "set aside" in row.inner_text()
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"
    # The explanation of a thesis is one click away.
    page.locator(f"#thesis-head-{wilson.pk} a.status").click()
    page.wait_for_selector(f"#node-panel-title[data-pk='{wilson.pk}']")
    why = page.inner_text("#node-panel .why")
    assert "HOLDS HERE" in why  # nothing recorded in the demo objects to Wilson's thesis
    assert "given only the objections recorded in this map" in why
    page.click("#assessment >> text=Put everything back")
    eventually(page, f"window.argmapCy.getElementById('n{soviet.pk}').data('status')", "in")
    assert "aside=" not in page.url and page.locator(".what-if-note").count() == 0
    assert console_errors == []
