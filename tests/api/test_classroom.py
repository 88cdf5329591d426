"""The classroom over the API: the same story and the same rules as on the pages.

The cast is the classroom's (tests/cast.py): Iris teaches History 301 with Ada and
Ben as students; Otto teaches the Pacific War seminar, where Cleo studies. Ada has submitted, Iris
has commented and released, Ada has replied.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from argmap.classroom.models import Comment, Course, Enrolment, Review, Submission
from argmap.maps import services as map_services
from argmap.maps.models import Map, Node
from tests.cast import Scene, api_client_for, make_user
from tests.factories import small_debate

pytestmark = pytest.mark.django_db


Url = Callable[[Scene], str]
Body = Callable[[Scene], dict[str, Any] | None]

# Every classroom route of the API with an id, with each method and a body.
ROUTES: list[tuple[str, str, Url, Body]] = [
    ("course-detail", "get", lambda s: f"/api/courses/{s.course.pk}/", lambda s: None),
    (
        "course-assignments",
        "get",
        lambda s: f"/api/courses/{s.course.pk}/assignments/",
        lambda s: None,
    ),
    (
        "course-assignments",
        "post",
        lambda s: f"/api/courses/{s.course.pk}/assignments/",
        lambda s: {"title": "Another", "due_at": "2030-01-01T12:00:00Z"},
    ),
    ("course-code", "post", lambda s: f"/api/courses/{s.course.pk}/code/", lambda s: None),
    (
        "course-student",
        "delete",
        lambda s: f"/api/courses/{s.course.pk}/students/{s.submission.student_id}/",
        lambda s: None,
    ),
    ("assignment-detail", "get", lambda s: f"/api/assignments/{s.assignment.pk}/", lambda s: None),
    (
        "assignment-start",
        "post",
        lambda s: f"/api/assignments/{s.assignment.pk}/start/",
        lambda s: None,
    ),
    (
        "assignment-submit",
        "post",
        lambda s: f"/api/assignments/{s.assignment.pk}/submit/",
        lambda s: None,
    ),
    (
        "assignment-submissions",
        "get",
        lambda s: f"/api/assignments/{s.assignment.pk}/submissions/",
        lambda s: None,
    ),
    (
        "assignment-overview",
        "get",
        lambda s: f"/api/assignments/{s.assignment.pk}/overview/",
        lambda s: None,
    ),
    ("submission-detail", "get", lambda s: f"/api/submissions/{s.submission.pk}/", lambda s: None),
    (
        "submission-review",
        "post",
        lambda s: f"/api/submissions/{s.submission.pk}/review/",
        lambda s: {"feedback": "Good"},
    ),
    (
        "submission-comments",
        "get",
        lambda s: f"/api/submissions/{s.submission.pk}/comments/",
        lambda s: None,
    ),
    (
        "submission-comments",
        "post",
        lambda s: f"/api/submissions/{s.submission.pk}/comments/",
        lambda s: {"body": "Why this date?", "node": s.evidence.pk},
    ),
    (
        "comment-reply",
        "post",
        lambda s: f"/api/comments/{s.comment.pk}/reply/",
        lambda s: {"body": "Hm"},
    ),
    (
        "comment-resolve",
        "post",
        lambda s: f"/api/comments/{s.comment.pk}/resolve/",
        lambda s: {"resolved": True},
    ),
]
IDS = [f"{method} {name}" for name, method, _, _ in ROUTES]
NAMES = {name for name, *_ in ROUTES}


def call(client: APIClient, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(url, body, format="json")


def footprint() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Course, Enrolment, Submission, Review, Comment, Map, Node)
    )


@pytest.mark.parametrize(("name", "method", "url", "body"), ROUTES, ids=IDS)
def test_outsiders_learn_nothing_and_change_nothing_through_the_api(
    name: str,
    method: str,
    url: Url,
    body: Body,
    scene: Scene,
    otto: User,
    cleo: User,
    anon_api: APIClient,
) -> None:
    """Otto (another course's instructor) and Cleo (another course's student) get 404 on every
    object of Iris's course; an anonymous client 404 on reads and 401 on writes."""
    before = footprint()
    for outsider in (otto, cleo):
        response = call(api_client_for(outsider), method, url(scene), body(scene))
        assert response.status_code == 404, (outsider.username, response.content)
    anonymous = call(anon_api, method, url(scene), body(scene))
    assert anonymous.status_code == (404 if method == "get" else 401)
    assert footprint() == before


