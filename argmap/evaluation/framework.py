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
    nodes = graph.nodes
    if aside:
        nodes = {nid: node for nid, node in nodes.items() if nid not in aside}
    ids = list(nodes)
    index = dict(zip(ids, range(len(ids)), strict=True))
    base = [
        DEFAULT_BASE_SCORE if (score := node.base_score) is None else _unit(score)
        for node in nodes.values()
    ]
    fw = Framework(ids=ids, index=index, base=base)

    # One pass sorts supports and opposes; undercuts wait until every link is placed, because
    # the links they target are general, not plain. This loop is most of the cost of a view's
    # evaluation on a large map, so it touches each link's fields once.
    get = index.get
    att_src, att_tgt, att_ids = fw.att_src, fw.att_tgt, fw.att_ids
    sup_src, sup_tgt, sup_ids = fw.sup_src, fw.sup_tgt, fw.sup_ids
    undercuts: list[GraphLink] = []
    with_premises: list[tuple[GraphLink, int, int, int]] = []
    for lk in graph.links.values():
        kind = lk.kind
        if kind == "opposes" or kind == "supports":
            target = lk.target
            src, tgt = get(lk.source), (get(target) if target is not None else None)
            if src is None or tgt is None:
                fw.dropped.append(lk.id)
            elif lk.co_premises:
                with_premises.append((lk, KIND_CODES[kind], src, tgt))
            elif kind == "opposes":
                att_src.append(src)
                att_tgt.append(tgt)
                att_ids.append(lk.id)
            else:
                sup_src.append(src)
                sup_tgt.append(tgt)
                sup_ids.append(lk.id)
        elif kind == "undercuts":
            undercuts.append(lk)
        else:
            fw.dropped.append(lk.id)

    general: list[tuple[GraphLink, int, int, int]] = []
    for lk, code, src, tgt in with_premises:
        if all(p in index for p in lk.co_premises):
            general.append((lk, code, src, tgt))
        else:
            fw.dropped.append(lk.id)
    valid = _valid_undercuts(graph.links, index, undercuts) if undercuts else {}
    taking_part = [lk for lk in undercuts if valid[lk.id]]
    fw.dropped += [lk.id for lk in undercuts if not valid[lk.id]]
    targets = {lk.target_link for lk in taking_part}
    if targets:
        _move_undercut_targets(fw, targets, general)
    for lk, code, src, tgt in general:
        _add_general(fw, lk, code, src, tgt)
    # Undercuts get their numbers before their targets are resolved: they may target each other.
    first = len(fw.gen_ids)
    for lk in taking_part:
        _add_general(fw, lk, UNDERCUTS, index[lk.source], -1)
    number = {lid: k for k, lid in enumerate(fw.gen_ids)}
    for j, lk in enumerate(taking_part):
        assert lk.target_link is not None
        fw.gen_tgt[first + j] = number[lk.target_link]
    return fw


def _unit(score: float) -> float:
    # Clamp rather than refuse: the database constrains the score, files may not.
    return min(1.0, max(0.0, float(score)))


def _add_general(fw: Framework, lk: GraphLink, kind: int, src: int, tgt: int) -> None:
    fw.gen_ids.append(lk.id)
    fw.gen_kind.append(kind)
    fw.gen_src.append(src)
    fw.gen_tgt.append(tgt)
    fw.gen_cps.append(tuple(fw.index[p] for p in lk.co_premises))


def _move_undercut_targets(
    fw: Framework, targets: set[str | None], general: list[tuple[GraphLink, int, int, int]]
) -> None:
    """Plain links that an undercut targets become general (they can be disabled)."""
    for code, src_list, tgt_list, id_list in (
        (OPPOSES, fw.att_src, fw.att_tgt, fw.att_ids),
        (SUPPORTS, fw.sup_src, fw.sup_tgt, fw.sup_ids),
    ):
        keep = [i for i, lid in enumerate(id_list) if lid not in targets]
        if len(keep) == len(id_list):
            continue
        for i, lid in enumerate(id_list):
            if lid in targets:
                general.append((_link(lid, code), code, src_list[i], tgt_list[i]))
        src_list[:] = [src_list[i] for i in keep]
        tgt_list[:] = [tgt_list[i] for i in keep]
        id_list[:] = [id_list[i] for i in keep]


def _link(lid: str, kind: int) -> GraphLink:
    # Only the id and the (empty) co-premises of a moved plain link are read again.
    return GraphLink(id=lid, kind="opposes" if kind == OPPOSES else "supports", source="")


def _valid_undercuts(
    links: dict[str, GraphLink], index: dict[str, int], undercut_list: list[GraphLink]
) -> dict[str, bool]:
    """Undercut id -> whether it takes part: its source and co-premises are present and the link
    it targets takes part too (recursively, since undercuts may target undercuts)."""
    undercuts = {lk.id: lk for lk in undercut_list}

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
