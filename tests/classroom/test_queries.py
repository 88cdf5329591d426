"""The instructor's overview of an assignment, and its gradebook, cost the same number of queries
for three students as for thirty; the submission page does not grow with the size of the map."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import Assignment, Course, Membership
from argmap.maps import services as map_services
from argmap.maps.models import Node
from tests.cast import client_for, make_user
from tests.factories import build_map, small_debate

pytestmark = pytest.mark.django_db


def class_of(iris: User, size: int) -> Assignment:
    """A course of `size` students: a third have only started, the others submitted; half of
    those were reviewed (scored, one criterion each) and released; some submitted twice."""
    course = services.course_create(owner=iris, title=f"A class of {size}")
    starter = small_debate(iris)
    reference = map_services.map_fork(map=starter, owner=iris, title="Reference")
    assignment = services.assignment_create(
        course=course,
        actor=iris,
        title="Map it",
        due_at=timezone.now() + datetime.timedelta(days=1),
        starter_map=starter,
        reference_map=reference,
        criteria=[services.CriterionData("Sources", 5), services.CriterionData("Both sides", 5)],
    )
    criteria = list(assignment.criteria.all())
    for i in range(size):
        student = make_user(f"student{size}x{i:02}")
        services.course_join(user=student, code=course.join_code)
        services.work_start(assignment=assignment, student=student)
        if i % 3 == 0:
            continue
        submission = services.submission_submit(assignment=assignment, student=student)
        if i % 4 == 0:
            submission = services.submission_submit(assignment=assignment, student=student)
        if i % 2 == 0:
            services.review_save(
                submission=submission,
                reviewer=iris,
                scores={criteria[0].pk: i % 6},
                feedback="Fine",
                decision=services.Decision.RELEASE,
            )
    return assignment


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_overview_of_30_students_costs_what_3_cost(iris: User, iris_client: Client) -> None:
    small, large = class_of(iris, 3), class_of(iris, 30)
    page = [queries(iris_client, a.get_absolute_url()) for a in (small, large)]
    csv = [queries(iris_client, f"/assignments/{a.pk}/gradebook.csv") for a in (small, large)]
    assert page[0] == page[1] and csv[0] == csv[1]
    # session, user, assignment, role, criteria, students, working maps, submissions, scores,
    # and the maps' nodes, links and co-premises
    assert page[1] <= 14 and csv[1] <= 14
    rows = iris_client.get(f"/assignments/{large.pk}/gradebook.csv").content.decode()
    assert len(rows.strip().splitlines()) == 31


def test_the_submission_page_does_not_grow_with_the_map(
    iris: User, ada: User, iris_client: Client
) -> None:
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    counts = []
    for size in (10, 300):
        starter = build_map(iris, nodes=size, visibility="public")
        assignment = services.assignment_create(
            course=course,
            actor=iris,
            title=f"Map {size}",
            due_at=timezone.now(),
            starter_map=starter,
            reference_map=map_services.map_fork(map=starter, owner=iris),
        )
        services.work_start(assignment=assignment, student=ada)
        services.submission_submit(assignment=assignment, student=ada)
        second = services.submission_submit(assignment=assignment, student=ada)
        node = Node.objects.filter(map=second.snapshot).first()
        services.comment_add(submission=second, author=iris, body="Why?", node=node)
        counts.append(queries(iris_client, second.get_absolute_url()))
    assert counts[0] == counts[1]


def test_the_home_agenda_is_constant_too(iris: User) -> None:
    small, large = class_of(iris, 3), class_of(iris, 12)
    assert Course.objects.count() == 2
    student = User.objects.get(username="student12x01")
    counts = [queries(client_for(user), "/") for user in (iris, student)]
    services.course_join(user=student, code=small.course.join_code)
    assert queries(client_for(student), "/") == counts[1]
    assert large.submissions.exists()


def grouped_class(iris: User, size: int) -> Assignment:
    """A group assignment for `size` students in random groups of three: every other group has
    started its map, and every fourth has submitted."""
    course = services.course_create(owner=iris, title=f"A grouped class of {size}")
    assignment = services.assignment_create(
        course=course, actor=iris, title="Map it together", starter_map=small_debate(iris),
        due_at=timezone.now() + datetime.timedelta(days=1), work_in_groups=True,
    )  # fmt: skip
    for i in range(size):
        services.course_join(user=make_user(f"member{size}x{i:02}"), code=course.join_code)
    made = services.groups_make_random(assignment=assignment, actor=iris, size=3, seed=1)
    for n, group in enumerate(made):
        first = group.memberships.first()
        if n % 2 == 0 and first is not None:
            services.work_start(assignment=assignment, student=first.student)
            if n % 4 == 0:
                services.submission_submit(assignment=assignment, student=first.student)
    return assignment


def test_the_groups_page_costs_the_same_for_2_groups_as_for_10(
    iris: User, iris_client: Client
) -> None:
    small, large = grouped_class(iris, 6), grouped_class(iris, 30)
    page = [queries(iris_client, f"/assignments/{a.pk}/groups/") for a in (small, large)]
    # session, user, assignment, role, students, groups, memberships, maps, submissions
    assert page[0] == page[1] <= 10
    overview = [queries(iris_client, a.get_absolute_url()) for a in (small, large)]
    assert overview[0] == overview[1]
    # Moving a student out of a group that has not submitted redraws their row and the cards.
    moves = []
    for assignment in (small, large):
        member = Membership.objects.filter(assignment=assignment, group__number=2).first()
        assert member is not None
        url = f"/assignments/{assignment.pk}/groups/students/{member.student_id}/"
        with CaptureQueriesContext(connection) as captured:
            response = iris_client.post(url, {"group": ""}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and "In no group now." in response.text
        moves.append(len(captured.captured_queries))
    assert moves[0] == moves[1]