# What only the course's instructor may do: Ada, a student of the course, gets 403.
INSTRUCTORS_ONLY = {
    ("course-assignments", "post"),
    ("course-code", "post"),
    ("course-student", "delete"),
    ("assignment-overview", "get"),
    ("submission-review", "post"),
    ("submission-comments", "post"),
}
# What only a student works on: Iris gets 403.
STUDENTS_ONLY = {("assignment-start", "post"), ("assignment-submit", "post")}


@pytest.mark.parametrize(("name", "method", "url", "body"), ROUTES, ids=IDS)
def test_members_may_do_what_their_role_allows(
    name: str,
    method: str,
    url: Url,
    body: Body,
    scene: Scene,
    iris: User,
    ada_api: APIClient,
    iris_api: APIClient,
) -> None:
    student = call(ada_api, method, url(scene), body(scene))
    if (name, method) in INSTRUCTORS_ONLY:
        assert student.status_code == 403, student.content
    else:
        # Submitting again before a review: the assignment allows it (the scene's default).
        assert student.status_code in (200, 201, 204), student.content
    instructor = call(iris_api, method, url(scene), body(scene))
    if (name, method) in STUDENTS_ONLY:
        assert instructor.status_code == 403, instructor.content
    elif name == "course-student":
        assert instructor.status_code == 204, instructor.content
        again = call(iris_api, method, url(scene), body(scene))
        assert again.status_code == 404  # no longer a student of the course
        teacher = f"/api/courses/{scene.course.pk}/students/{iris.pk}/"
        assert call(iris_api, "delete", teacher).status_code == 404
    else:
        assert instructor.status_code in (200, 201, 204), instructor.content


def test_a_classmate_sees_neither_the_submission_nor_its_comments(
    scene: Scene, ben_api: APIClient
) -> None:
    assert call(ben_api, "get", f"/api/submissions/{scene.submission.pk}/").status_code == 404
    assert call(ben_api, "get", f"/api/comments/{scene.comment.pk}/reply/").status_code == 405
    assert (
        call(ben_api, "post", f"/api/comments/{scene.comment.pk}/reply/", {"body": "x"}).status_code
        == 404
    )
    listed = call(ben_api, "get", f"/api/assignments/{scene.assignment.pk}/submissions/")
    assert listed.json()["count"] == 0
    assert call(ben_api, "get", f"/api/maps/{scene.submission.snapshot_id}/").status_code == 404


def test_the_reference_map_and_the_join_code_are_the_instructors(
    scene: Scene, ada_api: APIClient, iris_api: APIClient
) -> None:
    as_student = call(ada_api, "get", f"/api/assignments/{scene.assignment.pk}/").json()
    assert as_student["reference_map"] is None and as_student["role"] == "student"
    course = call(ada_api, "get", f"/api/courses/{scene.course.pk}/").json()
    assert course["course"]["join_code"] is None
    assert course["members"] is None  # the roster is the instructors', as on the course page
    as_teacher = call(iris_api, "get", f"/api/assignments/{scene.assignment.pk}/").json()
    assert as_teacher["reference_map"] == scene.reference.pk
    course = call(iris_api, "get", f"/api/courses/{scene.course.pk}/").json()
    assert course["course"]["join_code"] == scene.course.join_code
    assert {m["username"] for m in course["members"]} == {"iris", "ada", "ben"}


