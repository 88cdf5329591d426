"""Stored XSS in the classroom: every payload of the corpus, typed into every text a course holds
(titles, the Markdown prompt, the rubric, comments, replies, feedback, a student's name), never
reaches a classroom page as markup; the gradebook is a download."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Submission
from argmap.maps import services as map_services
from argmap.maps.models import Node
from tests.cast import client_for
from tests.factories import small_debate
from tests.security.payloads import PAYLOADS

MARKUP = [p for p in PAYLOADS if "<" in p or '"' in p]


def shown_as_markup(payload: str, page: str) -> bool:
    """A payload with a tag in it must never appear as it was typed; one that only carries a
    quote (an attribute or JSON breakout) must never appear inside a tag or a script. (The
    Markdown sanitiser writes a quote in text as a plain quote, which is harmless there.)"""
    raw = r"(?<!\\)" + re.escape(payload)
    if "<" in payload:
        return re.search(raw, page) is not None
    inside_tag = re.search(r"<[^>]*" + raw, page) is not None
    scripts = re.findall(r"<script.*?</script>", page, re.S)
    in_script = any(re.search(raw, block) for block in scripts)  # JSON escapes it as \"
    return inside_tag or in_script


def hostile_class(iris: User, ada: User) -> tuple[Submission, list[str]]:
    """A course whose every text field holds a payload; returns a submission and the pages."""
    User.objects.filter(pk=ada.pk).update(first_name=PAYLOADS[6][:150])
    course = services.course_create(owner=iris, title=PAYLOADS[0][:200])
    services.course_join(user=ada, code=course.join_code)
    starter = small_debate(iris)
    for payload in PAYLOADS[:12]:
        map_services.node_create(map=starter, kind="claim", text=payload, title=payload[:300])
    assignment = services.assignment_create(
        course=course,
        actor=iris,
        title=PAYLOADS[1][:200],
        prompt="\n\n".join(PAYLOADS),
        due_at=timezone.now() + datetime.timedelta(days=1),
        starter_map=starter,
        reference_map=map_services.map_fork(map=starter, owner=iris, title=PAYLOADS[2][:200]),
        students_see_coverage=True,
        criteria=[services.CriterionData(p[:200], 5, p) for p in PAYLOADS[:5]],
    )
    work = services.work_start(assignment=assignment, student=ada)
    services.submission_submit(assignment=assignment, student=ada)
    map_services.node_create(map=work.map, kind="claim", text=PAYLOADS[3], actor=ada)
    submission = services.submission_submit(assignment=assignment, student=ada)
    node = Node.objects.filter(map=submission.snapshot).first()
    assert node is not None
    for payload in PAYLOADS:
        root = services.comment_add(submission=submission, author=iris, body=payload, node=node)
    services.review_save(
        submission=submission, reviewer=iris, scores={}, feedback="\n".join(PAYLOADS),
        decision=services.Decision.RELEASE,
    )  # fmt: skip
    services.comment_add(submission=submission, author=ada, body=PAYLOADS[4], parent=root)
    s, a, c = submission.pk, assignment.pk, course.pk
    pages = [
        "/",
        "/courses/",
        f"/courses/{c}/",
        f"/assignments/{a}/",
        f"/submissions/{s}/",
        f"/submissions/{s}/nodes/{node.pk}/",
        f"/maps/{work.map_id}/",
    ]
    return submission, pages


@pytest.mark.django_db
def test_no_classroom_page_shows_a_payload_as_markup(iris: User, ada: User) -> None:
    submission, pages = hostile_class(iris, ada)
    teacher_pages = [
        f"/courses/{submission.assignment.course_id}/assignments/new/",
        f"/assignments/{submission.assignment_id}/edit/",
        f"/courses/{submission.assignment.course_id}/students/{ada.pk}/remove/",
    ]
    for client, extra in ((client_for(iris), teacher_pages), (client_for(ada), [])):
        for url in pages + extra:
            for headers in ({}, {"HX-Request": "true"}):
                response = client.get(url, headers=headers)
                assert response.status_code == 200, url
                page = response.content.decode()
                leaked = [p for p in MARKUP if shown_as_markup(p, page)]
                assert leaked == [], f"{url} shows raw: {leaked[:2]}"


@pytest.mark.django_db
def test_the_gradebook_is_a_download_never_html(iris: User, ada: User) -> None:
    submission, _ = hostile_class(iris, ada)
    response = client_for(iris).get(f"/assignments/{submission.assignment_id}/gradebook.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_no_payload_runs_on_a_classroom_page_in_chromium(
    live_server: Any, page: Any, iris: User, ada: User
) -> None:
    from tests.e2e.helpers import log_in

    submission, pages = hostile_class(iris, ada)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for user in ("iris", "ada"):
        page.context.clear_cookies()
        log_in(page, live_server, user)
        for url in pages:
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            assert page.evaluate("window.__xss === undefined"), url
        # The panel and its threads are swapped in by htmx.
        page.goto(f"{live_server.url}{submission.get_absolute_url()}")
        page.wait_for_selector("#map-graph[data-ready='true']")
        page.locator("#comments a").first.click()
        page.wait_for_selector("#node-panel .threads")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss === undefined")
    assert dialogs == []
