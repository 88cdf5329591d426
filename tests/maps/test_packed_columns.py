"""Large maps are kept packed and read from there (argmap/maps/stored.py): Ada's map, read once,
is read again in one query, and after every kind of write it reads exactly as the whole map
does. `packing` lowers the size from which a map is kept packed to one statement."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from argmap.maps import stored
from argmap.maps.columns import load_columns
from argmap.maps.models import ColumnChange, Link, Map, Node, PackedColumns
from argmap.maps.packed import NODE_KINDS, Columns, dumps, loads, packed, unpacked
from argmap.maps.services import (
    batch_undo,
    link_create,
    link_delete,
    node_create,
    node_delete,
    undercut_create,
)
from argmap.maps.services.history import bump
from tests.maps.test_results import tangled

pytestmark = pytest.mark.django_db


@pytest.fixture
def packing(settings: Any) -> None:
    settings.ARGMAP_PACK_FROM = 1


def whole(map_: Map) -> Columns:
    """The map read whole, row by row, as a map that is not kept packed is read."""
    vendor = connection.vendor
    connection.vendor = "sqlite"  # the ORM's path, which never reads or keeps a packed value
    try:
        return load_columns([map_.pk])[map_.pk]
    finally:
        connection.vendor = vendor


def read(map_: Map) -> tuple[Columns, int]:
    with CaptureQueriesContext(connection) as reading:
        found = load_columns([map_.pk])[map_.pk]
    return found, len(reading)


def named(map_: Map) -> dict[str, Node]:
    return {n.text: n for n in Node.all_objects.filter(map=map_)}


def test_packing_and_unpacking_gives_the_same_columns(ada: User) -> None:
    columns = whole(tangled(ada, cycle=True))
    assert columns.links.co_premises and columns.base_scores  # every part has something in it
    assert columns.scholars == {} and any(columns.links.target_links)
    found = packed(columns)
    assert found is not None
    assert unpacked(loads(dumps(found))) == unpacked(found) == columns


def test_adas_map_read_once_is_read_again_from_its_packed_value_in_one_query(
    ada: User, packing: None
) -> None:
    map_ = tangled(ada, cycle=True)
    first, _ = read(map_)
    assert PackedColumns.objects.filter(map=map_, revision=map_.revision).exists()
    again, queries = read(map_)
    assert queries == 1
    assert again == first == whole(map_)
    assert again.packed is not None


def test_a_map_below_the_size_is_never_packed_and_its_writes_list_nothing(
    ada: User, settings: Any
) -> None:
    settings.ARGMAP_PACK_FROM = 100
    map_ = tangled(ada, cycle=True)
    read(map_)
    node_create(map=map_, kind="claim", text="The Soviet entry", actor=ada)
    assert read(map_)[0] == whole(map_)
    assert not PackedColumns.objects.exists()
    assert not ColumnChange.objects.exists()


AROUND = "a kind and a base score changed"  # the first write around the services


def steps(map_: Map, ada: User) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Every kind of write a map's structure sees, each after the one before: through the
    services, then (from `AROUND` on) around them, counting no revision."""
    node = named(map_)
    thesis, claim = node["Statement t1"], node["Statement c3"]
    made: dict[str, Any] = {}
    yield (
        "a statement",
        lambda: made.setdefault(
            "claim", node_create(map=map_, kind="claim", text="The Soviet entry", actor=ada)
        ),
    )
    yield (
        "a link from it",
        lambda: made.setdefault(
            "link",
            link_create(map=map_, kind="opposes", source=made["claim"], target=thesis, actor=ada),
        ),
    )
    yield (
        "an undercut of that link",
        lambda: undercut_create(
            map=map_, target_link=made["link"], new_claim="The bombs came first", actor=ada
        ),
    )
    yield (
        "a statement deleted with its links",
        lambda: made.setdefault("batch", node_delete(node=made["claim"], actor=ada)),
    )
    yield "the delete undone", lambda: batch_undo(map=map_, batch=made["batch"], actor=ada)
    yield (
        "a link deleted",
        lambda: link_delete(link=Link.objects.get(pk=made["link"].pk), actor=ada),
    )
    yield (
        "a kind and a base score changed",
        lambda: Node.objects.filter(pk=claim.pk).update(kind="evidence", base_score=0.9),
    )
    yield (
        "a co-premise taken off",
        lambda: Link.objects.get(map=map_, co_premises=node["Evidence 4"]).co_premises.remove(
            node["Evidence 4"]
        ),
    )
    # Written around the services (no revision counted): still listed by the triggers.
    yield (
        "a statement deleted without its links",
        lambda: Node.objects.filter(pk=node["Evidence 2"].pk).update(deleted_at=timezone.now()),
    )
    yield (
        "and brought back, with the links that name it",
        lambda: Node.all_objects.filter(pk=node["Evidence 2"].pk).update(deleted_at=None),
    )
    yield (
        "a link row removed",
        lambda: Link.objects.filter(map=map_, source_node=node["Evidence 1"]).delete(),
    )


