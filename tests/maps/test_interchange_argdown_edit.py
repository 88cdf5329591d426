"""Editing a map as Argdown: the text's changes applied as one batch, identity kept, a stale
text refused with what changed, a snapshot read-only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from argmap.maps.models import Link, Map, Node, Revision, Scholar, Source
from argmap.maps.services import batch_undo, link_create, map_create, node_create, node_update
from argmap.maps.services.rewrite import MapChanged, map_rewrite, map_rewrite_plan, map_text
from tests.cast import Scene

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


def _front(text: str) -> dict[str, Any]:
    return json.loads(text.split("===\n")[1])


def _with_front(text: str, front: dict[str, Any]) -> str:
    head, _old, rest = text.split("===\n", 2)
    dumped = json.dumps(front, ensure_ascii=False, indent=1).replace("=", "\\u003d")
    return f"{head}===\n{dumped}\n===\n{rest}"


def test_demo_text_unchanged_has_nothing_to_apply_and_nothing_left_out(demo: Map) -> None:
    plan, _notes = map_rewrite_plan(map=demo, text=map_text(demo).text)
    assert not plan and plan.unapplied == []


def test_library_and_characterisation_changes_in_the_text_are_listed_as_not_applied(
    private: Scene, ada: User, ada_client: Client
) -> None:
    assert private.map is not None and private.characterisation is not None
    opened = map_text(private.map).text
    front = _front(opened)
    [char] = front["argmap"]["characterisations"]
    char["text"] = "Says something else"
    [source] = [s for s in front["argmap"]["sources"] if s["year"] == 1995][:1]
    source["year"] = 1996
    text = _with_front(opened, front)
    plan, _notes = map_rewrite_plan(map=private.map, text=text)
    assert not plan
    assert plan.unapplied == [
        f"the source “{source['title']}” (year)",
        "1 characterisation added, changed or removed",
    ]
    review = ada_client.post(f"/maps/{private.map.pk}/argdown/review/",
                             {"text": text, "base": opened}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert b"Not applied:" in review.content and b"1 characterisation added" in review.content
    map_rewrite(map=private.map, actor=ada, text=text, base_text=opened)
    private.characterisation.refresh_from_db()
    assert private.characterisation.text == "Says the Soviet entry decided it"
    assert Source.objects.get(title=source["title"]).year == 1995


def test_new_source_and_scholar_in_the_text_are_created_with_every_field(
    small: Map, ada: User
) -> None:
    opened = map_text(small).text
    front = _front(opened)
    front["argmap"]["sources"].append(
        {"id": "s9", "title": "Cabinet papers", "authors": "Cabinet", "container": "Archive",
         "year": 1945, "kind": "primary", "url": "https://example.org/c", "doi": "10.1/c",
         "archive_locator": "Box 3", "notes": "Minutes", "key": "cabinet-papers"}
    )  # fmt: skip
    front["argmap"]["scholars"].append(
        {"id": "p9", "name": "Sadao Asada", "role": "historian", "works": ["s9"], "key": "asada"}
    )
    text = _with_front(opened, front) + (
        '\n[Minutes]: The cabinet minutes. {"kind": "evidence", "source": "s9", '
        '"evidence_kind": "document"}\n    +> [Bombs]\n'
        '\n[Asada]: Shock decided it. {"kind": "claim", "scholar": "p9"}\n'
    )
    plan, _batch = map_rewrite(map=small, actor=ada, text=text, base_text=opened)
    assert plan.summary() == "2 statements added, 1 link added"
    source = Source.objects.get(key="cabinet-papers")
    assert (source.container, source.doi, source.archive_locator, source.notes, source.url) == (
        "Archive", "10.1/c", "Box 3", "Minutes", "https://example.org/c",
    )  # fmt: skip
    scholar = Scholar.objects.get(key="asada")
    assert scholar.role == "historian" and list(scholar.works.all()) == [source]
    assert Node.objects.get(map=small, title="Asada").scholar == scholar