def test_a_student_sees_no_review_before_it_is_released(
    scene: Scene, ben_api: APIClient, iris_api: APIClient
) -> None:
    call(ben_api, "post", f"/api/assignments/{scene.assignment.pk}/start/")
    submitted = call(ben_api, "post", f"/api/assignments/{scene.assignment.pk}/submit/")
    assert submitted.status_code == 201, submitted.content
    url = f"/api/submissions/{submitted.json()['id']}/"
    node = Node.objects.filter(map_id=submitted.json()["snapshot"]).first()
    assert node is not None
    comment = call(iris_api, "post", url + "comments/", {"body": "Date?", "node": node.pk})
    assert comment.status_code == 201, comment.content
    draft = call(iris_api, "post", url + "review/", {"feedback": "Nearly there"})
    assert draft.status_code == 200 and draft.json()["released"] is False

    assert call(ben_api, "get", url).json()["review"] is None
    assert call(ben_api, "get", url + "comments/").json()["results"] == []
    assert call(ben_api, "post", f"/api/comments/{comment.json()['id']}/reply/",
                {"body": "?"}).status_code == 404  # fmt: skip

    call(iris_api, "post", url + "review/", {"feedback": "Nearly there", "decision": "release"})
    assert call(ben_api, "get", url).json()["review"]["feedback"] == "Nearly there"
    listed = call(ben_api, "get", url + "comments/").json()["results"]
    assert [c["body"] for c in listed] == ["Date?"]


def test_refusals_say_what_is_wrong(scene: Scene, ada_api: APIClient, iris_api: APIClient) -> None:
    bad_code = call(ada_api, "post", "/api/courses/join/", {"code": "NOPE-NOPE-NOPE"})
    assert bad_code.status_code == 422
    assert "No course has this join code" in bad_code.json()["errors"]["code"][0]
    over = call(
        iris_api,
        "post",
        f"/api/submissions/{scene.submission.pk}/review/",
        {"scores": {str(scene.assignment.criteria.first().pk): 99}},  # type: ignore[union-attr]
    )
    assert over.status_code == 422, over.content
    others_map = small_debate(make_user("zed"), visibility="private")
    hidden = call(
        iris_api,
        "post",
        f"/api/courses/{scene.course.pk}/assignments/",
        {"title": "T", "due_at": "2030-01-01T00:00:00Z", "starter_map": others_map.pk},
    )
    assert hidden.status_code == 400
    assert hidden.json()["errors"]["starter_map"] == ["No map you can read has this id."]
    wrong_anchor = call(
        iris_api,
        "post",
        f"/api/submissions/{scene.submission.pk}/comments/",
        {"body": "x", "node": scene.starter.nodes.first().pk},  # type: ignore[union-attr]
    )
    assert wrong_anchor.status_code == 400


