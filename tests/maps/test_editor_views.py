"""The editor's endpoints: the owner may, a reader gets 403, anyone else 404; bad input is a 422
with the form and nothing written; a success answers with the parts of the page it changed.

Each test starts from a map of Ada's mid-edit whose thesis she has reworded (tests/cast.py,
`map_scene`), so that the history has a revision to revert."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from argmap.maps import services
from argmap.maps.models import Link, Map, Node, Revision
from tests.cast import Scene, map_scene
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


# (name, method, url) for every endpoint that changes a map or shows its editing tools.
ENDPOINTS: list[tuple[str, str, Callable[[Scene], str]]] = [
    ("node-add", "get", lambda s: f"/maps/{s.map.pk}/nodes/add/"),
    ("node-add", "post", lambda s: f"/maps/{s.map.pk}/nodes/add/"),
    ("node-edit", "get", lambda s: f"/maps/{s.map.pk}/nodes/{s.thesis.pk}/edit/"),
    ("node-edit", "post", lambda s: f"/maps/{s.map.pk}/nodes/{s.thesis.pk}/edit/"),
    ("node-delete", "post", lambda s: f"/maps/{s.map.pk}/nodes/{s.evidence.pk}/delete/"),
    ("link-add", "get", lambda s: f"/maps/{s.map.pk}/nodes/{s.evidence.pk}/links/add/"),
    ("link-add", "post", lambda s: f"/maps/{s.map.pk}/nodes/{s.evidence.pk}/links/add/"),
    ("link-edit", "get", lambda s: f"/maps/{s.map.pk}/links/{s.link.pk}/edit/"),
    ("link-edit", "post", lambda s: f"/maps/{s.map.pk}/links/{s.link.pk}/edit/"),
    ("link-delete", "post", lambda s: f"/maps/{s.map.pk}/links/{s.link.pk}/delete/"),
    ("undercut-add", "get", lambda s: f"/maps/{s.map.pk}/links/{s.link.pk}/undercut/"),
    ("undercut-add", "post", lambda s: f"/maps/{s.map.pk}/links/{s.link.pk}/undercut/"),
    ("undo", "post", lambda s: f"/maps/{s.map.pk}/undo/{s.batch}/"),
    ("map-settings", "get", lambda s: f"/maps/{s.map.pk}/settings/"),
    ("map-settings", "post", lambda s: f"/maps/{s.map.pk}/settings/"),
    ("map-delete", "get", lambda s: f"/maps/{s.map.pk}/delete/"),
    ("map-delete", "post", lambda s: f"/maps/{s.map.pk}/delete/"),
    ("history", "get", lambda s: f"/maps/{s.map.pk}/history/"),
    ("node-revert", "post", lambda s: f"/maps/{s.map.pk}/history/{s.revision.pk}/revert/"),
    ("history-undo", "post", lambda s: f"/maps/{s.map.pk}/history/undo/{s.batch}/"),
    ("map-argdown-review", "post", lambda s: f"/maps/{s.map.pk}/argdown/review/"),
    ("map-argdown-apply", "post", lambda s: f"/maps/{s.map.pk}/argdown/apply/"),
]
# Reading and copying are open to every reader; restoring a deleted map is the owner's alone.
# The debate pages have their own allowed/denied tests in tests/debates/.
READER_ENDPOINTS = {
    "map-detail",
    "outline-section",  # the five below: test_reader_endpoint_answers_readers_only
    "outline-theses",
    "map-picture",
    "map-checks",
    "statement-search",
    "map-changes",
    "node-detail",
    "map-fork",
    "map-export",
    "map-export-download",
    "map-argdown",  # tests/maps/test_interchange_argdown_edit.py
    "map-argdown-preview",
    "debate",
    "matrix",
    "matrix-csv",
    "matrix-cell",
    "timeline",
}
# The live map's stream and presence: tests/live/test_views.py (404 to strangers).
OTHER_ENDPOINTS = {"map-restore", "stream", "presence"}


def call(client: Client, method: str, url: str) -> int:
    response = getattr(client, method)(url, headers={"HX-Request": "true"})
    return int(response.status_code)


@pytest.mark.parametrize(
    ("name", "method", "url"), ENDPOINTS, ids=[f"{m} {n}" for n, m, _ in ENDPOINTS]
)
def test_editor_endpoint_is_the_owners_alone(
    name: str,
    method: str,
    url: Callable[[Scene], str],
    ada: User,
    ada_client: Client,
    ben_client: Client,
    anon_client: Client,
) -> None:
    private, public = (
        map_scene(ada, "private", reworded=True),
        map_scene(ada, "public", reworded=True),
    )
    # Someone who cannot even read the map learns nothing: 404.
    assert call(ben_client, method, url(private)) == 404
    assert call(anon_client, method, url(private)) == 404
    # A reader of a public map may not change it: 403.
    assert call(ben_client, method, url(public)) == 403
    assert call(anon_client, method, url(public)) == 403
    # The owner may (a 422 for an empty form is still "allowed").
    assert call(ada_client, method, url(private)) in (200, 302, 422)


# The parts of the map page a reader's browser asks for after the page.
READER_PARTS: list[tuple[str, Callable[[Scene], str]]] = [
    ("outline-section", lambda s: f"/maps/{s.map.pk}/outline/{s.thesis.pk}/"),
    ("outline-theses", lambda s: f"/maps/{s.map.pk}/theses/?until=0"),
    ("map-picture", lambda s: f"/maps/{s.map.pk}/picture/?view=thesis:{s.thesis.pk}"),
    ("map-checks", lambda s: f"/maps/{s.map.pk}/checks/"),
    ("map-changes", lambda s: f"/maps/{s.map.pk}/changes/?theses={s.thesis.pk}"),
    ("statement-search", lambda s: f"/maps/{s.map.pk}/statements/search/?q=a"),
]


@pytest.mark.parametrize(("name", "url"), READER_PARTS, ids=[n for n, _ in READER_PARTS])
def test_reader_endpoint_answers_readers_only(
    name: str, url: Callable[[Scene], str], ada: User, ben_client: Client, anon_client: Client
) -> None:
    private, public = (map_scene(ada, "private"), map_scene(ada, "public"))
    for client in (ben_client, anon_client):
        assert call(client, "get", url(private)) == 404
        answer = client.get(url(public), headers={"HX-Request": "true"})
        assert answer.status_code == 200
        # What a reader gets names the public map's statements, never the private one's.
        body = answer.content.decode()
        assert str(private.thesis.pk) not in re.findall(r"\d+", body) or name == "map-checks"


def test_every_map_endpoint_has_an_access_test() -> None:
    """Fails when a URL under /maps/<map_id>/ is added without a row in the lists above."""
    tested = {name for name, _, _ in ENDPOINTS} | READER_ENDPOINTS | OTHER_ENDPOINTS

    def names(patterns: list[URLPattern | URLResolver], prefix: str) -> set[str]:
        found: set[str] = set()
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                # The API's routes have their own access meta-test (tests/api/test_access.py).
                if route != "api/":
                    found |= names(pattern.url_patterns, route)
            elif "<int:map_id>" in route and pattern.name:
                found.add(pattern.name)
        return found

    assert names(get_resolver().url_patterns, "") - tested == set()


def test_fork_is_open_to_readers_and_hidden_from_others(
    ada: User, ben: User, ben_client: Client
) -> None:
    public, private = (
        map_scene(ada, "public", reworded=True),
        map_scene(ada, "private", reworded=True),
    )
    response = ben_client.post(f"/maps/{public.map.pk}/fork/")
    fork = Map.objects.get(owner=ben)
    assert response.status_code == 302 and response["Location"] == fork.get_absolute_url()
    assert ben_client.post(f"/maps/{private.map.pk}/fork/").status_code == 404


def test_restore_is_for_the_owner_of_the_deleted_map(
    ada: User, ada_client: Client, ben_client: Client
) -> None:
    gone = map_scene(ada, "public", reworded=True)
    services.map_delete(map=gone.map, actor=ada)
    assert ben_client.post(f"/maps/{gone.map.pk}/restore/").status_code == 404
    assert ada_client.post(f"/maps/{gone.map.pk}/restore/").status_code == 302
    assert Map.objects.filter(pk=gone.map.pk).exists()


def test_adding_evidence_answers_with_the_changed_parts(ada: User, ada_client: Client) -> None:
    s = map_scene(ada, "private", reworded=True)
    response = ada_client.post(
        f"/maps/{s.map.pk}/nodes/add/",
        {
            "kind": "evidence",
            "text": "Hiroshima, 6 August",
            "date_text": "1945-08-06",
            "new_source_title": "USSBS, The Effects of Atomic Bombs",
        },
        # The page has the outline's last section (statements no thesis reaches) open.
        headers={"HX-Request": "true", "X-Argmap-Sections": "0"},
    )
    assert response.status_code == 200
    swapped = set(re.findall(r'<hx-partial hx-target="([^"]+)"', response.text))
    for part in ("#body-0", "#thesis-head-0", "#graph-data", "#node-panel", "#map-status"):
        assert part in swapped, part
    assert "#map-counts" in swapped and "#assessment-counts" in swapped
    # Only what changed: no other section, no thesis heading the new evidence does not reach.
    assert f"#body-{s.thesis.pk}" not in swapped and f"#thesis-head-{s.thesis.pk}" not in swapped
    assert "Added evidence" in response.text
    assert Node.objects.filter(
        map=s.map, text="Hiroshima, 6 August", source__title__startswith="USSBS"
    ).exists()


def test_adding_a_statement_with_bad_input_is_a_422_with_the_form_and_writes_nothing(
    ada: User, ada_client: Client
) -> None:
    s = map_scene(ada, "private", reworded=True)
    from argmap.maps.models import Source

    counts = (Node.all_objects.count(), Source.objects.count())
    response = ada_client.post(
        f"/maps/{s.map.pk}/nodes/add/",
        {
            "kind": "evidence",
            "text": "Hiroshima",
            "date_text": "sixth of August",
            "new_source_title": "Should not be saved",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "is not a date" in response.text and "<form" in response.text
    assert "<hx-partial" not in response.text
    assert (Node.all_objects.count(), Source.objects.count()) == counts


def test_source_and_new_source_together_are_refused(ada: User, ada_client: Client) -> None:
    s = map_scene(ada, "private", reworded=True)
    response = ada_client.post(
        f"/maps/{s.map.pk}/nodes/add/",
        {
            "kind": "evidence",
            "text": "x",
            "source": SourceFactory().pk,
            "new_source_title": "y",
        },
    )
    assert response.status_code == 422
    assert "not both" in response.text


def test_linking_to_a_statement_of_another_map_is_refused(ada: User, ada_client: Client) -> None:
    s, other = map_scene(ada, "private", reworded=True), map_scene(ada, "private", reworded=True)
    response = ada_client.post(
        f"/maps/{s.map.pk}/nodes/{s.evidence.pk}/links/add/",
        {"kind": "opposes", "target": other.thesis.pk},
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.text


def test_a_stale_edit_answers_409_with_the_current_text(ada: User, ada_client: Client) -> None:
    s = map_scene(ada, "private", reworded=True)  # the thesis is at version 2 now
    response = ada_client.post(
        f"/maps/{s.map.pk}/nodes/{s.thesis.pk}/edit/",
        {"kind": "thesis", "text": "from an old tab", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "Someone else changed this statement" in response.text
    assert "Soviet entry decided it" in response.text and "from an old tab" in response.text
    assert 'name="version" value="2"' in response.text
    assert Node.objects.get(pk=s.thesis.pk).text == "Soviet entry decided it"


def test_delete_answers_with_an_undo_button_that_works(ada: User, ada_client: Client) -> None:
    s = map_scene(ada, "private", reworded=True)
    response = ada_client.post(
        f"/maps/{s.map.pk}/nodes/{s.evidence.pk}/delete/", headers={"HX-Request": "true"}
    )
    assert "Undo" in response.text
    batch = Revision.objects.filter(target_id=s.evidence.pk, action="delete").get().batch
    assert f"/maps/{s.map.pk}/undo/{batch}/" in response.text
    ada_client.post(f"/maps/{s.map.pk}/undo/{batch}/", headers={"HX-Request": "true"})
    assert (
        Node.objects.filter(pk=s.evidence.pk).exists()
        and Link.objects.filter(pk=s.link.pk).exists()
    )


def test_plain_form_posts_work_without_javascript(ada: User, ada_client: Client) -> None:
    s = map_scene(ada, "private", reworded=True)
    response = ada_client.post(f"/maps/{s.map.pk}/nodes/add/", {"kind": "claim", "text": "A claim"})
    assert response.status_code == 302 and response["Location"].startswith(s.map.get_absolute_url())
    assert "Added claim" in ada_client.get(response["Location"]).text


def test_history_lists_changes_and_revert_restores_a_text(ada: User, ada_client: Client) -> None:
    s = map_scene(ada, "private", reworded=True)
    page = ada_client.get(f"/maps/{s.map.pk}/history/")
    assert "Soviet entry decided it" in page.text and "ada" in page.text and "Restore" in page.text
    edited = Revision.objects.get(target_id=s.thesis.pk, target_type="node", action="update")
    services.node_update(node=s.thesis, actor=ada, version=2, data={"text": "A later rewording"})
    ada_client.post(f"/maps/{s.map.pk}/history/{edited.pk}/revert/")
    assert Node.objects.get(pk=s.thesis.pk).text == "Soviet entry decided it"
    assert "reverted" in ada_client.get(f"/maps/{s.map.pk}/history/").text


def test_every_unsafe_request_needs_the_csrf_token(ada: User) -> None:
    s = map_scene(ada, "private", reworded=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    for name, method, url in ENDPOINTS:
        if method == "post":
            assert client.post(url(s)).status_code == 403, name
    assert Node.objects.filter(pk=s.evidence.pk).exists()
