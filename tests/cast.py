"""The cast of every story the tests tell, and the scenes they play in (a pytest plugin, loaded
by tests/conftest.py).

Iris teaches **History 301**, where Ada and Ben are her students. Otto teaches another course,
the **Pacific War seminar**, where Cleo studies. Ada owns maps, public and private; Ben has maps
of his own and must not see Ada's private ones; Otto and Cleo stand outside Iris's course and
must learn nothing of it; an anonymous visitor has no account and reads public maps only. The
demo debate ("Why did Japan surrender in August 1945?") is public and belongs to none of them.

Everyone has a page client signed in by session (`ada_client`, … `anon_client`) and an API
client signed in by token (`ada_api`, … `anon_api`). Anyone else a story needs (a thirtieth
student, Zed who owns a course nobody else is in) is made with `make_user`, and signed in with
`client_for` or `api_client_for`: there is no other way to make a user or a client.

The scenes share one dataclass, `Scene`; `map_scene` and `classroom_scene` build them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.test import APIClient

from argmap.classroom import services as classroom
from argmap.classroom.models import (
    Assignment,
    Comment,
    Course,
    Group,
    Submission,
    WorkingMap,
)
from argmap.maps import services
from argmap.maps.demo import load_demo
from argmap.maps.models import Characterisation, CharacterisationStatus, Link, Map, Node, Revision
from tests.conftest import copy_in
from tests.factories import (
    EvidenceFactory,
    MapFactory,
    ScholarFactory,
    SourceFactory,
    ThesisFactory,
    small_debate,
)

PASSWORD = "correct-horse-battery-1945"


@pytest.fixture(autouse=True)
def quick_passwords(request: pytest.FixtureRequest, settings: Any) -> None:
    """Hashing a password the production way costs about a second on a small machine, and a
    story has up to five people; only the tests marked `passwords` are about passwords."""
    if request.node.get_closest_marker("passwords") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def generous_page_rates(settings: Any) -> None:
    """The pages' rates (argmap/lib/rates.py) stay out of the way of tests that import, join or
    sign up many times; the tests about rates set small ones on purpose."""
    rest = dict(settings.REST_FRAMEWORK)
    rates = dict(rest["DEFAULT_THROTTLE_RATES"])
    rates.update(dict.fromkeys(("imports", "join", "signup", "password_reset"), "1000000/min"))
    rest["DEFAULT_THROTTLE_RATES"] = rates
    settings.REST_FRAMEWORK = rest


@pytest.fixture(autouse=True)
def counts_start_afresh(request: pytest.FixtureRequest, django_db_blocker: Any) -> Iterator[None]:
    """Request and log-in counts live in the cache, by default a database table that the flush
    after a transactional test leaves alone (it is no model's): empty it, so that no count
    carries over into the next test."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        with django_db_blocker.unblock():
            cache.clear()


# --- the people --------------------------------------------------------------------------------


def make_user(username: str) -> User:
    """Someone with the cast's password and an address of their own."""
    return User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org"
    )


def client_for(user: User) -> Client:
    """A browser signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user: User) -> APIClient:
    """An API client that authenticates as `user` with a key of their own."""
    client = APIClient()
    _, key = AuthToken.objects.create(user=user, expiry=None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def fixed_token(user: User, key: str) -> None:
    """Give `user` the API key `key` (stored as every key is: its digest only)."""
    AuthToken.objects.get_or_create(
        digest=hash_token(key),
        defaults={"user": user, "token_key": key[: CONSTANTS.TOKEN_KEY_LENGTH]},
    )


@pytest.fixture
def ada(db: None) -> User:
    """A student in Iris's course; she owns maps."""
    return make_user("ada")


@pytest.fixture
def ben(db: None) -> User:
    """Ada's classmate, with maps of his own."""
    return make_user("ben")


@pytest.fixture
def iris(db: None) -> User:
    """The instructor of History 301."""
    return make_user("iris")


@pytest.fixture
def otto(db: None) -> User:
    """The instructor of another course, the Pacific War seminar."""
    return make_user("otto")


@pytest.fixture
def cleo(db: None) -> User:
    """A student of Otto's course."""
    return make_user("cleo")


@pytest.fixture
def ada_client(ada: User) -> Client:
    return client_for(ada)


@pytest.fixture
def ben_client(ben: User) -> Client:
    return client_for(ben)


@pytest.fixture
def iris_client(iris: User) -> Client:
    return client_for(iris)


@pytest.fixture
def otto_client(otto: User) -> Client:
    return client_for(otto)


@pytest.fixture
def cleo_client(cleo: User) -> Client:
    return client_for(cleo)


@pytest.fixture
def anon_client() -> Client:
    return Client()


@pytest.fixture
def ada_api(ada: User) -> APIClient:
    return api_client_for(ada)


@pytest.fixture
def ben_api(ben: User) -> APIClient:
    return api_client_for(ben)


@pytest.fixture
def iris_api(iris: User) -> APIClient:
    return api_client_for(iris)


@pytest.fixture
def otto_api(otto: User) -> APIClient:
    return api_client_for(otto)


