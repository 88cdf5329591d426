"""What a format cannot carry of a given map, counted, so that an export lists it (never silently).

A format declares the graph fields it cannot express; `count_lost` counts, for one graph, the
fields that hold something and would therefore be lost, and `describe` turns that into the lines
the export page and `manage.py export_map` show.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from argmap.graph import Graph, GraphLink, GraphNode, GraphScholar


@dataclass(frozen=True, slots=True)
class Unsupported:
    nodes: tuple[str, ...] = ()  # GraphNode fields
    links: tuple[str, ...] = ()  # GraphLink fields
    scholars: tuple[str, ...] = ()  # GraphScholar fields (their names always travel)
    map: tuple[str, ...] = ()  # title, question, description
    sources: bool = False  # the bibliography itself (sources not referenced by anything kept)
    characterisations: bool = False


def _empty(value: object) -> bool:
    return value in ("", None, []) or value is False


def count_lost(graph: Graph, unsupported: Unsupported) -> dict[str, int]:
    """'node.date' -> how many statements have a date, for each unsupported field in use."""
    lost: dict[str, int] = {}

    def tally(prefix: str, items: list[GraphNode] | list[GraphLink] | list[GraphScholar],
              names: tuple[str, ...]) -> None:  # fmt: skip
        for name in names:
            count = sum(1 for item in items if not _empty(getattr(item, name)))
            if count:
                lost[f"{prefix}.{name}"] = count

    tally("node", list(graph.nodes.values()), unsupported.nodes)
    tally("link", list(graph.links.values()), unsupported.links)
    tally("scholar", list(graph.scholars.values()), unsupported.scholars)
    for name in unsupported.map:
        if getattr(graph, name):
            lost[f"map.{name}"] = 1
    if unsupported.sources and graph.sources:
        lost["sources"] = len(graph.sources)
    if unsupported.characterisations and graph.characterisations:
        lost["characterisations"] = len(graph.characterisations)
    return lost


_WORDS = {
    "node": "statement", "link": "link", "scholar": "scholar", "map": "the map's",
}  # fmt: skip


def describe(lost: dict[str, int], format_label: str) -> list[str]:
    """Readable lines: '44 statements' dates (date)' and so on."""
    lines = []
    for key, count in lost.items():
        if "." not in key:
            lines.append(f"{count} {key} (not expressed in {format_label})")
            continue
        owner, name = key.split(".", 1)
        label = name.replace("_", " ")
        if owner == "map":
            lines.append(f"the map's {label}")
        else:
            plural = _WORDS[owner] + ("s" if count != 1 else "")
            lines.append(f"{label} of {count} {plural}")
    return lines


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