@pytest.mark.parametrize("fold", [1, stored.FOLD_FROM], ids=["kept each time", "applied"])
def test_after_every_kind_of_write_adas_packed_map_reads_as_the_whole_map(
    ada: User, packing: None, fold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept each time, every read after a write applies that write alone; by default the rows
    written pile up (fewer than `FOLD_FROM` here) and every read applies them all."""
    monkeypatch.setattr(stored, "FOLD_FROM", fold)
    map_ = tangled(ada, cycle=True)
    read(map_)
    first = PackedColumns.objects.get(map=map_).revision
    counted = True
    for what, write in steps(map_, ada):
        counted = counted and what != AROUND
        write()
        assert ColumnChange.objects.filter(map_id=map_.pk).exists(), what
        found, queries = read(map_)
        assert found == whole(map_), what
        assert found.packed is not None, what
        # the packed value and what was written since, the rows written (and the value kept)
        assert queries <= 4, what
        again, queries = read(map_)
        assert again == found, what
        kept = PackedColumns.objects.get(map=map_).revision
        assert not ColumnChange.objects.filter(map_id=map_.pk, revision__lt=kept).exists()
        if fold > 1:
            assert kept == first and queries == 2, what  # still the first value, and the rows
        elif counted:  # what was written is in the value kept: nothing more to apply
            assert queries == 1, what
        else:  # listed under the revision kept: applied again until the next revision
            assert ColumnChange.objects.filter(map_id=map_.pk, revision=kept).exists(), what


def test_once_enough_rows_are_written_the_value_with_them_is_kept_in_its_place(
    ada: User, packing: None
) -> None:
    map_ = tangled(ada, cycle=True)
    read(map_)
    first = PackedColumns.objects.get(map=map_).revision
    thesis = named(map_)["Statement t1"]
    while True:
        claim = node_create(map=map_, kind="claim", text="One more reason", actor=ada)
        link_create(map=map_, kind="supports", source=claim, target=thesis, actor=ada)
        if ColumnChange.objects.count() >= stored.FOLD_FROM:
            break
        assert read(map_)[1] == 2  # the packed value, the rows written: applied, not kept
        assert PackedColumns.objects.get(map=map_).revision == first
    found, queries = read(map_)  # applied and kept
    assert found == whole(map_)
    assert PackedColumns.objects.get(map=map_).revision == Map.objects.get(pk=map_.pk).revision
    assert not ColumnChange.objects.exists()
    assert read(map_) == (found, 1)


def test_a_value_read_before_a_write_is_not_kept(ada: User, packing: None) -> None:
    map_ = tangled(ada, cycle=True)
    before = Map.objects.get(pk=map_.pk).revision
    columns = whole(map_)
    node_create(map=map_, kind="claim", text="Written after the read", actor=ada)
    stored.keep_new(map_.pk, before, columns)
    assert not PackedColumns.objects.exists()
    assert read(map_)[0] == whole(map_)


def test_a_packed_value_of_another_format_is_packed_again(ada: User, packing: None) -> None:
    map_ = tangled(ada, cycle=True)
    read(map_)
    PackedColumns.objects.filter(map=map_).update(payload=b"\x00" * 100)
    assert read(map_)[0] == whole(map_)
    assert loads(PackedColumns.objects.get(map=map_).payload) is not None


def test_deleting_a_map_deletes_its_packed_value_and_its_list_of_changes(
    ada: User, packing: None
) -> None:
    map_ = tangled(ada, cycle=True)
    read(map_)
    node_create(map=map_, kind="claim", text="One more", actor=ada)
    assert ColumnChange.objects.exists()
    Map.all_objects.filter(pk=map_.pk).delete()
    assert not PackedColumns.objects.exists()
    assert not ColumnChange.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_write_in_flight_while_the_map_is_first_packed_is_not_lost(
    ada: User, packing: None
) -> None:
    """Ben's write has added a statement and not yet committed (nor counted its revision) when
    Ada's page reads the map whole: her read cannot see it, and keeping what she read would lose
    it for good. His write holds the map's lock from its first row (the triggers), so packing
    waits for his commit and then sees the revision moved on."""
    map_ = tangled(ada, cycle=True)
    written, commit = threading.Event(), threading.Event()

    def ben_writes() -> None:
        try:
            with transaction.atomic():
                Node.objects.create(map=map_, kind="claim", text="Ben's statement")
                written.set()
                commit.wait(10)
                bump(map_)
        finally:
            connection.close()

    ben = threading.Thread(target=ben_writes)
    ben.start()
    assert written.wait(10)
    threading.Timer(0.5, commit.set).start()
    found = load_columns([map_.pk])[map_.pk]  # waits for Ben's commit before keeping anything
    ben.join(10)
    assert "Ben's statement" not in {n.text for n in Node.objects.filter(pk__in=found.nodes)}
    assert read(map_)[0] == whole(map_)
    assert "Ben's statement" in {n.text for n in Node.objects.filter(pk__in=whole(map_).nodes)}


@pytest.mark.parametrize("seed", range(3))
def test_a_random_run_of_writes_reads_as_the_whole_map_after_each(
    ada: User, packing: None, seed: int
) -> None:
    """Sixty writes drawn at random (statements and links added, deleted and brought back,
    kinds changed, undercuts aimed at links, rows deleted outright), each followed by a read."""
    rng = random.Random(seed)
    map_ = tangled(ada, cycle=True)
    read(map_)
    for step in range(60):
        nodes = list(Node.all_objects.filter(map=map_))
        links = list(Link.all_objects.filter(map=map_))
        live = [n for n in nodes if n.deleted_at is None]
        choice = rng.choice(["node", "link", "undercut", "delete", "revive", "kind", "drop"])
        if choice == "node" or len(live) < 3:
            node_create(map=map_, kind=rng.choice(["claim", "evidence"]), text=f"S{step}")
        elif choice == "link":
            source, target = rng.sample(live, 2)
            kind = rng.choice(["supports", "opposes"])
            Link.objects.create(map=map_, kind=kind, source_node=source, target_node=target)
        elif choice == "undercut" and links:
            Link.objects.create(
                map=map_, kind="undercuts", source_node=rng.choice(live),
                target_link=rng.choice(links),
            )  # fmt: skip
        elif choice == "delete":
            Node.objects.filter(pk=rng.choice(live).pk).update(deleted_at=timezone.now())
        elif choice == "revive" and len(live) < len(nodes):
            gone = [n for n in nodes if n.deleted_at is not None]
            Node.all_objects.filter(pk=rng.choice(gone).pk).update(deleted_at=None)
        elif choice == "kind":
            Node.objects.filter(pk=rng.choice(live).pk).update(kind=rng.choice(NODE_KINDS))
        elif choice == "drop" and links:
            Link.all_objects.filter(pk=rng.choice(links).pk).delete()
        bump(map_)
        assert read(map_)[0] == whole(map_), (seed, step, choice)
