"""The reader's time zone: told by the browser, used by the pages to read and show due dates,
and named wherever a time is shown; the API keeps to UTC."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from argmap.classroom import services
from argmap.classroom.models import Assignment, Course
from argmap.lib.zones import COOKIE, utc_offset, zone_label, zone_named
from tests.cast import Scene

TOKYO = "Asia%2FTokyo"  # as app.js writes it (encodeURIComponent)
NEW_YORK = "America%2FNew_York"


def test_only_zones_this_machine_knows_are_taken() -> None:
    assert zone_named("Asia/Tokyo") == zoneinfo.ZoneInfo("Asia/Tokyo")
    for name in ("", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "asia/tokyo"):
        assert zone_named(name) is None, name


def test_zones_are_named_as_a_reader_says_them() -> None:
    assert zone_label(zoneinfo.ZoneInfo("America/New_York")) == "New York time"
    assert zone_label(zoneinfo.ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires time"
    assert zone_label(zoneinfo.ZoneInfo("UTC")) == "UTC"
    assert zone_label(zoneinfo.ZoneInfo("Etc/GMT-3")) == "Etc/GMT-3"


def test_offsets_follow_summer_time_and_half_hours() -> None:
    june = datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)
    january = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert (utc_offset(june), utc_offset(january)) == ("UTC−4", "UTC−5")
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert utc_offset(june) == "UTC+5:30"


@pytest.fixture
def course(iris: User, ada: User) -> Course:
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    return course


def new_assignment(client: Client, course: Course) -> Assignment:
    data = {
        "title": "Map it",
        "due_at": "2030-06-01T17:00",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    response = client.post(f"/courses/{course.pk}/assignments/new/", data)
    assert response.status_code == 302, response.content
    return Assignment.objects.get()


@pytest.mark.django_db
def test_a_due_date_is_typed_in_the_browser_s_zone_and_stored_in_utc(
    course: Course, iris_client: Client
) -> None:
    iris_client.cookies[COOKIE] = TOKYO
    form = iris_client.get(f"/courses/{course.pk}/assignments/new/").text
    assert "Date and time in Tokyo time (Asia/Tokyo), your browser's time zone." in form
    assignment = new_assignment(iris_client, course)
    assert assignment.due_at == datetime.datetime(2030, 6, 1, 8, tzinfo=datetime.UTC)
    # Edited again, it shows as typed.
    edit = iris_client.get(f"/assignments/{assignment.pk}/edit/").text
    assert 'value="2030-06-01T17:00"' in edit


@pytest.mark.django_db
def test_a_due_date_is_shown_in_each_reader_s_zone_and_named(
    course: Course, iris_client: Client, ada_client: Client
) -> None:
    iris_client.cookies[COOKIE] = TOKYO
    assignment = new_assignment(iris_client, course)
    ada_client.cookies[COOKIE] = NEW_YORK
    page = ada_client.get(assignment.get_absolute_url()).text
    assert ">Saturday 1 June 2030, 04:00 New York time (UTC−4)</time>" in page
    assert 'datetime="2030-06-01T08:00:00+00:00"' in page
    course_page = ada_client.get(course.get_absolute_url()).text
    assert "Due (New York time)" in course_page and "1 June 2030, 04:00" in course_page
    home = ada_client.get("/").text
    assert ">1 Jun, 04:00 New York time (UTC−4)</time>" in home


@pytest.mark.django_db
def test_without_a_zone_or_with_an_unknown_one_it_is_utc_and_says_so(
    course: Course, iris_client: Client
) -> None:
    assignment = new_assignment(iris_client, course)
    assert assignment.due_at == datetime.datetime(2030, 6, 1, 17, tzinfo=datetime.UTC)
    iris_client.cookies[COOKIE] = "Mars%2FOlympus_Mons"
    page = iris_client.get(assignment.get_absolute_url()).text
    assert ">Saturday 1 June 2030, 17:00 UTC</time>" in page
    form = iris_client.get(f"/assignments/{assignment.pk}/edit/").text
    assert "Date and time, UTC." in form


@pytest.mark.django_db
def test_submission_times_are_named_too(scene: Scene, iris_client: Client) -> None:
    assert scene.submission and scene.assignment
    iris_client.cookies[COOKIE] = TOKYO
    page = iris_client.get(scene.submission.get_absolute_url()).text
    assert "Tokyo time (UTC+9)" in page and " UTC</span>" not in page
    overview = iris_client.get(scene.assignment.get_absolute_url()).text
    assert "Submitted (Tokyo time)" in overview


@pytest.mark.django_db
def test_the_api_keeps_to_utc_whatever_the_cookie(scene: Scene, iris: User) -> None:
    assert scene.assignment
    api = APIClient()
    api.force_login(iris)
    api.cookies[COOKIE] = TOKYO
    answer = api.get(f"/api/assignments/{scene.assignment.pk}/").json()
    assert answer["due_at"].endswith("Z") or answer["due_at"].endswith("+00:00")
