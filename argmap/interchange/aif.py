"""AIF JSON, read and written, in AIFdb's flat form and OVA's `{AIF, OVA, text}` wrapper.

How argmap's model maps onto the Argument Interchange Format:

- each statement is an **I-node** (its text; its kind in an extra `"argmap_kind"` property that
  other AIF tools ignore; without it, an imported I-node is a claim);
- a supports link is an **RA-node** ("Default Inference") with an edge from the source and one from
  each co-premise into it, and one edge out to the conclusion; an opposes link is a **CA-node**
  ("Default Conflict") from the source to the target;
- an undercut is a CA-node whose edge goes to the RA- or CA-node of the link it attacks (AIF's
  undercutter, kept on import too);
- scholars are **participants**: who holds a statement is an L-node ("Name: text") with a
  locution naming the participant and a YA-node ("Asserting") into the I-node; who makes a link,
  with its rationale, is an L-node ("Name: rationale") with a YA-node ("Arguing" or
  "Disagreeing") into the RA- or CA-node. An L-node without a locution names its speaker in its
  text, as AIFdb writes it ("Frank : …", or "Frank says '…'"); that speaker is kept too.

What AIF cannot express (an export lists what it drops for the map at hand): statement titles,
keys, schools and every evidence field (evidence kind, source, extra sources, locator, quote,
date, uncertainty, base score); a link's citation, locator, attestation, attested-in sources,
note and key; the sources themselves; scholars' roles, keys and works (their names travel);
characterisations; the map's title, question and description.

On import, AIF's other nodes are listed in the notes and not kept: MA (rephrase), PA
(preference), TA (transitions), YA anchors other than an L-node's into an I-, RA- or CA-node,
and L-nodes whose speaker is named nowhere. What argmap has no field for is listed too, counted:
nodes' timestamps (AIFdb's on the nodes, OVA's in its layout), OVA's layout (where each node is
drawn) and the text OVA analysed. An RA- or CA-node without a premise or a conclusion is skipped
with a note; one with several conclusions gives one link each. A scheme longer than a link's 200
characters is shortened, with a note. Errors name the node id: an edge to a node that does not
exist, a node id used twice, a node that is not an object with a text.

Writing is in `argmap.interchange.aif_write`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from argmap.graph import Graph, GraphLink, GraphNode, GraphScholar
from argmap.interchange import jsonio
from argmap.interchange.aif_write import UNSUPPORTED, losses, write, write_ova
from argmap.interchange.base import DEFAULT_LIMITS, InterchangeError, Limits, Notes, ReadResult
from argmap.interchange.checks import check_counts, check_graph

__all__ = ["UNSUPPORTED", "losses", "read", "write", "write_ova"]

# An S-node's text when it names no scheme (AIFdb writes the scheme apart, in "scheme").
_NO_SCHEME = {"", "RA", "CA", "Default Inference", "Default Conflict", "Default Rephrase"}
_MAX_SPEAKER = 200
_MAX_SCHEME = 200  # Link.scheme
# AIFdb's L-node texts without a locution: "Frank : text" (newer) or "Frank says 'text'" (older).
_SAID_BY = (
    re.compile(r"^(?P<name>[^\n]+?) : (?P<said>.*)\Z", re.DOTALL),
    re.compile(
        r"^(?P<name>[^\n]+?) says ['\"\u2018\u201c](?P<said>.*)['\"\u2019\u201d]\Z", re.DOTALL
    ),
)
_IGNORED = {"MA": "MA (rephrase)", "PA": "PA (preference)", "TA": "TA (transition)"}
_TIMESTAMPS = "node timestamps are not kept (argmap has no field for when a node was made)"


def _holds(value: object) -> bool:
    """Whether a property the reader does not keep holds something (so that losing it is news)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (dict, list)):
        return any(_holds(v) for v in (value.values() if isinstance(value, dict) else value))
    return value is not None


# --- reading ---------------------------------------------------------------------------------