@pytest.fixture
def cleo_api(cleo: User) -> APIClient:
    return api_client_for(cleo)


@pytest.fixture
def anon_api() -> APIClient:
    return APIClient()


# --- the scenes --------------------------------------------------------------------------------


@dataclass
class Scene:
    """What has happened before a test begins. Each builder fills the fields of its own story;
    the others stay None.

    `map_scene`: a map mid-edit. Its `thesis` ("The Soviet entry was decisive") is supported by
    `evidence` ("Declaration of war, 8 August") through `link`; `other` is a rival thesis; a
    statement was deleted in `batch`, which can still be undone; a scholar's `characterisation`
    of the thesis is disputed. With `reworded=True` the owner has since reworded the thesis
    (version 2, "Soviet entry decided it"), which left `revision` in the map's history.

    `classroom_scene`: Iris's `course` has an `assignment` (with a `starter` map and a
    `reference` answer) that Ada started (`work`) and submitted (`submission`); Iris commented on
    the `evidence` of Ada's snapshot (`comment`) and released her review, and Ada replied
    (`reply`); `link` is a link of that snapshot. Ben has joined but not started. Otto's
    `other_course` has Cleo.

    `group_scene`: Iris's `course` (Ada, Ben and Dee are its students) has an `assignment`
    done in groups, from a `starter` map: Ada and Ben are `group` 1, Dee is `other_group` 2.
    Ada started group 1's map (`work`, which Ben edits too); nobody has submitted. Otto and
    Cleo are in the Pacific War seminar (`other_course`).

    `peer_scene`: Iris's `course` has four `students` (Ada, Ben, Dee, Eve), who all started and
    submitted an `assignment` that is anonymous both ways (students to each other, and to Iris
    while she grades); `submissions` are theirs, in the same order. The peer review is not open
    yet. Otto and Cleo are in the Pacific War seminar (`other_course`).
    """

    # map_scene, and the snapshot's evidence and link in classroom_scene
    map: Map | None = None
    thesis: Node | None = None
    other: Node | None = None
    evidence: Node | None = None
    link: Link | None = None
    batch: uuid.UUID | None = None
    characterisation: Characterisation | None = None
    revision: Revision | None = None
    # classroom_scene
    course: Course | None = None
    other_course: Course | None = None
    starter: Map | None = None
    reference: Map | None = None
    assignment: Assignment | None = None
    work: WorkingMap | None = None
    submission: Submission | None = None
    comment: Comment | None = None
    reply: Comment | None = None
    # group_scene
    group: Group | None = None
    other_group: Group | None = None
    # peer_scene
    students: list[User] | None = None
    submissions: list[Submission] | None = None

    @property
    def ids(self) -> dict[str, int]:
        """The classroom's objects by the names its URLs give their ids."""
        assert self.course and self.assignment and self.submission and self.evidence
        assert self.link and self.comment
        return {
            "course": self.course.pk,
            "assignment": self.assignment.pk,
            "submission": self.submission.pk,
            "node": self.evidence.pk,
            "link": self.link.pk,
            "comment": self.comment.pk,
            "student": self.submission.student_id,
        }


def map_scene(owner: User, visibility: str, *, reworded: bool = False) -> Scene:
    """A map of `owner`'s mid-edit (see `Scene`)."""
    map_ = MapFactory(owner=owner, visibility=visibility, title=f"Ada's {visibility} map")
    thesis = ThesisFactory(map=map_, text="The Soviet entry was decisive")
    other = ThesisFactory(map=map_, text="The bombs were decisive")
    evidence = EvidenceFactory(map=map_, text="Declaration of war, 8 August")
    link = services.link_create(
        map=map_, kind="supports", source=evidence, target=thesis, actor=owner
    )
    spare = ThesisFactory(map=map_, text="to be deleted")
    batch = services.node_delete(node=spare, actor=owner)
    characterisation = services.characterisation_create(
        scholar=ScholarFactory(),
        source=SourceFactory(),
        text="Says the Soviet entry decided it",
        status=CharacterisationStatus.DISPUTED,
        thesis=thesis,
    )
    scene = Scene(map_, thesis, other, evidence, link, batch, characterisation)
    if reworded:
        services.node_update(
            node=thesis, actor=owner, version=1, data={"text": "Soviet entry decided it"}
        )
        scene.revision = Revision.objects.filter(
            map=map_, target_type="node", target_id=thesis.pk
        ).first()
        assert scene.revision is not None
    return scene


