"""Editing services: versioned edits, soft deletes with undo, history and reverts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from argmap.maps import services
from argmap.maps.models import Link, Map, Node, Revision
from argmap.maps.services.imports import map_import
from tests.factories import EvidenceFactory, MapFactory, NodeFactory, SourceFactory, ThesisFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adas_map(ada: User) -> Map:
    return MapFactory(owner=ada)


def test_node_update_saves_and_bumps_the_version(ada: User, adas_map: Map) -> None:
    node = NodeFactory(map=adas_map, text="The bomb mattered")
    updated = services.node_update(
        node=node, actor=ada, version=1, data={"text": "The bomb mattered most"}
    )
    assert updated.version == 2
    assert Node.objects.get(pk=node.pk).text == "The bomb mattered most"
    change = Revision.objects.get(map=adas_map, action="update")
    assert change.actor == ada and change.before["text"] == "The bomb mattered"
    assert change.after["text"] == "The bomb mattered most"


def test_node_update_refuses_a_stale_version_and_keeps_the_newer_text(
    ada: User, adas_map: Map
) -> None:
    node = NodeFactory(map=adas_map, text="first")
    services.node_update(node=node, actor=ada, version=1, data={"text": "second"})
    with pytest.raises(services.StaleEdit) as caught:
        services.node_update(
            node=node, actor=ada, version=1, data={"text": "third, from an old tab"}
        )
    assert caught.value.current is not None and caught.value.current.text == "second"
    assert Node.objects.get(pk=node.pk).text == "second"


def test_node_update_with_bad_input_writes_nothing(ada: User, adas_map: Map) -> None:
    node = EvidenceFactory(map=adas_map, date_text="1945-08-06")
    with pytest.raises(ValidationError, match="is not a date"):
        services.node_update(node=node, actor=ada, version=1, data={"date_text": "the sixth"})
    fresh = Node.objects.get(pk=node.pk)
    assert (fresh.date_text, fresh.version) == ("1945-08-06", 1)
    assert not Revision.objects.filter(action="update").exists()


def test_node_update_can_cite_a_new_source_atomically(ada: User, adas_map: Map) -> None:
    node = EvidenceFactory(map=adas_map)
    updated = services.node_update(
        node=node,
        actor=ada,
        version=1,
        data={},
        new_source={"title": "Japan's Longest Day", "year": 1968},
    )
    assert updated.source is not None and updated.source.title == "Japan's Longest Day"
    assert updated.source.created_by == ada


def test_node_create_with_a_bad_date_does_not_keep_the_new_source(ada: User, adas_map: Map) -> None:
    from argmap.maps.models import Source

    before = Source.objects.count()
    with pytest.raises(ValidationError):
        services.node_create(
            map=adas_map,
            kind="evidence",
            text="x",
            date_text="soon",
            actor=ada,
            new_source={"title": "A book that should not be saved"},
        )
    assert Source.objects.count() == before


def test_node_delete_hides_the_node_its_links_and_undercuts_of_them(
    ada: User, adas_map: Map
) -> None:
    thesis, evidence, critic = (
        ThesisFactory(map=adas_map),
        EvidenceFactory(map=adas_map),
        NodeFactory(map=adas_map),
    )
    use = services.link_create(map=adas_map, kind="supports", source=evidence, target=thesis)
    services.link_create(map=adas_map, kind="undercuts", source=critic, target_link=use)
    services.node_delete(node=evidence, actor=ada)
    assert not Node.objects.filter(pk=evidence.pk).exists()
    assert Node.all_objects.filter(pk=evidence.pk, deleted_at__isnull=False).exists()
    assert not Link.objects.filter(map=adas_map).exists()
    assert Node.objects.filter(pk=critic.pk).exists()  # the critic stays; only its undercut went


def test_batch_undo_restores_the_node_with_its_links(ada: User, adas_map: Map) -> None:
    thesis, evidence, critic = (
        ThesisFactory(map=adas_map),
        EvidenceFactory(map=adas_map),
        NodeFactory(map=adas_map),
    )
    use = services.link_create(map=adas_map, kind="supports", source=evidence, target=thesis)
    undercut = services.link_create(map=adas_map, kind="undercuts", source=critic, target_link=use)
    batch = services.node_delete(node=evidence, actor=ada)
    assert services.batch_undo(map=adas_map, batch=batch, actor=ada) == 3
    assert Node.objects.filter(pk=evidence.pk).exists()
    assert set(Link.objects.filter(map=adas_map)) == {use, undercut}
    assert Revision.objects.filter(map=adas_map, action="restore").count() == 3
    assert services.batch_undo(map=adas_map, batch=batch, actor=ada) == 0


def test_undo_keeps_a_link_deleted_when_its_other_end_is_still_deleted(
    ada: User, adas_map: Map
) -> None:
    thesis, evidence = ThesisFactory(map=adas_map), EvidenceFactory(map=adas_map)
    services.link_create(map=adas_map, kind="supports", source=evidence, target=thesis)
    first = services.node_delete(node=evidence, actor=ada)
    services.node_delete(node=thesis, actor=ada)
    services.batch_undo(map=adas_map, batch=first, actor=ada)
    assert Node.objects.filter(pk=evidence.pk).exists()
    assert not Link.objects.filter(map=adas_map).exists()


def test_link_delete_and_undo(ada: User, adas_map: Map) -> None:
    link = services.link_create(
        map=adas_map,
        kind="opposes",
        source=NodeFactory(map=adas_map),
        target=ThesisFactory(map=adas_map),
    )
    batch = services.link_delete(link=link, actor=ada)
    assert not Link.objects.filter(pk=link.pk).exists()
    services.batch_undo(map=adas_map, batch=batch, actor=ada)
    assert Link.objects.filter(pk=link.pk).exists()


def test_link_update_changes_stance_and_refuses_turning_into_an_undercut(
    ada: User, adas_map: Map
) -> None:
    link = services.link_create(
        map=adas_map,
        kind="supports",
        source=NodeFactory(map=adas_map),
        target=ThesisFactory(map=adas_map),
    )
    updated = services.link_update(
        link=link, actor=ada, version=1, data={"kind": "opposes", "rationale": "read the other way"}
    )
    assert (updated.kind, updated.version) == ("opposes", 2)
    with pytest.raises(ValidationError, match="undercut stays an undercut"):
        services.link_update(link=link, actor=ada, version=2, data={"kind": "undercuts"})


def test_link_update_refuses_a_stale_version(ada: User, adas_map: Map) -> None:
    link = services.link_create(
        map=adas_map,
        kind="supports",
        source=NodeFactory(map=adas_map),
        target=ThesisFactory(map=adas_map),
    )
    services.link_update(link=link, actor=ada, version=1, data={"rationale": "new"})
    with pytest.raises(services.StaleEdit):
        services.link_update(link=link, actor=ada, version=1, data={"rationale": "old tab"})


def test_node_revert_restores_an_earlier_text(ada: User, adas_map: Map) -> None:
    node = NodeFactory(map=adas_map, text="first wording", actor=ada)
    services.node_update(node=node, actor=ada, version=1, data={"text": "second wording"})
    created = Revision.objects.get(target_type="node", target_id=node.pk, action="create")
    reverted = services.node_revert(node=node, actor=ada, to=created)
    assert reverted.text == "first wording" and reverted.version == 3
    assert Revision.objects.filter(target_id=node.pk, action="revert").count() == 1


def test_history_records_changes_of_cited_sources_and_co_premises(ada: User, adas_map: Map) -> None:
    """Sets of related rows change with an edit too; the history says how, by name."""
    evidence = EvidenceFactory(map=adas_map, text="Hiroshima")
    survey = SourceFactory(title="Strategic Bombing Survey", authors="USSBS", year=1946)
    services.node_update(node=evidence, actor=ada, version=1, data={}, extra_sources=[survey])
    cited = Revision.objects.get(target_id=evidence.pk, action="update")
    assert ("extra_sources", "", str(survey)) in cited.changed_fields()

    thesis, other = ThesisFactory(map=adas_map), EvidenceFactory(map=adas_map, text="Nagasaki")
    link = services.link_create(
        map=adas_map, kind="supports", source=evidence, target=thesis, actor=ada
    )
    services.link_update(link=link, actor=ada, version=1, data={}, co_premises=[other])
    joined = Revision.objects.get(target_type="link", target_id=link.pk, action="update")
    assert ("co_premises", "", other.label) in joined.changed_fields()
    # Setting the same sets again changes nothing, and records nothing.
    services.link_update(link=link, actor=ada, version=2, data={}, co_premises=[other])
    assert Revision.objects.filter(target_type="link", action="update").count() == 1


def test_a_fork_and_an_import_say_where_their_content_came_from(ada: User, ben: User) -> None:
    original = MapFactory(owner=ada, title="Why did Japan surrender?", visibility="public")
    services.link_create(
        map=original,
        kind="supports",
        source=EvidenceFactory(map=original),
        target=ThesisFactory(map=original),
        actor=ada,
    )
    fork = services.map_fork(map=original, owner=ben)
    first = Revision.objects.get(map=fork, target_type="map", action="create")
    assert "copied from “Why did Japan surrender?”: 2 statements, 1 links" in first.summary
    assert first.actor == ben
    imported = map_import(owner=ben, text="[Bombs]: The bombs ended it.\n  <+ [Survey]: No.\n",
                          format="argdown").map  # fmt: skip
    first = Revision.objects.get(map=imported, target_type="map", action="create")
    assert "imported: 2 statements, 1 links" in first.summary


def test_map_update_delete_and_restore(ada: User, adas_map: Map) -> None:
    services.map_update(map=adas_map, actor=ada, version=1, data={"title": "Why Japan surrendered"})
    with pytest.raises(services.StaleEdit):
        services.map_update(map=adas_map, actor=ada, version=1, data={"title": "stale"})
    services.map_delete(map=adas_map, actor=ada)
    assert not Map.objects.filter(pk=adas_map.pk).exists()
    services.map_restore(map=adas_map, actor=ada)
    assert Map.objects.get(pk=adas_map.pk).title == "Why Japan surrendered"


def test_undercut_create_with_a_new_claim(ada: User, adas_map: Map) -> None:
    use = services.link_create(
        map=adas_map,
        kind="supports",
        source=EvidenceFactory(map=adas_map),
        target=ThesisFactory(map=adas_map),
    )
    claim = services.undercut_create(
        map=adas_map, target_link=use, new_claim="The rescript was for show", actor=ada
    )
    assert claim.kind == "claim"
    assert Link.objects.get(source_node=claim).target_link == use
    with pytest.raises(ValidationError, match="one of the two"):
        services.undercut_create(map=adas_map, target_link=use, actor=ada)


def test_every_user_change_is_recorded_with_who_and_what(ada: User, adas_map: Map) -> None:
    node = services.node_create(
        map=adas_map, kind="thesis", text="Soviet entry decided it", actor=ada
    )
    evidence = services.node_create(
        map=adas_map,
        kind="evidence",
        text="Declaration of war",
        actor=ada,
        source=SourceFactory(),
        date_text="1945-08-08",
    )
    services.link_create(map=adas_map, kind="supports", source=evidence, target=node, actor=ada)
    actions = list(Revision.objects.filter(map=adas_map).values_list("action", "target_type"))
    assert (
        ("create", "node") in actions
        and ("create", "link") in actions
        and ("create", "map") in actions
    )
    assert all(r.actor == ada for r in Revision.objects.filter(map=adas_map))


def test_deletes_with_a_version_refuse_a_changed_row(ada: User, adas_map: Map) -> None:
    """The API's If-Match: a delete based on an old version deletes nothing."""
    thesis = ThesisFactory(map=adas_map)
    link = services.link_create(
        map=adas_map, kind="supports", source=NodeFactory(map=adas_map), target=thesis
    )
    services.node_update(node=thesis, actor=ada, version=1, data={"text": "changed"})
    services.link_update(link=link, actor=ada, version=1, data={"rationale": "changed"})
    services.map_update(map=adas_map, actor=ada, version=1, data={"title": "changed"})
    for delete, target in (
        (services.node_delete, {"node": thesis}),
        (services.link_delete, {"link": link}),
        (services.map_delete, {"map": adas_map}),
    ):
        with pytest.raises(services.StaleEdit) as refused:
            delete(actor=ada, version=1, **target)  # type: ignore[operator]
        assert refused.value.current is not None and refused.value.current.version == 2
    assert Node.objects.filter(pk=thesis.pk).exists() and Link.objects.filter(pk=link.pk).exists()
    assert Map.objects.filter(pk=adas_map.pk).exists()
    services.node_delete(node=thesis, actor=ada, version=2)
    services.map_delete(map=adas_map, actor=ada, version=2)
    assert not Node.objects.filter(pk=thesis.pk).exists()
    assert not Map.objects.filter(pk=adas_map.pk).exists()


