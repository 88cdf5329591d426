"""argmap's own JSON format: the whole map, lossless, for backups and moving maps between servers.

    {
      "format": "argmap",
      "schema_version": 1,
      "map": {"title": …, "question": …, "description": …},
      "sources": [{"id", "title", "authors", "container", "year", "kind", "url", "doi",
                   "archive_locator", "notes", "key"}, …],
      "scholars": [{"id", "name", "role", "works": [source ids], "key"}, …],
      "nodes": [{"id", "kind", "text", "title", "scholar", "school", "evidence_kind", "source",
                 "extra_sources", "locator", "quote", "date", "uncertainty", "base_score",
                 "key"}, …],
      "links": [{"id", "kind", "source", "target", "target_link", "co_premises", "scholar",
                 "rationale", "citation", "locator", "attestation", "attested_in", "note",
                 "key"}, …],
      "characterisations": [{"id", "scholar", "source", "text", "status", "status_note",
                             "thesis", "evidence", "counter_sources", "note"}, …]
    }

Every field of the plain graph is written, every time, in that order; ids are short labels
(n1, l1, s1, p1, c1) given in the map's order, so exporting a map, importing the file and
exporting the new map gives the same file. Reading checks every field's type, refuses unknown
fields (a typo would otherwise lose data silently) and refuses a `schema_version` other than 1
with a message saying so.

What it cannot express: nothing of the map's content. Not carried, because they belong to the
server and not to the map: database ids, the owner, visibility, the fork a map came from and the
node each copy descends from, versions, created/updated times, and soft-deleted statements.
"""

from __future__ import annotations

from typing import Any

from argmap.graph import (
    Graph,
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.interchange import jsonio
from argmap.interchange.base import (
    DEFAULT_LIMITS,
    InterchangeError,
    Limits,
    ReadResult,
    WriteResult,
)
from argmap.interchange.checks import check_counts, check_graph, relabelled
from argmap.interchange.records import from_dict, to_dict, where_of

FORMAT_NAME = "argmap"
SCHEMA_VERSION = 1
_TOP = ("format", "schema_version", "map", "sources", "scholars", "nodes", "links",
        "characterisations")  # fmt: skip
_MAP_FIELDS = ("title", "question", "description")


def looks_like(text: str) -> bool:
    head = text.lstrip()[:300]
    return head.startswith("{") and '"schema_version"' in head and f'"{FORMAT_NAME}"' in head


def write(graph: Graph) -> WriteResult:
    graph = relabelled(graph)
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "map": {name: getattr(graph, name) for name in _MAP_FIELDS},
        "sources": [to_dict(s) for s in graph.sources.values()],
        "scholars": [to_dict(s) for s in graph.scholars.values()],
        "nodes": [to_dict(n) for n in graph.nodes.values()],
        "links": [to_dict(ln) for ln in graph.links.values()],
        "characterisations": [to_dict(c) for c in graph.characterisations],
    }
    return WriteResult(jsonio.dump(document), lost=[])


def _items(document: dict[str, Any], name: str) -> list[Any]:
    value = document.get(name, [])
    if not isinstance(value, list):
        raise InterchangeError(f"{name!r} must be a list")
    return value


def _read_all(document: dict[str, Any], name: str, cls: type[Any]) -> list[Any]:
    made = []
    seen: set[str] = set()
    for index, data in enumerate(_items(document, name)):
        where = where_of(cls, data, index)
        item = from_dict(cls, data, where=where)
        if not item.id:
            raise InterchangeError("the id is empty", where=where)
        if item.id in seen:
            raise InterchangeError("this id is used twice", where=where)
        seen.add(item.id)
        made.append(item)
    return made


def read(text: str, *, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    document = jsonio.load(text, limits)
    if not isinstance(document, dict):
        raise InterchangeError("an argmap file is a JSON object")
    if document.get("format") != FORMAT_NAME:
        raise InterchangeError(f'this is not an argmap file (no "format": "{FORMAT_NAME}")')
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InterchangeError(
            f"schema_version {version!r} is not one this argmap reads (it reads version "
            f"{SCHEMA_VERSION}); export the map again from an argmap that writes version "
            f"{SCHEMA_VERSION}"
        )
    unknown = sorted(str(k) for k in document if k not in _TOP)
    if unknown:
        raise InterchangeError(f"unknown top-level field {unknown[0]!r}")
    meta = document.get("map", {})
    if not isinstance(meta, dict) or any(
        k not in _MAP_FIELDS or not isinstance(v, str) for k, v in meta.items()
    ):
        raise InterchangeError('"map" must be an object with text fields ' + ", ".join(_MAP_FIELDS))
    graph = Graph(**meta)
    check_counts(
        limits,
        statements=len(_items(document, "nodes")),
        links=len(_items(document, "links")),
        **{name: len(_items(document, name)) for name in _TOP[3:5] + _TOP[7:]},
    )
    for source in _read_all(document, "sources", GraphSource):
        graph.sources[source.id] = source
    for scholar in _read_all(document, "scholars", GraphScholar):
        graph.scholars[scholar.id] = scholar
    for node in _read_all(document, "nodes", GraphNode):
        graph.add_node(node)
    for link in _read_all(document, "links", GraphLink):
        graph.add_link(link)
    graph.characterisations = _read_all(document, "characterisations", GraphCharacterisation)
    return ReadResult(check_graph(graph, limits), notes=[])