def _id(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        raise InterchangeError("an id must be a text or a whole number", where=where)
    return str(value)


def _list(aif: dict[str, Any], name: str) -> list[Any]:
    value = aif.get(name) or []
    if not isinstance(value, list):
        raise InterchangeError(f'"{name}" must be a list')
    return value


class _Reader:
    def __init__(self, aif: dict[str, Any], limits: Limits) -> None:
        self.limits = limits
        self.graph = Graph()
        self.notes = Notes()
        self.schemes: dict[str, str] = {}  # S-node id -> its scheme
        self.types: dict[str, str] = {}
        self.stamped: set[str] = set()  # ids of the nodes with a timestamp, which is not kept
        self.texts: dict[str, str] = {}
        self.ins: dict[str, list[str]] = defaultdict(list)
        self.outs: dict[str, list[str]] = defaultdict(list)
        self.made: dict[str, list[str]] = {}  # S-node id -> ids of the links made from it
        self.read_nodes(_list(aif, "nodes"))
        self.read_edges(_list(aif, "edges"))
        self.speakers = self.read_speakers(_list(aif, "locutions"), _list(aif, "participants"))

    def read_nodes(self, items: list[Any]) -> None:
        kinds: Counter[str] = Counter()
        for index, item in enumerate(items):
            where = f"node #{index + 1}"
            if not isinstance(item, dict):
                raise InterchangeError("a node must be an object", where=where)
            node_id = _id(item.get("nodeID"), where)
            where = f"node {node_id!r}"
            if node_id in self.types:
                raise InterchangeError("this nodeID is used twice", where=where)
            kind, text = item.get("type"), item.get("text", "")
            if not isinstance(kind, str) or not isinstance(text, str):
                raise InterchangeError('a node needs a "type" and a "text" (texts)', where=where)
            self.types[node_id], self.texts[node_id] = kind, text
            kinds[kind] += 1
            if _holds(item.get("timestamp")):
                self.stamped.add(node_id)
            scheme = item.get("scheme")
            if kind in ("RA", "CA"):
                named = scheme if isinstance(scheme, str) and scheme else text.strip()
                named = "" if named in _NO_SCHEME else named
                if len(named) > _MAX_SCHEME:
                    named = named[: _MAX_SCHEME - 1].rstrip() + "…"
                    self.notes.add(f"schemes longer than {_MAX_SCHEME} characters are "
                                   "shortened", where=f"node {node_id!r}")  # fmt: skip
                self.schemes[node_id] = named
            if kind == "I":
                stated = item.get("argmap_kind", "claim")
                if not isinstance(stated, str):
                    raise InterchangeError('"argmap_kind" must be a text', where=where)
                self.graph.add_node(GraphNode(id=node_id, kind=stated, text=text))
        check_counts(self.limits, statements=kinds["I"], links=kinds["RA"] + kinds["CA"])
        for kind, label in _IGNORED.items():
            if kinds[kind]:
                self.notes.add(f"{label} nodes are not kept", count=kinds[kind])
        other = sorted(k for k in kinds if k not in ("I", "RA", "CA", "L", "YA", *_IGNORED))
        if other:
            for kind in other:
                self.notes.add("nodes of other types are not kept", where=f"type {kind!r}",
                               count=kinds[kind])  # fmt: skip

    def read_edges(self, items: list[Any]) -> None:
        for index, item in enumerate(items):
            where = f"edge #{index + 1}"
            if not isinstance(item, dict):
                raise InterchangeError("an edge must be an object", where=where)
            source, target = _id(item.get("fromID"), where), _id(item.get("toID"), where)
            for end in (source, target):
                if end not in self.types:
                    raise InterchangeError(f"an edge ({where}) points at a node that does not "
                                           "exist", where=f"node {end!r}")  # fmt: skip
            self.outs[source].append(target)
            self.ins[target].append(source)

    def read_speakers(self, locutions: list[Any], participants: list[Any]) -> dict[str, str]:
        """L-node id -> scholar id (one per participant)."""
        names: dict[str, str] = {}
        for index, item in enumerate(participants):
            where = f"participant #{index + 1}"
            if not isinstance(item, dict):
                raise InterchangeError("a participant must be an object", where=where)
            pid = _id(item.get("participantID"), where)
            parts = [item.get("firstname") or "", item.get("surname") or ""]
            if not all(isinstance(p, str) for p in parts):
                raise InterchangeError("names must be texts", where=f"participant {pid!r}")
            first, last = parts
            names[pid] = f"{first} {last}" if first and last else first or last
        speakers: dict[str, str] = {}
        for index, item in enumerate(locutions):
            where = f"locution #{index + 1}"
            if not isinstance(item, dict):
                raise InterchangeError("a locution must be an object", where=where)
            node_id, person = _id(item.get("nodeID"), where), item.get("personID")
            if person is None:
                continue
            pid = _id(person, where)
            if pid not in names:
                raise InterchangeError(f"participant {pid!r} does not exist", where=where)
            scholar_id = f"participant {pid}"
            self.graph.scholars.setdefault(scholar_id, GraphScholar(id=scholar_id, name=names[pid]))
            speakers[node_id] = scholar_id
        return speakers

    def of_type(self, ids: list[str], *kinds: str) -> list[str]:
        return [i for i in ids if self.types[i] in kinds]

    def links(self) -> None:
        for s_id, kind in self.types.items():
            if kind not in ("RA", "CA"):
                continue
            premises = list(dict.fromkeys(self.of_type(self.ins[s_id], "I")))
            conclusions = list(dict.fromkeys(self.of_type(self.outs[s_id], "I")))
            undercutter = kind == "CA" and bool(self.of_type(self.outs[s_id], "RA", "CA"))
            if undercutter and not conclusions:
                continue  # made once the links it attacks exist, by `undercuts`
            if not premises or not conclusions:
                self.notes.add("RA/CA nodes without a premise or a conclusion are not kept",
                               where=f"node {s_id!r}")  # fmt: skip
                continue
            link_kind = "supports" if kind == "RA" else "opposes"
            self.made[s_id] = []
            for number, target in enumerate(conclusions):
                link_id = s_id if number == 0 else f"{s_id}/{number + 1}"
                rest = [p for p in premises[1:] if p != target]
                self.graph.add_link(GraphLink(id=link_id, kind=link_kind, source=premises[0],
                                              target=target, co_premises=rest,
                                              scheme=self.schemes.get(s_id, "")))  # fmt: skip
                self.made[s_id].append(link_id)
        self.undercuts()

    def undercuts(self) -> None:
        # A CA-node that attacks statements and links too made its opposes links already.
        waiting = [s for s, k in self.types.items() if k == "CA"
                   and self.of_type(self.outs[s], "RA", "CA")]  # fmt: skip
        attacks: dict[str, list[str]] = {s: self.made.pop(s, []) for s in waiting}
        while waiting:
            ready = [s for s in waiting if all(t not in waiting
                     for t in self.of_type(self.outs[s], "RA", "CA"))]  # fmt: skip
            if not ready:
                raise InterchangeError("undercuts form a cycle", where=f"node {waiting[0]!r}")
            for s_id in ready:
                waiting.remove(s_id)
                premises = self.of_type(self.ins[s_id], "I")
                targets = [
                    t
                    for s in self.of_type(self.outs[s_id], "RA", "CA")
                    for t in self.made.get(s, [])
                ]
                self.made[s_id] = attacks[s_id]
                if not premises or not targets:
                    self.notes.add("CA nodes that undercut nothing argmap keeps are not kept",
                                   where=f"node {s_id!r}")  # fmt: skip
                    continue
                if len(premises) > 1:
                    self.notes.add("undercuts with several premises keep the first (an undercut "
                                   "has one premise)", where=f"node {s_id!r}")  # fmt: skip
                for target in targets:
                    number = len(self.made[s_id])
                    link_id = s_id if number == 0 else f"{s_id}/{number + 1}"
                    link = GraphLink(
                        id=link_id,
                        kind="undercuts",
                        source=premises[0],
                        target_link=target,
                        scheme=self.schemes.get(s_id, ""),
                    )
                    self.graph.add_link(link)
                    self.made[s_id].append(link_id)

    def speaker_named(self, l_id: str) -> str | None:
        """Without a locution, AIFdb names the speaker in the L-node's text: "Frank : …" or
        "Frank says '…'"."""
        text = self.texts[l_id].strip()
        found = next((m for pattern in _SAID_BY if (m := pattern.match(text))), None)
        name = found.group("name").strip() if found else ""
        if not name or len(name) > _MAX_SPEAKER:
            return None
        scholar_id = f"speaker {name}"
        self.graph.scholars.setdefault(scholar_id, GraphScholar(id=scholar_id, name=name))
        return scholar_id

    def said(self, l_id: str, scholar: str | None) -> str:
        """What an L-node says, without the speaker's name in front of it."""
        said = self.texts[l_id]
        found = next((m for pattern in _SAID_BY if (m := pattern.match(said.strip()))), None)
        if (
            found is not None
            and scholar
            and found.group("name").strip() == (self.graph.scholars[scholar].name)
        ):
            return found.group("said").strip()
        name = self.graph.scholars[scholar].name if scholar else ""
        # "Richard B. Frank: …" as argmap writes it, "Frank : …" as AIFdb does
        for said_by in (name, *name.split()) if name else ():
            rest = said[len(said_by) :].lstrip()
            if said.startswith(said_by) and rest.startswith(":"):
                return rest[2:] if rest.startswith(": ") else rest[1:]
        return said

    def anchors(self) -> None:
        """YA-nodes from an L-node: who holds a statement, who makes a link and why."""
        used: set[str] = set()
        for ya_id, kind in self.types.items():
            if kind != "YA":
                continue
            sayers = self.of_type(self.ins[ya_id], "L")
            for target in self.outs[ya_id]:
                if not sayers or self.types[target] not in ("I", "RA", "CA"):
                    self.notes.add("YA anchors other than an L-node's into an I-, RA- or CA-node "
                                   "are not kept", where=f"node {ya_id!r}")  # fmt: skip
                    continue
                l_id = sayers[0]
                scholar = self.speakers.get(l_id)
                if scholar is None and (scholar := self.speaker_named(l_id)) is not None:
                    self.notes.add("speakers named in L-nodes without a locution kept as who "
                                   "holds or argues", where=f"node {l_id!r}")  # fmt: skip
                used.add(l_id)
                self.attribute(target, scholar, l_id)
        unused = [i for i, k in self.types.items() if k == "L" and i not in used]
        for l_id in unused:
            self.notes.add("L-nodes anchored to nothing argmap keeps are not kept",
                           where=f"node {l_id!r}")  # fmt: skip

    def attribute(self, target: str, scholar: str | None, l_id: str) -> None:
        """Give `target` (an I-node, or the links of an RA/CA-node) its speaker and, for a link,
        what the speaker said; a second speaker of the same thing is noted, not kept."""
        if self.types[target] == "I":
            node = self.graph.nodes[target]
            if scholar is None:
                self.notes.add("L-nodes that name no speaker are not kept (the statement they "
                               "anchor is)", where=f"node {l_id!r}")  # fmt: skip
            elif node.scholar and scholar and node.scholar != scholar:
                self.notes.add("statements anchored to several speakers keep the first",
                               where=f"node {target!r}")  # fmt: skip
            node.scholar = node.scholar or scholar
            return
        said = self.said(l_id, scholar)
        for link_id in self.made.get(target, []):
            link = self.graph.links[link_id]
            if (link.scholar and scholar and link.scholar != scholar) or (
                link.rationale and said and link.rationale != said
            ):
                self.notes.add("links anchored to several L-nodes keep the first",
                               where=f"node {target!r}")  # fmt: skip
            link.scholar = link.scholar or scholar
            link.rationale = link.rationale or said


def _unkept(document: dict[str, Any], reader: _Reader, *, wrapped: bool) -> None:
    """Note what the file holds beside the argument that argmap has no field for: timestamps
    (AIFdb's on its nodes, OVA's in its layout), OVA's layout (where each node is drawn) and the
    text OVA analysed (its `text`, a text or `{"txt": …}`; OVA2 called it `analysis`)."""
    layout = document.get("OVA") if wrapped else None
    placed = 0
    if isinstance(layout, dict) and isinstance(layout.get("nodes"), list):
        for index, item in enumerate(layout["nodes"]):
            if not isinstance(item, dict):
                continue
            if item.get("x") is not None or item.get("y") is not None:
                placed += 1
            if _holds(item.get("timestamp")):
                node_id = item.get("nodeID")
                reader.stamped.add(str(node_id) if node_id is not None else f"OVA #{index + 1}")
    if reader.stamped:
        reader.notes.add(_TIMESTAMPS, count=len(reader.stamped))
    if placed:
        reader.notes.add("OVA node positions are not kept (argmap's picture lays out the map "
                         "itself)", count=placed)  # fmt: skip
    for part in ("text", "analysis") if wrapped else ("analysis",):
        value = document.get(part)
        if not _holds(value):
            continue
        said = value.get("txt") if isinstance(value, dict) else value
        size = f" ({len(said):,} characters)" if isinstance(said, str) and said.strip() else ""
        reader.notes.add("the text OVA analysed is not kept (argmap has no field for it)",
                         where=f"{part!r}{size}")  # fmt: skip


def read(text: str, *, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    document = jsonio.load(text, limits)
    wrapped = isinstance(document, dict) and isinstance(document.get("AIF"), dict)
    if wrapped:
        aif = document["AIF"]
    elif isinstance(document, dict) and "nodes" in document:
        aif = document
    else:
        raise InterchangeError('not AIF JSON: expected {"nodes": […], "edges": […]} or OVA\'s '
                               '{"AIF": {…}}')  # fmt: skip
    reader = _Reader(aif, limits)
    reader.links()
    reader.anchors()
    _unkept(document, reader, wrapped=wrapped)
    return ReadResult(check_graph(reader.graph, limits), reader.notes.lines())
