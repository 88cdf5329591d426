"""Argdown (https://argdown.org), read and written: the map as text a person can edit.

How argmap's model maps onto Argdown:

- every statement (thesis, claim, evidence) is an Argdown **statement** `[Title]: text`, with a
  tag `#thesis` / `#claim` / `#evidence` and a `{…}` data element carrying what Argdown has no
  syntax for: `kind`, `scholar`, `school`, `evidence_kind`, `source`, `extra_sources`, `locator`,
  `quote`, `date`, `uncertainty`, `base_score`, `key` (and `title` / `text` when the bracketed
  title or the one-line text cannot hold them exactly);
- a link that carries anything (a scholar, rationale, citation, attestation, note, key or
  co-premises), or that is undercut, is an Argdown **argument** `<Title>: rationale` with data
  `{link: supports|opposes|undercuts, …}`: its premises support it (`<+ [Source]`, then one
  `<+ [Co-premise]` each) and it points at its target (`+> [Target]`, `-> [Target]`, or `_>
  <Other link>` for an undercut);
- a bare link is a plain relation under its target: `[Target]` / `<+ [Source]` (supports),
  `<- [Source]` (opposes), `<_ [Source]` under a link's argument (undercuts);
- the title, question and description, the sources, the scholars (with their works) and the
  characterisations travel as JSON in the front matter under `argmap`.

Export → import gives the same map: nothing is lost but database ids. What it cannot express of
a foreign Argdown file is read as closely as argmap can and listed in the returned notes: tags
other than the three kinds, headings, inference rules, strict-mode entailment (read as support),
contradictions (read as two opposing links), undercuts of statements (dropped: argmap's undercuts
attack links), attacks on a whole argument (read as attacks on its conclusion), and statements
defined twice with different texts (the first text is kept). A reconstructed argument
`(1) … ---- (n) …` becomes one supports link per inference step, from the first premise with the
others as co-premises. Statements without a kind become theses when they only receive support or
attack and claims otherwise; arguments without link data become claims.
"""

from __future__ import annotations

import json
import re
from typing import Any

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.interchange import records
from argmap.interchange.argdown_read import Reader
from argmap.interchange.argdown_syntax import parse
from argmap.interchange.base import (
    DEFAULT_LIMITS,
    Limits,
    ReadResult,
    WriteResult,
    check_size,
)
from argmap.interchange.checks import link_order, relabelled

__all__ = ["read", "write"]

_ESCAPE = re.compile(r"([\\\[\]<>{}#@*_]|/(?=[/*]))")
_UNSAFE_TITLE = re.compile(r"[\[\]<>{}\\\x00-\x1f]|//|/\*")
_LINK_DATA = ("scholar", "citation", "locator", "attestation", "attested_in", "note", "key")
_NODE_DATA = ("scholar", "school", "evidence_kind", "source", "extra_sources", "locator",
              "quote", "date", "place_time", "order_hint", "uncertainty", "base_score",
              "key")  # fmt: skip
_HEADINGS = {"thesis": "Theses", "claim": "Claims", "evidence": "Evidence"}


