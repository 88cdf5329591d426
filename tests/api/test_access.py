"""Every API URL, allowed and denied for the cast: the same rules as the pages.

- a map you may not read answers 404 (as if it did not exist), whatever you ask of it;
- a public map of someone else: reading is allowed, changing it is 403 (fork it instead);
- anonymous: reads public maps; any write is 401 (whatever the id: nothing is revealed);
- the owner may do everything.

`test_every_api_object_url_has_an_access_test` walks the URLconf and fails when an /api/ route
with an id is added without a row here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from argmap.maps import services
from argmap.maps.models import Link, Map
from tests.api.test_classroom import NAMES as CLASSROOM_ROUTES
from tests.api.test_groups import NAMES as GROUP_ROUTES
from tests.api.test_peer import NAMES as PEER_ROUTES
from tests.cast import Scene

pytestmark = pytest.mark.django_db

Url = Callable[[Scene], str]


def _map(s: Scene) -> str:
    return f"/api/maps/{s.map.pk}/"


# Reading: open to anyone who can read the map (404 to the others).
READS: list[tuple[str, Url]] = [
    ("map-detail", lambda s: _map(s)),
    ("map-exports", lambda s: _map(s) + "export/"),
    ("map-export", lambda s: _map(s) + "export/json/"),
    ("node-list", lambda s: _map(s) + "nodes/"),
    ("node-detail", lambda s: _map(s) + f"nodes/{s.thesis.pk}/"),
    ("link-list", lambda s: _map(s) + "links/"),
    ("link-detail", lambda s: _map(s) + f"links/{s.link.pk}/"),
    ("evaluation", lambda s: _map(s) + f"evaluation/?explain=true&aside={s.evidence.pk}"),
    ("checks", lambda s: _map(s) + "checks/"),
    ("debate", lambda s: _map(s) + f"debate/?thesis={s.thesis.pk}&thesis={s.other.pk}"),
    ("matrix", lambda s: _map(s) + "matrix/"),
    ("characterisation-detail", lambda s: f"/api/characterisations/{s.characterisation.pk}/"),
]


def _node_body(s: Scene) -> dict[str, Any]:
    return {"kind": "claim", "text": "The navy was finished"}


# Changing: the owner's alone (403 to readers of a public map, 404 to the others, 401 anonymous).
# (name, method, url, body, the object whose version goes in If-Match)
WRITES: list[tuple[str, str, Url, Callable[[Scene], Any], Callable[[Scene], Any]]] = [
    ("map-detail", "put", _map, lambda s: {"title": "Renamed"}, lambda s: s.map),
    ("map-detail", "patch", _map, lambda s: {"title": "Renamed"}, lambda s: s.map),
    ("map-detail", "delete", _map, lambda s: None, lambda s: s.map),
    ("node-list", "post", lambda s: _map(s) + "nodes/", _node_body, lambda s: None),
    (
        "node-detail",
        "put",
        lambda s: _map(s) + f"nodes/{s.thesis.pk}/",
        lambda s: {"kind": "thesis", "text": "Changed"},
        lambda s: s.thesis,
    ),
    (
        "node-detail",
        "patch",
        lambda s: _map(s) + f"nodes/{s.thesis.pk}/",
        lambda s: {"text": "Changed"},
        lambda s: s.thesis,
    ),
    (
        "node-detail",
        "delete",
        lambda s: _map(s) + f"nodes/{s.evidence.pk}/",
        lambda s: None,
        lambda s: s.evidence,
    ),
    (
        "link-list",
        "post",
        lambda s: _map(s) + "links/",
        lambda s: {"kind": "opposes", "source_node": s.evidence.pk, "target_node": s.other.pk},
        lambda s: None,
    ),
    (
        "link-detail",
        "put",
        lambda s: _map(s) + f"links/{s.link.pk}/",
        lambda s: {"kind": "opposes"},
        lambda s: s.link,
    ),
    (
        "link-detail",
        "patch",
        lambda s: _map(s) + f"links/{s.link.pk}/",
        lambda s: {"rationale": "Because"},
        lambda s: s.link,
    ),
    (
        "link-detail",
        "delete",
        lambda s: _map(s) + f"links/{s.link.pk}/",
        lambda s: None,
        lambda s: s.link,
    ),
    ("undo", "post", lambda s: _map(s) + f"undo/{s.batch}/", lambda s: None, lambda s: None),
]
# Copying is open to every signed-in reader; restoring is the owner's, of a deleted map.
OTHERS = {"map-fork", "map-restore"}
# Shared by every map: sources and scholars are public (tests/api/test_library.py).
PUBLIC = {"source-detail", "scholar-detail"}


def _if_match(target: Any) -> dict[str, str]:
    if target is None:
        return {}
    current = type(target).objects.get(pk=target.pk)
    return {"HTTP_IF_MATCH": f'"{current.version}"'}


def call(client: APIClient, method: str, url: str, body: Any = None, **headers: str) -> int:
    response = getattr(client, method)(url, body, format="json", **headers)
    return int(response.status_code)


@pytest.mark.parametrize(("name", "url"), READS, ids=[name for name, _ in READS])
def test_reading_follows_the_map_visibility(
    name: str,
    url: Url,
    private: Scene,
    public: Scene,
    ada_api: APIClient,
    ben_api: APIClient,
    anon_api: APIClient,
) -> None:
    mine, shared = private, public
    assert call(ben_api, "get", url(mine)) == 404
    assert call(anon_api, "get", url(mine)) == 404
    assert call(ada_api, "get", url(mine)) == 200
    assert call(ben_api, "get", url(shared)) == 200
    assert call(anon_api, "get", url(shared)) == 200


@pytest.mark.parametrize(
    ("name", "method", "url", "body", "target"),
    WRITES,
    ids=[f"{method} {name}" for name, method, *_ in WRITES],
)
def test_changing_is_the_owners_alone(
    name: str,
    method: str,
    url: Url,
    body: Callable[[Scene], Any],
    target: Callable[[Scene], Any],
    private: Scene,
    public: Scene,
    ada_api: APIClient,
    ben_api: APIClient,
    anon_api: APIClient,
) -> None:
    mine, shared = private, public
    for s in (mine, shared):
        assert call(anon_api, method, url(s), body(s), **_if_match(target(s))) == 401
    assert call(ben_api, method, url(mine), body(mine), **_if_match(target(mine))) == 404
    assert call(ben_api, method, url(shared), body(shared), **_if_match(target(shared))) == 403
    allowed = call(ada_api, method, url(mine), body(mine), **_if_match(target(mine)))
    assert allowed in (200, 201, 204), allowed


def test_an_anonymous_write_to_a_missing_map_is_401_like_any_other(anon_api: APIClient) -> None:
    assert call(anon_api, "post", "/api/maps/999999/nodes/", {"kind": "claim"}) == 401


def test_fork_is_open_to_signed_in_readers(
    private: Scene, public: Scene, ada_api: APIClient, ben_api: APIClient, anon_api: APIClient
) -> None:
    assert call(ben_api, "post", f"/api/maps/{private.map.pk}/fork/") == 404
    assert call(anon_api, "post", f"/api/maps/{public.map.pk}/fork/") == 401
    assert call(ben_api, "post", f"/api/maps/{public.map.pk}/fork/") == 201
    assert call(ada_api, "post", f"/api/maps/{private.map.pk}/fork/") == 201


def test_restore_is_the_owners_of_a_deleted_map(
    ada: Any, public: Scene, ada_api: APIClient, ben_api: APIClient, anon_api: APIClient
) -> None:
    url = f"/api/maps/{public.map.pk}/restore/"
    assert call(ada_api, "post", url) == 404  # not deleted
    services.map_delete(map=public.map, actor=ada)
    assert call(anon_api, "post", url) == 401
    assert call(ben_api, "post", url) == 404
    assert call(ada_api, "post", url) == 200
    assert Map.objects.filter(pk=public.map.pk).exists()


def test_a_deleted_map_is_gone_for_its_owner_too(
    ada: Any, private: Scene, ada_api: APIClient
) -> None:
    services.map_delete(map=private.map, actor=ada)
    assert call(ada_api, "get", f"/api/maps/{private.map.pk}/") == 404
    assert call(ada_api, "get", f"/api/maps/{private.map.pk}/nodes/") == 404


def test_a_node_of_another_map_is_404_even_in_your_own(
    private: Scene, public: Scene, ada_api: APIClient
) -> None:
    crossed = f"/api/maps/{private.map.pk}/nodes/{public.thesis.pk}/"
    assert call(ada_api, "get", crossed) == 404
    crossed = f"/api/maps/{private.map.pk}/links/{public.link.pk}/"
    assert call(ada_api, "get", crossed) == 404
    undo = f"/api/maps/{public.map.pk}/undo/{private.batch}/"
    assert call(ada_api, "post", undo) == 404


def test_a_deleted_node_is_404(ada: Any, private: Scene, ada_api: APIClient) -> None:
    services.node_delete(node=private.thesis, actor=ada)
    assert call(ada_api, "get", f"/api/maps/{private.map.pk}/nodes/{private.thesis.pk}/") == 404
    assert not Link.objects.filter(pk=private.link.pk).exists()


def test_every_api_object_url_has_an_access_test() -> None:
    """Fails when an /api/ route with an id is added without an allowed/denied test above (or,
    for the classroom, in tests/api/test_classroom.py, tests/api/test_groups.py and
    tests/api/test_peer.py)."""
    tested = (
        {n for n, _ in READS}
        | {n for n, *_ in WRITES}
        | OTHERS
        | PUBLIC
        | CLASSROOM_ROUTES
        | GROUP_ROUTES
        | PEER_ROUTES
    )

    def names(patterns: list[URLPattern | URLResolver], prefix: str) -> set[str]:
        found: set[str] = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                found |= names(pattern.url_patterns, route)
            elif route.startswith("api/") and "<" in route and pattern.name:
                found.add(pattern.name)
        return found

    found = names(get_resolver().url_patterns, "")
    assert len(found) >= 15
    assert found - tested == set()
