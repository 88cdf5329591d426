"""A map compiled for evaluation: string ids mapped to integers once, links sorted by how they act.

The semantics in `grounded` and `gradual` run on plain lists of ints and floats; this module is
the only place that touches the `Graph` dataclasses and their string ids. Compiling is O(n + m).

Links are split in two:

- **plain** links (a supports or opposes link with no co-premises that nothing undercuts) act
  exactly when their source does, so the solvers keep them as bare ``(source, target)`` pairs and
  run their inner loops over adjacency lists, as fast as a pure attack graph;
- **general** links (every undercut, and every link that has co-premises or is undercut) carry
  state of their own (enabled or not, how many co-premises are still undecided), kept in arrays
  indexed by the link's general number.

A link whose ends are missing, or that touches a node set aside, is dropped (and listed in
`dropped`); an undercut of a dropped link is dropped with it. The map checks report missing ends
to the student; evaluation simply ignores them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from argmap.graph import Graph, GraphLink

SUPPORTS, OPPOSES, UNDERCUTS = 0, 1, 2
KIND_CODES = {"supports": SUPPORTS, "opposes": OPPOSES, "undercuts": UNDERCUTS}
DEFAULT_BASE_SCORE = 0.5


@dataclass(slots=True, eq=False)
class Framework:
    ids: list[str]  # node number -> node id
    index: dict[str, int]  # node id -> node number
    base: list[float]  # node number -> base score in [0, 1]
    # Plain links, as parallel lists: source node, target node, link id.
    att_src: list[int] = field(default_factory=list)
    att_tgt: list[int] = field(default_factory=list)
    att_ids: list[str] = field(default_factory=list)
    sup_src: list[int] = field(default_factory=list)
    sup_tgt: list[int] = field(default_factory=list)
    sup_ids: list[str] = field(default_factory=list)
    # General links: kind code, source node, target (a node, or the general number of the
    # undercut link), co-premise nodes, link id.
    gen_kind: list[int] = field(default_factory=list)
    gen_src: list[int] = field(default_factory=list)
    gen_tgt: list[int] = field(default_factory=list)
    gen_cps: list[tuple[int, ...]] = field(default_factory=list)
    gen_ids: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # link ids left out, see the module doc

    @property
    def n(self) -> int:
        return len(self.ids)


def compile_graph(graph: Graph, set_aside: Iterable[str] = ()) -> Framework:
    """The `Framework` of `graph` with the nodes in `set_aside` (and their links) removed."""
    aside = frozenset(set_aside)
    ids = [nid for nid in graph.nodes if nid not in aside] if aside else list(graph.nodes)
    index = {nid: i for i, nid in enumerate(ids)}
    base = []
    for nid in ids:
        score = graph.nodes[nid].base_score
        # Clamp rather than refuse: the database constrains the score, files may not.
        base.append(DEFAULT_BASE_SCORE if score is None else min(1.0, max(0.0, float(score))))
    fw = Framework(ids=ids, index=index, base=base)

    links = graph.links
    undercut_ok = _valid_undercuts(links, index)
    undercut_targets = {links[u].target_link for u, ok in undercut_ok.items() if ok}
    gen_number: dict[str, int] = {}
    pending_undercuts: list[GraphLink] = []
    for lk in links.values():
        kind = KIND_CODES.get(lk.kind)
        if kind is None:
            fw.dropped.append(lk.id)
            continue
        if kind == UNDERCUTS:
            if undercut_ok[lk.id]:
                gen_number[lk.id] = len(fw.gen_ids)
                fw.gen_ids.append(lk.id)
                fw.gen_kind.append(UNDERCUTS)
                fw.gen_src.append(index[lk.source])
                fw.gen_tgt.append(-1)  # filled below, once every target has its number
                fw.gen_cps.append(tuple(index[p] for p in lk.co_premises))
                pending_undercuts.append(lk)
            else:
                fw.dropped.append(lk.id)
            continue
        src = index.get(lk.source)
        tgt = index.get(lk.target) if lk.target is not None else None
        if src is None or tgt is None or not all(p in index for p in lk.co_premises):
            fw.dropped.append(lk.id)
        elif lk.co_premises or lk.id in undercut_targets:
            gen_number[lk.id] = len(fw.gen_ids)
            fw.gen_ids.append(lk.id)
            fw.gen_kind.append(kind)
            fw.gen_src.append(src)
            fw.gen_tgt.append(tgt)
            fw.gen_cps.append(tuple(index[p] for p in lk.co_premises))
        elif kind == OPPOSES:
            fw.att_src.append(src)
            fw.att_tgt.append(tgt)
            fw.att_ids.append(lk.id)
        else:
            fw.sup_src.append(src)
            fw.sup_tgt.append(tgt)
            fw.sup_ids.append(lk.id)
    for lk in pending_undercuts:
        assert lk.target_link is not None
        fw.gen_tgt[gen_number[lk.id]] = gen_number[lk.target_link]
    return fw


def _valid_undercuts(links: dict[str, GraphLink], index: dict[str, int]) -> dict[str, bool]:
    """Undercut id -> whether it takes part: its source and co-premises are present and the link
    it targets takes part too (recursively, since undercuts may target undercuts)."""
    undercuts = {lid: lk for lid, lk in links.items() if lk.kind == "undercuts"}
    if not undercuts:
        return {}

    def ends_present(lk: GraphLink) -> bool:
        if lk.source not in index or not all(p in index for p in lk.co_premises):
            return False
        if lk.kind == "undercuts":
            return lk.target_link is not None and lk.target_link in links
        return lk.kind in KIND_CODES and lk.target is not None and lk.target in index

    ok = {}
    by_target: dict[str, list[str]] = {}
    for uid, lk in undercuts.items():
        target = links.get(lk.target_link) if lk.target_link is not None else None
        # A target that is not itself an undercut is judged on the spot; undercut targets are
        # judged by the propagation below, so that a chain of undercuts is resolved in O(length).
        ok[uid] = ends_present(lk) and (
            target is not None and (target.kind == "undercuts" or ends_present(target))
        )
        if lk.target_link is not None:
            by_target.setdefault(lk.target_link, []).append(uid)
    stack = [uid for uid, good in ok.items() if not good]
    while stack:
        for uid in by_target.get(stack.pop(), ()):
            if ok[uid]:
                ok[uid] = False
                stack.append(uid)
    return ok
