"""axe-core in Chromium finds nothing serious or critical on the pages the debate tests do not
visit: the scholar and source pages, the debate view with evidence set aside, the editor's
pages, and every classroom page as an instructor and as a student sees it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from argmap.maps.models import Map, Node, Source
from tests.cast import Scene
from tests.e2e.helpers import log_in, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page: Any, live_server: Any, path: str) -> list[str]:
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    return [f"{path}: {v}" for v in serious_violations(page, live_server)]


def test_reading_pages_pass_axe(
    live_server: Any, page: Any, console_errors: list[str], demo: Map
) -> None:
    frank = Node.objects.get(map=demo, key="th_frank")
    wilson = Node.objects.get(map=demo, key="th_wilson")
    soviet = Node.objects.get(map=demo, key="ev_soviet_declaration")
    paths = [
        "/",
        "/maps/",
        "/scholars/",
        f"/scholars/{frank.scholar_id}/",
        "/sources/",
        f"/sources/{Source.objects.get(key='src_wiki_sjw').pk}/",
        f"/maps/{demo.pk}/?aside={soviet.pk}",
        f"/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}&aside={soviet.pk}",
        f"/maps/{demo.pk}/nodes/{soviet.pk}/",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    found = [v for path in paths for v in check(page, live_server, path)]
    assert found == []
    assert console_errors == []


def test_editing_pages_pass_axe(
    live_server: Any, page: Any, ada: User, console_errors: list[str], demo: Map
) -> None:
    from argmap.maps import services

    mine = services.map_fork(map=demo, owner=ada)
    node = mine.nodes.filter(kind="evidence").first()
    assert node is not None
    log_in(page, live_server, "ada")
    paths = [
        f"/maps/{mine.pk}/",
        f"/maps/{mine.pk}/nodes/add/",
        f"/maps/{mine.pk}/nodes/{node.pk}/edit/",
        f"/maps/{mine.pk}/nodes/{node.pk}/links/add/",
        f"/maps/{mine.pk}/settings/",
        f"/maps/{mine.pk}/history/",
        "/maps/import/",
        "/maps/new/",
        "/accounts/token/",
    ]
    found = [v for path in paths for v in check(page, live_server, path)]
    assert found == []
    assert console_errors == []


def test_classroom_pages_pass_axe(
    live_server: Any, page: Any, scene: Scene, ben: User, console_errors: list[str]
) -> None:
    course, assignment, submission = scene.course, scene.assignment, scene.submission
    shared = [
        "/courses/",
        f"/courses/{course.pk}/",
        f"/assignments/{assignment.pk}/",
        f"/submissions/{submission.pk}/",
        f"/submissions/{submission.pk}/nodes/{scene.evidence.pk}/",
        f"/submissions/{submission.pk}/links/{scene.link.pk}/",
    ]
    teaching = [
        "/courses/new/",
        f"/courses/{course.pk}/assignments/new/",
        f"/assignments/{assignment.pk}/edit/",
        f"/courses/{course.pk}/students/{ben.pk}/remove/",
    ]
    log_in(page, live_server, "iris")
    found = [v for path in shared + teaching for v in check(page, live_server, path)]
    page.context.clear_cookies()
    log_in(page, live_server, "ada")
    found += [v for path in [*shared, "/courses/join/"] for v in check(page, live_server, path)]
    assert found == []
    assert console_errors == []
