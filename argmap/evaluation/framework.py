"""A map compiled for evaluation: ids mapped to integers once, links sorted by how they act.

The semantics in `grounded` and `gradual` run on plain lists of ints and floats; this module is
the only place that reads a map's ids. Compiling is O(n + m). A map comes in as columns
(`compile_columns`: node ids, and the links as parallel lists, which is how the database hands
them over) or as a `Graph` (`compile_graph`, which reads the graph into the same columns), so
that both give the same `Framework`, list for list, whatever the type of the ids.

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

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from argmap.graph import Graph

SUPPORTS, OPPOSES, UNDERCUTS = 0, 1, 2
KIND_CODES = {"supports": SUPPORTS, "opposes": OPPOSES, "undercuts": UNDERCUTS}
DEFAULT_BASE_SCORE = 0.5


@dataclass(slots=True, eq=False)
class Framework[K: Hashable]:
    ids: list[K]  # node number -> node id
    index: dict[K, int]  # node id -> node number
    base: list[float]  # node number -> base score in [0, 1]
    # Plain links, as parallel lists: source node, target node, link id.
    att_src: list[int] = field(default_factory=list)
    att_tgt: list[int] = field(default_factory=list)
    att_ids: list[K] = field(default_factory=list)
    sup_src: list[int] = field(default_factory=list)
    sup_tgt: list[int] = field(default_factory=list)
    sup_ids: list[K] = field(default_factory=list)
    # General links: kind code, source node, target (a node, or the general number of the
    # undercut link), co-premise nodes, link id.
    gen_kind: list[int] = field(default_factory=list)
    gen_src: list[int] = field(default_factory=list)
    gen_tgt: list[int] = field(default_factory=list)
    gen_cps: list[tuple[int, ...]] = field(default_factory=list)
    gen_ids: list[K] = field(default_factory=list)
    dropped: list[K] = field(default_factory=list)  # link ids left out, see the module doc

    @property
    def n(self) -> int:
        return len(self.ids)


@dataclass(slots=True)
class Links[K: Hashable]:
    """A map's links as parallel columns, in the map's order: the k-th link is `ids[k]`, of kind
    `kinds[k]` ("supports", "opposes", "undercuts"), from node `sources[k]` to node
    `targets[k]` or, for an undercut, to link `target_links[k]` (the other one is None)."""

    ids: list[K]
    kinds: list[str]
    sources: list[K]
    targets: list[K | None]
    target_links: list[K | None]
    co_premises: Mapping[K, Sequence[K]] = field(default_factory=dict)  # only links with some


def compile_graph(graph: Graph, set_aside: Iterable[str] = ()) -> Framework[str]:
    """The `Framework` of `graph` with the nodes in `set_aside` (and their links) removed."""
    links = graph.links.values()
    # attrgetter reads one field of every link at C speed.
    columns = Links(
        list(map(attrgetter("id"), links)),
        list(map(attrgetter("kind"), links)),
        list(map(attrgetter("source"), links)),
        list(map(attrgetter("target"), links)),
        list(map(attrgetter("target_link"), links)),
        {lk.id: lk.co_premises for lk in links if lk.co_premises},
    )
    scores = {
        nid: score for nid, node in graph.nodes.items() if (score := node.base_score) is not None
    }
    return compile_columns(list(graph.nodes), scores, columns, set_aside)


def compile_columns[K: Hashable](
    nodes: Sequence[K],
    base_scores: Mapping[K, float],
    links: Links[K],
    set_aside: Iterable[K] = (),
) -> Framework[K]:
    """The `Framework` of a map given as columns: its node ids in order, the base scores that
    are not the default (by node id), and its links; the nodes in `set_aside` (and their links)
    removed."""
    aside = frozenset(set_aside)
    ids = [nid for nid in nodes if nid not in aside] if aside else list(nodes)
    index = dict(zip(ids, range(len(ids)), strict=True))
    base = [DEFAULT_BASE_SCORE] * len(ids)
    for nid, score in base_scores.items():
        if (i := index.get(nid)) is not None:
            base[i] = _unit(score)
    fw = Framework(ids=ids, index=index, base=base)

    # Every end is looked up at once (C speed; None for an end that is missing or set aside, and
    # for the target an undercut does not have); then one pass sorts supports and opposes, and
    # undercuts wait until every link is placed, because the links they target are general.
    get = index.get
    sources = list(map(get, links.sources))
    targets = list(map(get, links.targets))  # type: ignore[arg-type]  # None is no node id
    premises = links.co_premises
    att_src, att_tgt, att_ids = fw.att_src, fw.att_tgt, fw.att_ids
    sup_src, sup_tgt, sup_ids = fw.sup_src, fw.sup_tgt, fw.sup_ids
    undercuts: list[K] = []
    with_premises: list[tuple[K, int, int, int]] = []  # link id, kind code, source, target
    for lid, kind, src, tgt in zip(links.ids, links.kinds, sources, targets, strict=True):
        if kind == "opposes" or kind == "supports":
            if src is None or tgt is None:
                fw.dropped.append(lid)
            elif premises and premises.get(lid):
                with_premises.append((lid, KIND_CODES[kind], src, tgt))
            elif kind == "opposes":
                att_src.append(src)
                att_tgt.append(tgt)
                att_ids.append(lid)
            else:
                sup_src.append(src)
                sup_tgt.append(tgt)
                sup_ids.append(lid)
        elif kind == "undercuts":
            undercuts.append(lid)
        else:
            fw.dropped.append(lid)

    general: list[tuple[K, int, int, int, Sequence[K]]] = []  # id, kind, source, target, co-p.
    for lid, code, src, tgt in with_premises:
        if all(p in index for p in premises[lid]):
            general.append((lid, code, src, tgt, premises[lid]))
        else:
            fw.dropped.append(lid)
    taking_part = _valid_undercuts(links, index, sources, undercuts) if undercuts else []
    kept = {links.ids[k] for k in taking_part}
    fw.dropped += [lid for lid in undercuts if lid not in kept]
    targets_cut = {links.target_links[k] for k in taking_part}
    if targets_cut:
        _move_undercut_targets(fw, targets_cut, general)
    for lid, code, src, tgt, cps in general:
        _add_general(fw, lid, code, src, tgt, cps)
    # Undercuts get their numbers before their targets are resolved: they may target each other.
    first = len(fw.gen_ids)
    for k in taking_part:
        src = sources[k]
        assert src is not None
        _add_general(fw, links.ids[k], UNDERCUTS, src, -1, premises.get(links.ids[k], ()))
    number = {lid: k for k, lid in enumerate(fw.gen_ids)}
    for j, k in enumerate(taking_part):
        target_link = links.target_links[k]
        assert target_link is not None
        fw.gen_tgt[first + j] = number[target_link]
    return fw


def _unit(score: float) -> float:
    # Clamp rather than refuse: the database constrains the score, files may not.
    return min(1.0, max(0.0, float(score)))


def _add_general[K: Hashable](
    fw: Framework[K], lid: K, kind: int, src: int, tgt: int, cps: Sequence[K]
) -> None:
    fw.gen_ids.append(lid)
    fw.gen_kind.append(kind)
    fw.gen_src.append(src)
    fw.gen_tgt.append(tgt)
    fw.gen_cps.append(tuple(fw.index[p] for p in cps))


def _move_undercut_targets[K: Hashable](
    fw: Framework[K], targets: set[K | None], general: list[tuple[K, int, int, int, Sequence[K]]]
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
                general.append((lid, code, src_list[i], tgt_list[i], ()))
        src_list[:] = [src_list[i] for i in keep]
        tgt_list[:] = [tgt_list[i] for i in keep]
        id_list[:] = [id_list[i] for i in keep]


def _valid_undercuts[K: Hashable](
    links: Links[K], index: Mapping[K, int], sources: list[int | None], undercut_ids: list[K]
) -> list[int]:
    """The undercuts that take part, as positions in `links`, in order: their source and
    co-premises are present and the link they target takes part too (recursively, since
    undercuts may target undercuts)."""
    position = dict(zip(links.ids, range(len(links.ids)), strict=True))
    undercuts = [position[lid] for lid in undercut_ids]
    premises = links.co_premises

    def ends_present(k: int) -> bool:
        if sources[k] is None or not all(p in index for p in premises.get(links.ids[k], ())):
            return False
        kind = links.kinds[k]
        if kind == "undercuts":
            return links.target_links[k] is not None and links.target_links[k] in position
        target = links.targets[k]
        return kind in KIND_CODES and target is not None and target in index

    ok: dict[K, bool] = {}
    by_target: dict[K, list[K]] = {}
    for k in undercuts:
        uid, target_link = links.ids[k], links.target_links[k]
        t = position.get(target_link) if target_link is not None else None
        # A target that is not itself an undercut is judged on the spot; undercut targets are
        # judged by the propagation below, so that a chain of undercuts is resolved in O(length).
        ok[uid] = ends_present(k) and (
            t is not None and (links.kinds[t] == "undercuts" or ends_present(t))
        )
        if target_link is not None:
            by_target.setdefault(target_link, []).append(uid)
    stack = [uid for uid, good in ok.items() if not good]
    while stack:
        for uid in by_target.get(stack.pop(), ()):
            if ok[uid]:
                ok[uid] = False
                stack.append(uid)
    return [k for k in undercuts if ok[links.ids[k]]]
