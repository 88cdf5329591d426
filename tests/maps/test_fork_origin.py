"""A copy says where it came from: the map, linked, when its reader may read it; otherwise only
that there is one, never a private map's title (argmap/maps/visibility.py decides)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template
from django.test import Client, RequestFactory

from argmap.maps import services
from argmap.maps.models import Map
from argmap.maps.visibility import readable_origin
from tests.cast import Scene
from tests.factories import small_debate

pytestmark = pytest.mark.django_db


def origin_as_read_by(map_: Map, reader: User | AnonymousUser) -> str:
    request = RequestFactory().get("/")
    request.user = reader
    html = Template("{% load argmap %}{% fork_origin map %}").render(
        Context({"map": map_, "request": request})
    )
    return " ".join(html.split())


def public(map_: Map, owner: User) -> Map:
    return services.map_update(map=map_, actor=owner, version=map_.version, data={
        "visibility": "public"
    })  # fmt: skip


def test_a_copy_of_a_readable_map_links_it(ada: User, ben: User) -> None:
    original = small_debate(ada)  # public
    copy = public(services.map_fork(map=original, owner=ben), ben)
    html = origin_as_read_by(copy, AnonymousUser())
    assert html == (
        f'<span class="fork-origin">copied from <a href="/maps/{original.pk}/">'
        f"“Why did Japan surrender?”</a> by ada</span>"
    )
    assert readable_origin(copy, ben) == original


def test_a_copy_of_a_private_map_never_names_it(ada: User, ben: User) -> None:
    original = small_debate(ada, visibility="private")
    services.map_update(map=original, actor=ada, version=original.version, data={
        "title": "Ada's secret draft"
    })  # fmt: skip
    # Ada copies her own private map and publishes the copy: Ben may read the copy only.
    copy = public(services.map_fork(map=original, owner=ada), ada)
    assert "secret draft" in origin_as_read_by(copy, ada)
    html = origin_as_read_by(copy, ben)
    assert html == '<span class="fork-origin">copied from a map you cannot open</span>'
    assert "secret" not in origin_as_read_by(copy, AnonymousUser())


def test_a_copy_of_a_deleted_map_names_nothing(ada: User, ben: User) -> None:
    original = small_debate(ada)
    copy = services.map_fork(map=original, owner=ben)
    services.map_delete(map=original, actor=ada)
    assert origin_as_read_by(copy, ben).endswith("copied from a map you cannot open</span>")


def test_a_copy_of_a_hidden_reference_is_not_named_to_the_course_s_students(
    scene: Scene, iris: User, ada: User
) -> None:
    """A course's reference map stays hidden from its students even when it is public, so a
    public copy of it does not give its title away."""
    assert scene.reference
    public(scene.reference, iris)
    copy = public(services.map_fork(map=scene.reference, owner=iris), iris)
    assert "Reference answer" in origin_as_read_by(copy, AnonymousUser())
    assert "Reference answer" not in origin_as_read_by(copy, ada)


def test_a_map_that_is_no_copy_says_nothing(ada: User) -> None:
    assert origin_as_read_by(small_debate(ada), ada) == ""


def test_the_settings_page_says_where_the_map_came_from(
    ada: User, ben: User, ben_client: Client, django_assert_num_queries: Any
) -> None:
    original = small_debate(ada)
    copy = services.map_fork(map=original, owner=ben)
    page = ben_client.get(f"/maps/{copy.pk}/settings/").text
    assert f'copied from <a href="/maps/{original.pk}/">“Why did Japan surrender?”</a>' in page
    # session, user, the map and where it came from
    with django_assert_num_queries(4):
        ben_client.get(f"/maps/{copy.pk}/settings/")


def test_the_map_page_names_the_original_of_a_copy(
    ada: User, ben: User, ben_client: Client
) -> None:
    original = small_debate(ada)
    copy = services.map_fork(map=original, owner=ben)
    page = ben_client.get(copy.get_absolute_url()).text
    assert f'copied from <a href="/maps/{original.pk}/">“Why did Japan surrender?”</a>' in page
    assert "another map" not in page
