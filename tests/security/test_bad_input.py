"""No input makes a server error: odd values in the query parameters of every page and every
API route (NUL bytes, huge and negative numbers, floats, long and unusual text), and over-deep
JSON bodies to every API route, answer 4xx.

The routes are read from the resolver, their ids filled from the classroom's scene (so the views
get past their lookups); the parameter names are every one a view or a page's form reads.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.classroom import services as classroom
from argmap.debates.forms import DebateForm, MatrixForm, TimelineForm
from argmap.maps import services
from argmap.maps.models import Link, Node, Revision
from tests.cast import Scene, classroom_scene, client_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NASTY = ["\x00", "a\x00b", "-1", "0", "99999999999999999999999", "1e309", "NaN", "", "%",
         "'", '"', "x" * 5000, "𝕏\u202e", "1,2", "[]", "{}", "../..", "None", "true"]  # fmt: skip


def parameter_names() -> list[str]:
    """Every query parameter a view reads by name, and every field of the pages' GET forms."""
    names = {"page", "q", "next", "format", "owner", "visibility", "kind", "status", "map",
             "scholar", "source", "explain", "aside", "thesis", "compare"}  # fmt: skip
    for path in (ROOT / "argmap").rglob("*.py"):
        names |= set(re.findall(r"GET(?:\.get|\.getlist|\[)\(?\"(\w+)\"", path.read_text()))
    for form in (DebateForm, MatrixForm, TimelineForm):
        names |= set(form.base_fields)
    return sorted(names)


def routes(prefix: str = "") -> list[str]:
    """Every route of the URL configuration (admin aside) as a pattern string."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], base: str) -> None:
        for pattern in patterns:
            route = base + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("admin/"):
                    walk(pattern.url_patterns, route)
            elif route.startswith(prefix):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


def fill(route: str, ids: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ids[m.group(1)], route)


def scene_ids(scene: Scene, iris: User, ada: User) -> dict[str, str]:
    starter = scene.starter
    thesis = Node.objects.filter(map=starter, kind="thesis").first()
    evidence = Node.objects.filter(map=starter, kind="evidence").first()
    link = Link.objects.filter(map=starter).first()
    revision = Revision.objects.filter(map=starter).first()
    assert thesis and evidence and link and revision
    source = evidence.source
    assert source is not None
    characterisation = services.characterisation_create(
        scholar=services.scholar_create(name="Asada"), source=source, text="x", thesis=thesis
    )
    # A group (of a second assignment of the course, done in groups: the scene's is individual).
    grouped = classroom.assignment_create(
        course=scene.course, actor=iris, title="Together", due_at=scene.assignment.due_at,
        work_in_groups=True,
    )  # fmt: skip
    group = classroom.group_create(assignment=grouped, actor=iris)
    # A peer-review round over Ada's submission: Ben reviews it.
    peer = classroom.peer_round_open(
        assignment=scene.assignment, actor=iris, k=1,
        criteria=[classroom.PeerCriterionData("Fair", 2)],
    )  # fmt: skip
    review = peer.reviews.get()
    return {
        "review_id": str(review.pk),
        "map_id": str(starter.pk), "node_id": str(thesis.pk), "link_id": str(link.pk),
        "evidence_id": str(evidence.pk), "thesis_id": str(thesis.pk),
        "revision_id": str(revision.pk), "batch": str(uuid.uuid4()), "format": "json",
        "scholar_id": str(characterisation.scholar_id), "source_id": str(source.pk),
        "characterisation_id": str(characterisation.pk), "course_id": str(scene.course.pk),
        "user_id": str(ada.pk), "assignment_id": str(scene.assignment.pk),
        "submission_id": str(scene.submission.pk), "comment_id": str(scene.comment.pk),
        "group_id": str(group.pk), "uidb64": "MQ", "token": "set-password",
    }  # fmt: skip


@pytest.fixture
def world(iris: User, ada: User, ben: User, otto: User, cleo: User) -> dict[str, Any]:
    scene = classroom_scene(iris=iris, ada=ada, ben=ben, otto=otto, cleo=cleo)
    return {
        "ids": scene_ids(scene, iris, ada),
        "clients": [client_for(iris), client_for(ada), Client()],
    }


def get(client: Client, path: str, params: dict[str, str]) -> int:
    return int(client.get(path, params).status_code)


def test_a_nul_byte_in_any_parameter_of_any_route_is_refused(world: dict[str, Any]) -> None:
    names = parameter_names()
    assert {"q", "page", "aside", "thesis", "code", "next"} <= set(names)
    client = world["clients"][0]
    for route in routes():
        path = fill(route, world["ids"])
        for name in names:
            status = get(client, path, {name: "x\x00y"})
            assert status == 400, (path, name, status)


@pytest.mark.slow
def test_odd_values_in_every_parameter_of_every_route_are_no_server_error(
    world: dict[str, Any],
) -> None:
    names = parameter_names()
    for route in routes():
        path = fill(route, world["ids"])
        for value in NASTY:
            # The instructor reaches every classroom view; the anonymous reader the public ones.
            for client in world["clients"][::2]:
                status = get(client, path, dict.fromkeys(names, value))
                assert status < 500, (path, repr(value[:20]), status)


VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=50),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@pytest.mark.slow
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hypothesis_finds_no_server_error_in_any_route(world: dict[str, Any], data: Any) -> None:
    route = data.draw(st.sampled_from(routes()), label="route")
    names = data.draw(st.lists(st.sampled_from(parameter_names()), max_size=4), label="names")
    params = {name: data.draw(VALUES, label=name) for name in names}
    client = data.draw(st.sampled_from(world["clients"]), label="reader")
    assert get(client, fill(route, world["ids"]), params) < 500


def test_over_deep_json_to_every_api_route_is_refused(world: dict[str, Any]) -> None:
    """A hundred thousand nested brackets (Python's parser would run out of stack) and a body
    just past the depth bound, to every API route, as the owner of its objects: never a server
    error, and 400 wherever the body is read (a route that reads none may answer 2xx)."""
    deep = b"[" * 100_000
    past_bound = b'{"a":' * 65 + b"1" + b"}" * 65
    api = [fill(route, world["ids"]) for route in routes("api/")]
    assert len(api) >= 30
    iris = world["clients"][0]
    refused = 0
    for path in api:
        for method in ("post", "put", "patch"):
            for body in (deep, past_bound):
                response = getattr(iris, method)(
                    path, body, content_type="application/json", HTTP_IF_MATCH='"1"'
                )
                assert response.status_code < 500, (method, path, response.status_code)
                refused += response.status_code == 400
    assert refused >= 20  # the parser itself refused them, not only the method or the rules
