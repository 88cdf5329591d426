"""A submission is what the student handed in, for ever: nothing edits a snapshot, and editing the
working map afterwards leaves every submission as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from argmap.classroom import services
from argmap.maps import services as map_services
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Link, Map, Node, Revision
from argmap.maps.selectors import map_bundle
from tests.cast import Scene

pytestmark = pytest.mark.django_db


def frozen_state(map_: Map) -> str:
    """Everything the map holds, ids included."""
    fresh = Map.all_objects.get(pk=map_.pk)
    graph = bundle_graph(map_bundle(fresh))
    state = {
        "map": [fresh.title, fresh.question, fresh.visibility, fresh.version, fresh.deleted_at],
        "nodes": [asdict(n) for n in graph.nodes.values()],
        "links": [asdict(ln) for ln in graph.links.values()],
    }
    return json.dumps(state, sort_keys=True, default=str)


def edits(scene: Scene, ada: User) -> dict[str, Callable[[], object]]:
    snapshot = scene.submission.snapshot
    thesis = Node.objects.filter(map=snapshot, kind="thesis").first()
    node, link = scene.evidence, scene.link
    return {
        "node_create": lambda: map_services.node_create(map=snapshot, kind="claim", text="x"),
        "node_update": lambda: map_services.node_update(
            node=node, actor=ada, version=node.version, data={"text": "rewritten"}
        ),
        "node_delete": lambda: map_services.node_delete(node=node, actor=ada),
        "link_create": lambda: map_services.link_create(
            map=snapshot, kind="opposes", source=node, target=thesis
        ),
        "link_update": lambda: map_services.link_update(
            link=link, actor=ada, version=link.version, data={"rationale": "because"}
        ),
        "link_delete": lambda: map_services.link_delete(link=link, actor=ada),
        "undercut_create": lambda: map_services.undercut_create(
            map=snapshot, target_link=link, new_claim="Not so"
        ),
        "map_update": lambda: map_services.map_update(
            map=snapshot, actor=ada, version=snapshot.version, data={"visibility": "public"}
        ),
        "map_delete": lambda: map_services.map_delete(map=snapshot, actor=ada),
    }


@pytest.mark.parametrize(
    "edit",
    [
        "node_create",
        "node_update",
        "node_delete",
        "link_create",
        "link_update",
        "link_delete",
        "undercut_create",
        "map_update",
        "map_delete",
    ],
)
def test_every_editing_service_refuses_a_snapshot(scene: Scene, ada: User, edit: str) -> None:
    snapshot = scene.submission.snapshot
    before = (frozen_state(snapshot), Revision.objects.count())
    with pytest.raises(ValidationError, match="submitted snapshot"):
        edits(scene, ada)[edit]()
    assert Map.objects.filter(pk=snapshot.pk).exists()
    assert (frozen_state(snapshot), Revision.objects.count()) == before


def test_the_rules_refuse_even_the_owner(scene: Scene, ada: User) -> None:
    snapshot = scene.submission.snapshot
    assert snapshot.owner == ada and ada.has_perm("maps.view_map", snapshot)
    assert not ada.has_perm("maps.change_map", snapshot)
    assert not ada.has_perm("maps.delete_map", snapshot)
    assert ada.has_perm("maps.change_map", scene.work.map)


def test_the_editor_answers_403_on_a_snapshot(scene: Scene, ada: User, ada_client: Client) -> None:
    snap = scene.submission.snapshot
    base = f"/maps/{snap.pk}"
    before = frozen_state(snap)
    for url, data in (
        (f"{base}/nodes/add/", {"kind": "claim", "text": "sneaked in"}),
        (
            f"{base}/nodes/{scene.evidence.pk}/edit/",
            {"kind": "evidence", "text": "x", "version": 1},
        ),
        (f"{base}/nodes/{scene.evidence.pk}/delete/", {}),
        (f"{base}/links/{scene.link.pk}/delete/", {}),
        (f"{base}/settings/", {"title": "Renamed", "visibility": "public", "version": 1}),
        (f"{base}/delete/", {}),
    ):
        assert ada_client.post(url, data, headers={"HX-Request": "true"}).status_code == 403, url
    page = ada_client.get(snap.get_absolute_url())
    assert page.status_code == 200 and "submitted snapshot" in page.text
    assert 'class="editor-toolbar"' not in page.text
    assert frozen_state(snap) == before


def test_later_edits_of_the_working_map_never_change_the_submission(
    scene: Scene, ada: User
) -> None:
    snapshot = scene.submission.snapshot
    before = frozen_state(snapshot)
    working = scene.work.map
    node = Node.objects.filter(map=working, kind="evidence").first()
    assert node is not None
    map_services.node_update(
        node=node, actor=ada, version=node.version, data={"text": "Completely rewritten"}
    )
    map_services.node_create(map=working, kind="claim", text="A new claim", actor=ada)
    link = Link.objects.filter(map=working).first()
    assert link is not None
    map_services.link_delete(link=link, actor=ada)
    map_services.map_update(map=working, actor=ada, version=1, data={"title": "Renamed"})
    assert frozen_state(snapshot) == before
    # And the next submission is a new snapshot of the map as it is now.
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    assert Node.objects.filter(map=second.snapshot, text="Completely rewritten").exists()
    assert frozen_state(snapshot) == before


def test_a_copy_of_a_snapshot_is_an_ordinary_map(scene: Scene, ada: User) -> None:
    copy = map_services.map_fork(map=scene.submission.snapshot, owner=ada)
    assert not copy.is_snapshot
    map_services.node_create(map=copy, kind="claim", text="Keeps working from here")
