"""Editing a map as Argdown: the text's changes applied as one batch, identity kept, a stale
text refused with what changed, a snapshot read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from argmap.maps.models import Link, Map, Node, Revision
from argmap.maps.services import batch_undo, link_create, map_create, node_create, node_update
from argmap.maps.services.rewrite import MapChanged, map_rewrite, map_rewrite_plan, map_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(ada: User) -> Map:
    map_ = map_create(owner=ada, title="Surrender")
    thesis = node_create(map=map_, kind="thesis", text="The bombs ended the war.", title="Bombs")
    reason = node_create(
        map=map_, kind="claim", text="The Emperor cited the bomb.", title="Rescript"
    )
    doubt = node_create(map=map_, kind="claim", text="The army rescript cites the Soviets.",
                        title="Army")  # fmt: skip
    link_create(map=map_, kind="supports", source=reason, target=thesis, rationale="Cited.")
    link_create(map=map_, kind="opposes", source=doubt, target=reason)
    return map_


def test_unchanged_text_changes_nothing(small: Map) -> None:
    plan, _notes = map_rewrite_plan(map=small, text=map_text(small).text)
    assert not plan and plan.summary() == "no changes"


def test_apply_keeps_identity_of_what_stayed_and_is_one_batch(small: Map, ada: User) -> None:
    before = map_text(small).text
    kept = {n.title: n.pk for n in small.nodes.all()}
    kept_link = Link.objects.get(map=small, kind="supports").pk
    text = before.replace("The army rescript cites the Soviets.", "The army rescript cites Moscow.")
    text += '\n[Soviet]: The Soviet entry ended the war. {"kind": "claim"}\n    +> [Bombs]\n'
    plan, batch = map_rewrite(map=small, actor=ada, text=text, base_text=before)
    assert plan.summary() == "1 statement added, 1 changed, 1 link added"
    assert {n.title: n.pk for n in small.nodes.all() if n.title in kept} == kept
    assert Link.objects.filter(pk=kept_link).exists()
    assert Node.objects.get(pk=kept["Army"]).text == "The army rescript cites Moscow."
    assert set(
        Revision.objects.filter(map=small, batch=batch).values_list("action", flat=True)
    ) == {"create", "update"}


def test_removed_statements_come_back_in_one_undo(small: Map, ada: User) -> None:
    before = map_text(small).text
    lines = [ln for ln in before.splitlines() if "Army" not in ln and "<- [Army]" not in ln]
    plan, batch = map_rewrite(map=small, actor=ada, text="\n".join(lines) + "\n", base_text=before)
    assert "1 statement removed" in plan.summary() and "1 link removed" in plan.summary()
    assert not Node.objects.filter(map=small, title="Army").exists()
    assert batch_undo(map=small, batch=batch, actor=ada) == 2
    assert map_text(small).text == before


def test_text_opened_before_another_change_is_refused_saying_what_changed(
    small: Map, ada: User
) -> None:
    opened = map_text(small).text
    army = Node.objects.get(map=small, title="Army")
    node_update(node=army, actor=ada, version=army.version, data={"text": "Changed elsewhere."})
    with pytest.raises(MapChanged) as caught:
        map_rewrite(map=small, actor=ada, text=opened + "\n[New]: x\n", base_text=opened)
    assert caught.value.since.summary() == "1 statement changed"
    assert Node.objects.get(pk=army.pk).text == "Changed elsewhere."
    assert not Node.objects.filter(map=small, title="New").exists()


def test_text_with_an_error_is_refused_naming_the_line(small: Map, ada: User) -> None:
    opened = map_text(small).text
    with pytest.raises(ValidationError, match="line"):
        map_rewrite(map=small, actor=ada, text=opened + "\n  + [Orphan]: x\n", base_text=opened)


def test_snapshot_text_is_read_only(small: Map, ada: User, ada_client: Client) -> None:
    Map.objects.filter(pk=small.pk).update(is_snapshot=True)
    page = ada_client.get(f"/maps/{small.pk}/argdown/")
    assert page.status_code == 200 and b"readonly" in page.content
    assert b"Review changes" not in page.content
    answer = ada_client.post(f"/maps/{small.pk}/argdown/apply/", {"text": "x", "base": "x"})
    assert answer.status_code == 403


def test_pages_review_then_apply_then_refuse_stale(small: Map, ada_client: Client) -> None:
    opened = ada_client.get(f"/maps/{small.pk}/argdown/").context["text"]
    text = opened + '\n[Soviet]: The Soviet entry. {"kind": "claim"}\n    +> [Bombs]\n'
    review = ada_client.post(f"/maps/{small.pk}/argdown/review/", {"text": text, "base": opened},
                             HTTP_HX_REQUEST="true")  # fmt: skip
    assert review.status_code == 200 and b"1 statement added, 1 link added" in review.content
    applied = ada_client.post(f"/maps/{small.pk}/argdown/apply/", {"text": text, "base": opened},
                              HTTP_HX_REQUEST="true")  # fmt: skip
    assert applied.status_code == 200 and applied["HX-Redirect"] == small.get_absolute_url()
    stale = ada_client.post(f"/maps/{small.pk}/argdown/apply/", {"text": text, "base": opened},
                            HTTP_HX_REQUEST="true")  # fmt: skip
    assert stale.status_code == 409 and b"the map changed since you opened" in stale.content
    assert b'id="argdown-base"' in stale.content and b'hx-swap-oob="true"' in stale.content


def test_preview_marks_the_line_of_an_error(small: Map, ben_client: Client) -> None:
    Map.objects.filter(pk=small.pk).update(visibility="public")
    answer = ben_client.post(f"/maps/{small.pk}/argdown/preview/", {"text": "[A]: a\n\n  + [B]\n"})
    assert answer.status_code == 200 and b'data-error-line="3"' in answer.content


def test_text_and_preview_are_for_readers_only(
    small: Map, ben_client: Client, anon_client: Client
) -> None:
    for client in (ben_client, anon_client):
        assert client.get(f"/maps/{small.pk}/argdown/").status_code == 404
        assert (
            client.post(f"/maps/{small.pk}/argdown/preview/", {"text": "[A]: a"}).status_code == 404
        )
    Map.objects.filter(pk=small.pk).update(visibility="public")
    assert anon_client.get(f"/maps/{small.pk}/argdown/").status_code == 200
    assert (
        anon_client.post(f"/maps/{small.pk}/argdown/preview/", {"text": "[A]: a"}).status_code
        == 200
    )
