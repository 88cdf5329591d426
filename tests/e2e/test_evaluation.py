"""A reader sets the Soviet declaration aside and watches the theses change, without a reload."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.evaluation import counterfactual
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_bundle
from tests.e2e.helpers import wait_for_graph

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
    page.locator(f"#node-{soviet.pk} .aside-toggle").click()
    page.wait_for_selector(".what-if")
    assert page.url.endswith(f"?aside={soviet.pk}")
    row = page.locator(".what-if tr", has_text="Ward Wilson").inner_text()
    assert f"{expected.before_strength:.2f} → {expected.after_strength:.2f}" in row
    assert (
        page.evaluate(f"window.argmapCy.getElementById('n{soviet.pk}').data('status')") == "aside"
    )
    assert page.evaluate("document.body.dataset.loadedOnce") == "yes"
    # The explanation of a thesis is one click away.
    page.locator(f"#node-{wilson.pk} > a.status").click()
    page.wait_for_selector("#node-panel .why")
    assert page.inner_text("#node-panel .why").split(":")[0].strip() in ("IN", "OUT", "UNDECIDED")
    page.click(".what-if >> text=Put everything back")
    page.wait_for_selector(".what-if", state="detached")
    assert console_errors == []
