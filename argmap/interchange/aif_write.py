"""AIF JSON written, in AIFdb's flat form and OVA's `{AIF, OVA, text}` wrapper;
`argmap.interchange.aif` describes the mapping and what AIF cannot express."""

from __future__ import annotations

from typing import Any

from argmap.graph import Graph
from argmap.interchange import jsonio
from argmap.interchange.base import WriteResult
from argmap.interchange.checks import link_order, relabelled
from argmap.interchange.losses import Unsupported, count_lost, describe

UNSUPPORTED = Unsupported(
    nodes=("title", "school", "evidence_kind", "source", "extra_sources", "locator", "quote",
           "date", "place_time", "order_hint", "uncertainty", "base_score", "key", "is_argument"),
    links=("citation", "locator", "attestation", "attested_in", "note", "key", "argument"),
    scholars=("role", "works", "key"),
    map=("title", "question", "description"),
    sources=True,
    characterisations=True,
)  # fmt: skip
_SCHEMES = {"RA": "Default Inference", "CA": "Default Conflict"}


def losses(graph: Graph) -> list[str]:
    return describe(count_lost(graph, UNSUPPORTED), "AIF")


def _split(name: str) -> tuple[str, str]:
    """(firstname, surname) that join back to exactly `name` with one space between."""
    if name != name.strip():
        return name, ""
    first, _, last = name.rpartition(" ")
    return first, last


def _build(graph: Graph) -> dict[str, Any]:
    graph = relabelled(graph)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    locutions: list[dict[str, Any]] = []
    people = {sid: str(i) for i, sid in enumerate(graph.scholars, 1)}

    def node(text: str, kind: str, **extra: Any) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": "", **extra})
        return node_id

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target,
                      "formEdgeID": None})  # fmt: skip

    def speaker(scholar: str | None, text: str, into: str, anchor: str) -> None:
        name = graph.scholars[scholar].name if scholar else ""
        said = (f"{name}: {text}" if text else f"{name}:") if scholar else text
        l_id = node(said, "L")
        if scholar:
            locutions.append({"nodeID": l_id, "personID": people[scholar], "timestamp": "",
                              "start": None, "end": None, "source": None})  # fmt: skip
        ya = node(anchor, "YA")
        edge(l_id, ya)
        edge(ya, into)

    i_nodes = {n.id: node(n.text, "I", argmap_kind=n.kind) for n in graph.nodes.values()}
    s_nodes: dict[str, str] = {}
    for link in link_order(graph):
        kind = "RA" if link.kind == "supports" else "CA"
        extra = {"scheme": link.scheme} if link.scheme else {}
        s_id = s_nodes[link.id] = node(link.scheme or _SCHEMES[kind], kind, **extra)
        for premise in [link.source, *link.co_premises]:
            edge(i_nodes[premise], s_id)
        edge(s_id, i_nodes[link.target] if link.target else s_nodes[link.target_link or ""])
    for n in graph.nodes.values():
        if n.scholar:
            speaker(n.scholar, n.text, i_nodes[n.id], "Asserting")
    for link in graph.links.values():
        if link.scholar or link.rationale:
            anchor = "Arguing" if link.kind == "supports" else "Disagreeing"
            speaker(link.scholar, link.rationale, s_nodes[link.id], anchor)
    participants = [
        {"participantID": people[sid], "firstname": _split(s.name)[0], "surname": _split(s.name)[1]}
        for sid, s in graph.scholars.items()
    ]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def write(graph: Graph) -> WriteResult:
    """AIFdb's flat form: {nodes, edges, locutions, participants}."""
    return WriteResult(jsonio.dump(_build(graph)), lost=losses(graph))


def write_ova(graph: Graph) -> WriteResult:
    """OVA's form: the AIF inside {AIF, OVA, text}, with every node visible on a simple grid."""
    aif = _build(graph)
    aif.update(schemefulfillments=[], descriptorfulfillments=[], cqdescriptorfulfillments=[])
    ova_nodes = [
        {"nodeID": n["nodeID"], "visible": True, "x": 40 + (i % 8) * 260, "y": 40 + (i // 8) * 160,
         "timestamp": ""}
        for i, n in enumerate(aif["nodes"])
    ]  # fmt: skip
    ova_edges = [{"fromID": e["fromID"], "toID": e["toID"], "visible": True} for e in aif["edges"]]
    document = {
        "AIF": aif,
        "OVA": {"firstname": "", "surname": "", "url": "", "nodes": ova_nodes, "edges": ova_edges},
        "text": graph.question or graph.title,
    }
    return WriteResult(jsonio.dump(document), lost=losses(graph))
