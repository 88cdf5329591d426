"""Argdown relations to argmap links: plain relations, link arguments and undercuts.

See `argmap.interchange.argdown` for the mapping. Runs after `argdown_read.Reader` has made the
nodes and the links of reconstructed arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from argmap.graph import LINK_KINDS, GraphLink
from argmap.interchange.argdown_syntax import Inference

if TYPE_CHECKING:
    from argmap.interchange.argdown_read import Reader, _Class

# One line of the report for every data key argmap has no field for, whatever its name.
DATA_NOT_KEPT = "data argmap has no field for is not kept"

_EXPECTED = {"supports": "support", "opposes": "attack", "undercuts": "undercut"}
_KINDS = {"support": "supports", "attack": "opposes"}


class Links:
    def __init__(self, reader: Reader, roles: dict[int, str]) -> None:
        self.reader, self.roles = reader, roles
        self.seen: set[tuple[str, str, str]] = set()
        self.undercuts: list[tuple[str, Any, int]] = []  # (source node, target end, line)

    def role(self, end: Any) -> str:
        return "inference" if isinstance(end, Inference) else self.roles[id(end)]

    def node_of(self, end: Any, line: int) -> str | None:
        """The node a relation end stands for: a statement or plain argument, or the
        conclusion of a reconstructed argument; None for links and inferences."""
        role = self.role(end)
        if role == "node":
            return str(end.node_id)
        if role == "reconstructed":
            conclusion = end.pcs.items[-1]
            return self.reader.of[id(conclusion)].node_id
        return None

    def read(self) -> None:
        reader = self.reader
        for relation in reader.doc.relations:
            source = self.end(relation.source)
            target = self.end(relation.target)
            self.relation(source, target, relation.type, relation.line)
        for cls in reader.classes.values():
            if self.roles[id(cls)] == "link":
                self.link_argument(cls)
        for node, end, line in self.undercuts:
            for target in self.undercut_targets(end, line, strict=False):
                reader.add_link(
                    GraphLink(id=f"line {line}", kind="undercuts", source=node, target_link=target),
                    line,
                )

    def end(self, end: Any) -> Any:
        return end if isinstance(end, Inference) else self.reader.of[id(end)]

    def relation(self, source: Any, target: Any, kind: str, line: int) -> None:
        reader = self.reader
        if self.role(source) == "link":
            source.outgoing.append((kind, target, line))
            return
        from_node = self.node_of(source, line)
        if self.role(target) == "link":
            if kind == "support" and from_node is not None:
                target.premises.append(from_node)
            elif kind == "undercut" and from_node is not None:
                self.undercuts.append((from_node, target, line))
            else:
                raise reader.fail(
                    f"{target.node_id} is a link (its data says link: …): support it with its "
                    "premises or undercut it with _; attack the statement it links instead",
                    line,
                )
            return
        if kind == "contradiction":
            to_node = self.node_of(target, line)
            if from_node and to_node and from_node != to_node:
                reader.note("contradictions >< read as two opposing links", line)
                self.plain(from_node, to_node, "attack", line)
                self.plain(to_node, from_node, "attack", line)
            else:
                reader.note("contradictions between arguments are not kept", line)
            return
        if kind == "undercut":
            if from_node is None:
                reader.note("undercuts by an inference are not kept", line)
            elif self.role(target) == "node" and not target.is_argument:
                reader.note("undercuts of a statement are not kept (argmap's undercuts attack a "
                            "link: undercut an argument)", line)  # fmt: skip
            else:
                self.undercuts.append((from_node, target, line))
            return
        to_node = self.node_of(target, line)
        if from_node is None or to_node is None:
            reader.note(f"{kind} relations of or by an inference are not kept", line)
            return
        if self.role(target) == "reconstructed":
            reader.note(f"{kind} relations to a reconstructed argument read as {kind} of its "
                        "conclusion", line)  # fmt: skip
        self.plain(from_node, to_node, kind, line)

    def plain(self, source: str, target: str, kind: str, line: int) -> None:
        if source == target:
            self.reader.note(f"a statement's {kind} of itself is not kept", line)
            return
        if (source, target, kind) in self.seen:
            return  # Argdown: the same relation written twice is one relation
        self.seen.add((source, target, kind))
        link = GraphLink(id=f"line {line}", kind=_KINDS[kind], source=source, target=target)
        self.reader.add_link(link, line)

    def undercut_targets(self, end: Any, line: int, *, strict: bool) -> list[str]:
        role = self.role(end)
        if role == "link":
            return [str(end.node_id)]
        if role == "inference":
            owner = next(c for c in self.reader.classes.values() if c.pcs is end.argument)
            return [owner.steps[end.step]] if end.step < len(owner.steps) else []
        if role == "reconstructed":
            return [end.steps[-1]] if end.steps else []
        found = [ln.id for ln in self.reader.graph.links.values() if ln.source == end.node_id]
        found = [i for i in found if self.reader.graph.links[i].kind != "undercuts"] or found
        if not found and not strict:
            self.reader.note("undercuts of an argument that supports or attacks nothing are not "
                             "kept", line)  # fmt: skip
        return found

    def link_argument(self, cls: _Class) -> None:
        reader, data, line = self.reader, cls.data, cls.line
        kind = reader.text_field(data, "link", line)
        if kind not in LINK_KINDS:
            raise reader.fail(f"data 'link' must be one of {', '.join(LINK_KINDS)}", line)
        premises = list(dict.fromkeys(cls.premises))
        if not premises:
            raise reader.fail(f"{cls.node_id} is a link but nothing supports it: put "
                              "'<+ [Source statement]' under it", line)  # fmt: skip
        if len(cls.outgoing) != 1:
            raise reader.fail(f"{cls.node_id} is a link and must point at exactly one target "
                              "(+> [Statement], -> [Statement] or _> <Link>)", line)  # fmt: skip
        relation, end, end_line = cls.outgoing[0]
        if relation != _EXPECTED[kind]:
            raise reader.fail(f"a {kind} link needs a {_EXPECTED[kind]} relation", end_line)
        link = GraphLink(id=cls.node_id, kind=kind, source=premises[0], co_premises=premises[1:])
        if kind == "undercuts":
            targets = self.undercut_targets(end, end_line, strict=True)
            if len(targets) != 1:
                raise reader.fail("an undercut must attack exactly one link", end_line)
            link.target_link = targets[0]
        else:
            link.target = self.node_of(end, end_line)
            if link.target is None:
                raise reader.fail(f"a {kind} link must point at a statement", end_line)
        unknown = sorted(set(data) - {"link", "rationale", "scholar", "citation", "locator",
                                      "attestation", "attested_in", "note", "key", "scheme",
                                      "argument"})  # fmt: skip
        for name in unknown:
            reader.unkept(DATA_NOT_KEPT, name, line)
        rationale = reader.text_field(data, "rationale", line)
        link.rationale = rationale if rationale is not None else cls.text
        for name in ("locator", "attestation", "note", "key", "scheme", "argument"):
            setattr(link, name, reader.text_field(data, name, line) or "")
        if data.get("scholar") is not None:
            link.scholar = reader.catalogue_ref(
                reader.text_field(data, "scholar", line) or "", "scholar"
            )
        if data.get("citation") is not None:
            link.citation = reader.catalogue_ref(
                reader.text_field(data, "citation", line) or "", "source"
            )
        link.attested_in = reader.ref_list(data, "attested_in", line, "source")
        reader.add_link(link, line)
