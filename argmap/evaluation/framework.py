"""A map compiled for evaluation: ids mapped to integers once, links sorted by how they act.

The semantics in `grounded` and `gradual` run on plain lists of ints and floats; this module is
the only place that reads a map's ids. Compiling is O(n + m). A map comes in as a `Graph`
(`compile_graph`) or as columns (`argmap.evaluation.columns`: node ids, and the links as
parallel lists, which is how the database hands them over, with no `Graph` to build first); each
has a loop of its own over the links, the costliest step, and the rest is shared, so both give
the same `Framework`, list for list, whatever the type of the ids.

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

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from argmap.graph import Graph

SUPPORTS, OPPOSES, UNDERCUTS = 0, 1, 2
KIND_CODES = {"supports": SUPPORTS, "opposes": OPPOSES, "undercuts": UNDERCUTS}
OTHER = 3  # any other kind: its links are dropped
# Masks over a map's kind codes (`bytes.translate`): 1 where the link is of that kind.
OPPOSES_MASK = bytes([0, 1, 0, 0]) + bytes(252)
SUPPORTS_MASK = bytes([1, 0, 0, 0]) + bytes(252)
NOT_PLAIN_MASK = bytes([0, 0, 1, 1]) + bytes(252)
DEFAULT_BASE_SCORE = 0.5


class _MadeLater[T]:
    """One of the lists of a `Framework` that `compile_numbered` leaves to be made when first
    read or written (`Framework._ready`); kept in the field of the same name with a "_"."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = "_" + name

    def __get__(self, fw: Any, owner: type | None = None) -> T:
        if fw is None:  # read on the class itself
            return cast(T, self)
        fw._ready()
        return cast(T, getattr(fw, self.field))

    def __set__(self, fw: Any, value: T) -> None:
        fw._ready()
        setattr(fw, self.field, value)


@dataclass(slots=True, eq=False)
class Framework[K: Hashable]:
    ids: list[K]  # node number -> node id
    base: list[float]  # node number -> base score in [0, 1]
    # Plain links, as parallel lists: source node, target node, link id (`att_ids`, and the
    # supports' `sup_src`, `sup_tgt`, `sup_ids`, below: the labelling reads none of them).
    att_src: list[int] = field(default_factory=list)
    att_tgt: list[int] = field(default_factory=list)
    _att_ids: list[K] = field(default_factory=list)
    _sup_src: list[int] = field(default_factory=list)
    _sup_tgt: list[int] = field(default_factory=list)
    _sup_ids: list[K] = field(default_factory=list)
    # General links: kind code, source node, target (a node, or the general number of the
    # undercut link), co-premise nodes, link id.
    gen_kind: list[int] = field(default_factory=list)
    gen_src: list[int] = field(default_factory=list)
    gen_tgt: list[int] = field(default_factory=list)
    gen_cps: list[tuple[int, ...]] = field(default_factory=list)
    gen_ids: list[K] = field(default_factory=list)
    dropped: list[K] = field(default_factory=list)  # link ids left out, see the module doc
    _index: dict[K, int] | None = None
    # Sets the four lists above when one is first asked for (`compile_numbered`).
    _later: Callable[[Framework[K]], None] | None = None

    @property
    def n(self) -> int:
        return len(self.ids)

    def _ready(self) -> None:
        if self._later is not None:
            later, self._later = self._later, None
            later(self)

    # Read and written as `att_ids`, `sup_src`…: made first if they are still to be made.
    att_ids = _MadeLater[list[Any]]()
    sup_src = _MadeLater[list[int]]()
    sup_tgt = _MadeLater[list[int]]()
    sup_ids = _MadeLater[list[Any]]()

    @property
    def index(self) -> dict[K, int]:
        """Node id -> node number; built when first asked for (the solvers never ask)."""
        if self._index is None:
            self._index = dict(zip(self.ids, range(len(self.ids)), strict=True))
        return self._index


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
    scores = {
        nid: score for nid, node in graph.nodes.items() if (score := node.base_score) is not None
    }
    fw = nodes_of(list(graph.nodes), scores, set_aside)
    # One pass sorts supports and opposes; undercuts wait until every link is placed, because
    # the links they target are general, not plain. This loop is most of the cost of a view's
    # evaluation on a large map, so it touches each link's fields once.
    get = fw.index.get
    att_src, att_tgt, att_ids = fw.att_src, fw.att_tgt, fw.att_ids
    sup_src, sup_tgt, sup_ids = fw.sup_src, fw.sup_tgt, fw.sup_ids
    undercuts: list[str] = []
    with_premises: list[tuple[str, int, int, int]] = []
    for lk in graph.links.values():
        kind = lk.kind
        if kind == "opposes" or kind == "supports":
            target = lk.target
            src, tgt = get(lk.source), (get(target) if target is not None else None)
            if src is None or tgt is None:
                fw.dropped.append(lk.id)
            elif lk.co_premises:
                with_premises.append((lk.id, KIND_CODES[kind], src, tgt))
            elif kind == "opposes":
                att_src.append(src)
                att_tgt.append(tgt)
                att_ids.append(lk.id)
            else:
                sup_src.append(src)
                sup_tgt.append(tgt)
                sup_ids.append(lk.id)
        elif kind == "undercuts":
            undercuts.append(lk.id)
        else:
            fw.dropped.append(lk.id)

    def link(lid: str | None) -> Link[str] | None:
        found = graph.links.get(lid) if lid is not None else None
        if found is None:
            return None
        return found.kind, found.source, found.target, found.target_link, found.co_premises

    general(fw, undercuts, with_premises, link)
    return fw


