"""Iris arranges the groups of a group assignment on its groups page: random groups, a new
group, moving a student in place (htmx), deleting a group that has not started. Ada and Ben
share group 1's started map; Dee is alone in group 2 (tests/cast.py, `group_scene`)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.classroom import services
from argmap.classroom.models import Group, Membership
from tests.cast import Scene, client_for, make_user

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def dee() -> User:
    return User.objects.get(username="dee")


def group_page(groups: Scene) -> str:
    assert groups.assignment
    return f"/assignments/{groups.assignment.pk}/groups/"


def group_of(groups: Scene, student: User) -> Group | None:
    found = Membership.objects.filter(assignment=groups.assignment, student=student).first()
    return found.group if found else None


def test_the_groups_page_lists_each_group_with_its_members_and_state(
    groups: Scene, iris_client: Client
) -> None:
    assert groups.assignment
    overview = iris_client.get(groups.assignment.get_absolute_url()).text
    assert f'href="{group_page(groups)}"' in overview
    page = iris_client.get(group_page(groups)).text
    cards = re.findall(r'<article class="card group-card".*?</article>', page, re.S)
    assert len(cards) == 2
    assert "Group 1" in cards[0] and "<li>ada</li>" in cards[0] and "<li>ben</li>" in cards[0]
    assert "started" in cards[0] and f"/maps/{groups.work.map_id}/" in cards[0]
    # Group 1 has started its map, so only group 2 can be deleted.
    assert "Delete…" not in cards[0] and "Delete…" in cards[1]
    assert "<li>dee</li>" in cards[1] and "not started" in cards[1]
    assert page.count('<select name="group"') == 3


def test_an_individual_assignment_has_no_groups_to_arrange(
    scene: Scene, iris_client: Client
) -> None:
    assert scene.assignment
    page = iris_client.get(f"/assignments/{scene.assignment.pk}/groups/").text
    assert "This assignment is done individually" in page and "<select" not in page
    overview = iris_client.get(scene.assignment.get_absolute_url()).text
    assert "/groups/" not in overview


def test_without_groups_the_page_says_how_to_make_them(
    groups: Scene, iris: User, iris_client: Client
) -> None:
    assert groups.assignment and groups.course
    assignment = services.assignment_create(
        course=groups.course, actor=iris, title="Second", due_at=groups.assignment.due_at,
        work_in_groups=True,
    )  # fmt: skip
    page = iris_client.get(f"/assignments/{assignment.pk}/groups/").text
    assert (
        "No groups yet." in page
        and "3 students of 3 in no group yet: random groups place them." in page
    )


def test_random_groups_place_every_student_without_a_group(
    groups: Scene, iris_client: Client
) -> None:
    for name in ("eve", "fay", "gus"):
        services.course_join(user=make_user(name), code=groups.course.join_code)
    response = iris_client.post(group_page(groups) + "random/", {"size": "2"}, follow=True)
    assert "Made 2 groups at random." in response.text
    assert Group.objects.filter(assignment=groups.assignment).count() == 4
    assert services.students_without_group(groups.assignment) == []


def test_a_refused_random_grouping_says_why_on_the_form(groups: Scene, iris_client: Client) -> None:
    response = iris_client.post(group_page(groups) + "random/", {"size": "2"})
    assert response.status_code == 422
    assert "Every student of the course is in a group already." in response.text
    response = iris_client.post(group_page(groups) + "random/", {"size": "0"})
    assert response.status_code == 422 and "greater than or equal to 1" in response.text


def test_a_new_group_gets_the_next_number_and_its_name(groups: Scene, iris_client: Client) -> None:
    response = iris_client.post(group_page(groups) + "new/", {"name": "Hasegawa readers"})
    assert response.status_code == 302
    made = Group.objects.get(assignment=groups.assignment, number=3)
    assert made.name == "Hasegawa readers"
    assert "Hasegawa readers" in iris_client.get(group_page(groups)).text


def test_moving_a_student_redraws_their_row_and_the_groups(
    groups: Scene, iris_client: Client, ben: User
) -> None:
    url = group_page(groups) + f"students/{ben.pk}/"
    response = iris_client.post(url, {"group": groups.other_group.pk}, headers=HX)
    assert response.status_code == 200
    assert group_of(groups, ben) == groups.other_group
    row = re.search(rf'<tr id="student-{ben.pk}">.*?</tr>', response.text, re.S)
    assert row and "Moved to Group 2." in row.group(0)
    assert re.search(rf'<option value="{groups.other_group.pk}" selected>', row.group(0))
    assert f'id="move-{ben.pk}"' in row.group(0) and 'aria-live="polite"' in row.group(0)
    # The group cards follow, out of band; nothing else of the page comes back.
    assert '<section id="group-list" aria-labelledby="groups-heading" hx-swap-oob="true">' in (
        response.text
    )
    assert "<h1" not in response.text and response.text.count("<tr") == 1
    # Ben is out of group 1's map at once.
    assert client_for(ben).get(f"/maps/{groups.work.map_id}/").status_code == 404


def test_moving_out_of_a_group_that_has_submitted_is_refused_in_place(
    groups: Scene, iris_client: Client, ada: User, ben: User
) -> None:
    services.submission_submit(assignment=groups.assignment, student=ada)
    url = group_page(groups) + f"students/{ben.pk}/"
    response = iris_client.post(url, {"group": groups.other_group.pk}, headers=HX)
    assert response.status_code == 422
    assert "Group 1 has submitted already" in response.text
    assert group_of(groups, ben) == groups.group
    # The page shows the lock: no control for Ada and Ben, and group 1 is not offered to Dee.
    page = iris_client.get(group_page(groups)).text
    assert page.count('<select name="group"') == 1
    assert f'<option value="{groups.group.pk}"' not in page
    assert page.count(">locked</span>") == 2


def test_moving_without_javascript_comes_back_to_the_page_with_a_message(
    groups: Scene, iris_client: Client
) -> None:
    url = group_page(groups) + f"students/{dee().pk}/"
    response = iris_client.post(url, {"group": ""}, follow=True)
    assert "dee: In no group now." in response.text
    assert group_of(groups, dee()) is None
    response = iris_client.post(url, {"group": "999999"}, follow=True)
    assert "dee: Choose one of this assignment&#x27;s groups." in response.text


def test_only_a_group_that_has_not_started_is_deleted_after_asking(
    groups: Scene, iris_client: Client
) -> None:
    other = group_page(groups) + f"{groups.other_group.pk}/delete/"
    assert "Delete Group 2?" in iris_client.get(other).text
    assert Group.objects.filter(pk=groups.other_group.pk).exists()
    response = iris_client.post(other, follow=True)
    assert "Group 2 is deleted" in response.text
    assert not Group.objects.filter(pk=groups.other_group.pk).exists()
    started = group_page(groups) + f"{groups.group.pk}/delete/"
    response = iris_client.post(started, follow=True)
    assert "has started its map, so it cannot be deleted" in response.text
    assert Group.objects.filter(pk=groups.group.pk).exists()


def test_a_group_of_another_assignment_is_not_found_here(
    groups: Scene, iris: User, iris_client: Client
) -> None:
    second = services.assignment_create(
        course=groups.course, actor=iris, title="Second", due_at=groups.assignment.due_at,
        work_in_groups=True,
    )  # fmt: skip
    theirs = services.group_create(assignment=second, actor=iris)
    url = group_page(groups) + f"{theirs.pk}/delete/"
    assert iris_client.post(url).status_code == 404
    assert Group.objects.filter(pk=theirs.pk).exists()
    # A student of another course cannot be moved into a group either.
    assert (
        iris_client.post(group_page(groups) + f"students/{iris.pk}/", {"group": ""}).status_code
        == 404
    )
