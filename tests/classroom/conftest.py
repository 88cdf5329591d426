"""The classroom's cast and scene.

Iris teaches **History 301**; Ada and Ben are her students. Otto teaches another course, the
**Pacific War seminar**, where Cleo is a student. So for Ada's work: Ben is a classmate, Cleo a
student of another course, Otto an instructor of another course, and an anonymous visitor has no
account at all. None of them may see anything of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Assignment, Comment, Course, Submission, WorkingMap
from argmap.maps import services as map_services
from argmap.maps.models import Link, Map, Node
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def quick_passwords(settings: Any) -> None:
    """The scene has five accounts; hashing their passwords the production way costs a second
    per test on a small machine, and no classroom test is about passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def otto(db: None) -> User:
    return make_user("otto")


@pytest.fixture
def cleo(db: None) -> User:
    return make_user("cleo")


@pytest.fixture
def iris_client(iris: User) -> Client:
    return client_for(iris)


@pytest.fixture
def otto_client(otto: User) -> Client:
    return client_for(otto)


@pytest.fixture
def cleo_client(cleo: User) -> Client:
    return client_for(cleo)


def small_debate(owner: User, *, visibility: str = "public") -> Map:
    """A thesis, its rival, and dated, cited evidence for and against."""
    map_ = map_services.map_create(
        owner=owner, title="Why did Japan surrender?", visibility=visibility
    )
    source = map_services.source_create(title="The Effects of the Atomic Bombs", year=1946)
    bomb = map_services.node_create(map=map_, kind="thesis", text="The bombs ended the war")
    soviet = map_services.node_create(map=map_, kind="thesis", text="The Soviet entry ended it")
    hiroshima = map_services.node_create(
        map=map_,
        kind="evidence",
        text="Hiroshima is destroyed by an atomic bomb",
        source=source,
        date_text="1945-08-06",
        evidence_kind="event",
    )
    declaration = map_services.node_create(
        map=map_,
        kind="evidence",
        text="The Soviet Union declares war on Japan",
        source=source,
        date_text="1945-08-08",
        evidence_kind="event",
    )
    map_services.link_create(map=map_, kind="supports", source=hiroshima, target=bomb)
    map_services.link_create(map=map_, kind="supports", source=declaration, target=soviet)
    map_services.link_create(map=map_, kind="opposes", source=soviet, target=bomb)
    return map_


@dataclass
class Scene:
    course: Course
    other_course: Course
    starter: Map
    reference: Map
    assignment: Assignment
    work: WorkingMap
    submission: Submission
    node: Node
    link: Link
    comment: Comment
    reply: Comment

    @property
    def ids(self) -> dict[str, int]:
        return {
            "course": self.course.pk,
            "assignment": self.assignment.pk,
            "submission": self.submission.pk,
            "node": self.node.pk,
            "link": self.link.pk,
            "comment": self.comment.pk,
            "student": self.submission.student_id,
        }


def build_scene(*, iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """Iris's course with an assignment Ada has submitted and Iris has commented on (released,
    and Ada replied); Ben has joined but not started. Otto's course has Cleo."""
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    services.course_join(user=ben, code=course.join_code)
    other = services.course_create(owner=otto, title="Pacific War seminar")
    services.course_join(user=cleo, code=other.join_code)
    starter = small_debate(iris)
    reference = map_services.map_fork(map=starter, owner=iris, title="Reference answer")
    assignment = services.assignment_create(
        course=course,
        actor=iris,
        title="Map the surrender debate",
        prompt="Map **both** theses.",
        due_at=timezone.now() + datetime.timedelta(days=7),
        starter_map=starter,
        reference_map=reference,
        students_see_coverage=True,
        criteria=[
            services.CriterionData("Evidence is cited", 5, "Every piece has a source."),
            services.CriterionData("Both sides", 5),
        ],
    )
    work = services.work_start(assignment=assignment, student=ada)
    submission = services.submission_submit(assignment=assignment, student=ada)
    node = Node.objects.filter(map=submission.snapshot, kind="evidence").first()
    link = Link.objects.filter(map=submission.snapshot).first()
    assert node is not None and link is not None
    comment = services.comment_add(
        submission=submission, author=iris, body="Which page of the report?", node=node
    )
    services.review_decide(submission=submission, reviewer=iris, decision=services.Decision.RELEASE)
    reply = services.comment_add(
        submission=submission, author=ada, body="Page 3, I will add it.", parent=comment
    )
    return Scene(
        course, other, starter, reference, assignment, work, submission, node, link, comment, reply
    )


@pytest.fixture
def scene(iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    return build_scene(iris=iris, ada=ada, ben=ben, otto=otto, cleo=cleo)
