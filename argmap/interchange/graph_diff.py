"""What changes when a map is replaced by an edited text of itself: which statements and links
stay (and keep their identity), which change, which go, which are new.

Pure Python over two plain graphs: `current`, the stored map (ids are its primary keys as text),
and `edited`, what a reader made of the edited text (ids are the reader's: `[Title]`, `<Title>`,
`line 12`). A statement of the edited text is the stored statement that the writer gave the same
reference (`refs`, from `argdown_write.node_refs`); a link is the stored link with the same kind
and the same ends (co-premises, rationale and the rest may change: that is an edit of the link).
Scholars and sources of the edited text are matched to the stored ones by the writer's labels,
then by name (scholars) or key and title (sources); those left are new.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields

from argmap.graph import (
    Graph,
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.interchange.checks import link_order, relabelled

_NODE_FIELDS = [f.name for f in fields(GraphNode) if f.name != "id"]
_ENDS = ("id", "source", "target", "target_link", "kind")
_LINK_FIELDS = [f.name for f in fields(GraphLink) if f.name not in _ENDS]
NEW = "new:"  # prefix of a scholar or source id the edited text brings that the map lacks


@dataclass(slots=True)
class Plan:
    nodes_created: list[GraphNode] = field(default_factory=list)
    nodes_changed: list[tuple[str, GraphNode, list[str]]] = field(default_factory=list)
    nodes_deleted: list[str] = field(default_factory=list)
    links_created: list[GraphLink] = field(default_factory=list)
    links_changed: list[tuple[str, GraphLink, list[str]]] = field(default_factory=list)
    links_deleted: list[str] = field(default_factory=list)
    node_of: dict[str, str] = field(default_factory=dict)  # edited id -> stored id, if any
    link_of: dict[str, str] = field(default_factory=dict)
    map_changed: list[str] = field(default_factory=list)  # title, question, description
    scholars: dict[str, GraphScholar] = field(default_factory=dict)  # new ones, by NEW id
    sources: dict[str, GraphSource] = field(default_factory=dict)
    # What the text changes that applying it does not: the library's records and the
    # characterisations are edited on their own pages, never by rewriting a map.
    unapplied: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.nodes_created, self.nodes_changed, self.nodes_deleted,
                    self.links_created, self.links_changed, self.links_deleted,
                    self.map_changed))  # fmt: skip

    def summary(self) -> str:
        """'3 statements added, 1 changed, 2 links removed'."""

        def part(count: int, word: str, what: str) -> str:
            return f"{count} {what}{'s' if count != 1 else ''} {word}" if count else ""

        groups = [
            ("statement", [(len(self.nodes_created), "added"), (len(self.nodes_changed), "changed"),
                           (len(self.nodes_deleted), "removed")]),
            ("link", [(len(self.links_created), "added"), (len(self.links_changed), "changed"),
                      (len(self.links_deleted), "removed")]),
        ]  # fmt: skip
        parts = []
        for what, counts in groups:
            said = False
            for count, word in counts:
                if count:
                    parts.append(part(count, word, what) if not said else f"{count} {word}")
                    said = True
        if self.map_changed:
            parts.append("the map's " + " and ".join(self.map_changed) + " changed")
        return ", ".join(parts) if parts else "no changes"


def _catalogue(current: Graph, edited: Graph, plan: Plan) -> tuple[dict[str, str], dict[str, str]]:
    """Edited scholar and source ids -> stored ids (or NEW ids, recorded in the plan)."""
    labels = relabelled(current)
    stored_sources = dict(zip(labels.sources, current.sources, strict=True))
    stored_scholars = dict(zip(labels.scholars, current.scholars, strict=True))
    by_key = {s.key: sid for sid, s in current.sources.items() if s.key}
    by_title = {s.title: sid for sid, s in current.sources.items()}
    by_name = {s.name: sid for sid, s in current.scholars.items()}
    sources: dict[str, str] = {}
    for sid, item in edited.sources.items():
        found = stored_sources.get(sid)
        if found is None or current.sources[found].title != item.title:
            found = by_key.get(item.key) if item.key else by_title.get(item.title)
        if found is None:
            found = NEW + sid
            plan.sources[found] = item
        sources[sid] = found
    scholars: dict[str, str] = {}
    for pid, person in edited.scholars.items():
        found = stored_scholars.get(pid)
        if found is None or current.scholars[found].name != person.name:
            found = by_name.get(person.name)
        if found is None:
            found = NEW + pid
            plan.scholars[found] = person
            person.works = [sources.get(w, w) for w in person.works]
        scholars[pid] = found
    return sources, scholars


def plan_changes(current: Graph, edited: Graph, refs: dict[str, str]) -> Plan:
    """The changes that turn `current` into `edited`; `refs` maps each stored statement id to
    the reference the writer gave it (`[Title]` or `<Title>`)."""
    plan = Plan()
    sources, scholars = _catalogue(current, edited, plan)
    stored_by_ref = {ref: node_id for node_id, ref in refs.items()}
    for name in ("title", "question", "description"):
        if getattr(edited, name) != getattr(current, name):
            plan.map_changed.append(name)
    kept: set[str] = set()
    for node in edited.nodes.values():
        node.scholar = scholars.get(node.scholar or "", node.scholar)
        node.source = sources.get(node.source or "", node.source)
        node.extra_sources = [sources.get(s, s) for s in node.extra_sources]
        stored_id = stored_by_ref.get(node.id)
        if stored_id is None:
            plan.nodes_created.append(node)
            continue
        plan.node_of[node.id] = stored_id
        kept.add(stored_id)
        old = current.nodes[stored_id]
        changed = [name for name in _NODE_FIELDS if getattr(old, name) != getattr(node, name)]
        if changed:
            plan.nodes_changed.append((stored_id, node, changed))
    plan.nodes_deleted = [n for n in current.nodes if n not in kept]
    _links(current, edited, plan, sources, scholars)
    _unapplied(current, edited, plan, sources, scholars)
    return plan


def _unapplied(
    current: Graph, edited: Graph, plan: Plan, sources: dict[str, str], scholars: dict[str, str]
) -> None:
    """Say what the text changes in the front matter's sources, scholars and characterisations
    that Apply leaves as it is (new sources and scholars are created; nothing else changes)."""
    for sid, item in edited.sources.items():
        stored = current.sources.get(sources[sid])
        if stored is not None:
            names = [f.name for f in fields(GraphSource) if f.name != "id"
                     and getattr(stored, f.name) != getattr(item, f.name)]  # fmt: skip
            if names:
                plan.unapplied.append(f"the source “{stored.title}” ({', '.join(names)})")
    for pid, person in edited.scholars.items():
        known = current.scholars.get(scholars[pid])
        if known is not None:
            works = sorted(sources.get(w, w) for w in person.works)
            pairs = {"role": (known.role, person.role), "key": (known.key, person.key),
                     "works": (sorted(known.works), works)}  # fmt: skip
            names = [name for name, (was, now) in pairs.items() if was != now]
            if names:
                plan.unapplied.append(f"the scholar “{known.name}” ({', '.join(names)})")

    def canon(item: GraphCharacterisation, nodes: dict[str, str], new: bool) -> str:
        """The characterisation as comparable text, its references in the stored map's ids."""
        lib = sources if new else {}

        def node(ref: str | None) -> str | None:
            return nodes.get(ref, "new:" + ref) if ref is not None else None

        values = {f.name: getattr(item, f.name) for f in fields(item) if f.name != "id"}
        values.update(
            scholar=scholars.get(item.scholar, item.scholar) if new else item.scholar,
            source=lib.get(item.source, item.source),
            thesis=node(item.thesis),
            evidence=node(item.evidence),
            counter_sources=sorted(lib.get(s, s) for s in item.counter_sources),
            quotes=[{**q, "source": lib.get(q["source"], q["source"])} for q in item.quotes],
            applies_to_evidence=sorted(node(n) or "" for n in item.applies_to_evidence),
        )
        return repr(sorted(values.items()))

    same = {n: n for n in current.nodes}
    before = Counter(canon(c, same, False) for c in current.characterisations)
    after = Counter(canon(c, plan.node_of, True) for c in edited.characterisations)
    differ = max(sum((before - after).values()), sum((after - before).values()))
    if differ:
        plan.unapplied.append(f"{differ} characterisation{'s' if differ != 1 else ''} "
                              "added, changed or removed")  # fmt: skip