def test_a_class_through_the_api_from_course_to_resubmission(
    iris: User, iris_api: APIClient, ada_api: APIClient
) -> None:
    """Iris sets up a course and an assignment with a starter and a reference; Ada joins,
    starts, adds evidence and submits; Iris comments, scores and returns it; Ada revises and
    resubmits; Iris sees the changes, the coverage and the overview."""
    starter = small_debate(iris)
    reference = map_services.map_fork(map=starter, owner=iris, title="Reference")

    course = call(iris_api, "post", "/api/courses/", {"title": "History 301"})
    assert course.status_code == 201 and course.json()["role"] == "instructor"
    code = course.json()["join_code"]
    joined = call(ada_api, "post", "/api/courses/join/", {"code": code.lower()})
    assert joined.status_code == 201 and joined.json()["role"] == "student"

    due = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    assignment = call(
        iris_api,
        "post",
        f"/api/courses/{course.json()['id']}/assignments/",
        {
            "title": "Why did Japan surrender?",
            "prompt": "Map **both** theses.",
            "due_at": due,
            "starter_map": starter.pk,
            "reference_map": reference.pk,
            "allow_resubmission": False,
            "criteria": [{"title": "Evidence is cited", "points": 5}],
        },
    )
    assert assignment.status_code == 201, assignment.content
    a = assignment.json()
    assert a["criteria"][0]["points"] == 5 and a["reference_map"] == reference.pk

    work = call(ada_api, "post", f"/api/assignments/{a['id']}/start/").json()
    again = call(ada_api, "post", f"/api/assignments/{a['id']}/start/").json()
    assert work == again and work["map"] != starter.pk
    added = call(
        ada_api,
        "post",
        f"/api/maps/{work['map']}/nodes/",
        {"kind": "claim", "text": "The navy could no longer fight"},
    )
    assert added.status_code == 201, added.content
    first = call(ada_api, "post", f"/api/assignments/{a['id']}/submit/")
    assert first.status_code == 201 and first.json()["number"] == 1
    refused = call(ada_api, "post", f"/api/assignments/{a['id']}/submit/")
    assert refused.status_code == 422  # no resubmission before the review

    url = f"/api/submissions/{first.json()['id']}/"
    snapshot_node = Node.objects.get(map_id=first.json()["snapshot"], text__startswith="The navy")
    comment = call(
        iris_api, "post", url + "comments/", {"body": "Evidence?", "node": snapshot_node.pk}
    )
    assert comment.status_code == 201
    criterion = a["criteria"][0]["id"]
    returned = call(
        iris_api,
        "post",
        url + "review/",
        {"scores": {str(criterion): 3}, "feedback": "Cite it.", "decision": "return"},
    )
    assert returned.status_code == 200 and returned.json()["total"] == 3

    seen = call(ada_api, "get", url).json()
    assert seen["submission"]["status"] == "returned" and seen["review"]["feedback"] == "Cite it."
    reply = call(ada_api, "post", f"/api/comments/{comment.json()['id']}/reply/", {"body": "Done"})
    assert reply.status_code == 201 and reply.json()["parent"] == comment.json()["id"]
    resolved = call(ada_api, "post", f"/api/comments/{comment.json()['id']}/resolve/", {})
    assert resolved.json()["resolved"] is True

    # Editing the working map after submitting changes nothing of the snapshot.
    call(ada_api, "post", f"/api/maps/{work['map']}/nodes/", {"kind": "claim", "text": "Blockade"})
    assert not Node.objects.filter(map_id=first.json()["snapshot"], text="Blockade").exists()
    second = call(ada_api, "post", f"/api/assignments/{a['id']}/submit/")
    assert second.status_code == 201 and second.json()["number"] == 2

    detail = call(iris_api, "get", f"/api/submissions/{second.json()['id']}/").json()
    assert detail["previous"] == first.json()["id"]
    assert [n["node"]["text"] for n in detail["changes"]["added_nodes"]] == ["Blockade"]
    assert {t["reference"]["text"] for t in detail["coverage"]["theses"] if t["used"]} == {
        "The bombs ended the war",
        "The Soviet entry ended it",
    }
    overview = call(iris_api, "get", f"/api/assignments/{a['id']}/overview/").json()
    (row,) = overview["students"]
    assert row["student"] == "ada" and row["submissions"] == 2 and row["theses_covered"] == 2
    assert row["status"] == "submitted" and row["statements"] == 6


def test_the_maps_of_a_course_follow_the_pages_rules_over_the_api(
    scene: Scene, iris_api: APIClient, ada_api: APIClient, otto_api: APIClient
) -> None:
    """Iris reads Ada's working map and snapshot; nobody changes a snapshot; the reference
    stays hidden from Ada; Otto sees none of them."""
    snapshot = f"/api/maps/{scene.submission.snapshot_id}/"
    assert call(iris_api, "get", snapshot).status_code == 200
    assert call(iris_api, "get", f"/api/maps/{scene.work.map_id}/nodes/").status_code == 200
    version = call(ada_api, "get", snapshot)["ETag"]
    refused = ada_api.patch(snapshot, {"title": "Changed"}, format="json", HTTP_IF_MATCH=version)
    assert refused.status_code == 403
    added = call(ada_api, "post", snapshot + "nodes/", {"kind": "claim", "text": "Later"})
    assert added.status_code == 403
    assert call(ada_api, "get", f"/api/maps/{scene.reference.pk}/").status_code == 404
    for url in (snapshot, f"/api/maps/{scene.work.map_id}/", f"/api/maps/{scene.reference.pk}/"):
        assert call(otto_api, "get", url).status_code == 404