def classroom_scene(*, iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """Iris's course, where Ada has submitted and Iris has reviewed (see `Scene`)."""
    course = classroom.course_create(owner=iris, title="History 301")
    classroom.course_join(user=ada, code=course.join_code)
    classroom.course_join(user=ben, code=course.join_code)
    other = classroom.course_create(owner=otto, title="Pacific War seminar")
    classroom.course_join(user=cleo, code=other.join_code)
    starter = small_debate(iris)
    reference = services.map_fork(map=starter, owner=iris, title="Reference answer")
    assignment = classroom.assignment_create(
        course=course,
        actor=iris,
        title="Map the surrender debate",
        prompt="Map **both** theses.",
        due_at=timezone.now() + datetime.timedelta(days=7),
        starter_map=starter,
        reference_map=reference,
        students_see_coverage=True,
        criteria=[
            classroom.CriterionData("Evidence is cited", 5, "Every piece has a source."),
            classroom.CriterionData("Both sides", 5),
        ],
    )
    work = classroom.work_start(assignment=assignment, student=ada)
    submission = classroom.submission_submit(assignment=assignment, student=ada)
    evidence = Node.objects.filter(map=submission.snapshot, kind="evidence").first()
    link = Link.objects.filter(map=submission.snapshot).first()
    assert evidence is not None and link is not None
    comment = classroom.comment_add(
        submission=submission, author=iris, body="Which page of the report?", node=evidence
    )
    classroom.review_decide(
        submission=submission, reviewer=iris, decision=classroom.Decision.RELEASE
    )
    reply = classroom.comment_add(
        submission=submission, author=ada, body="Page 3, I will add it.", parent=comment
    )
    return Scene(
        evidence=evidence,
        link=link,
        course=course,
        other_course=other,
        starter=starter,
        reference=reference,
        assignment=assignment,
        work=work,
        submission=submission,
        comment=comment,
        reply=reply,
    )


def group_scene(*, iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """Iris's course, where Ada and Ben share group 1's map (see `Scene`)."""
    course = classroom.course_create(owner=iris, title="History 301")
    dee = make_user("dee")
    for student in (ada, ben, dee):
        classroom.course_join(user=student, code=course.join_code)
    other = classroom.course_create(owner=otto, title="Pacific War seminar")
    classroom.course_join(user=cleo, code=other.join_code)
    starter = small_debate(iris)
    assignment = classroom.assignment_create(
        course=course,
        actor=iris,
        title="Map the surrender debate together",
        due_at=timezone.now() + datetime.timedelta(days=7),
        starter_map=starter,
        work_in_groups=True,
        criteria=[classroom.CriterionData("Both sides", 5)],
    )
    group = classroom.group_create(assignment=assignment, actor=iris)
    other_group = classroom.group_create(assignment=assignment, actor=iris)
    for student, into in ((ada, group), (ben, group), (dee, other_group)):
        classroom.membership_set(assignment=assignment, student=student, group=into, actor=iris)
    work = classroom.work_start(assignment=assignment, student=ada)
    return Scene(
        map=work.map,
        course=course,
        other_course=other,
        starter=starter,
        assignment=assignment,
        work=work,
        group=group,
        other_group=other_group,
    )


def peer_scene(
    *, iris: User, students: list[User], otto: User, cleo: User, due_days: int = -1
) -> Scene:
    """Iris's course, where every one of `students` has submitted (see `Scene`)."""
    course = classroom.course_create(owner=iris, title="History 301")
    for student in students:
        classroom.course_join(user=student, code=course.join_code)
    other = classroom.course_create(owner=otto, title="Pacific War seminar")
    classroom.course_join(user=cleo, code=other.join_code)
    starter = small_debate(iris)
    assignment = classroom.assignment_create(
        course=course,
        actor=iris,
        title="Map the surrender debate",
        due_at=timezone.now() + datetime.timedelta(days=due_days),
        starter_map=starter,
        students_anonymous=True,
        anonymous_grading=True,
        criteria=[classroom.CriterionData("Both sides", 5)],
    )
    submissions = []
    for student in students:
        classroom.work_start(assignment=assignment, student=student)
        submissions.append(classroom.submission_submit(assignment=assignment, student=student))
    return Scene(
        course=course,
        other_course=other,
        starter=starter,
        assignment=assignment,
        students=students,
        submissions=submissions,
    )


@pytest.fixture
def peer(iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """The peer-review story: Ada, Ben, Dee and Eve have submitted."""
    students = [ada, ben, make_user("dee"), make_user("eve")]
    return peer_scene(iris=iris, students=students, otto=otto, cleo=cleo)


@pytest.fixture
def groups(iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """The group-work story."""
    return group_scene(iris=iris, ada=ada, ben=ben, otto=otto, cleo=cleo)


@pytest.fixture
def private(ada: User) -> Scene:
    """Ada's private map, mid-edit."""
    return map_scene(ada, "private")


@pytest.fixture
def public(ada: User) -> Scene:
    """Ada's public map, mid-edit."""
    return map_scene(ada, "public")


@pytest.fixture
def scene(iris: User, ada: User, ben: User, otto: User, cleo: User) -> Scene:
    """The classroom story."""
    return classroom_scene(iris=iris, ada=ada, ben=ben, otto=otto, cleo=cleo)


@pytest.fixture
def demo(db: None, demo_rows: dict[str, bytes]) -> Map:
    """The demo debate: fourteen historians' theses on Japan's surrender, public. It is what
    `load_demo()` writes, copied in from the rows it wrote once for the run (tests/conftest.py)."""
    copy_in(demo_rows)
    return load_demo().map  # finds the copy: loading is "unless it is already there"