def _links(
    current: Graph, edited: Graph, plan: Plan, sources: dict[str, str], scholars: dict[str, str]
) -> None:
    def stored_key(link: GraphLink, keys: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
        end = (
            link.target
            if link.target is not None
            else "link:" + "/".join(keys.get(link.target_link or "", ("?",)))
        )
        return (link.kind, link.source, end)

    # Undercuts after the links they attack, so that their keys can name them.
    keys: dict[str, tuple[str, ...]] = {}
    waiting: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for link in link_order(current):
        keys[link.id] = stored_key(link, keys)
        waiting[keys[link.id]].append(link.id)
    edited_keys: dict[str, tuple[str, ...]] = {}
    kept: set[str] = set()
    for link in link_order(edited):
        source = plan.node_of.get(link.source, "new:" + link.source)
        target = plan.node_of.get(link.target, "new:" + link.target) if link.target else None
        key_end = (
            target
            if target is not None
            else "link:" + "/".join(edited_keys.get(link.target_link or "", ("?",)))
        )
        edited_keys[link.id] = (link.kind, source, key_end)
        link.scholar = scholars.get(link.scholar or "", link.scholar)
        link.citation = sources.get(link.citation or "", link.citation)
        link.attested_in = [sources.get(s, s) for s in link.attested_in]
        candidates = waiting.get(edited_keys[link.id])
        if not candidates:
            plan.links_created.append(link)
            continue
        stored_id = candidates.pop(0)
        kept.add(stored_id)
        plan.link_of[link.id] = stored_id
        old = current.links[stored_id]
        old_premises = sorted(old.co_premises)
        new_premises = sorted(plan.node_of.get(p, "new:" + p) for p in link.co_premises)
        changed = [n for n in _LINK_FIELDS if n != "co_premises"
                   and getattr(old, n) != getattr(link, n)]  # fmt: skip
        if old_premises != new_premises:
            changed.append("co_premises")
        if changed:
            plan.links_changed.append((stored_id, link, changed))
    plan.links_deleted = [ln for ln in current.links if ln not in kept]
