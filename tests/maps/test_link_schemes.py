"""A link's scheme (AIF's RA/CA scheme, Argdown's inference rule) is kept on the link: shown in
the outline, the statement's panel and the link's form, editable there, and exported to AIF, OVA
and Argdown."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.maps.exports import map_export
from argmap.maps.models import Link, Map
from argmap.maps.services.imports import map_import

pytestmark = pytest.mark.django_db

AIF = {
    "nodes": [
        {"nodeID": "1", "type": "I", "text": "Smoking causes cancer"},
        {"nodeID": "2", "type": "I", "text": "Smokers should be warned", "argmap_kind": "thesis"},
        {"nodeID": "3", "type": "RA", "text": "RA", "scheme": "CauseToEffect"},
    ],
    "edges": [{"fromID": "1", "toID": "3"}, {"fromID": "3", "toID": "2"}],
}


@pytest.fixture
def imported(ada: User) -> Map:
    return map_import(owner=ada, text=json.dumps(AIF), format="aif").map


def _link(map_: Map) -> Link:
    return Link.objects.get(map=map_)


def test_scheme_shows_in_the_outline_and_in_both_statements_panels(
    imported: Map, ada_client: Client
) -> None:
    link = _link(imported)
    theses = ",".join(str(n.pk) for n in imported.nodes.filter(kind="thesis"))
    outline = ada_client.get(f"{imported.get_absolute_url()}?open={theses},0")
    assert b"scheme: CauseToEffect" in outline.content
    for node in (link.source_node, link.target_node):
        panel = ada_client.get(f"/maps/{imported.pk}/nodes/{node.pk}/")
        assert b"scheme: CauseToEffect" in panel.content


def test_link_form_shows_the_scheme_and_changes_it(imported: Map, ada_client: Client) -> None:
    link = _link(imported)
    url = f"/maps/{imported.pk}/links/{link.pk}/edit/"
    form = ada_client.get(url, headers={"HX-Request": "true"})
    assert b'name="scheme"' in form.content and b'value="CauseToEffect"' in form.content
    answer = ada_client.post(
        url,
        {"kind": "supports", "scheme": "ExpertOpinion", "version": link.version},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert _link(imported).scheme == "ExpertOpinion"


def test_scheme_goes_out_to_aif_ova_and_argdown(imported: Map) -> None:
    aif = json.loads(map_export(map=imported, format="aif").text)
    assert [n["scheme"] for n in aif["nodes"] if n["type"] == "RA"] == ["CauseToEffect"]
    ova = json.loads(map_export(map=imported, format="ova").text)
    assert [n["scheme"] for n in ova["AIF"]["nodes"] if n["type"] == "RA"] == ["CauseToEffect"]
    assert '"scheme": "CauseToEffect"' in map_export(map=imported, format="argdown").text
