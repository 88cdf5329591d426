"""A big map is backed up and restored: 20,000 statements export to argmap JSON and come back
identical through the import page, the API and `manage.py import_map`; 10,000 statements of
Argdown come back byte for byte."""

from __future__ import annotations

import random
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from argmap.graph import Graph, GraphLink, GraphNode, GraphScholar, GraphSource
from argmap.interchange import DEFAULT_LIMITS, argdown
from argmap.maps.exports import map_export
from argmap.maps.models import Map
from argmap.maps.services import map_create_from_graph
from argmap.maps.services.imports import map_import

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
STATEMENTS = DEFAULT_LIMITS.max_statements


def big_graph(n: int, seed: int = 7) -> Graph:
    """Theses, claims and dated evidence in the demo's shape, with rationales and undercuts."""
    rng = random.Random(seed)
    graph = Graph(title=f"{n:,} statements", question="Why?", description="A big map.")
    graph.sources["s1"] = GraphSource(id="s1", title="A history of the war", year=1999)
    graph.scholars["p1"] = GraphScholar(id="p1", name="A. Historian", works=["s1"])
    theses = n // 20
    for i in range(n):
        kind = "thesis" if i < theses else ("evidence" if i % 2 else "claim")
        node = GraphNode(id=str(i), kind=kind, text=f"Statement {i}, with [brackets] and a #hash.")
        if kind == "evidence":
            node.date, node.source, node.locator = f"1945-08-{1 + i % 28:02d}", "s1", f"p. {i}"
        graph.add_node(node)
    for i in range(theses, n):
        parent = (
            str(rng.randrange(theses))
            if i % 4
            else str(rng.randrange(theses, i) if i > theses else 0)
        )
        if graph.nodes[parent].kind == "evidence":
            parent = str(rng.randrange(theses))
        link = GraphLink(
            id=f"l{i}",
            kind="opposes" if i % 5 == 0 else "supports",
            source=str(i),
            target=parent,
            rationale=f"Reason {i}." if i % 3 else "",
        )
        graph.add_link(link)
    for k in range(n // 100):
        graph.add_link(
            GraphLink(
                id=f"u{k}",
                kind="undercuts",
                source=str(theses + k),
                target_link=f"l{n - 1 - k}",
                scholar="p1",
            )
        )
    return graph


@pytest.fixture
def backup(ada: User) -> str:
    original = map_create_from_graph(owner=ada, graph=big_graph(STATEMENTS))
    return map_export(map=original, format="json").text


def _export_of_newest(owner: User) -> str:
    return map_export(map=Map.objects.filter(owner=owner).latest("pk"), format="json").text


def test_big_map_comes_back_identical_through_page_api_and_command(
    backup: str, ada: User, ada_client: Client, tmp_path: Path
) -> None:
    assert len(backup.encode()) > 5 * 1024 * 1024  # bigger than the old byte limit
    upload = SimpleUploadedFile("backup.argmap.json", backup.encode(), "application/json")
    page = ada_client.post("/maps/import/", {"file": upload, "format": "auto"})
    assert page.status_code == 302, page.content[:500]
    assert _export_of_newest(ada) == backup

    api = APIClient()
    api.force_authenticate(ada)
    upload = SimpleUploadedFile("backup.argmap.json", backup.encode(), "application/json")
    answer = api.post("/api/maps/import/", {"file": upload}, format="multipart")
    assert answer.status_code == 201, answer.content[:500]
    assert _export_of_newest(ada) == backup

    path = tmp_path / "backup.argmap.json"
    path.write_text(backup, encoding="utf-8")
    call_command("import_map", str(path), "--owner", ada.username, stdout=StringIO())
    assert _export_of_newest(ada) == backup


def test_ten_thousand_statements_of_argdown_come_back_byte_for_byte(ada: User) -> None:
    """Imported with one COPY per table (argmap/maps/services/bulk.py), the map exports exactly
    what the file reads as; and that export, imported and exported again, comes back the same."""
    text = argdown.write(big_graph(10_000)).text
    stored = map_import(owner=ada, text=text, format="argdown").map
    assert stored.nodes.count() == 10_000
    export = map_export(map=stored, format="argdown").text
    assert export == argdown.write(argdown.read(text).graph).text
    again = map_import(owner=ada, text=export, format="argdown").map
    assert map_export(map=again, format="argdown").text == export
