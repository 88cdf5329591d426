"""Groups over the API, with the groups page's rules: Iris arranges the groups of her group
assignment; Ada and Ben (group 1, its map started) and Dee (group 2) each read only their own
group; Otto and Cleo, outside the course, learn nothing (tests/cast.py, `group_scene`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from argmap.classroom import services
from argmap.classroom.models import Assignment, Group, Membership
from tests.cast import Scene, api_client_for, make_user

pytestmark = pytest.mark.django_db

Url = Callable[[Scene], str]
Body = Callable[[Scene], dict[str, Any] | None]


def _groups(s: Scene) -> str:
    return f"/api/assignments/{s.assignment.pk}/groups/"


def _member(s: Scene) -> str:
    dee = User.objects.get(username="dee")
    return f"/api/assignments/{s.assignment.pk}/members/{dee.pk}/"


# Every group route of the API, with each method and a body.
ROUTES: list[tuple[str, str, Url, Body]] = [
    ("assignment-groups", "get", _groups, lambda s: None),
    ("assignment-groups", "post", _groups, lambda s: {"name": "Late joiners"}),
    ("assignment-groups-random", "post", lambda s: _groups(s) + "random/", lambda s: {"size": 2}),
    ("assignment-group", "get", lambda s: _groups(s) + f"{s.group.pk}/", lambda s: None),
    ("assignment-group", "delete", lambda s: _groups(s) + f"{s.other_group.pk}/", lambda s: None),
    ("assignment-member", "put", _member, lambda s: {"group": s.group.pk}),
    ("assignment-member", "delete", _member, lambda s: None),
]
IDS = [f"{method} {name}" for name, method, _, _ in ROUTES]
NAMES = {name for name, *_ in ROUTES}
# Reading is for the course (a student reads their own group); the rest is the instructor's.
READS = {("assignment-groups", "get"), ("assignment-group", "get")}


def call(client: APIClient, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, body, format="json")


def footprint() -> tuple[Any, ...]:
    rows = tuple(Membership.objects.order_by("pk").values_list("student_id", "group_id"))
    return (tuple(Group.objects.order_by("pk").values_list("pk", "name")), rows)


def a_newcomer(groups: Scene) -> User:
    """Someone in no group, so that random grouping has a student to place."""
    eve = make_user("eve")
    services.course_join(user=eve, code=groups.course.join_code)
    return eve


@pytest.mark.parametrize(("name", "method", "url", "body"), ROUTES, ids=IDS)
def test_outsiders_learn_nothing_and_change_nothing(
    name: str, method: str, url: Url, body: Body, groups: Scene, otto: User, cleo: User,
    anon_api: APIClient,
) -> None:  # fmt: skip
    before = footprint()
    for outsider in (otto, cleo):
        response = call(api_client_for(outsider), method, url(groups), body(groups))
        assert response.status_code == 404, (outsider.username, response.content)
    anonymous = call(anon_api, method, url(groups), body(groups))
    assert anonymous.status_code == (404 if method == "get" else 401)
    assert footprint() == before


@pytest.mark.parametrize(("name", "method", "url", "body"), ROUTES, ids=IDS)
def test_students_read_their_group_and_only_the_instructor_arranges(
    name: str, method: str, url: Url, body: Body, groups: Scene, ada_api: APIClient,
    iris_api: APIClient,
) -> None:  # fmt: skip
    a_newcomer(groups)
    before = footprint()
    student = call(ada_api, method, url(groups), body(groups))
    if (name, method) in READS:
        assert student.status_code == 200, student.content
    else:
        assert student.status_code == 403, student.content
        assert footprint() == before
    instructor = call(iris_api, method, url(groups), body(groups))
    assert instructor.status_code in (200, 201, 204), instructor.content


def test_a_student_sees_only_their_own_group(groups: Scene, ada_api: APIClient) -> None:
    listed = call(ada_api, "get", _groups(groups)).json()["results"]
    assert [g["label"] for g in listed] == ["Group 1"]
    assert [m["username"] for m in listed[0]["members"]] == ["ada", "ben"]
    assert listed[0]["working_map"] == groups.work.map_id and listed[0]["submitted"] is False
    other = call(ada_api, "get", _groups(groups) + f"{groups.other_group.pk}/")
    assert other.status_code == 404


def test_anonymous_fellows_come_without_id_or_name(
    groups: Scene, ada: User, ben_api: APIClient, iris_api: APIClient
) -> None:
    Assignment.objects.filter(pk=groups.assignment.pk).update(students_anonymous=True)
    members = call(ben_api, "get", _groups(groups)).json()["results"][0]["members"]
    assert members == [
        {"id": None, "username": None, "label": "Member 1"},
        {"id": members[1]["id"], "username": "ben", "label": "Member 2 (you)"},
    ]
    # The instructor always sees who is who.
    seen = call(iris_api, "get", _groups(groups) + f"{groups.group.pk}/").json()["members"]
    assert seen[0] == {"id": ada.pk, "username": "ada", "label": "ada"}


def test_the_instructor_makes_groups_and_moves_students(groups: Scene, iris_api: APIClient) -> None:
    eve, fay = a_newcomer(groups), make_user("fay")
    services.course_join(user=fay, code=groups.course.join_code)
    made = call(iris_api, "post", _groups(groups) + "random/", {"size": 2, "seed": 7})
    assert made.status_code == 201
    assert [(g["number"], len(g["members"])) for g in made.json()] == [(3, 2)]
    named = call(iris_api, "post", _groups(groups), {"name": "Hasegawa readers"})
    assert named.status_code == 201 and named.json()["number"] == 4
    assert named["Location"] == _groups(groups) + f"{named.json()['id']}/"
    url = f"/api/assignments/{groups.assignment.pk}/members/{eve.pk}/"
    moved = call(iris_api, "put", url, {"group": named.json()["id"]})
    assert moved.status_code == 200 and moved.json() == {
        "student": eve.pk,
        "group": named.json()["id"],
    }
    assert call(iris_api, "delete", url).status_code == 204
    assert not Membership.objects.filter(student=eve).exists()


def test_refusals_carry_the_services_message(
    groups: Scene, iris: User, ada: User, ben: User, iris_api: APIClient
) -> None:
    services.submission_submit(assignment=groups.assignment, student=ada)
    url = f"/api/assignments/{groups.assignment.pk}/members/{ben.pk}/"
    locked = call(iris_api, "put", url, {"group": groups.other_group.pk})
    assert locked.status_code == 422
    assert "Group 1 has submitted already" in locked.json()["detail"]
    assert call(iris_api, "delete", url).status_code == 422
    started = call(iris_api, "delete", _groups(groups) + f"{groups.group.pk}/")
    assert started.status_code == 422 and "has started its map" in started.json()["detail"]
    again = call(iris_api, "post", _groups(groups) + "random/", {"size": 2})
    assert again.status_code == 422 and "in a group already" in again.json()["detail"]
    # Not a group of this assignment: an unknown id (400); not a student of the course: 404.
    stray = call(iris_api, "put", url, {"group": 999999})
    assert stray.status_code == 400 and "group" in stray.json()["errors"]
    assert call(iris_api, "put", f"/api/assignments/{groups.assignment.pk}/members/{iris.pk}/",
                {"group": groups.group.pk}).status_code == 404  # fmt: skip
    assert Membership.objects.get(student=ben).group == groups.group


def test_an_assignment_for_groups_is_set_over_the_api(groups: Scene, iris_api: APIClient) -> None:
    url = f"/api/courses/{groups.course.pk}/assignments/"
    body = {"title": "Together", "due_at": "2030-01-01T12:00:00Z", "work_in_groups": True,
            "students_anonymous": True}  # fmt: skip
    made = call(iris_api, "post", url, body)
    assert made.status_code == 201, made.content
    assert made.json()["work_in_groups"] is True and made.json()["students_anonymous"] is True
    assert made.json()["anonymous_grading"] is False
    groups_url = f"/api/assignments/{made.json()['id']}/groups/random/"
    assert call(iris_api, "post", groups_url, {"size": 2}).status_code == 201
