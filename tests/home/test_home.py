"""The home page's calls to action: a new user is shown every way to begin (a map of their own,
an import, joining a course as a student, creating one as an instructor); others keep them as a
row of buttons; a visitor is asked to sign up."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.classroom import services
from tests.cast import client_for, make_user
from tests.factories import MapFactory

pytestmark = pytest.mark.django_db

ACTIONS = {
    "New map": 'href="/maps/new/"',
    "Import a map": 'href="/maps/import/"',
    "Join a course": 'href="/courses/join/"',
    "Create a course": 'href="/courses/new/"',
}


def test_a_new_user_is_shown_every_way_to_begin(ada_client: Client) -> None:
    page = ada_client.get("/").text
    assert "Start here" in page
    for words, href in ACTIONS.items():
        assert f"{href}>{words}</a>" in page, words
    assert "Students: type the join code" in page and "Instructors: set assignments" in page


def test_someone_with_a_map_keeps_the_actions_as_buttons(ada: User, ada_client: Client) -> None:
    MapFactory(owner=ada)
    page = ada_client.get("/").text
    assert "Start here" not in page and 'aria-label="Start something"' in page
    for words, href in ACTIONS.items():
        assert f"{href}>{words}</a>" in page, words


def test_a_student_in_a_course_is_no_longer_new(iris: User, ada: User, ada_client: Client) -> None:
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    assert "Start here" not in ada_client.get("/").text
    assert "Start here" not in client_for(iris).get("/").text


def test_a_visitor_is_asked_to_sign_up(anon_client: Client) -> None:
    page = anon_client.get("/").text
    assert 'href="/accounts/signup/">Sign up</a>' in page
    assert "Start here" not in page and 'href="/maps/new/"' not in page


def test_a_new_user_s_home_pins_its_queries(django_assert_num_queries: Any) -> None:
    client = client_for(make_user("zed"))
    # session, user, the public maps, their own maps, and the agenda: whether they are in a
    # course, the assignments due, the feedback to read and the review queue
    with django_assert_num_queries(8):
        assert client.get("/").status_code == 200
