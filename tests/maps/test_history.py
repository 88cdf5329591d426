"""The history page in words: statements by their text, scholars and sources by name, links by
the statements they join; Restore only where something is left to restore, and Revert only to a
version that differs from the statement as it is now."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.maps import services
from argmap.maps.models import Node, Revision
from tests.cast import Scene, map_scene
from tests.factories import ScholarFactory, SourceFactory

pytestmark = pytest.mark.django_db


def history(client: Client, scene: Scene) -> str:
    assert scene.map is not None
    response = client.get(f"/maps/{scene.map.pk}/history/")
    assert response.status_code == 200
    return response.text


def rows(page: str) -> list[str]:
    """Each row of the history table as plain text (tags dropped, spaces collapsed)."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", row).split()) for row in found]


def test_history_names_the_scholar_and_the_source_of_an_edit(
    ada: User, ada_client: Client, private: Scene
) -> None:
    stimson = ScholarFactory(name="Henry L. Stimson")
    survey = SourceFactory(title="Strategic Bombing Survey", authors="USSBS", year=1946)
    assert private.thesis and private.evidence
    services.node_update(node=private.thesis, actor=ada, version=1, data={"scholar": stimson})
    services.node_update(node=private.evidence, actor=ada, version=1, data={"source": survey})
    page = history(ada_client, private)
    assert "held by set to Henry L. Stimson" in rows(page)[1]
    assert "source: A. Historian (1995)" in rows(page)[0]
    assert "→ USSBS (1946) Strategic Bombing Survey" in rows(page)[0]
    assert "(another)" not in page and "(empty)" not in page


def test_history_says_a_field_was_cleared(ada: User, ada_client: Client, private: Scene) -> None:
    assert private.thesis
    services.node_update(
        node=private.thesis, actor=ada, version=1, data={"scholar": ScholarFactory(name="Asada")}
    )
    services.node_update(node=private.thesis, actor=ada, version=2, data={"scholar": None})
    assert "held by cleared (was Asada)" in rows(history(ada_client, private))[0]


def test_history_names_an_undercut_by_the_statements_it_joins(
    ada: User, ada_client: Client, private: Scene
) -> None:
    assert private.map and private.link and private.other
    services.link_create(
        map=private.map, kind="undercuts", source=private.other, target_link=private.link, actor=ada
    )
    first = rows(history(ada_client, private))[0]
    assert first == (
        f"{first.split(' created ')[0]} created link: “The bombs were decisive” undercuts "
        "“Declaration of war, 8 August” as support for “The Soviet entry was decisive”"
    )
    assert "#" not in first


def test_history_cuts_a_long_statement_at_a_word(
    ada: User, ada_client: Client, private: Scene
) -> None:
    assert private.thesis
    long = "The Soviet declaration of war " + "and the collapse of every hope " * 6 + "ended it"
    services.node_update(node=private.thesis, actor=ada, version=1, data={"text": long})
    what = rows(history(ada_client, private))[0]
    assert "changed thesis “The Soviet declaration of war and the collapse of every hope" in what
    quoted = re.search(r"changed thesis “(.*?)…”", what)
    assert quoted and f"{quoted.group(1)} " in long  # whole words only


def test_restore_is_offered_until_the_delete_is_undone(
    ada: User, ada_client: Client, private: Scene
) -> None:
    assert private.map and private.evidence
    batch = services.node_delete(node=private.evidence, actor=ada)
    page = history(ada_client, private)
    restore = f"/maps/{private.map.pk}/history/undo/{batch}/"
    # The statement and its link were deleted together: both rows offer to restore them.
    assert page.count(restore) == 2
    response = ada_client.post(restore)
    assert response.status_code == 302
    assert Node.objects.filter(pk=private.evidence.pk).exists()
    assert restore not in history(ada_client, private)
    # The scene's own delete (`private.batch`) was never undone: it still offers Restore.
    assert f"/history/undo/{private.batch}/" in history(ada_client, private)


def test_a_link_whose_statement_is_still_deleted_offers_no_restore(
    ada: User, ada_client: Client, private: Scene
) -> None:
    """Deleting a link, then its statement: undoing the first cannot bring the link back while
    its end is deleted, so only the statement's delete offers Restore."""
    assert private.link and private.evidence
    first = services.link_delete(link=private.link, actor=ada)
    second = services.node_delete(node=private.evidence, actor=ada)
    page = history(ada_client, private)
    assert f"/history/undo/{first}/" not in page
    assert f"/history/undo/{second}/" in page


def test_revert_is_offered_only_for_other_versions(ada: User, ada_client: Client) -> None:
    scene = map_scene(ada, "private", reworded=True)
    assert scene.map and scene.thesis
    first = Revision.objects.get(target_id=scene.thesis.pk, target_type="node", action="update")
    services.node_update(node=scene.thesis, actor=ada, version=2, data={"text": "Later words"})
    latest = Revision.objects.filter(target_id=scene.thesis.pk, target_type="node").first()
    assert latest is not None and latest.pk != first.pk
    page = history(ada_client, scene)
    assert f"/history/{first.pk}/revert/" in page
    assert f"/history/{latest.pk}/revert/" not in page  # it is the statement as it is now
    # Once the statement is deleted, no version can be set back (restore it first).
    services.node_delete(node=scene.thesis, actor=ada)
    assert "/revert/" not in history(ada_client, scene)


def test_history_page_queries_are_pinned(
    ada: User, ada_client: Client, private: Scene, django_assert_num_queries: Any
) -> None:
    """Naming costs five queries in all, however many revisions the page shows: the links, the
    statements, the scholars, the sources, and what each delete removed."""
    assert private.map and private.thesis and private.link and private.other
    services.node_update(
        node=private.thesis, actor=ada, version=1, data={"scholar": ScholarFactory()}
    )
    services.link_update(
        link=private.link, actor=ada, version=1, data={"citation": SourceFactory()}
    )
    services.link_create(
        map=private.map, kind="undercuts", source=private.other, target_link=private.link, actor=ada
    )
    # session, user, the map, the count and the page of revisions (with their actors), then
    # the five that name what they mention
    with django_assert_num_queries(10):
        history(ada_client, private)
