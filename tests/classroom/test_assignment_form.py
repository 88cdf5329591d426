"""The assignment form's rubric grows without saving first: "Add a criterion" fetches one more
line with htmx, or without JavaScript sends the form back one line longer, nothing saved."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.classroom import services
from argmap.classroom.models import Assignment, Course
from tests.cast import Scene

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture
def course(iris: User) -> Course:
    return services.course_create(owner=iris, title="History 301")


def typed(**extra: object) -> dict[str, object]:
    """The new-assignment form with two rubric lines typed in and nothing else."""
    data: dict[str, object] = {
        "title": "Map the surrender debate",
        "prompt": "",
        "due_at": "2030-06-01T17:00",
        "starter_map": "",
        "reference_map": "",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-title": "Evidence is cited",
        "criteria-0-points": "5",
        "criteria-1-title": "Both sides",
        "criteria-1-points": "",
    }
    data.update(extra)
    return data


def test_the_form_offers_to_add_a_criterion(course: Course, iris_client: Client) -> None:
    page = iris_client.get(f"/courses/{course.pk}/assignments/new/").text
    # Two blank lines to start with; the button fetches the third.
    assert 'name="criteria-TOTAL_FORMS" value="2"' in page
    assert f'hx-get="/courses/{course.pk}/assignments/new/?row=2"' in page


def test_add_a_criterion_with_htmx_appends_a_blank_line(
    course: Course, iris_client: Client
) -> None:
    answer = iris_client.get(f"/courses/{course.pk}/assignments/new/?row=2", headers=HX)
    assert answer.status_code == 200 and "<form" not in answer.text
    assert re.search(r'<input type="text" name="criteria-2-title"[^>]*autofocus', answer.text)
    assert 'name="criteria-2-points"' in answer.text and 'name="criteria-2-DELETE"' in answer.text
    assert ">Criterion 3</label>" in answer.text
    # Out of band: the formset counts three lines now, and the button asks for the fourth.
    assert re.search(
        r'name="criteria-TOTAL_FORMS" value="3" id="id_criteria-TOTAL_FORMS" hx-swap-oob="true"',
        answer.text,
    )
    assert re.search(r'id="add-criterion"[^>]*\?row=3"[^>]*hx-swap-oob="true"', answer.text, re.S)


def test_a_rubric_has_thirty_lines_at_most(course: Course, iris_client: Client) -> None:
    url = f"/courses/{course.pk}/assignments/new/"
    assert iris_client.get(f"{url}?row=30", headers=HX).status_code == 422
    assert iris_client.get(f"{url}?row=x", headers=HX).status_code == 422
    last = iris_client.get(f"{url}?row=29", headers=HX).text
    assert re.search(r'id="add-criterion"[^>]*disabled', last, re.S)
    lines = {f"criteria-{i}-title": f"Line {i}" for i in range(31)}
    lines |= {f"criteria-{i}-points": "1" for i in range(31)}
    response = iris_client.post(url, typed(**{"criteria-TOTAL_FORMS": "31", **lines}))
    assert response.status_code == 422 and not Assignment.objects.exists()


def test_add_a_criterion_without_javascript_keeps_what_was_typed(
    course: Course, iris_client: Client
) -> None:
    url = f"/courses/{course.pk}/assignments/new/"
    response = iris_client.post(url, typed(add_criterion="1"))
    assert response.status_code == 200 and not Assignment.objects.exists()
    page = response.text
    assert 'value="Map the surrender debate"' in page and 'value="2030-06-01T17:00"' in page
    assert 'value="Evidence is cited"' in page and 'value="Both sides"' in page
    assert 'name="criteria-2-title"' in page and 'name="criteria-3-title"' not in page
    # Nothing was checked yet: the half-typed line says nothing until it is saved.
    assert "How many points" not in page and "errorlist" not in page


def test_a_third_criterion_is_saved_with_the_rest(course: Course, iris_client: Client) -> None:
    data = typed(**{
        "criteria-TOTAL_FORMS": "3", "criteria-1-points": "4",
        "criteria-2-title": "Dates are right", "criteria-2-points": "3",
    })  # fmt: skip
    response = iris_client.post(f"/courses/{course.pk}/assignments/new/", data)
    assert response.status_code == 302
    criteria = Assignment.objects.get().criteria.all()
    assert [(c.title, c.points) for c in criteria] == [
        ("Evidence is cited", 5),
        ("Both sides", 4),
        ("Dates are right", 3),
    ]


def test_only_the_instructor_fetches_a_rubric_line(scene: Scene, ada_client: Client) -> None:
    assert scene.assignment and scene.course
    edit = f"/assignments/{scene.assignment.pk}/edit/?row=3"
    assert ada_client.get(edit, headers=HX).status_code == 403
    new = f"/courses/{scene.course.pk}/assignments/new/?row=3"
    assert ada_client.get(new, headers=HX).status_code == 403


def test_group_work_and_anonymity_are_set_on_the_form(course: Course, iris_client: Client) -> None:
    page = iris_client.get(f"/courses/{course.pk}/assignments/new/").text
    for name in ("work_in_groups", "students_anonymous", "anonymous_grading"):
        # Each switch is described by its help, which a screen reader reads with it.
        assert re.search(
            rf'type="checkbox" name="{name}"[^>]*aria-describedby="id_{name}_helptext"', page
        ), name
    assert "This cannot change once a student has started." in page
    data = typed(work_in_groups="on", students_anonymous="on", **{"criteria-1-points": "4"})
    assert iris_client.post(f"/courses/{course.pk}/assignments/new/", data).status_code == 302
    saved = Assignment.objects.get()
    assert (saved.work_in_groups, saved.students_anonymous, saved.anonymous_grading) == (
        True,
        True,
        False,
    )
    edit = iris_client.get(f"/assignments/{saved.pk}/edit/").text
    assert re.search(r'type="checkbox" name="work_in_groups"[^>]*checked', edit)
    assert not re.search(r'type="checkbox" name="anonymous_grading"[^>]*checked', edit)


def test_group_work_cannot_be_switched_off_once_a_group_has_started(
    groups: Scene, iris_client: Client
) -> None:
    assert groups.assignment
    url = f"/assignments/{groups.assignment.pk}/edit/"
    data = typed(**{"criteria-TOTAL_FORMS": "0", "criteria-0-title": "", "criteria-1-title": ""})
    response = iris_client.post(url, data)  # group work left unticked
    assert response.status_code == 422
    # The service's refusal sits on the switch itself.
    assert re.search(
        r'name="work_in_groups".*?<ul class="errorlist"[^>]*><li>Students have started',
        response.text,
        re.S,
    )
    groups.assignment.refresh_from_db()
    assert groups.assignment.work_in_groups
