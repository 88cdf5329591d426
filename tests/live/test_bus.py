"""Publishing changes: a committed write notifies every listener, a rolled-back one nobody."""

from __future__ import annotations

import json
import select
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from argmap.lib import bus
from argmap.live.hub import _conninfo
from argmap.maps import services
from argmap.maps.models import Map
from tests.factories import MapFactory, NodeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listener() -> Iterator[psycopg.Connection[Any]]:
    """A second connection LISTENing on the channel, as an app server's hub does."""
    with psycopg.connect(_conninfo(), autocommit=True) as conn:
        conn.execute(f"LISTEN {bus.CHANNEL}")
        yield conn


def heard(conn: psycopg.Connection[Any], wait: float = 0.5) -> list[dict[str, Any]]:
    select.select([conn.fileno()], [], [], wait)
    return [json.loads(n.payload) for n in conn.notifies(timeout=0.05)]


def test_a_committed_edit_notifies_with_map_revision_and_actor(
    ada: User, listener: psycopg.Connection[Any]
) -> None:
    map_ = MapFactory(owner=ada)
    node = NodeFactory(map=map_, text="before")
    heard(listener)  # whatever setting up said
    services.node_update(node=node, actor=ada, version=node.version, data={"text": "after"})
    messages = heard(listener)
    revision = Map.objects.get(pk=map_.pk).revision
    assert {"map": map_.pk, "rev": revision, "kind": "change", "actor": None, "tab": ""} in messages


def test_a_rolled_back_edit_notifies_nobody(ada: User, listener: psycopg.Connection[Any]) -> None:
    map_ = MapFactory(owner=ada)
    node = NodeFactory(map=map_, text="before")
    heard(listener)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.node_update(node=node, actor=ada, version=node.version, data={"text": "after"})
        raise RuntimeError("the request failed after the write")
    assert heard(listener) == []


def test_every_kind_of_write_reaches_bump(ada: User, listener: psycopg.Connection[Any]) -> None:
    """Creates, edits, deletes, undo and the map's own settings all announce themselves."""
    map_ = MapFactory(owner=ada)
    heard(listener)
    thesis = services.node_create(map=map_, kind="thesis", text="A thesis", actor=ada)
    claim = services.node_create(map=map_, kind="claim", text="A claim", actor=ada)
    link = services.link_create(map=map_, kind="supports", source=claim, target=thesis, actor=ada)
    services.link_update(link=link, actor=ada, version=link.version, data={"rationale": "why"})
    batch = services.node_delete(node=claim, actor=ada)
    services.batch_undo(map=map_, batch=batch, actor=ada)
    services.map_update(map=map_, actor=ada, version=map_.version, data={"title": "Renamed"})
    revisions = [m["rev"] for m in heard(listener) if m["map"] == map_.pk]
    assert revisions == sorted(revisions) and len(revisions) >= 7


def test_the_origin_names_the_request_user_and_tab(ada: User) -> None:
    token = bus._origin.set(bus.Origin(ada, "tab-1234abcd"))
    try:
        assert bus.origin().actor == ada.pk and bus.origin().tab == "tab-1234abcd"
    finally:
        bus._origin.reset(token)


def test_the_fallback_delivers_after_commit_only(ada: User, monkeypatch: Any) -> None:
    """Without PostgreSQL (SQLite under `make run`) the message goes to this process's own
    listeners once the transaction commits."""
    got: list[str] = []
    stop = bus.listen_locally(got.append)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    try:
        with transaction.atomic():
            bus.publish(map_id=1, revision=2)
            assert got == []
        assert json.loads(got[0])["rev"] == 2
        with pytest.raises(RuntimeError), transaction.atomic():
            bus.publish(map_id=1, revision=3)
            raise RuntimeError
        assert len(got) == 1
    finally:
        stop()
