"""The edges of the classroom's rules, told as the stories a security review found them in.

The cast of tests/classroom/conftest.py: Iris teaches History 301 (Ada and Ben are her students),
Otto teaches another course (Cleo is his student). Each story is checked on the pages and on the
API, which apply the same rules.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Enrolment, WorkingMap
from argmap.maps import services as map_services
from argmap.maps.models import Map, Node
from tests.cast import Scene, client_for
from tests.factories import small_debate

pytestmark = pytest.mark.django_db

SOON = timezone.now() + datetime.timedelta(days=7)


def api_post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


# --- 1. starters and forks of coursework --------------------------------------------------------


def test_a_starter_made_private_after_the_assignment_was_set_is_not_handed_out(
    iris: User, ben: User, otto: User
) -> None:
    """Iris sets Otto's public map as the starter; Otto then makes it private and writes in it.
    Ben, starting afterwards, gets no copy of what Otto now keeps to himself, on the page or
    through the API, and is told to ask his instructor."""
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ben, code=course.join_code)
    ottos = small_debate(otto)
    assignment = services.assignment_create(
        course=course, actor=iris, title="Map it", due_at=SOON, starter_map=ottos
    )
    map_services.map_update(
        map=ottos, actor=otto, version=ottos.version, data={"visibility": "private"}
    )
    map_services.node_create(map=ottos, kind="claim", text="OTTO-PRIVATE-NOTE", actor=otto)

    page = client_for(ben).post(f"/assignments/{assignment.pk}/start/", follow=True)
    assert "no longer available" in page.text
    api = api_post(client_for(ben), f"/api/assignments/{assignment.pk}/start/")
    assert api.status_code == 422 and "no longer available" in api.json()["detail"]
    assert not WorkingMap.objects.exists()
    assert Node.objects.filter(text="OTTO-PRIVATE-NOTE").count() == 1


def test_an_instructors_own_starter_made_private_is_still_handed_out(iris: User, ben: User) -> None:
    """The usual case stays: Iris hands out her own map, public or private."""
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ben, code=course.join_code)
    starter = small_debate(iris)
    assignment = services.assignment_create(
        course=course, actor=iris, title="Map it", due_at=SOON, starter_map=starter
    )
    map_services.map_update(
        map=starter, actor=iris, version=starter.version, data={"visibility": "private"}
    )
    work = services.work_start(assignment=assignment, student=ben)
    assert Node.objects.filter(map=work.map).count() == 4


def test_a_students_working_map_is_no_starter_of_another_course(scene: Scene, iris: User) -> None:
    """Iris reads Ada's working map as her instructor; she cannot hand it out to another
    course, through the form or the API."""
    other = services.course_create(owner=iris, title="History 302")
    work = scene.work.map
    body = {"title": "Copy Ada", "due_at": "2031-01-01T00:00:00Z", "starter_map": work.pk}
    api = api_post(client_for(iris), f"/api/courses/{other.pk}/assignments/", body)
    assert api.status_code == 422, api.content
    assert "cannot be handed out" in api.json()["errors"]["starter_map"][0]
    form = {"title": "Copy Ada", "due_at": "2031-01-01T00:00", "starter_map": work.pk}
    page = client_for(iris).post(f"/courses/{other.pk}/assignments/new/", form)
    assert page.status_code == 422
    assert not other.assignments.exists()


def test_an_instructor_cannot_copy_a_students_coursework(scene: Scene, iris: User) -> None:
    """Iris reviews Ada's working map and snapshot; copying either (and then publishing the
    copy) is refused on the page and through the API."""
    before = Map.objects.count()
    for map_ in (scene.work.map, scene.submission.snapshot):
        client = client_for(iris)
        assert client.get(f"/maps/{map_.pk}/").status_code == 200
        assert "Make my own copy" not in client.get(f"/maps/{map_.pk}/").text
        assert client.post(f"/maps/{map_.pk}/fork/").status_code == 403
        api = api_post(client, f"/api/maps/{map_.pk}/fork/")
        assert api.status_code == 403 and "not yours to copy" in api.json()["detail"]
    assert Map.objects.count() == before


def test_a_student_may_still_copy_their_own_working_map(scene: Scene, ada: User) -> None:
    assert client_for(ada).post(f"/maps/{scene.work.map.pk}/fork/").status_code == 302


# --- 2. a reference map made public ------------------------------------------------------------


def test_a_reference_made_public_stays_hidden_from_its_own_students(
    scene: Scene, iris: User, ada: User, ben: User, cleo: User
) -> None:
    """Iris makes the reference public after setting it: its title never reaches Ada or Ben on
    the home page, the list of maps or the API, while anyone else now sees it."""
    reference = scene.reference
    map_services.map_update(
        map=reference,
        actor=iris,
        version=reference.version,
        data={"visibility": "public", "title": "REFERENCE-ANSWER-TITLE"},
    )
    for student in (ada, ben):
        client = client_for(student)
        for url in ("/", "/maps/", "/api/maps/", "/api/maps/?visibility=public"):
            assert "REFERENCE-ANSWER-TITLE" not in client.get(url).text, (student, url)
        assert client.get(f"/maps/{reference.pk}/").status_code == 404
    assert "REFERENCE-ANSWER-TITLE" in client_for(cleo).get("/maps/").text
    assert "REFERENCE-ANSWER-TITLE" in Client().get("/").text


# --- 3. coverage shown to students -------------------------------------------------------------


def test_students_see_their_coverage_but_not_the_references_words(
    scene: Scene, iris: User, ada: User
) -> None:
    """ "Students see their coverage" shows Ada how much of the reference she covers, in her own
    words; what she misses is counted, never quoted. Iris sees everything."""
    reference = scene.reference
    map_services.node_create(map=reference, kind="thesis", text="REFERENCE-ONLY-THESIS")
    map_services.node_create(
        map=reference, kind="evidence", text="REFERENCE-ONLY-EVIDENCE", date_text="1945-08-10"
    )
    url = f"/submissions/{scene.submission.pk}/"
    page = client_for(ada).get(url).text
    api = client_for(ada).get(f"/api{url}").json()
    assert "Coverage of the reference map" in page
    assert "theses 2 of 3" in page
    for text in (page, json.dumps(api)):
        assert "REFERENCE-ONLY" not in text
        assert "Reference answer" not in text
    reference_ids = set(Node.objects.filter(map=reference).values_list("pk", flat=True))
    shown = {c["reference"]["id"] for c in api["coverage"]["theses"] if c["reference"]}
    assert shown and not shown & reference_ids
    assert [c["reference"] for c in api["coverage"]["theses"]].count(None) == 1
    teacher = client_for(iris).get(url).text
    assert "REFERENCE-ONLY-THESIS" in teacher


# --- 5. removing a student ---------------------------------------------------------------------


def test_removing_a_student_ends_their_instructors_reading_of_their_working_map(
    scene: Scene, iris: User, ada: User
) -> None:
    """Once Ada is removed, Iris no longer reads Ada's working map (nor what Ada writes after);
    her submitted snapshot stays readable, as part of the course's record."""
    work, snapshot = scene.work.map, scene.submission.snapshot
    iris_client = client_for(iris)
    assert iris_client.get(f"/maps/{work.pk}/").status_code == 200
    services.enrolment_remove(course=scene.course, student=ada, actor=iris)
    map_services.node_create(map=work, kind="claim", text="WRITTEN-AFTER-REMOVAL", actor=ada)
    assert iris_client.get(f"/maps/{work.pk}/").status_code == 404
    assert iris_client.get(f"/api/maps/{work.pk}/nodes/").status_code == 404
    assert iris_client.get(f"/maps/{snapshot.pk}/").status_code == 200
    assert iris_client.get(f"/api/maps/{snapshot.pk}/").status_code == 200
    # The statement no thesis reaches is in the outline's last section, opened on request.
    assert "WRITTEN-AFTER-REMOVAL" in client_for(ada).get(f"/maps/{work.pk}/?open=0").text


