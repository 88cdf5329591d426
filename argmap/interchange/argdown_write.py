"""argmap's graph written as Argdown; `argmap.interchange.argdown` describes the mapping.

Each link is written in the plainest form that reads back as the same link:

- the steps of a reconstructed argument (`GraphLink.argument`) as its premise–conclusion
  structure, when they chain (each step's source is the previous step's conclusion) and carry
  nothing a structure cannot hold; the scheme is the inference rule (`-- Modus Ponens --`), the
  last step's rationale the argument's description;
- a bare link from an argument given by its gist (`GraphNode.is_argument`), when it is that
  argument's only link, as a relation of the argument itself, so that an undercut of it can be
  written under the argument;
- a bare link as a relation under its target (`<+ [Source]`, `<- [Source]`, `<_ [Source]`);
- anything else (a link that carries data, or that something other than a bare undercut
  attacks) as an argument with `{link: …}` data.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.interchange import records
from argmap.interchange.base import WriteResult
from argmap.interchange.checks import link_order, relabelled

_ESCAPE = re.compile(r"([\\\[\]<>{}#@*_]|/(?=[/*]))")
_UNSAFE_TITLE = re.compile(r"[\[\]<>{}\\\x00-\x1f]|//|/\*")
_LINK_DATA = ("scholar", "citation", "locator", "attestation", "attested_in", "note", "key",
              "scheme", "argument")  # fmt: skip
_NODE_DATA = ("scholar", "school", "evidence_kind", "source", "extra_sources", "locator",
              "quote", "date", "place_time", "order_hint", "uncertainty", "base_score",
              "key")  # fmt: skip
_HEADINGS = {"thesis": "Theses", "claim": "Claims", "evidence": "Evidence"}
WRITTEN_HEADINGS = (*_HEADINGS.values(), "Arguments", "Links", "Relations")
_SYMBOLS = {"supports": "<+", "opposes": "<-", "undercuts": "<_"}


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
    """Unique Argdown titles in one namespace (statements, or arguments), from what a person
    would recognise: the title, else the key."""

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


def _carries(link: GraphLink, *, allow: tuple[str, ...] = ()) -> bool:
    """Whether the link holds anything beyond its ends (`allow`: fields not counted)."""
    names = [n for n in (*_LINK_DATA, "rationale", "co_premises") if n not in allow]
    return any(getattr(link, n) for n in names)


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.statements, self.arguments = _Titles(), _Titles()
        self.titles = {
            n.id: (self.arguments if n.is_argument else self.statements).make(
                n.title, n.key, fallback=n.id
            )
            for n in graph.nodes.values()
        }
        self.undercuts: dict[str, list[GraphLink]] = defaultdict(list)
        for link in graph.links.values():
            if link.target_link:
                self.undercuts[link.target_link].append(link)
        outgoing: dict[str, list[GraphLink]] = defaultdict(list)
        for link in graph.links.values():
            if link.kind != "undercuts":
                outgoing[link.source].append(link)
        self.outgoing = outgoing
        self.steps: dict[str, tuple[str, int]] = {}  # link id -> (argument title, step index)
        self.structures = self._structures()
        self.written = {title: self.arguments.make(title, fallback="Argument")
                        for title, _steps in self.structures}  # fmt: skip
        self.handles: dict[str, str] = {}  # link id -> the `<Title>` an undercut is written under
        self.bare: set[str] = set()  # undercuts written as a relation under their target's handle
        self._handles()

    def ref(self, node_id: str) -> str:
        title = self.titles[node_id]
        return f"<{title}>" if self.graph.nodes[node_id].is_argument else f"[{title}]"

    def plain(self, link: GraphLink) -> bool:
        """A bare link nothing but bare undercuts attack."""
        return not _carries(link) and all(self.plain(u) for u in self.undercuts[link.id])

    def _structures(self) -> list[tuple[str, list[GraphLink]]]:
        groups: dict[str, list[GraphLink]] = defaultdict(list)
        for link in link_order(self.graph):
            if link.argument:
                groups[link.argument].append(link)
        made = []
        for title, steps in groups.items():
            if self._chains(steps):
                made.append((title, steps))
                for index, step in enumerate(steps):
                    self.steps[step.id] = (title, index)
        return made

    def _chains(self, steps: list[GraphLink]) -> bool:
        nodes = self.graph.nodes
        for index, step in enumerate(steps):
            last = index == len(steps) - 1
            ends = [step.source, *step.co_premises, step.target or ""]
            if step.kind != "supports" or any(e not in nodes or nodes[e].is_argument for e in ends):
                return False
            allowed = ("argument", "scheme", "co_premises") + (("rationale",) if last else ())
            scheme = _one_line(step.scheme)
            if _carries(step, allow=allowed) or scheme != step.scheme or "--" in scheme:
                return False
            if last and _one_line(step.rationale) != step.rationale:
                return False
            if index and step.source != steps[index - 1].target:
                return False
            if not last and not all(self.plain(u) for u in self.undercuts[step.id]):
                return False  # only the last step can be named by an undercut's argument
        return True

    def _handles(self) -> None:
        for title, steps in self.structures:
            self.handles[steps[-1].id] = self.written[title]
        for link in self.graph.links.values():
            if link.id in self.steps:
                continue
            elif (
                self.graph.nodes[link.source].is_argument
                and self.outgoing[link.source] == [link]
                and not _carries(link)
            ):
                self.handles[link.id] = self.titles[link.source]
        seen: set[tuple[str, str]] = set()
        for link in self.graph.links.values():
            # Argdown merges a relation written twice: the second must be an argument.
            # An undercut that is itself undercut needs a handle to be named by: an argument.
            if (
                link.target_link
                and self.plain(link)
                and not self.undercuts[link.id]
                and (link.source, link.target_link) not in (seen)
            ):
                seen.add((link.source, link.target_link))
                self.bare.add(link.id)

    def link_arguments(self) -> list[GraphLink]:
        """The links written as arguments of their own: those that carry data, and those that
        something other than a bare undercut attacks but have no handle to be named by."""
        argued = []
        seen: set[tuple[str, str, str]] = set()
        for link in link_order(self.graph):
            if link.id in self.steps or link.id in self.bare:
                continue
            key = (link.source, link.target or link.target_link or "", link.kind)
            undercut = bool(self.undercuts[link.id])
            if _carries(link) or (undercut and link.id not in self.handles) or key in seen:
                argued.append(link)
            seen.add(key)
        for link in argued:
            self.handles[link.id] = self.arguments.make(link.key, fallback=link.id)
        return argued

    def node(self, node: GraphNode) -> str:
        title = self.titles[node.id]
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
        head = f"<{title}>" if node.is_argument else f"[{title}]"
        # The kind travels in the data only: Argdown keeps a tag in the statement's text.
        return f"{head}: {_escape(visible)} {_data(data)}"

    def structure(self, title: str, steps: list[GraphLink]) -> str:
        written = self.written[title]
        description = _one_line(steps[-1].rationale)
        head = f"<{written}>" + (f": {_escape(description)}" if description else "")
        if written != title:
            head += " " + _data({"title": title})
        lines, number = [head, ""], 0
        for index, step in enumerate(steps):
            premises = [step.source, *step.co_premises] if index == 0 else step.co_premises
            for premise in premises:
                number += 1
                lines.append(f"({number}) {self.ref(premise)}")
            rule = _escape(step.scheme)
            lines.append(f"-- {rule} --" if rule else "----")
            lines += [f"    <_ {self.ref(u.source)}" for u in self.undercuts[step.id]
                      if u.id in self.bare]  # fmt: skip
            number += 1
            lines.append(f"({number}) {self.ref(step.target or '')}")
        return "\n".join(lines) + "\n"

    def link_argument(self, link: GraphLink) -> str:
        data: dict[str, Any] = {"link": link.kind}
        visible = _one_line(link.rationale)
        if visible != link.rationale:
            data["rationale"] = link.rationale
        data.update({n: getattr(link, n) for n in _LINK_DATA if getattr(link, n)})
        head = f"<{self.handles[link.id]}>" + (f": {_escape(visible)}" if visible else "")
        lines = [f"{head} {_data(data)}"]
        lines += [f"    <+ {self.ref(p)}" for p in [link.source, *link.co_premises]]
        if link.kind == "undercuts":
            lines.append(f"    _> <{self.handles[link.target_link or '']}>")
        else:
            arrow = "+>" if link.kind == "supports" else "->"
            lines.append(f"    {arrow} {self.ref(link.target or '')}")
        return "\n".join(lines) + "\n"

    def relations(self, argued: set[str]) -> list[str]:
        groups: dict[str, list[GraphLink]] = {}
        for link in self.graph.links.values():
            if link.id in argued or link.id in self.steps:
                continue
            if link.target_link:
                if link.target_link in self.steps:
                    continue  # a bare undercut of a step: written under its inference
                groups.setdefault("<" + self.handles[link.target_link] + ">", []).append(link)
            elif link.id in self.handles and self.graph.nodes[link.source].is_argument:
                groups.setdefault(self.ref(link.source), []).append(link)
            else:
                groups.setdefault(self.ref(link.target or ""), []).append(link)
        out = []
        for head, group in groups.items():
            rows = []
            for link in group:
                if head == self.ref(link.source):  # an argument's own link, written from it
                    arrow = "+>" if link.kind == "supports" else "->"
                    rows.append(f"    {arrow} {self.ref(link.target or '')}")
                else:
                    rows.append(f"    {_SYMBOLS[link.kind]} {self.ref(link.source)}")
            out.append("\n".join([head, *rows]) + "\n")
        return out


def node_refs(graph: Graph) -> dict[str, str]:
    """Each statement's id -> the reference `write` gives it (`[Title]`, `<Title>`), which is
    the id the reader gives it back: how an edited text finds the statements it kept."""
    labels = relabelled(graph)
    writer = _Writer(labels)
    return {old: writer.ref(new) for old, new in zip(graph.nodes, labels.nodes, strict=True)}


def write(graph: Graph) -> WriteResult:
    graph = relabelled(graph)
    writer = _Writer(graph)
    argued = writer.link_arguments()
    chars = [records.to_dict(c, skip_defaults=True) for c in graph.characterisations]
    for item in chars:
        for name in ("thesis", "evidence"):
            if item.get(name):
                item[name] = writer.titles[item[name]]
        if item.get("applies_to_evidence"):
            item["applies_to_evidence"] = [writer.titles[n] for n in item["applies_to_evidence"]]
    comment = (
        "// Written by argmap. The {…} data and the front matter carry what Argdown has no "
        "syntax for; see docs/interchange.md."
    )
    out = ["===", _front(graph, chars), "===", "", comment, ""]
    for kind, heading in _HEADINGS.items():
        nodes = [n for n in graph.nodes.values() if n.kind == kind]
        if nodes:
            out += [f"# {heading}", ""]
            out += [writer.node(n) + "\n" for n in nodes]
    if writer.structures:
        out += ["# Arguments", ""]
        out += [writer.structure(title, steps) for title, steps in writer.structures]
    if argued:
        out += ["# Links", ""]
        out += [writer.link_argument(link) for link in argued]
    relations = writer.relations({link.id for link in argued})
    if relations:
        out += ["# Relations", ""] + relations
    return WriteResult("\n".join(out).rstrip("\n") + "\n", lost=[])
