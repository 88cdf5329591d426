"""The route walk of tests/security/test_anonymity.py, for a group assignment that is anonymous
both ways: while anonymity holds, a member never reads a fellow member's name, and the
instructor grading blind reads no member's name, on any page, API answer, export or history.

Four students with planted names work in two groups (alpha and bravo in group 1, charlie and
delta in group 2). Every member edits the group's working map (its history names who did
what), both groups submit, the instructor comments on group 1's submission and releases that
review, and bravo (who did not submit it) replies: grading stays blind, group 2's review is
not released. Every member has the group's map and snapshot open (presence). The walk then
fetches every GET route as the instructor and as alpha.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Comment, Group, WorkingMap
from argmap.live.services import presence_open
from argmap.maps import services as map_services
from argmap.maps.models import Map, Node, Revision
from tests.cast import Scene, client_for
from tests.factories import small_debate
from tests.security.test_anonymity import Story, leaks, names_of, planted

pytestmark = pytest.mark.django_db

# The instructor's board of groups names the students: arranging groups (and placing a latecomer)
# needs names, and whoever arranged them knows them anyway (docs/guide.md, "Anonymity"). The
# walk still reads it as a student.
BOARD = (
    "assignments/<int:assignment_id>/groups/",
    "api/assignments/<int:assignment_id>/groups/",
    "api/assignments/<int:assignment_id>/groups/<int:group_id>/",
)


def tell(iris: User) -> Story:
    course = services.course_create(owner=iris, title="History 301")
    students = [planted(tag) for tag in ("alpha", "bravo", "charlie", "delta")]
    for student in students:
        services.course_join(user=student, code=course.join_code)
    assignment = services.assignment_create(
        course=course,
        actor=iris,
        title="Map the surrender debate together",
        due_at=timezone.now() + datetime.timedelta(days=7),
        starter_map=small_debate(iris),
        work_in_groups=True,
        students_anonymous=True,
        anonymous_grading=True,
        criteria=[services.CriterionData("Both sides", 5)],
    )
    groups = [services.group_create(assignment=assignment, actor=iris) for _ in range(2)]
    for student, group in zip(students, (groups[0], groups[0], groups[1], groups[1]), strict=True):
        services.membership_set(assignment=assignment, student=student, group=group, actor=iris)
    for student in students:
        work = services.work_start(assignment=assignment, student=student)
        thesis = map_services.node_create(
            map=work.map, kind="thesis", text=f"Said by a member {student.pk}", actor=student
        )
        map_services.node_update(node=thesis, actor=student, version=1, data={"text": "Reworded"})
    first = services.submission_submit(assignment=assignment, student=students[0])
    second = services.submission_submit(assignment=assignment, student=students[2])
    node = Node.objects.filter(map=first.snapshot).first()
    thread = services.comment_add(submission=first, author=iris, body="Which page?", node=node)
    services.review_decide(submission=first, reviewer=iris, decision=services.Decision.RELEASE)
    services.comment_add(submission=first, author=students[1], body="Page 3", parent=thread)
    # Everyone has their group's map and its snapshot open (the presence list names them).
    for student in students:
        work = services.work_start(assignment=assignment, student=student)
        snapshot = first.snapshot if student in students[:2] else second.snapshot
        for map_ in (work.map, snapshot):
            presence_open(map=map_, user=student, tab=f"tab-{student.pk}-{map_.pk}")
    ids = {
        "course_id": [course.pk],
        "assignment_id": [assignment.pk],
        "submission_id": [first.pk, second.pk],
        "map_id": list(
            Map.objects.filter(is_group_work=True).values_list("pk", flat=True).order_by("pk")
        ),
        "comment_id": list(Comment.objects.values_list("pk", flat=True)),
        "group_id": list(Group.objects.values_list("pk", flat=True)),
        "user_id": [s.pk for s in students],
        "revision_id": list(
            Revision.objects.filter(map__is_group_work=True).values_list("pk", flat=True)[:8]
        ),
    }
    assert WorkingMap.objects.filter(assignment=assignment).count() == 2
    scene = Scene(course=course, assignment=assignment, students=students)
    return Story(scene, {s.username: names_of(s) for s in students}, ids)


@pytest.mark.slow
def test_no_member_name_reaches_the_blind_instructor_or_a_fellow_member(iris: User) -> None:
    story = tell(iris)
    everyone = [n for names in story.hidden.values() for n in names]
    found = leaks(client_for(iris), story, everyone, skip=BOARD)
    assert found == [], "\n".join(found)
    students = story.scene.students
    assert students
    alpha = students[0]
    others = [n for u, names in story.hidden.items() if u != alpha.username for n in names]
    found = leaks(client_for(alpha), story, others)
    assert found == [], "\n".join(found)
