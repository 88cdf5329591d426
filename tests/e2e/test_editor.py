"""A student builds on the demo debate in Chromium: fork, add, link, delete, undo, conflict."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps.models import Link, Map, Node
from tests.e2e.helpers import eventually, log_in, show_view, statements_drawn, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STATEMENTS = "window.argmapCy.nodes('[kind != \"junction\"]').length"


def test_student_forks_adds_evidence_links_it_deletes_and_undoes(
    live_server: Any, page: Any, ada: User, console_errors: list[str], demo: Map
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())  # "Delete …? You can undo this."
    log_in(page, live_server, "ada")
    page.goto(f"{live_server.url}{demo.get_absolute_url()}")
    page.click("text=Make my own copy")
    wait_for_graph(page)
    fork = Map.objects.get(owner=ada)
    assert statements_drawn(page) == demo.nodes.filter(kind="thesis").count()  # the overview

    # Evidence with a source that is not in the bibliography yet.
    page.click("nav.editor-toolbar >> text=Evidence")
    form = page.locator("#node-panel form")
    form.locator("textarea[name=text]").fill(
        "Togo to Sato, 12 July 1945: the Emperor wishes to end the war"
    )
    form.locator("input[name=title]").fill("Togo–Sato cable of 12 July")
    form.locator("input[name=date_text]").fill("1945-07-12")
    form.locator("summary", has_text="describe a new one").click()
    form.locator("input[name=new_source_title]").fill(
        "FRUS, Conference of Berlin (Potsdam), vol. I"
    )
    form.locator("input[name=new_source_year]").fill("1960")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#map-status >> text=Added evidence")
    evidence = Node.objects.get(map=fork, title="Togo–Sato cable of 12 July")
    assert evidence.source is not None and evidence.source.year == 1960
    assert page.inner_text("#node-panel-title") == "Togo–Sato cable of 12 July"

    # It opposes the orthodox thesis, found by typing.
    orthodox = Node.objects.get(map=fork, key="th_orthodox")
    page.click("#node-panel >> text=Opposes…")
    box = page.locator("#panel-editor [name=target_search]")
    box.type("Orthodox account")
    page.locator("#panel-editor [role=option]", has_text="saved lives").first.click()
    page.locator("#panel-editor textarea[name=rationale]").fill(
        "Japan was already seeking a way out."
    )
    page.click("#panel-editor button[type=submit]")
    page.wait_for_selector("#map-status >> text=Linked")
    assert Link.objects.filter(source_node=evidence, target_node=orthodox, kind="opposes").exists()
    # The orthodox argument, drawn: the new evidence opposes its thesis.
    show_view(page, f"thesis:{orthodox.pk}")
    drawn = statements_drawn(page)
    from_evidence = f"e => e.source().id() === 'n{evidence.pk}'"
    opposing = page.evaluate(
        f"window.argmapCy.edges('[kind = \"opposes\"]').filter({from_evidence}).length"
    )
    assert opposing == 1

    # Delete it, then undo.
    page.click("#node-panel button:has-text('Delete')")
    page.wait_for_selector("#map-status >> text=Deleted")
    eventually(page, STATEMENTS, drawn - 1)
    assert not Node.objects.filter(pk=evidence.pk).exists()
    page.click("#map-status button:has-text('Undo')")
    page.wait_for_selector("#map-status >> text=Restored 2 items")
    eventually(page, STATEMENTS, drawn)
    assert Link.objects.filter(source_node=evidence, kind="opposes").exists()
    assert console_errors == []


def test_a_stale_edit_in_a_second_tab_shows_the_conflict(
    live_server: Any, page: Any, ada: User, console_errors: list[str]
) -> None:
    from argmap.maps import services

    mine = services.map_create(owner=ada, title="Two tabs")
    thesis = services.node_create(map=mine, kind="thesis", text="The bomb ended the war", actor=ada)
    log_in(page, live_server, "ada")
    second = page.context.new_page()
    for tab in (page, second):
        tab.goto(f"{live_server.url}{mine.get_absolute_url()}")
        wait_for_graph(tab)
        tab.click(f"#thesis-title-{thesis.pk} a")
        tab.click("#node-panel .panel-actions a:has-text('Edit')")
        tab.wait_for_selector("#panel-editor form")
    second.fill("#panel-editor textarea[name=text]", "The Soviet entry ended the war")
    second.click("#panel-editor button[type=submit]")
    second.wait_for_selector("#map-status >> text=Saved")

    page.fill("#panel-editor textarea[name=text]", "The bomb alone ended the war")
    page.click("#panel-editor button[type=submit]")
    page.wait_for_selector(".conflict")
    conflict = page.inner_text(".conflict")
    assert "Someone else changed this statement" in conflict
    assert "The Soviet entry ended the war" in conflict
    # Nothing was overwritten, and the user's own words are still in the form.
    assert Node.objects.get(pk=thesis.pk).text == "The Soviet entry ended the war"
    assert page.input_value("#panel-editor textarea[name=text]") == "The bomb alone ended the war"
    # Saving again is a deliberate choice and now succeeds.
    page.click("#panel-editor button[type=submit]")
    page.wait_for_selector("#map-status >> text=Saved")
    assert Node.objects.get(pk=thesis.pk).text == "The bomb alone ended the war"
    # The browser logs the refused save (409) itself; nothing else may go wrong.
    assert [e for e in console_errors if "409 (Conflict)" not in e] == []
