"""The rules and their queryset twins agree, for every member of the cast, on every object; and
the map rules extended for the classroom say who reads which map."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model

from argmap.classroom import services
from argmap.classroom.models import Assignment, Comment, Course, Submission
from argmap.maps import services as map_services
from argmap.maps.models import Map
from argmap.maps.visibility import readable_maps
from tests.cast import Scene

pytestmark = pytest.mark.django_db


def cast(iris: User, ada: User, ben: User, otto: User, cleo: User) -> list[User | AnonymousUser]:
    return [iris, ada, ben, otto, cleo, AnonymousUser()]


def agree(
    users: Iterable[User | AnonymousUser], perm: str, model: type[Model], objects: list[Model]
) -> None:
    for user in users:
        by_queryset = set(model.objects.for_user(user))  # type: ignore[attr-defined]
        by_rule = {o for o in objects if user.has_perm(perm, o)}
        assert by_queryset == by_rule, (perm, user)


def test_each_view_rule_agrees_with_its_queryset(
    scene: Scene, iris: User, ada: User, ben: User, otto: User, cleo: User
) -> None:
    # A second submission with a draft (unreleased) comment, and work in the other course.
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    services.comment_add(
        submission=second, author=iris, body="Draft", node=second.snapshot.nodes.first()
    )
    seminar = services.assignment_create(
        course=scene.other_course, actor=otto, title="Seminar map", due_at=scene.assignment.due_at
    )
    cleos = services.work_start(assignment=seminar, student=cleo).map
    map_services.node_create(map=cleos, kind="thesis", text="The court decided")
    services.submission_submit(assignment=seminar, student=cleo)
    users = cast(iris, ada, ben, otto, cleo)
    agree(users, "classroom.view_course", Course, list(Course.objects.all()))
    agree(users, "classroom.view_assignment", Assignment, list(Assignment.objects.all()))
    agree(users, "classroom.view_submission", Submission, list(Submission.objects.all()))
    agree(users, "classroom.view_comment", Comment, list(Comment.objects.all()))
    # Ada sees the released thread of her first submission, not the draft on her second.
    assert {c.body for c in Comment.objects.for_user(ada)} == {
        "Which page of the report?",
        "Page 3, I will add it.",
    }


def test_who_reads_which_map(
    scene: Scene, iris: User, ada: User, ben: User, otto: User, cleo: User
) -> None:
    snapshot, working = scene.submission.snapshot, scene.work.map
    readers = {
        snapshot: {iris, ada},
        working: {iris, ada},
        scene.reference: {iris},
        scene.starter: {iris, ada, ben, otto, cleo, "anonymous"},  # public
    }
    anonymous = AnonymousUser()
    for map_, expected in readers.items():
        found = {u for u in (iris, ada, ben, otto, cleo) if u.has_perm("maps.view_map", map_)} | (
            {"anonymous"} if anonymous.has_perm("maps.view_map", map_) else set()
        )
        assert found == expected, map_.title


def test_a_reference_made_public_later_stays_hidden_from_the_students(
    scene: Scene, iris: User, ada: User, otto: User
) -> None:
    map_services.map_update(
        map=scene.reference,
        actor=iris,
        version=scene.reference.version,
        data={"visibility": "public"},
    )
    reference = Map.objects.get(pk=scene.reference.pk)
    assert not ada.has_perm("maps.view_map", reference)
    assert otto.has_perm("maps.view_map", reference)  # not his students' reference
    assert reference not in readable_maps(ada)


def test_map_visibility_agrees_with_the_view_map_rule(
    scene: Scene, iris: User, ada: User, ben: User, otto: User, cleo: User
) -> None:
    services.work_start(assignment=scene.assignment, student=ben)
    map_services.map_update(
        map=scene.reference,
        actor=iris,
        version=scene.reference.version,
        data={"visibility": "public"},
    )
    # A student's working map made public by its owner is public like any map.
    map_services.map_update(
        map=scene.work.map, actor=ada, version=scene.work.map.version, data={"visibility": "public"}
    )
    maps = list(Map.objects.all())
    for user in cast(iris, ada, ben, otto, cleo):
        by_queryset = set(readable_maps(user))
        by_rule = {m for m in maps if user.has_perm("maps.view_map", m)}
        assert by_queryset == by_rule, user
        # Every map appears once, however many courses and assignments it takes part in.
        assert readable_maps(user).count() == len(by_queryset)
