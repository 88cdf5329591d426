"""Small steps the browser stories share."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=Signed in as")


def statements_drawn(page: Any) -> int:
    return int(page.evaluate("window.argmapCy.nodes('[kind != \"junction\"]').length"))


def wait_for_graph(page: Any) -> None:
    page.wait_for_selector("#map-graph[data-ready='true']")


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