# kind, source, target, target link, co-premises: one link, as the shared steps read it
type Link[K] = tuple[str, K, K | None, K | None, Sequence[K]]


def nodes_of[K: Hashable](
    nodes: Sequence[K], base_scores: Mapping[K, float], set_aside: Iterable[K]
) -> Framework[K]:
    aside = frozenset(set_aside)
    ids = [nid for nid in nodes if nid not in aside] if aside else list(nodes)
    index = dict(zip(ids, range(len(ids)), strict=True))
    base = [DEFAULT_BASE_SCORE] * len(ids)
    for nid, score in base_scores.items():
        if (i := index.get(nid)) is not None:
            base[i] = unit(score)
    return Framework(ids=ids, base=base, _index=index)


def unit(score: float) -> float:
    # Clamp rather than refuse: the database constrains the score, files may not.
    return min(1.0, max(0.0, float(score)))


def general[K: Hashable](
    fw: Framework[K],
    undercuts: list[K],
    with_premises: list[tuple[K, int, int, int]],
    link: Callable[[K | None], Link[K] | None],
) -> None:
    """After the first pass: links with co-premises, the undercuts that take part and the plain
    links they target become general links; the rest are dropped."""
    index = fw.index
    general: list[tuple[K, int, int, int, Sequence[K]]] = []  # id, kind, source, target, co-p.
    for lid, code, src, tgt in with_premises:
        found = link(lid)
        assert found is not None
        if all(p in index for p in found[4]):
            general.append((lid, code, src, tgt, found[4]))
        else:
            fw.dropped.append(lid)
    valid = _valid_undercuts(index, undercuts, link) if undercuts else {}
    taking_part = [lid for lid in undercuts if valid[lid]]
    fw.dropped += [lid for lid in undercuts if not valid[lid]]
    targets: set[K | None] = set()
    for lid in taking_part:
        found = link(lid)
        assert found is not None
        targets.add(found[3])
    if targets:
        _move_undercut_targets(fw, targets, general)
    for lid, code, src, tgt, cps in general:
        _add_general(fw, lid, code, src, tgt, cps)
    # Undercuts get their numbers before their targets are resolved: they may target each other.
    first = len(fw.gen_ids)
    cut: list[K] = []
    for lid in taking_part:
        found = link(lid)
        assert found is not None and found[3] is not None
        _add_general(fw, lid, UNDERCUTS, index[found[1]], -1, found[4])
        cut.append(found[3])
    number = {lid: k for k, lid in enumerate(fw.gen_ids)}
    for j, target_link in enumerate(cut):
        fw.gen_tgt[first + j] = number[target_link]


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
    index: Mapping[K, int], undercuts: list[K], link: Callable[[K | None], Link[K] | None]
) -> dict[K, bool]:
    """Undercut id -> whether it takes part: its source and co-premises are present and the link
    it targets takes part too (recursively, since undercuts may target undercuts)."""

    def ends_present(found: Link[K]) -> bool:
        kind, source, target, target_link, cps = found
        if source not in index or not all(p in index for p in cps):
            return False
        if kind == "undercuts":
            return target_link is not None and link(target_link) is not None
        return kind in KIND_CODES and target is not None and target in index

    ok: dict[K, bool] = {}
    by_target: dict[K, list[K]] = {}
    for uid in undercuts:
        found = link(uid)
        assert found is not None
        target = link(found[3])
        # A target that is not itself an undercut is judged on the spot; undercut targets are
        # judged by the propagation below, so that a chain of undercuts is resolved in O(length).
        ok[uid] = ends_present(found) and (
            target is not None and (target[0] == "undercuts" or ends_present(target))
        )
        if found[3] is not None:
            by_target.setdefault(found[3], []).append(uid)
    stack = [uid for uid, good in ok.items() if not good]
    while stack:
        for uid in by_target.get(stack.pop(), ()):
            if ok[uid]:
                ok[uid] = False
                stack.append(uid)
    return ok