def test_a_removed_student_needs_a_new_code_to_rejoin(scene: Scene, iris: User, ada: User) -> None:
    course = scene.course
    iris_client = client_for(iris)
    iris_client.post(f"/courses/{course.pk}/students/{ada.pk}/remove/")
    assert not Enrolment.objects.filter(course=course, user=ada).exists()

    ada_client = client_for(ada)
    page = ada_client.post("/courses/join/", {"code": course.join_code})
    assert page.status_code == 422 and "Ask them for a new code" in page.text
    api = api_post(ada_client, "/api/courses/join/", {"code": course.join_code})
    assert api.status_code == 422
    assert not Enrolment.objects.filter(course=course, user=ada).exists()

    iris_client.post(f"/courses/{course.pk}/code/")
    course.refresh_from_db()
    assert ada_client.post("/courses/join/", {"code": course.join_code}).status_code == 302
    assert Enrolment.objects.filter(course=course, user=ada, role="student").exists()


def test_an_instructor_may_let_a_removed_student_back_in(
    scene: Scene, iris: User, ada: User
) -> None:
    course = scene.course
    iris_client = client_for(iris)
    iris_client.post(f"/courses/{course.pk}/students/{ada.pk}/remove/")
    assert "Let back in" in iris_client.get(f"/courses/{course.pk}/").text
    assert iris_client.post(f"/courses/{course.pk}/students/{ada.pk}/readmit/").status_code == 302
    assert client_for(ada).post("/courses/join/", {"code": course.join_code}).status_code == 302
    assert "Let back in" not in iris_client.get(f"/courses/{course.pk}/").text
