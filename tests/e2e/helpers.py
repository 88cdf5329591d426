"""Small steps the browser stories share."""

from __future__ import annotations

from typing import Any

from tests.cast import PASSWORD


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Signed in as")


def statements_drawn(page: Any) -> int:
    return int(page.evaluate("window.argmapCy.nodes('[kind != \"junction\"]').length"))


def wait_for_graph(page: Any) -> None:
    page.wait_for_selector("#map-graph[data-ready='true']", state="attached")


def eventually(page: Any, script: str, expected: object, timeout: float = 5.0) -> None:
    """Poll `script` until it returns `expected` (Cytoscape restyles on its next frame).

    `page.wait_for_function` would evaluate a string, which our Content-Security-Policy forbids.
    """
    import time

    deadline = time.monotonic() + timeout
    value = page.evaluate(script)
    while value != expected and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        value = page.evaluate(script)
    assert value == expected, f"{script} gave {value!r}, expected {expected!r}"


def show_view(page: Any, value: str) -> None:
    """Choose what the picture shows (`overview`, `thesis:12`, `scholar:3`) and wait until it
    is drawn."""
    page.select_option("#graph-view", value)
    state = "(() => { const g = document.getElementById('map-graph');"
    eventually(
        page, state + " return g.dataset.ready + ' ' + g.dataset.view; })()", f"true {value}"
    )


def serious_violations(page: Any, live_server: Any) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands. The CSP forbids inline
    scripts, so axe is loaded from its static URL like any of our scripts."""
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("axe.run()")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
