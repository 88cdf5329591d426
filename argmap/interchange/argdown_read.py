"""The meaning of an Argdown document for argmap: its model (`argdown_syntax`) to a `Graph`.

See `argmap.interchange.argdown` for the mapping in both directions and what is not kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from argmap.graph import (
    Graph,
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.interchange import records
from argmap.interchange.argdown_links import DATA_NOT_KEPT, Links
from argmap.interchange.argdown_syntax import Document, Element, Inference, Pcs
from argmap.interchange.argdown_write import WRITTEN_HEADINGS
from argmap.interchange.base import InterchangeError, Limits, Notes, ReadResult
from argmap.interchange.checks import check_graph

KIND_TAGS = ("thesis", "claim", "evidence")
_NODE_KEYS = {"kind", "title", "text", "scholar", "school", "evidence_kind", "source",
              "extra_sources", "locator", "quote", "date", "place_time", "order_hint",
              "uncertainty", "base_score", "key"}  # fmt: skip


@dataclass(slots=True)
class _Class:
    """A statement's equivalence class or an argument: every occurrence with the same title."""

    node_id: str
    title: str
    is_argument: bool
    line: int
    members: list[Element] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    pcs: Pcs | None = None
    steps: list[str] = field(default_factory=list)  # link ids, one per inference step
    premises: list[str] = field(default_factory=list)  # node ids, for a link argument
    outgoing: list[tuple[str, Any, int]] = field(default_factory=list)  # (type, end, line)
    text: str = ""  # the first defining text