def read(text: str, *, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    check_size(text, limits)
    return Reader(parse(text, limits), limits).read()


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _data(values: dict[str, Any]) -> str:
    """A flow data element Argdown's lexer reads whole: braces inside texts are escaped."""

    def encode(value: Any) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(encode(v) for v in value) + "]"
        out = json.dumps(value, ensure_ascii=False)
        return out.replace("{", "\\u007b").replace("}", "\\u007d")

    return "{" + ", ".join(f'"{k}": {encode(v)}' for k, v in values.items()) + "}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Titles:
    """Unique Argdown titles, from what a person would recognise: the title, else the key."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, *candidates: str, fallback: str) -> str:
        for candidate in candidates:
            if candidate and self._usable(candidate):
                self.used.add(candidate)
                return candidate
        number, title = 1, fallback
        while title in self.used:
            number += 1
            title = f"{fallback}-{number}"
        self.used.add(title)
        return title

    def _usable(self, title: str) -> bool:
        return (
            title == title.strip()
            and len(title) <= 200
            and not _UNSAFE_TITLE.search(title)
            and title not in self.used
        )


def _front(graph: Graph, characterisations: list[dict[str, Any]]) -> str:
    front: dict[str, Any] = {
        "title": graph.title,
        "question": graph.question,
        "description": graph.description,
        "argmap": {
            "version": 1,
            "sources": [records.to_dict(s, skip_defaults=True) for s in graph.sources.values()],
            "scholars": [records.to_dict(s, skip_defaults=True) for s in graph.scholars.values()],
            "characterisations": characterisations,
        },
    }
    # Argdown's front matter may not contain "=" at all: it is written as an escape.
    return json.dumps(front, ensure_ascii=False, indent=1).replace("=", "\\u003d")


def _statement(node: GraphNode, title: str) -> str:
    data: dict[str, Any] = {"kind": node.kind}
    if title != node.title:
        data["title"] = node.title
    visible = _one_line(node.text)
    if visible != node.text:
        data["text"] = node.text
    for name in _NODE_DATA:
        value = getattr(node, name)
        if value not in ("", None, []):
            data[name] = value
    return f"[{title}]: {_escape(visible)} #{node.kind} {_data(data)}"


def _needs_argument(link: GraphLink, undercut: set[str], seen: set[tuple[str, ...]]) -> bool:
    bare = (link.source, link.target or "", link.target_link or "", link.kind)
    carries = link.rationale or link.co_premises or any(getattr(link, n) for n in _LINK_DATA)
    if carries or link.id in undercut or bare in seen:
        return True
    seen.add(bare)  # Argdown merges a relation written twice: the second must be an argument
    return False


def write(graph: Graph) -> WriteResult:
    graph = relabelled(graph)
    titles = _Titles()
    node_titles = {n.id: titles.make(n.title, n.key, fallback=n.id) for n in graph.nodes.values()}
    undercut = {ln.target_link for ln in graph.links.values() if ln.target_link}
    seen: set[tuple[str, ...]] = set()
    argued = [ln for ln in link_order(graph) if _needs_argument(ln, undercut, seen)]
    link_titles = {ln.id: titles.make(ln.key, fallback=ln.id) for ln in argued}
    chars = [records.to_dict(c, skip_defaults=True) for c in graph.characterisations]
    for item in chars:
        for name in ("thesis", "evidence"):
            if item.get(name):
                item[name] = node_titles[item[name]]
        if item.get("applies_to_evidence"):
            item["applies_to_evidence"] = [node_titles[n] for n in item["applies_to_evidence"]]
    comment = (
        "// Written by argmap. The {…} data and the front matter carry what Argdown has no "
        "syntax for; see docs/interchange.md."
    )
    out = ["===", _front(graph, chars), "===", "", comment, ""]
    for kind, heading in _HEADINGS.items():
        nodes = [n for n in graph.nodes.values() if n.kind == kind]
        if nodes:
            out += [f"# {heading}", ""]
            out += [_statement(n, node_titles[n.id]) + "\n" for n in nodes]
    if argued:
        out += ["# Links", ""]
    for link in argued:
        data: dict[str, Any] = {"link": link.kind}
        visible = _one_line(link.rationale)
        if visible != link.rationale:
            data["rationale"] = link.rationale
        data.update({n: getattr(link, n) for n in _LINK_DATA if getattr(link, n)})
        head = f"<{link_titles[link.id]}>" + (f": {_escape(visible)}" if visible else "")
        lines = [f"{head} {_data(data)}"]
        for premise in [link.source, *link.co_premises]:
            lines.append(f"    <+ [{node_titles[premise]}]")
        if link.kind == "undercuts":
            lines.append(f"    _> <{link_titles[link.target_link or '']}>")
        else:
            arrow = "+>" if link.kind == "supports" else "->"
            lines.append(f"    {arrow} [{node_titles[link.target or '']}]")
        out.append("\n".join(lines) + "\n")
    plain: dict[str, list[GraphLink]] = {}
    for link in graph.links.values():
        if link.id not in link_titles:
            plain.setdefault(link.target or link.target_link or "", []).append(link)
    if plain:
        out += ["# Relations", ""]
    symbols = {"supports": "<+", "opposes": "<-", "undercuts": "<_"}
    for target, group in plain.items():
        undercuts = group[0].kind == "undercuts"
        head = f"<{link_titles[target]}>" if undercuts else f"[{node_titles[target]}]"
        rows = [f"    {symbols[ln.kind]} [{node_titles[ln.source]}]" for ln in group]
        out.append("\n".join([head, *rows]) + "\n")
    return WriteResult("\n".join(out).rstrip("\n") + "\n", lost=[])
