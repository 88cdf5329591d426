"""A student edits her working map as Argdown and applies it; the statements she kept keep their
identity (and so their origin in the starter map, by which coverage matches them); her
instructor reads the text; a submitted snapshot offers it read-only to everyone."""

from __future__ import annotations

import pytest
from django.test import Client

from argmap.maps.models import Node
from tests.cast import Scene

pytestmark = pytest.mark.django_db


def _text(client: Client, map_id: int) -> tuple[int, str, bytes]:
    page = client.get(f"/maps/{map_id}/argdown/")
    return page.status_code, page.context["text"] if page.status_code == 200 else "", page.content


def test_student_applies_argdown_to_her_working_map_keeping_identities(
    scene: Scene, ada_client: Client
) -> None:
    assert scene.work is not None
    work = scene.work.map
    status, opened, content = _text(ada_client, work.pk)
    assert status == 200 and b"Review changes" in content and b"readonly" not in content
    reworded = Node.objects.filter(map=work, kind="thesis").order_by("pk").first()
    assert reworded is not None and reworded.origin_id is not None
    before = {n.pk: n.origin_id for n in Node.objects.filter(map=work)}
    text = opened.replace(reworded.text, reworded.text + " (as I read it)", 1)
    text += '\n[Leaflets]: Leaflets warned of more bombs. {"kind": "claim"}\n'
    review = ada_client.post(f"/maps/{work.pk}/argdown/review/", {"text": text, "base": opened},
                             HTTP_HX_REQUEST="true")  # fmt: skip
    assert b"1 statement added, 1 changed" in review.content
    applied = ada_client.post(f"/maps/{work.pk}/argdown/apply/", {"text": text, "base": opened},
                              HTTP_HX_REQUEST="true")  # fmt: skip
    assert applied.status_code == 200 and applied["HX-Redirect"] == work.get_absolute_url()
    after = {n.pk: n.origin_id for n in Node.objects.filter(map=work)}
    assert {pk: after[pk] for pk in before} == before  # same rows, same origins
    assert Node.objects.get(pk=reworded.pk).text.endswith("(as I read it)")
    assert Node.objects.filter(map=work, title="Leaflets").exists()


def test_instructor_reads_a_working_maps_text_but_cannot_apply_it(
    scene: Scene, iris_client: Client
) -> None:
    assert scene.work is not None
    work = scene.work.map
    status, opened, content = _text(iris_client, work.pk)
    assert status == 200 and b"readonly" in content and b"Review changes" not in content
    answer = iris_client.post(f"/maps/{work.pk}/argdown/apply/",
                              {"text": opened + "\n[X]: x\n", "base": opened})  # fmt: skip
    assert answer.status_code == 403
    assert not Node.objects.filter(map=work, title="X").exists()


def test_submitted_snapshot_offers_its_text_read_only_to_student_and_instructor(
    scene: Scene, ada_client: Client, iris_client: Client
) -> None:
    assert scene.submission is not None
    snapshot = scene.submission.snapshot
    for client in (ada_client, iris_client):
        status, opened, content = _text(client, snapshot.pk)
        assert status == 200 and b"readonly" in content and b"Review changes" not in content
        assert b"This is a submitted snapshot" in content
        for step in ("review", "apply"):
            answer = client.post(f"/maps/{snapshot.pk}/argdown/{step}/",
                                 {"text": opened + "\n[X]: x\n", "base": opened})  # fmt: skip
            assert answer.status_code == 403
    assert not Node.objects.filter(map=snapshot, title="X").exists()
