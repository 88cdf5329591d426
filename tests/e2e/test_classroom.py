"""A class in Chromium, from the first course to a resubmission.

Iris creates a course and an assignment from the demo debate with her own copy of it as the
hidden reference; Ada joins with the code, starts (her own copy), adds a claim and submits; Iris
pins a comment on a statement, scores the rubric and returns the submission; Ada reads the
released comment, replies, revises and submits again; Iris sees what changed and the coverage.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.classroom.models import Assignment, Comment, Course, Submission
from argmap.maps.models import Map, Node
from argmap.maps.structure import load_structure, theses_reaching
from tests.e2e.helpers import eventually, log_in, statements_drawn, wait_for_graph

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_to(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, username)


def test_a_class_from_course_to_resubmission(
    live_server: Any, page: Any, iris: User, ada: User, console_errors: list[str], demo: Map
) -> None:
    # Submitting, returning and the like ask first; the story says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    url = live_server.url

    # --- Iris: a course, her private copy of the debate, an assignment ---------------------
    log_in(page, live_server, "iris")
    page.click("header >> text=Courses")
    page.click("text=New course")
    page.fill("#id_title", "History 301")
    page.click("button:has-text('Create the course')")
    page.wait_for_selector("text=Your course is ready")
    course = Course.objects.get(title="History 301")
    code = page.inner_text("code.join-code.big")
    assert code == course.display_code

    page.goto(f"{url}{demo.get_absolute_url()}")
    page.click("text=Make my own copy")
    wait_for_graph(page)
    reference = Map.objects.get(owner=iris)

    page.goto(f"{url}{course.get_absolute_url()}")
    page.click("text=New assignment")
    page.fill("#id_title", "Why did Japan surrender?")
    page.fill("#id_prompt", "Map **both** sides; cite every piece of evidence.")
    page.fill("#id_due_at", "2030-06-01T17:00")
    page.select_option("#id_starter_map", str(demo.pk))
    page.select_option("#id_reference_map", str(reference.pk))
    page.check("#id_students_see_coverage")
    page.fill("#id_criteria-0-title", "Evidence is cited")
    page.fill("#id_criteria-0-points", "5")
    page.fill("#id_criteria-1-title", "Both sides are argued")
    page.fill("#id_criteria-1-points", "5")
    page.click("button:has-text('Set the assignment')")
    page.wait_for_selector("text=Saved “Why did Japan surrender?”")
    assignment = Assignment.objects.get()
    assert assignment.reference_map == reference and assignment.criteria.count() == 2
    assert page.inner_text(".prose strong") == "both"

    # --- Ada: join, start, edit, submit -------------------------------------------------------
    switch_to(page, live_server, "ada")
    page.click("header >> text=Courses")
    page.fill("#id_code", code.lower())
    page.click("button:has-text('Join')")
    page.wait_for_selector("text=Welcome to “History 301”")
    page.click("text=Why did Japan surrender?")
    page.click("button:has-text('Start')")
    wait_for_graph(page)
    theses = demo.nodes.filter(kind="thesis").count()
    assert statements_drawn(page) == theses  # the picture's first view: every thesis
    assert "Your map for the assignment" in page.inner_text(".map-head")
    page.click("nav.editor-toolbar >> text=Claim")
    form = page.locator("#node-panel form")
    form.locator("textarea[name=text]").fill("The court feared a communist uprising")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#map-status >> text=Added claim")
    # Linked to nothing yet, it is listed apart.
    eventually(page, "document.getElementById('thesis-head-0').innerText.includes('(1)')", True)

    page.goto(f"{url}{assignment.get_absolute_url()}")
    page.click("button:has-text('Submit')")
    page.wait_for_selector("text=Submitted. Submission 1 is frozen")
    first = Submission.objects.get(student=ada)
    assert first.snapshot.is_snapshot

    # --- Iris: comment on a statement, score, return --------------------------------------------
    switch_to(page, live_server, "iris")
    page.click(".agenda >> text=ada: Why did Japan surrender?, submission 1")
    wait_for_graph(page)
    assert statements_drawn(page) == theses
    assert "The court feared a communist uprising" in page.inner_text("#outline")
    hiroshima = Node.objects.get(map=first.snapshot, title="Atomic bombing of Hiroshima")
    page.locator(f"#outline a.statement[data-node-panel='{hiroshima.pk}']").first.click()
    page.wait_for_selector("#node-panel >> text=Atomic bombing of Hiroshima")
    page.fill("#node-panel textarea[name=body]", "Which page of the Bombing Survey is this from?")
    page.click("#node-panel button:has-text('Comment')")
    page.wait_for_selector("#node-panel >> text=Comment added.")
    page.wait_for_selector("#comments >> text=Which page of the Bombing Survey is this from?")
    assert Comment.objects.get().node == hiroshima

    page.get_by_label("Evidence is cited").fill("3")
    page.get_by_label("Both sides are argued").fill("5")
    page.fill("#id_feedback", "Good start: give page numbers for the survey.")
    page.click("button:has-text('Return for revision')")
    page.wait_for_selector("text=Returned for revision: ada can read your review")
    assert Submission.objects.get(pk=first.pk).status == "returned"

    # --- Ada: read the released comment, reply, revise, submit again --------------------------
    switch_to(page, live_server, "ada")
    page.goto(f"{url}{assignment.get_absolute_url()}")
    assert "Returned for revision" in page.inner_text("main")
    page.click("text=released: read it")
    page.wait_for_selector("#review >> text=Good start: give page numbers")
    assert "8 / 10" in page.inner_text("#review")
    page.click("#comments >> text=Atomic bombing of Hiroshima")
    page.wait_for_selector("#node-panel >> text=Which page of the Bombing Survey")
    page.click("#node-panel summary:has-text('Reply')")
    page.fill("#node-panel textarea[name=body]", "Page 22; I have added it.")
    page.click("#node-panel button:has-text('Reply')")
    page.wait_for_selector("#node-panel >> text=Reply added.")
    assert Comment.objects.filter(author=ada, parent__isnull=False).count() == 1

    page.goto(f"{url}{assignment.get_absolute_url()}")
    page.click("text=Open my map")
    wait_for_graph(page)
    # She drops Nagasaki from her map, and adds a claim.
    working = Map.objects.get(owner=ada, working_for__isnull=False)
    nagasaki = Node.objects.get(map=working, title="Atomic bombing of Nagasaki")
    thesis = min(theses_reaching(load_structure(working.pk), [nagasaki.pk]))
    page.click(f"#thesis-{thesis} .disclose")
    page.locator(f"#body-{thesis} a.statement[data-node-panel='{nagasaki.pk}']").first.click()
    page.wait_for_selector("#node-panel-title >> text=Atomic bombing of Nagasaki")
    page.click("#node-panel button:has-text('Delete')")
    page.wait_for_selector("#map-status >> text=Deleted")
    page.click("nav.editor-toolbar >> text=Claim")
    form = page.locator("#node-panel form")
    form.locator("textarea[name=text]").fill("Hirohito's intervention broke the deadlock")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#map-status >> text=Added claim")
    page.goto(f"{url}{assignment.get_absolute_url()}")
    page.click("button:has-text('Submit again')")
    page.wait_for_selector("text=Submitted. Submission 2 is frozen")

    # --- Iris: what changed, and the coverage -----------------------------------------------
    switch_to(page, live_server, "iris")
    page.click(".agenda >> text=ada: Why did Japan surrender?, submission 2")
    wait_for_graph(page)
    changes = page.inner_text("#changes")
    assert "Changes since submission 1" in changes
    assert "1 statement added" in changes and "1 removed" in changes
    assert "Hirohito's intervention broke the deadlock" in changes
    assert "Atomic bombing of Nagasaki" in page.inner_text("#changes li.removed")
    coverage = page.inner_text("#coverage")
    theses = demo.nodes.filter(kind="thesis").count()
    key_evidence = demo.nodes.filter(kind="evidence").count()
    assert f"theses {theses} of {theses}" in coverage
    assert f"key evidence {key_evidence - 1} of {key_evidence}" in coverage
    page.click("#coverage summary")
    missing = page.locator("#coverage .coverage-evidence li.missing").all_inner_texts()
    assert len(missing) == 1 and "Atomic bombing of Nagasaki" in missing[0]
    page.goto(f"{url}{assignment.get_absolute_url()}")
    row = page.inner_text("table.overview tbody tr")
    assert "ada" in row and "Submitted" in row and "#2" in row and "99%" in row
    assert console_errors == []
