"""Nobody outside a course learns anything about it: a student of another course (Cleo), an
instructor of another course (Otto) and an anonymous visitor get 404 on every course, assignment,
submission, review and comment URL (pages, htmx fragments and the CSV export alike), and nothing
is written. A meta-test walks the URL configuration so that a new classroom URL cannot be added
without its row here."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from argmap.classroom.models import (
    Assignment,
    Comment,
    Course,
    Criterion,
    Enrolment,
    Group,
    Membership,
    Removal,
    Review,
    Score,
    Submission,
    WorkingMap,
)
from argmap.maps.models import Link, Map, Node
from tests.cast import Scene, client_for
from tests.classroom.test_peer_access import PEER_URLS

pytestmark = pytest.mark.django_db

Url = Callable[[Scene], str]


def url(name: str, **ids: str) -> Url:
    """The URL of `name`, its ids read from the scene (`course="course"` → scene.ids["course"])."""
    return lambda s: reverse(f"classroom:{name}", kwargs={k: s.ids[v] for k, v in ids.items()})


COURSE = {"course_id": "course"}
ASSIGNMENT = {"assignment_id": "assignment"}
SUBMISSION = {"submission_id": "submission"}
COMMENT = {"comment_id": "comment"}

# Every classroom URL that names an object, with each method it answers.
OBJECT_URLS: list[tuple[str, str, Url]] = [
    ("course-detail", "get", url("course-detail", **COURSE)),
    ("course-code", "post", url("course-code", **COURSE)),
    ("course-remove-student", "get", url("course-remove-student", **COURSE, user_id="student")),
    ("course-remove-student", "post", url("course-remove-student", **COURSE, user_id="student")),
    ("course-readmit", "post", url("course-readmit", **COURSE, user_id="student")),
    ("assignment-new", "get", url("assignment-new", **COURSE)),
    ("assignment-new", "post", url("assignment-new", **COURSE)),
    ("assignment-detail", "get", url("assignment-detail", **ASSIGNMENT)),
    ("assignment-edit", "get", url("assignment-edit", **ASSIGNMENT)),
    ("assignment-edit", "post", url("assignment-edit", **ASSIGNMENT)),
    ("assignment-start", "post", url("assignment-start", **ASSIGNMENT)),
    ("assignment-submit", "post", url("assignment-submit", **ASSIGNMENT)),
    ("gradebook", "get", url("gradebook", **ASSIGNMENT)),
    ("submission-detail", "get", url("submission-detail", **SUBMISSION)),
    ("submission-review", "post", url("submission-review", **SUBMISSION)),
    ("submission-node", "get", url("submission-node", **SUBMISSION, node_id="node")),
    ("submission-node", "post", url("submission-node", **SUBMISSION, node_id="node")),
    ("submission-link", "get", url("submission-link", **SUBMISSION, link_id="link")),
    ("submission-link", "post", url("submission-link", **SUBMISSION, link_id="link")),
    ("comment-reply", "post", url("comment-reply", **COMMENT)),
    ("comment-resolve", "post", url("comment-resolve", **COMMENT)),
]
IDS = [f"{method} {name}" for name, method, _ in OBJECT_URLS]
# What Ben, Ada's classmate, may not see: anything of her submission.
ADAS_OWN = {"submission-detail", "submission-review", "submission-node", "submission-link",
            "comment-reply", "comment-resolve"}  # fmt: skip
# What only an instructor of the course may do; a student of the course gets 403.
INSTRUCTORS_ONLY = {"course-code", "course-remove-student", "course-readmit", "assignment-new",
                    "assignment-edit", "gradebook"}  # fmt: skip


def footprint() -> tuple[int, ...]:
    """How many rows every table the classroom writes to holds."""
    models = (Course, Enrolment, Removal, Assignment, Criterion, WorkingMap, Submission, Review,
              Score, Comment, Map, Node, Link)  # fmt: skip
    resolved = Comment.objects.filter(resolved=True).count()
    codes = tuple(Course.objects.order_by("pk").values_list("join_code", flat=True))
    return (*(m.objects.count() for m in models), resolved, hash(codes))  # type: ignore[attr-defined]


def call(client: Client, method: str, path: str, *, htmx: bool = False) -> int:
    data = {"body": "Let me in", "code": "x", "title": "x", "resolved": "1"}
    headers = {"HX-Request": "true"} if htmx else {}
    if method == "get":
        return int(client.get(path, headers=headers).status_code)
    return int(client.post(path, data, headers=headers).status_code)


@pytest.mark.parametrize(("name", "method", "path"), OBJECT_URLS, ids=IDS)
def test_outsiders_get_404_and_change_nothing(
    name: str,
    method: str,
    path: Url,
    scene: Scene,
    cleo_client: Client,
    otto_client: Client,
    anon_client: Client,
) -> None:
    before = footprint()
    for outsider in (cleo_client, otto_client, anon_client):
        for htmx in (False, True):
            assert call(outsider, method, path(scene), htmx=htmx) == 404, (name, htmx)
    assert footprint() == before


@pytest.mark.parametrize(("name", "method", "path"), OBJECT_URLS, ids=IDS)
def test_the_course_itself_sees_what_its_role_allows(
    name: str, method: str, path: Url, scene: Scene, ada_client: Client, ben_client: Client
) -> None:
    if name in ADAS_OWN:
        assert call(ben_client, method, path(scene)) == 404
    elif name in INSTRUCTORS_ONLY:
        assert call(ben_client, method, path(scene)) == 403
        assert call(ada_client, method, path(scene)) == 403


# The groups page and its actions, on the group scene (Ada and Ben in group 1, Dee in group 2):
# the instructor's alone. A student of the course gets 403, anyone else 404.
def group_url(name: str, **ids: Callable[[Scene], int]) -> Url:
    return lambda s: reverse(
        f"classroom:{name}",
        kwargs={"assignment_id": s.assignment.pk, **{k: f(s) for k, f in ids.items()}},
    )


GROUP_URLS: list[tuple[str, str, Url]] = [
    ("groups", "get", group_url("groups")),
    ("group-new", "post", group_url("group-new")),
    ("groups-random", "post", group_url("groups-random")),
    ("group-move", "post", group_url("group-move", user_id=lambda s: s.work.student_id)),
    ("group-delete", "get", group_url("group-delete", group_id=lambda s: s.other_group.pk)),
    ("group-delete", "post", group_url("group-delete", group_id=lambda s: s.other_group.pk)),
]
GROUP_IDS = [f"{method} {name}" for name, method, _ in GROUP_URLS]


def group_footprint() -> tuple[int, ...]:
    memberships = tuple(Membership.objects.order_by("pk").values_list("student_id", "group_id"))
    return (Group.objects.count(), hash(memberships), *footprint())


@pytest.mark.parametrize(("name", "method", "path"), GROUP_URLS, ids=GROUP_IDS)
def test_groups_are_the_instructors_to_arrange(
    name: str,
    method: str,
    path: Url,
    groups: Scene,
    ada_client: Client,
    ben_client: Client,
    cleo_client: Client,
    otto_client: Client,
    anon_client: Client,
) -> None:
    before = group_footprint()
    dee = client_for(User.objects.get(username="dee"))
    for student in (ada_client, ben_client, dee):
        for htmx in (False, True):
            assert call(student, method, path(groups), htmx=htmx) == 403, (name, htmx)
    for outsider in (cleo_client, otto_client, anon_client):
        for htmx in (False, True):
            assert call(outsider, method, path(groups), htmx=htmx) == 404, (name, htmx)
    assert group_footprint() == before


def test_the_instructor_reaches_every_group_url(groups: Scene, iris_client: Client) -> None:
    """The denials above are denials, not broken URLs: Iris gets an answer from each."""
    for name, method, path in GROUP_URLS:
        status = call(iris_client, method, path(groups))
        assert status in (200, 302, 422), (name, method, status)


def test_every_classroom_object_url_has_a_denied_access_test() -> None:
    """Fails when a classroom URL that takes an object id has no row in OBJECT_URLS, GROUP_URLS
    (or, for peer review, in tests/classroom/test_peer_access.py)."""
    tested = (
        {name for name, _, _ in OBJECT_URLS}
        | {name for name, _, _ in GROUP_URLS}
        | {name for name, _, _ in PEER_URLS}
    )

    def names(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> set[str]:
        found: set[str] = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                found |= names(pattern.url_patterns, route, pattern.namespace or namespace)
            elif namespace == "classroom" and "<int:" in route and pattern.name:
                found.add(pattern.name)
        return found

    routes = names(get_resolver().url_patterns, "", "")
    assert routes, "no classroom URL found: has the URL configuration changed shape?"
    assert routes - tested == set()


def test_nobody_else_reads_the_maps_of_the_course(
    scene: Scene, ada: User, ben: User, otto: User, cleo: User, anon_client: Client
) -> None:
    """Ada's working map and snapshot are hers and her instructors'; the reference map is the
    instructor's alone. Every page of a map answers 404 to anyone else."""
    pages = [
        "",
        "nodes/{node}/",
        "history/",
        "export/",
        "export/json/",
        "debate/",
        "matrix/",
        "matrix.csv",
        "timeline/",
    ]
    secret = {
        scene.work.map: [ben, otto, cleo],
        scene.submission.snapshot: [ben, otto, cleo],
        scene.reference: [ada, ben, otto, cleo],
    }
    for map_, outsiders in secret.items():
        node = Node.objects.filter(map=map_).first()
        assert node is not None
        for page in pages:
            path = f"/maps/{map_.pk}/" + page.format(node=node.pk)
            for client in [*(client_for(u) for u in outsiders), anon_client]:
                assert client.get(path).status_code == 404, (map_.title, path)


def test_every_unsafe_classroom_request_needs_the_csrf_token(scene: Scene, iris: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(iris)
    before = footprint()
    for name, method, path in OBJECT_URLS:
        if method == "post":
            assert client.post(path(scene), {"body": "x"}).status_code == 403, name
    assert footprint() == before


def test_every_unsafe_group_request_needs_the_csrf_token(groups: Scene, iris: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(iris)
    before = group_footprint()
    for name, method, path in GROUP_URLS:
        if method == "post":
            assert client.post(path(groups), {"size": "2", "group": ""}).status_code == 403, name
    assert group_footprint() == before
