"""Comparing graphs without their ids, and generating graphs for property tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from argmap.graph import (
    Graph,
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.interchange.losses import Unsupported

NOTHING = Unsupported()


def _blank(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    for name in names:
        values[name] = [] if isinstance(values[name], list) else None if name in (
            "scholar", "source", "base_score", "citation", "year"
        ) else ""  # fmt: skip
    values.pop("id")
    return values


def canon(graph: Graph, unsupported: Unsupported = NOTHING) -> dict[str, Any]:
    """The graph as comparable values: references replaced by what they point at, lists of
    records as sorted multisets, and the fields a format cannot express blanked."""

    def source(sid: str | None) -> Any:
        if sid is None:
            return None
        return tuple(sorted(_blank(graph.sources[sid], ()).items(), key=str))

    def scholar(pid: str | None) -> Any:
        if pid is None:
            return None
        values = _blank(graph.scholars[pid], unsupported.scholars)
        values["works"] = sorted(map(str, (source(w) for w in values["works"])))
        return tuple(sorted(values.items(), key=str))

    def node(nid: str | None) -> Any:
        if nid is None:
            return None
        values = _blank(graph.nodes[nid], unsupported.nodes)
        values["scholar"] = scholar(values["scholar"])
        values["source"] = source(values["source"])
        values["extra_sources"] = sorted(map(str, (source(s) for s in values["extra_sources"])))
        return tuple(sorted(values.items(), key=str))

    def link(lid: str | None) -> Any:
        if lid is None:
            return None
        values = _blank(graph.links[lid], unsupported.links)
        values["source"], values["target"] = node(values["source"]), node(values["target"])
        values["target_link"] = link(values["target_link"])
        values["co_premises"] = sorted(map(str, (node(n) for n in values["co_premises"])))
        values["scholar"], values["citation"] = (
            scholar(values["scholar"]),
            source(values["citation"]),
        )
        values["attested_in"] = sorted(map(str, (source(s) for s in values["attested_in"])))
        return tuple(sorted(values.items(), key=str))

    def characterisation(item: GraphCharacterisation) -> Any:
        values = _blank(item, ())
        values["scholar"], values["source"] = scholar(item.scholar), source(item.source)
        values["thesis"], values["evidence"] = node(item.thesis), node(item.evidence)
        values["counter_sources"] = sorted(map(str, (source(s) for s in item.counter_sources)))
        values["applies_to_evidence"] = sorted(map(str, map(node, item.applies_to_evidence)))
        values["quotes"] = sorted(str((source(q["source"]), q["text"])) for q in item.quotes)
        return str(sorted(values.items(), key=str))

    return {
        "map": {
            n: ("" if n in unsupported.map else getattr(graph, n))
            for n in ("title", "question", "description")
        },
        "nodes": sorted(map(str, (node(n) for n in graph.nodes))),
        "links": sorted(map(str, (link(ln) for ln in graph.links))),
        "sources": [] if unsupported.sources else sorted(map(str, map(source, graph.sources))),
        "characterisations": []
        if unsupported.characterisations
        else sorted(map(characterisation, graph.characterisations)),
    }


# --- generating graphs ----------------------------------------------------------------------

TRICKY = "ab cé[]<>{}#@*_\\/:;,.()+-\"'=\n\t→"
texts = st.lists(
    st.sampled_from([*TRICKY, "//", "/*", "<!--", "--", "word"]), min_size=1, max_size=20
).map(lambda parts: "".join(parts) if "".join(parts).strip() else "".join(parts) + "x")
short = st.text(alphabet="abcdefghij -_.:[]<>#", max_size=12)
slugs = st.text(alphabet="abcxyz019_-", min_size=1, max_size=8)
DATES = ["1945", "1945-08", "1945-08-06", "1945-08-06T08:15+09:00", "1945-08-09/1945-08-10"]


@st.composite
def graphs(draw: st.DrawFn, max_nodes: int = 7) -> Graph:
    graph = Graph(
        title=draw(short), question=draw(short), description=draw(st.sampled_from(["", "d\nx"]))
    )
    for i in range(draw(st.integers(0, 3))):
        graph.sources[f"s{i}"] = GraphSource(
            id=f"s{i}", title=draw(texts), year=draw(st.none() | st.integers(1900, 2020)),
            kind=draw(st.sampled_from(["primary", "secondary"])),
            key=draw(st.sampled_from(["", f"src-{i}"])), url=draw(st.sampled_from(["", "https://e.org/?a=1&b={x}"])),
        )  # fmt: skip
    sources = list(graph.sources)
    for i in range(draw(st.integers(0, 2))):
        graph.scholars[f"p{i}"] = GraphScholar(
            id=f"p{i}", name=draw(st.sampled_from(["Ada Lovelace", "Bix", "R. B. Frank"])) + str(i),
            role=draw(st.sampled_from(["", "historian"])),
            works=draw(st.lists(st.sampled_from(sources), unique=True)) if sources else [],
        )  # fmt: skip
    scholars = [None, *graph.scholars]
    used_keys: set[str] = set()
    for i in range(draw(st.integers(1, max_nodes))):
        kind = draw(st.sampled_from(["thesis", "claim", "evidence"]))
        node = GraphNode(
            id=f"n{i}",
            kind=kind,
            text=draw(texts),
            title=draw(st.sampled_from(["", "T", "[x]", draw(short)])),
        )
        node.scholar = draw(st.sampled_from(scholars))
        key = draw(st.sampled_from(["", draw(slugs)]))
        if key not in used_keys:
            node.key = key
            used_keys.add(key)
        if kind == "evidence":
            node.date = draw(st.sampled_from(["", *DATES]))
            node.evidence_kind = draw(st.sampled_from(["", "document", "event"]))
            if sources:
                node.source = draw(st.sampled_from([None, *sources]))
                node.quote = draw(st.sampled_from(["", "a } b"])) if node.source else ""
                node.extra_sources = draw(
                    st.lists(st.sampled_from(sources), unique=True, max_size=2)
                )
            node.locator = draw(st.sampled_from(["", "p. 4"]))
        node.base_score = draw(st.none() | st.sampled_from([0.0, 0.25, 1.0]))
        graph.add_node(node)
    ids = list(graph.nodes)
    for i in range(draw(st.integers(0, 8)) if len(ids) > 1 else 0):
        source = draw(st.sampled_from(ids))
        link = GraphLink(id=f"l{i}", kind="supports", source=source)
        undercuttable = list(graph.links)
        if undercuttable and draw(st.booleans()) and draw(st.booleans()):
            link.kind, link.target_link = "undercuts", draw(st.sampled_from(undercuttable))
        else:
            link.kind = draw(st.sampled_from(["supports", "opposes"]))
            link.target = draw(st.sampled_from([n for n in ids if n != source]))
            others = [n for n in ids if n not in (source, link.target)]
            link.co_premises = (
                draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
            )
        link.scholar = draw(st.sampled_from(scholars))
        link.rationale = draw(st.sampled_from(["", "because", "x\ny"]))
        link.attestation = draw(st.sampled_from(["", "direct", "inferred"]))
        link.key = draw(st.sampled_from(["", draw(slugs)]))
        if sources:
            link.citation = draw(st.sampled_from([None, *sources]))
            link.attested_in = draw(st.lists(st.sampled_from(sources), unique=True, max_size=2))
        graph.add_link(link)
    theses = [n for n in ids if graph.nodes[n].kind == "thesis"]
    if theses and graph.scholars and sources and draw(st.booleans()):
        status = draw(st.sampled_from(["accepted", "disputed"]))
        graph.characterisations.append(GraphCharacterisation(
            id="c0", scholar=next(iter(graph.scholars)), source=sources[0], text=draw(texts),
            status=status, thesis=draw(st.sampled_from(theses)),
        ))  # fmt: skip
    return graph
