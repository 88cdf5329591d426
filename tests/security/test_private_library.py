"""Private content never reaches the shared library.

A source Ada types into her private map, and the sources, scholars and characterisations of a
private import, stay hers until a map others can read cites them: Ben finds them on no page, in
no API answer and in none of his drop-downs, cannot cite them by id, and an import of his with
the same key or name gets records of its own. When Ada publishes the map, they are published
with it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.graph import Graph, GraphCharacterisation, GraphNode, GraphScholar, GraphSource
from argmap.maps import services
from argmap.maps.models import Map, Scholar, Source
from argmap.maps.services.rewrite import map_text

pytestmark = pytest.mark.django_db


def private_import(owner: User) -> Map:
    graph = Graph(title="Notes for my essay")
    graph.sources["s"] = GraphSource("s", "Kido diary, private notes", key="kido-private")
    graph.scholars["h"] = GraphScholar("h", "Professor Hidden", works=["s"], key="hidden-prof")
    graph.add_node(GraphNode("t", "thesis", "The emperor decided"))
    graph.characterisations.append(
        GraphCharacterisation("c", "h", "s", "Hidden says the emperor decided alone")
    )
    return services.map_create_from_graph(owner=owner, graph=graph)


def ben_sees(client: Client, text: str) -> list[str]:
    """Every place of the library where Ben could come across `text`."""
    urls = ["/sources/", "/sources/?q=kido", "/scholars/", "/api/sources/", "/api/sources/?q=kido",
            "/api/scholars/", "/api/scholars/?q=hidden", "/api/characterisations/"]  # fmt: skip
    return [url for url in urls if text in client.get(url).text]


def test_a_source_typed_into_a_private_map_stays_its_authors(
    ada: User, ben: User, ada_client: Client, ben_client: Client
) -> None:
    private = services.map_create(owner=ada, title="Draft", visibility="private")
    services.node_create(
        map=private,
        kind="evidence",
        text="Kido's diary entry",
        actor=ada,
        new_source={"title": "Kido diary, my transcription", "authors": "Kido"},
    )
    source = Source.objects.get(title="Kido diary, my transcription")
    assert ben_sees(ben_client, "my transcription") == []
    assert ben_client.get(f"/sources/{source.pk}/").status_code == 404
    assert ben_client.get(f"/api/sources/{source.pk}/").status_code == 404
    bens = services.map_create(owner=ben, title="Mine", visibility="public")
    form = ben_client.get(f"/maps/{bens.pk}/nodes/add/?kind=evidence").text
    assert "my transcription" not in form
    # Citing it by id is refused like an unknown id, on the API and in the service.
    body = {"kind": "evidence", "text": "Copied", "source": source.pk}
    answer = ben_client.post(
        f"/api/maps/{bens.pk}/nodes/", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 400, answer.content
    with pytest.raises(Exception, match="No source you can read"):
        services.node_create(map=bens, kind="evidence", text="Copied", source=source)
    # Ada still finds it everywhere.
    assert "my transcription" in ada_client.get("/sources/").text
    # Published with the map that cites it.
    services.map_update(
        map=private, actor=ada, version=private.version, data={"visibility": "public"}
    )
    assert ben_client.get(f"/sources/{source.pk}/").status_code == 200
    assert "my transcription" in ben_client.get("/api/sources/").text


def test_a_private_imports_library_rows_stay_hidden_until_the_map_is_public(
    ada: User, ben: User, ben_client: Client, anon_client: Client
) -> None:
    imported = private_import(ada)
    scholar = Scholar.objects.get(name="Professor Hidden")
    for client in (ben_client, anon_client):
        for text in ("private notes", "Professor Hidden", "emperor decided alone"):
            assert ben_sees(client, text) == [], text
        assert client.get(f"/scholars/{scholar.pk}/").status_code == 404
        assert client.get(f"/api/scholars/{scholar.pk}/").status_code == 404
    services.map_update(
        map=imported, actor=ada, version=imported.version, data={"visibility": "public"}
    )
    for text in ("private notes", "Professor Hidden", "emperor decided alone"):
        assert ben_sees(ben_client, text), text


def test_an_import_never_matches_someone_elses_private_records(ada: User, ben: User) -> None:
    """Ben's file names the same key and scholar: his import gets records of its own, so it
    neither reveals Ada's nor publishes them."""
    private_import(ada)
    bens = private_import(ben)
    assert Scholar.objects.filter(name="Professor Hidden").count() == 2
    assert Source.objects.filter(title="Kido diary, private notes").count() == 2
    node = bens.nodes.get()
    assert node.text == "The emperor decided"
    ben_source = Source.objects.get(title="Kido diary, private notes", created_by=ben)
    assert ben_source.key is None  # the key is Ada's; nothing tells Ben it exists


def test_a_source_posted_to_the_api_is_its_posters_own(
    ada: User, ben: User, ben_client: Client, ada_client: Client
) -> None:
    body: dict[str, Any] = {"title": "Ben's secret archive box"}
    made = ben_client.post("/api/sources/", json.dumps(body), content_type="application/json")
    assert made.status_code == 201
    assert "secret archive box" in ben_client.get("/api/sources/").text
    assert "secret archive box" not in ada_client.get("/api/sources/").text
    assert ada_client.get(made["Location"]).status_code == 404


def test_a_scholar_and_source_typed_into_a_private_maps_argdown_stay_its_authors(
    ada: User, ben: User, ada_client: Client, ben_client: Client, anon_client: Client
) -> None:
    """Ada edits her private map as Argdown text and names a new scholar and a new source in
    it: nobody else finds them in the library until she publishes the map."""
    private = services.map_create(owner=ada, title="Draft", visibility="private")
    services.node_create(map=private, kind="thesis", text="The emperor decided", title="T")
    before = map_text(private).text
    text = before + (
        "\n[Hidden]: Professor Hidden says the emperor decided alone. "
        '{"kind": "thesis", "scholar": "Professor Hidden"}\n'
        "\n[Kido]: Kido's private notes. "
        '{"kind": "evidence", "source": "Kido diary, private notes", "date": "1945-08-09"}\n'
    )
    answer = ada_client.post(f"/maps/{private.pk}/argdown/apply/", {"text": text, "base": before})
    assert answer.status_code < 400, answer.content
    scholar = Scholar.objects.get(name="Professor Hidden")
    source = Source.objects.get(title="Kido diary, private notes")
    assert (scholar.created_by, source.created_by) == (ada, ada)
    for client in (ben_client, anon_client):
        assert ben_sees(client, "Professor Hidden") == []
        assert ben_sees(client, "private notes") == []
        assert client.get(f"/scholars/{scholar.pk}/").status_code == 404
    assert "Professor Hidden" in ada_client.get("/scholars/").text
    services.map_update(
        map=private, actor=ada, version=private.version, data={"visibility": "public"}
    )
    assert ben_sees(ben_client, "Professor Hidden")
    assert ben_sees(ben_client, "private notes")
