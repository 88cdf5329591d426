"""Group work as the students and their instructor see it: Ada and Ben share group 1's map
(Ada started it), Dee is alone in group 2 (tests/cast.py, `group_scene`). The group's page,
one submission for the group, one review reaching every member, and the gradebook's row for
each student naming their group."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.classroom import services
from argmap.classroom.models import Assignment, Submission
from argmap.classroom.naming import fellow_label
from argmap.maps import services as map_services
from tests.cast import Scene, client_for, make_user

pytestmark = pytest.mark.django_db


def dee() -> User:
    return User.objects.get(username="dee")


def submitted_by_ben(groups: Scene, ben: User) -> Submission:
    assert groups.assignment
    return services.submission_submit(assignment=groups.assignment, student=ben)


def test_a_student_sees_their_group_its_members_and_its_map(
    groups: Scene, ben_client: Client
) -> None:
    assert groups.assignment
    page = ben_client.get(groups.assignment.get_absolute_url()).text
    assert "<strong>Group 1</strong>" in page
    members = re.search(r'<ul class="group-members">(.*?)</ul>', page, re.S)
    assert members and re.findall(r"<li>(.*?)</li>", members.group(1)) == ["ada", "ben (you)"]
    # Ada started the group's map: Ben opens the same one.
    assert f'href="{groups.work.map.get_absolute_url()}"' in page
    assert "Open our group's map" in page and "Submit for the group" in page
    assert "dee" not in page


def test_anonymous_students_see_their_fellows_as_members_in_join_order(
    groups: Scene, iris: User, ben_client: Client
) -> None:
    assert groups.assignment
    Assignment.objects.filter(pk=groups.assignment.pk).update(students_anonymous=True)
    page = ben_client.get(groups.assignment.get_absolute_url()).text
    members = re.search(r'<ul class="group-members">(.*?)</ul>', page, re.S)
    assert members and re.findall(r"<li>(.*?)</li>", members.group(1)) == [
        "Member 1",
        "Member 2 (you)",
    ]
    assert ">ada<" not in page and "ada (you)" not in page


def test_fellow_label_names_a_fellow_or_numbers_them() -> None:
    ada, ben = User(pk=1, username="ada"), User(pk=2, username="ben", first_name="Ben")
    ben.last_name = "Bright"
    open_ = Assignment(students_anonymous=False)
    hidden = Assignment(students_anonymous=True)
    assert fellow_label(viewer=ada, person=ben, assignment=open_, number=2) == "Ben Bright"
    assert fellow_label(viewer=ada, person=ben, assignment=hidden, number=2) == "Member 2"
    assert fellow_label(viewer=ada, person=ada, assignment=hidden, number=1) == "Member 1 (you)"
    label = fellow_label(viewer=ada, person=ben, assignment=hidden, number=3, noun="Reviewer")
    assert label == "Reviewer 3"


def test_a_student_in_no_group_is_told_so_and_offered_nothing_to_start(
    groups: Scene, iris: User
) -> None:
    assert groups.assignment and groups.course
    eve = make_user("eve")
    services.course_join(user=eve, code=groups.course.join_code)
    client = client_for(eve)
    page = client.get(groups.assignment.get_absolute_url()).text
    assert "you are not in one yet. Your instructor puts you in a group" in page
    assert "assignment-start" not in page and "/start/" not in page
    response = client.post(f"/assignments/{groups.assignment.pk}/start/", follow=True)
    assert "you are not in one yet" in response.text


def test_dee_opens_her_groups_map_from_the_starter(groups: Scene) -> None:
    assert groups.assignment
    response = client_for(dee()).post(f"/assignments/{groups.assignment.pk}/start/", follow=True)
    assert "your group&#x27;s map for the assignment" in response.text
    work = services.working_map_of(groups.assignment, dee())
    assert work is not None and work.group == groups.other_group and work != groups.work


def test_one_submission_for_the_group_is_every_members(
    groups: Scene, ada: User, ben: User, ada_client: Client
) -> None:
    assert groups.assignment
    submission = submitted_by_ben(groups, ben)
    page = ada_client.get(groups.assignment.get_absolute_url()).text
    assert "Your group's submissions" in page
    row = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>Submission 1</a>.*?</tr>", page, re.S)
    assert row and "<td>ben</td>" in row.group(0)
    detail = ada_client.get(submission.get_absolute_url()).text
    assert "Your group's submission 1" in detail and "submitted by ben" in detail
    assert client_for(dee()).get(submission.get_absolute_url()).status_code == 404


def test_the_instructor_reviews_once_and_every_member_reads_it(
    groups: Scene, iris: User, ada: User, ben: User, iris_client: Client
) -> None:
    submission = submitted_by_ben(groups, ben)
    page = iris_client.get(submission.get_absolute_url()).text
    assert "Group 1 (submitted by ben): submission 1" in page
    assert re.search(r"Group 1:</span> <span>ada</span><span>ben</span>", page)
    criterion = groups.assignment.criteria.get()
    services.review_save(
        submission=submission, reviewer=iris, scores={criterion.pk: 4},
        feedback="Both sides, well sourced.", decision=services.Decision.RELEASE,
    )  # fmt: skip
    for member in (ada, ben):
        text = client_for(member).get(submission.get_absolute_url()).text
        assert "Both sides, well sourced." in text, member.username
    # Before release nobody but Iris reads it: a second submission's draft review.
    map_services.node_create(map=groups.map, kind="claim", text="More", actor=ada)
    second = services.submission_submit(assignment=groups.assignment, student=ada)
    services.review_save(submission=second, reviewer=iris, scores={}, feedback="Draft note")
    assert "Draft note" not in client_for(ben).get(second.get_absolute_url()).text
    assert "Draft note" in iris_client.get(second.get_absolute_url()).text


def test_the_overview_and_gradebook_give_each_member_the_groups_work(
    groups: Scene, iris: User, ben: User, iris_client: Client
) -> None:
    submission = submitted_by_ben(groups, ben)
    criterion = groups.assignment.criteria.get()
    services.review_save(
        submission=submission, reviewer=iris, scores={criterion.pk: 4}, feedback="",
        decision=services.Decision.RELEASE,
    )  # fmt: skip
    page = iris_client.get(groups.assignment.get_absolute_url()).text
    assert re.search(r'<th scope="row">ada</th>\s*<td>Group 1</td>', page)
    assert re.search(r'<th scope="row">dee</th>\s*<td>Group 2</td>', page)
    response = iris_client.get(f"/assignments/{groups.assignment.pk}/gradebook.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, by_name = rows[0], {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"ada", "ben", "dee"}
    for name in ("ada", "ben"):
        row = by_name[name]
        assert row[header.index("group")] == "Group 1"
        assert row[header.index("status")] == "Submitted"
        assert row[header.index("Both sides (/5)")] == "4"
        assert row[header.index("review released")] == "yes"
    dees = by_name["dee"]
    assert dees[header.index("group")] == "Group 2"
    assert dees[header.index("status")] == "Not started" and dees[header.index("total")] == ""


def test_a_student_moved_after_a_submission_keeps_no_access_to_it(
    groups: Scene, iris: User, ben: User
) -> None:
    """Snapshots stay with the group: once Ben leaves group 1, its map and submission are not
    his to read any more (moved before the group submits, so the move is allowed)."""
    services.membership_set(
        assignment=groups.assignment, student=ben, group=groups.other_group, actor=iris
    )
    client = client_for(ben)
    assert client.get(groups.work.map.get_absolute_url()).status_code == 404
    page = client.get(groups.assignment.get_absolute_url()).text
    assert "<strong>Group 2</strong>" in page and "ada" not in page


def test_every_members_home_page_shows_the_groups_standing(
    groups: Scene, ada: User, ben: User
) -> None:
    """Ada started the map and Ben submitted it: for both it is submitted, not due any more;
    for Dee, whose group has not started, it is still due."""
    submitted_by_ben(groups, ben)
    for member in (ada, ben):
        home = client_for(member).get("/").text
        assert "Map the surrender debate together" not in home, member.username
    assert "Map the surrender debate together" in client_for(dee()).get("/").text


def test_only_the_groups_latest_submission_waits_for_review(
    groups: Scene, ada: User, ben: User, iris_client: Client
) -> None:
    first = submitted_by_ben(groups, ben)
    map_services.node_create(map=groups.map, kind="claim", text="One more", actor=ada)
    second = services.submission_submit(assignment=groups.assignment, student=ada)
    home = iris_client.get("/").text
    assert second.get_absolute_url() in home
    assert f'href="{first.get_absolute_url()}"' not in home