class Reader:
    def __init__(self, doc: Document, limits: Limits) -> None:
        self.doc, self.limits = doc, limits
        self.graph = Graph()
        self.notes = Notes()
        self.classes: dict[tuple[bool, str], _Class] = {}
        self.of: dict[int, _Class] = {}  # id(element) -> class
        self.lines: dict[tuple[str, str], int] = {}
        self.ours = False  # written by argmap: headings and kind tags are ours, not the user's

    # --- helpers -----------------------------------------------------------------------------

    def note(self, what: str, line: int | None = None, count: int = 1) -> None:
        self.notes.add(what, line=line, count=count)

    def unkept(self, what: str, name: str, line: int) -> None:
        """One more `what` (data, front matter) named `name`: one line of the report for all
        names, so that a file cannot make the report as long as itself."""
        self.notes.add(what, where=f"'{name}' at line {line}")

    def fail(self, message: str, line: int) -> InterchangeError:
        return InterchangeError(message, line=line)

    def text_field(self, data: dict[str, Any], name: str, line: int) -> str | None:
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(f"data {name!r} must be text", line)
        return str(value)

    def ref_list(self, data: dict[str, Any], name: str, line: int, kind: str) -> list[str]:
        value = data.get(name) or []
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"data {name!r} must be a list of texts", line)
        return [self.catalogue_ref(v, kind) for v in value]

    def catalogue_ref(self, value: str, kind: str) -> str:
        """An id from the front matter, or else a name (scholar) or title (source) to create."""
        pool: dict[str, Any] = self.graph.scholars if kind == "scholar" else self.graph.sources
        if value in pool:
            return value
        made = f"{kind}:{value}"
        if made not in pool:
            if kind == "scholar":
                self.graph.scholars[made] = GraphScholar(id=made, name=value)
            else:
                self.graph.sources[made] = GraphSource(id=made, title=value)
        return made

    # --- front matter --------------------------------------------------------------------------

    def front(self) -> None:
        front, line = self.doc.front, self.doc.front_line
        for name in ("title", "question", "description"):
            value = front.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)  # YAML reads `title: 1984` as a number
            if isinstance(value, str):
                setattr(self.graph, name, value)
            elif value is not None:
                self.unkept("front-matter values that are not text are not kept", name, line)
        ours = front.get("argmap")
        others = sorted(k for k in front if k not in ("title", "question", "description", "argmap"))
        for name in others:
            self.unkept("front-matter settings are not kept", name, line)
        if ours is None:
            return
        if not isinstance(ours, dict) or ours.get("version") != 1:
            raise self.fail("front matter 'argmap' must be {version: 1, …}", line)
        self.ours = True
        try:
            for index, data in enumerate(ours.get("sources") or []):
                item = records.from_dict(
                    GraphSource, data, where=records.where_of(GraphSource, data, index)
                )
                self.graph.sources[item.id] = item
            for index, data in enumerate(ours.get("scholars") or []):
                item2 = records.from_dict(
                    GraphScholar, data, where=records.where_of(GraphScholar, data, index)
                )
                self.graph.scholars[item2.id] = item2
        except InterchangeError as exc:
            raise InterchangeError(exc.reason, line=line, where=exc.where) from None

    def characterisations(self) -> None:
        line = self.doc.front_line
        items = (self.doc.front.get("argmap") or {}).get("characterisations") or []
        titles = {c.title: c.node_id for c in self.classes.values() if not c.is_argument}
        for index, data in enumerate(items):
            where = records.where_of(GraphCharacterisation, data, index)
            try:
                item = records.from_dict(GraphCharacterisation, data, where=where)
            except InterchangeError as exc:
                raise InterchangeError(exc.reason, line=line, where=exc.where) from None
            for name in ("thesis", "evidence"):
                ref = getattr(item, name)
                if ref is not None:
                    if ref not in titles:
                        raise InterchangeError(f"no statement [{ref}]", line=line, where=where)
                    setattr(item, name, titles[ref])
            missing = [ref for ref in item.applies_to_evidence if ref not in titles]
            if missing:
                raise InterchangeError(f"no statement [{missing[0]}]", line=line, where=where)
            item.applies_to_evidence = [titles[ref] for ref in item.applies_to_evidence]
            self.graph.characterisations.append(item)

    # --- statements and arguments --------------------------------------------------------------

    def classify(self) -> None:
        inside_pcs = {id(i) for s in self.doc.structures for i in s.items if isinstance(i, Element)}
        for element in self.doc.elements:
            if element.is_argument and id(element) in inside_pcs:
                raise self.fail(
                    "a premise or conclusion must be a statement, not an argument", element.line
                )
            if element.title:
                key = (element.is_argument, element.title)
                node_id = f"<{element.title}>" if element.is_argument else f"[{element.title}]"
            else:
                key = (False, f"\x00{element.line}.{len(self.classes)}")
                node_id = f"line {element.line}"
                if node_id in {c.node_id for c in self.classes.values()}:
                    node_id = f"line {element.line} ({len(self.classes)})"
            found = self.classes.get(key)
            if found is None:
                found = self.classes[key] = _Class(
                    node_id, element.title, element.is_argument, element.line
                )
            if element.defines and element.text:
                if not found.text:
                    found.text = element.text
                elif found.text != element.text and "text" not in element.data:
                    self.note("a statement defined again with another text keeps its first "
                              "text", element.line)  # fmt: skip
            found.members.append(element)
            found.data.update(element.data)
            found.tags.extend(t for t in element.tags if t not in found.tags)
            self.of[id(element)] = found
        for structure in self.doc.structures:
            if structure.argument is not None:
                cls = self.of[id(structure.argument)]
                if cls.pcs is not None:
                    first = cls.pcs.line
                    raise self.fail(f"{cls.node_id} already has premises and a conclusion (line "
                                    f"{first}); an argument has one", structure.line)  # fmt: skip
                cls.pcs = structure

    def role(self, cls: _Class) -> str:
        if not cls.is_argument:
            return "node"
        if "link" in cls.data:
            if cls.pcs is not None:
                raise self.fail("an argument is either a link ({link: …}) or has premises and "
                                "a conclusion, not both", cls.line)  # fmt: skip
            return "link"
        return "reconstructed" if cls.pcs is not None else "node"

    def make_node(self, cls: _Class) -> None:
        data, line = cls.data, cls.line
        for name in sorted(set(data) - _NODE_KEYS):
            self.unkept(DATA_NOT_KEPT, name, line)
        text = self.text_field(data, "text", line)
        if text is None:
            text = cls.text or cls.title
        kind = self.text_field(data, "kind", line) or next(
            (t for t in cls.tags if t in KIND_TAGS), ""
        )
        node = GraphNode(
            id=cls.node_id, kind=kind, text=text, title=cls.title, is_argument=cls.is_argument
        )
        for name in (
            "title",
            "school",
            "evidence_kind",
            "locator",
            "quote",
            "date",
            "place_time",
            "uncertainty",
            "key",
        ):
            value = self.text_field(data, name, line)
            if value is not None:
                setattr(node, name, value)
        if data.get("scholar") is not None:
            node.scholar = self.catalogue_ref(
                self.text_field(data, "scholar", line) or "", "scholar"
            )
        if data.get("source") is not None:
            node.source = self.catalogue_ref(self.text_field(data, "source", line) or "", "source")
        node.extra_sources = self.ref_list(data, "extra_sources", line, "source")
        hint = data.get("order_hint")
        if hint is not None:
            if isinstance(hint, bool) or not isinstance(hint, int):
                raise self.fail("data 'order_hint' must be a whole number", line)
            node.order_hint = hint
        score = data.get("base_score")
        if score is not None:
            if isinstance(score, bool) or not isinstance(score, (int, float)):
                raise self.fail("data 'base_score' must be a number", line)
            node.base_score = float(score)
        other_tags = [t for t in cls.tags if t not in KIND_TAGS]
        if other_tags:
            self.note("tags stay in the text as written (argmap has no tags)", line,
                      count=len(other_tags))  # fmt: skip
        self.graph.add_node(node)
        self.lines[("node", node.id)] = line

    def add_link(self, link: GraphLink, line: int) -> GraphLink:
        base, number = link.id, 1
        while link.id in self.graph.links:
            number += 1
            link.id = f"{base} ({number})"
        self.lines[("link", link.id)] = line
        return self.graph.add_link(link)

    def steps(self, cls: _Class, structure: Pcs) -> None:
        """One supports link per inference step of a premise–conclusion structure."""
        for name in sorted(set(cls.data) - {"title"}):
            self.unkept(DATA_NOT_KEPT, name, cls.line)
        items = structure.items
        marks = [i for i, item in enumerate(items) if isinstance(item, Inference)]
        if not marks or marks[-1] != len(items) - 2:
            raise self.fail("a premise–conclusion structure ends with one conclusion below a "
                            "'----' line", structure.line)  # fmt: skip
        start = 0
        for step, mark in enumerate(marks):
            premises = [self.of[id(i)].node_id for i in items[start:mark] if isinstance(i, Element)]
            conclusion = items[mark + 1]
            if not premises or not isinstance(conclusion, Element):
                raise self.fail(
                    "each '----' needs premises above it and a conclusion below", items[mark].line
                )
            inference = items[mark]
            assert isinstance(inference, Inference)
            link = GraphLink(
                id=f"{cls.node_id} step {step + 1}",
                kind="supports",
                source=premises[0],
                target=self.of[id(conclusion)].node_id,
                co_premises=[p for p in dict.fromkeys(premises[1:]) if p != premises[0]],
                scheme=inference.rules,
                # argmap writes a title that Argdown cannot hold in the argument's data
                argument=self.text_field(cls.data, "title", cls.line) or cls.title,
            )
            if inference.data:
                self.note("inference data is not kept", inference.line)
            if step == len(marks) - 1:
                link.rationale = cls.text
            cls.steps.append(self.add_link(link, items[mark].line).id)
            start = mark + 1

    def read(self) -> ReadResult:
        self.front()
        self.classify()
        for structure in self.doc.structures:
            if structure.argument is None:  # an anonymous reconstructed argument
                title = f"Argument at line {structure.line}"
                cls = _Class(f"<{title}>", title, True, structure.line, pcs=structure)
                self.classes[(True, f"\x00pcs{structure.line}")] = cls
        roles = {id(c): self.role(c) for c in self.classes.values()}
        for cls in self.classes.values():
            if roles[id(cls)] == "node":
                self.make_node(cls)
        for cls in self.classes.values():
            if roles[id(cls)] == "reconstructed" and cls.pcs is not None:
                self.steps(cls, cls.pcs)
        Links(self, roles).read()
        self.default_kinds(roles)
        self.characterisations()
        if self.doc.headings and not self.ours and not self.graph.title:
            self.graph.title = self.doc.headings[0][1]
        for line, heading in self.doc.headings:
            # argmap's own export has its sections: only a heading someone added is news.
            if not (self.ours and heading in WRITTEN_HEADINGS):
                self.note("headings are not kept (argmap has no sections)", line)
        for line in self.doc.url_comments:
            self.note("a bare URL's '//' starts a comment in Argdown: the rest of its line is not "
                      "kept (write the URL as a link, [text](https://…))", line)  # fmt: skip
        graph = check_graph(self.graph, self.limits, locate=self.locate)
        return ReadResult(graph, self.notes.lines())

    def locate(self, kind: str, item_id: str) -> int | None:
        if kind in ("source", "scholar", "characterisation"):
            return self.doc.front_line or None
        return self.lines.get((kind, item_id))

    def default_kinds(self, roles: dict[int, str]) -> None:
        sources = {ln.source for ln in self.graph.links.values()}
        sources.update(p for ln in self.graph.links.values() for p in ln.co_premises)
        targets = {ln.target for ln in self.graph.links.values()}
        guessed = {"thesis": 0, "claim": 0}
        for node in self.graph.nodes.values():
            if not node.kind:
                is_root = node.id in targets and node.id not in sources and node.id.startswith("[")
                node.kind = "thesis" if is_root else "claim"
                guessed[node.kind] += 1
        if guessed["thesis"]:
            self.note("statements without a kind read as theses (they only receive support or "
                      "attack)", count=guessed["thesis"])  # fmt: skip
        if guessed["claim"]:
            self.note("statements and arguments without a kind read as claims",
                      count=guessed["claim"])  # fmt: skip
