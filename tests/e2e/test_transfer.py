"""Imports and exports that take over a second show progress: the import page counts the seconds
while the file is sent and read, the export links (on the map page and the export page) say the
file is being written and then how much has been downloaded.

The server is held back with Playwright's routing until the page has shown its progress, so the
tests do not depend on how fast this machine imports or exports."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps.exports import map_export
from argmap.maps.models import Map
from argmap.maps.services import link_create, map_create, node_create
from tests.e2e.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
STATUS = "#transfer-status"


def held_until(page: Any, words: str) -> Any:
    """A route handler that lets the request through only once the status line shows `words`."""

    def handle(route: Any) -> None:
        page.wait_for_selector(f"{STATUS} >> text={words}", timeout=10_000)
        route.continue_()

    return handle


def test_import_page_counts_the_seconds_of_a_slow_import(
    live_server: Any, page: Any, ada: User
) -> None:
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}/maps/import/")
    assert page.locator(STATUS).is_hidden()
    text = b"[Bombs]: The bombs ended the war.\n  + [Leaflets]: Leaflets warned.\n"
    page.set_input_files(
        "#id_file", files=[{"name": "slow.argdown", "mimeType": "text/plain", "buffer": text}]
    )
    # The page is navigating away while the import runs, so what the status line said is kept
    # in sessionStorage and read on the new map's page.
    page.evaluate(
        """() => { const box = document.getElementById('transfer-status');
        new MutationObserver(() => {
          const said = JSON.parse(sessionStorage.getItem('said') || '[]');
          if (!box.hidden && !said.includes(box.textContent.trim())) {
            said.push(box.textContent.trim());
          }
          sessionStorage.setItem('said', JSON.stringify(said));
        }).observe(box, {attributes: true, childList: true, subtree: true}); }"""
    )

    def slow(route: Any) -> None:
        time.sleep(2.5)
        route.continue_()

    page.route("**/maps/import/", slow)
    page.click("form[data-transfer=import] button[type=submit]")
    page.wait_for_url("**/maps/*/")
    said = json.loads(page.evaluate("sessionStorage.getItem('said')"))
    seconds = [int(m.group(1)) for m in map(re.compile(r"MB\)… (\d+) s\.").search, said) if m]
    assert said[0].startswith("Sending and importing the map (0.0 MB)… 1 s."), said
    assert seconds[0] == 1 and seconds[-1] >= 2, said  # it counts while the import runs
    assert Map.objects.get(owner=ada).nodes.count() == 2


@pytest.mark.parametrize(
    ("where", "format", "ending"),
    [("", "json", ".argmap.json"), ("export/", "json", ".argmap.json"),
     ("argdown/", "argdown", ".argdown")],
    ids=["map page", "export page", "argdown page"],
)  # fmt: skip
def test_export_links_show_the_wait_then_the_bytes_downloaded(
    live_server: Any, page: Any, ada: User, where: str, format: str, ending: str
) -> None:
    map_ = map_create(owner=ada, title="Surrender")
    thesis = node_create(map=map_, kind="thesis", text="The bombs ended the war.")
    reason = node_create(map=map_, kind="claim", text="The Emperor cited the bomb.")
    link_create(map=map_, kind="supports", source=reason, target=thesis)
    log_in(page, live_server, "ada")
    page.goto(live_server.url + map_.get_absolute_url() + where)
    page.route(f"**/export/{format}/", held_until(page, "Writing the file… 1 s"))
    if not where:  # on the map page, the exports are in its "More" menu
        page.click(".map-actions details.menu summary")
    with page.expect_download() as download:
        page.click(f"a[data-transfer=export][href$='/export/{format}/']")
    page.wait_for_selector(f"{STATUS} >> text=Downloaded")
    saved = download.value
    assert saved.suggested_filename.endswith(ending)
    with open(saved.path(), encoding="utf-8") as file:
        assert file.read() == map_export(map=map_, format=format).text