def test_node_update_refuses_extra_sources_on_a_claim(ada: User, adas_map: Map) -> None:
    claim = NodeFactory(map=adas_map)
    with pytest.raises(ValidationError, match="Only evidence cites sources"):
        services.node_update(
            node=claim, actor=ada, version=1, data={}, extra_sources=[SourceFactory()]
        )
    assert not Node.objects.get(pk=claim.pk).extra_sources.exists()


def test_batch_undo_refuses_a_delete_someone_else_made(ada: User, ben: User, adas_map: Map) -> None:
    """On a map several people edit, Ben's undo must not take back Ada's delete."""
    node = NodeFactory(map=adas_map, text="Ada deletes this")
    batch = services.node_delete(node=node, actor=ada)
    with pytest.raises(ValidationError, match="Someone else deleted this"):
        services.batch_undo(map=adas_map, batch=batch, actor=ben)
    assert not Node.objects.filter(pk=node.pk).exists()
    # Her own undo still works.
    assert services.batch_undo(map=adas_map, batch=batch, actor=ada) == 1
    assert Node.objects.filter(pk=node.pk).exists()


def test_history_offers_restore_for_the_readers_own_deletes_only(
    ada: User, ben: User, adas_map: Map
) -> None:
    from argmap.maps.revisions import history_entries

    services.node_delete(node=NodeFactory(map=adas_map, text="gone"), actor=ada)
    revisions = list(Revision.objects.filter(map=adas_map, action="delete"))
    assert [e.restorable for e in history_entries(adas_map, revisions, reader=ada.pk)] == [True]
    assert [e.restorable for e in history_entries(adas_map, revisions, reader=ben.pk)] == [False]
