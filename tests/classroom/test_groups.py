"""Group work: Ada and Ben share group 1's map, Dee is in group 2. Access follows the group as
it is now: a student moved out of a group, or out of the course, loses its map at once; a
group's submission is the group's, and its members change no more once it exists."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError

from argmap.classroom import services
from argmap.classroom.models import Group, Membership, Submission, WorkingMap
from argmap.maps import services as map_services
from argmap.maps.models import Map, Node
from argmap.maps.visibility import readable_maps
from tests.cast import Scene, client_for, make_user

pytestmark = pytest.mark.django_db


def readers(map_: Map, people: list[User]) -> set[str]:
    by_rule = {p.username for p in people if p.has_perm("maps.view_map", map_)}
    by_queryset = {p.username for p in people if readable_maps(p).filter(pk=map_.pk).exists()}
    assert by_rule == by_queryset, map_.title
    return by_rule


def editors(map_: Map, people: list[User]) -> set[str]:
    return {p.username for p in people if p.has_perm("maps.change_map", map_)}


def dee() -> User:
    return User.objects.get(username="dee")


def test_every_member_reads_and_edits_the_groups_map_and_nobody_else_does(
    groups: Scene, iris: User, ada: User, ben: User, otto: User, cleo: User
) -> None:
    people = [iris, ada, ben, dee(), otto, cleo]
    assert readers(groups.map, people) == {"iris", "ada", "ben"}
    assert editors(groups.map, people) == {"ada", "ben"}
    assert not AnonymousUser().has_perm("maps.view_map", groups.map)
    # Ben starting the assignment opens the same map Ada started.
    assert services.work_start(assignment=groups.assignment, student=ben) == groups.work
    node = map_services.node_create(map=groups.map, kind="thesis", text="Ben's thesis")
    assert client_for(ben).get(groups.map.get_absolute_url()).status_code == 200
    assert client_for(dee()).get(groups.map.get_absolute_url()).status_code == 404
    assert Node.objects.filter(pk=node.pk, map=groups.map).exists()


def test_the_groups_map_is_listed_among_nobodys_own_maps_and_cannot_be_deleted_or_published(
    groups: Scene, ada: User
) -> None:
    assert groups.map.owner == ada
    assert not Map.objects.owned_by(ada).filter(pk=groups.map.pk).exists()
    assert not ada.has_perm("maps.delete_map", groups.map)
    response = client_for(ada).post(f"/maps/{groups.map.pk}/delete/")
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="group's"):
        map_services.map_delete(map=groups.map, actor=ada)
    with pytest.raises(ValidationError, match="private to the group"):
        map_services.map_update(
            map=groups.map,
            actor=ada,
            version=groups.map.version,
            data={"visibility": "public"},
        )
    assert Map.objects.filter(pk=groups.map.pk, visibility="private").exists()


def test_moving_a_student_ends_their_access_to_the_old_groups_map(
    groups: Scene, iris: User, ada: User, ben: User
) -> None:
    services.membership_set(
        assignment=groups.assignment, student=ben, group=groups.other_group, actor=iris
    )
    assert not ben.has_perm("maps.view_map", groups.map)
    assert client_for(ben).get(groups.map.get_absolute_url()).status_code == 404
    # Ben now works on group 2's map, which Dee and he share.
    theirs = services.work_start(assignment=groups.assignment, student=ben).map
    assert theirs != groups.map
    assert readers(theirs, [iris, ada, ben, dee()]) == {"iris", "ben", "dee"}


def test_leaving_the_course_ends_access_but_the_group_keeps_its_map(
    groups: Scene, iris: User, ada: User, ben: User
) -> None:
    services.enrolment_remove(course=groups.course, student=ben, actor=iris)
    assert not ben.has_perm("maps.view_map", groups.map)
    assert not ben.has_perm("maps.change_map", groups.map)
    assert readers(groups.map, [iris, ada, ben]) == {"iris", "ada"}


def test_a_submission_is_the_groups_and_freezes_its_members(
    groups: Scene, iris: User, ada: User, ben: User, cleo: User
) -> None:
    submission = services.submission_submit(assignment=groups.assignment, student=ben)
    assert (submission.group, submission.student, submission.number) == (groups.group, ben, 1)
    assert submission.snapshot.is_group_work and submission.snapshot.is_snapshot
    # Both members see it, and its snapshot; Dee and Cleo do not.
    for person, sees in ((ada, True), (ben, True), (dee(), False), (cleo, False)):
        assert Submission.objects.for_user(person).filter(pk=submission.pk).exists() is sees
        assert person.has_perm("classroom.view_submission", submission) is sees
    assert readers(submission.snapshot, [iris, ada, ben, dee()]) == {"iris", "ada", "ben"}
    assert services.latest_submission(groups.assignment, ada) == submission
    # The next submission, by Ada, is the group's second.
    again = services.submission_submit(assignment=groups.assignment, student=ada)
    assert again.number == 2
    with pytest.raises(ValidationError, match="has submitted already"):
        services.membership_set(
            assignment=groups.assignment, student=ben, group=groups.other_group, actor=iris
        )
    with pytest.raises(ValidationError, match="has submitted already"):
        services.membership_set(
            assignment=groups.assignment, student=dee(), group=groups.group, actor=iris
        )
    with pytest.raises(ValidationError, match="has started its map"):
        services.group_delete(group=groups.group, actor=iris)


def test_a_student_in_no_group_is_told_to_wait_for_one(groups: Scene, iris: User) -> None:
    eve = make_user("eve")
    services.course_join(user=eve, code=groups.course.join_code)
    with pytest.raises(ValidationError, match="not in one yet"):
        services.work_start(assignment=groups.assignment, student=eve)
    assert services.students_without_group(groups.assignment) == [eve]


def test_random_groups_are_balanced_and_only_the_instructor_makes_them(
    groups: Scene, iris: User, ada: User
) -> None:
    for n in range(7):
        services.course_join(user=make_user(f"student{n}"), code=groups.course.join_code)
    with pytest.raises(PermissionDenied):
        services.groups_make_random(assignment=groups.assignment, actor=ada, size=3)
    made = services.groups_make_random(assignment=groups.assignment, actor=iris, size=3, seed=1)
    sizes = Counter(Membership.objects.filter(group__in=made).values_list("group", flat=True))
    assert sorted(sizes.values()) == [2, 2, 3]
    assert [g.number for g in made] == [3, 4, 5]
    assert services.students_without_group(groups.assignment) == []
    with pytest.raises(ValidationError, match="in a group already"):
        services.groups_make_random(assignment=groups.assignment, actor=iris, size=3)


def test_an_individual_assignment_has_no_groups_and_keeps_its_kind_once_started(
    scene: Scene, iris: User
) -> None:
    with pytest.raises(ValidationError, match="done individually"):
        services.group_create(assignment=scene.assignment, actor=iris)
    with pytest.raises(ValidationError, match="cannot switch"):
        services.assignment_update(
            assignment=scene.assignment,
            actor=iris,
            title=scene.assignment.title,
            due_at=scene.assignment.due_at,
            work_in_groups=True,
        )
    assert not Group.objects.exists()
    assert WorkingMap.objects.filter(group__isnull=False).count() == 0
