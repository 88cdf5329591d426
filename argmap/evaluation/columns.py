"""A map compiled from columns, as the database hands a map over: with its node ids
(`compile_columns`), or with its links' ends as node numbers (`compile_numbered`: a packed map,
`argmap.maps.packed`, whose statements are in ascending order of id and whose links' ends are
positions in that order, compiled without looking a single id up). Both give the `Framework`
that `compile_graph` gives of the same map, list for list (tests/evaluation/test_framework.py).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import compress, repeat
from typing import Any, cast

from argmap.evaluation.framework import (
    DEFAULT_BASE_SCORE,
    KIND_CODES,
    NOT_PLAIN_MASK,
    OPPOSES_MASK,
    OTHER,
    SUPPORTS_MASK,
    Framework,
    Link,
    Links,
    general,
    nodes_of,
    unit,
)


def compile_columns[K: Hashable](
    nodes: Sequence[K],
    base_scores: Mapping[K, float],
    links: Links[K],
    set_aside: Iterable[K] = (),
) -> Framework[K]:
    """The `Framework` of a map given as columns: its node ids in order, the base scores that
    are not the default (by node id), and its links; the nodes in `set_aside` (and their links)
    removed. The same as `compile_graph` of the same map (tests/evaluation/test_framework.py)."""
    fw = nodes_of(nodes, base_scores, set_aside)
    # Every end is looked up at once (at C speed; None for an end that is missing or set aside,
    # and for the target an undercut does not have). Most links are plain: they are split by
    # kind at C speed too (masks and `compress`, in the map's order), and only the others
    # (undercuts, links with co-premises or a missing end, unknown kinds) are taken one by one,
    # in order, as `compile_graph` takes every link; on a map of 100,000 statements this pass
    # was most of the compiling (bench/graph_path.py).
    get = fw.index.get
    sources = list(map(get, links.sources))
    targets = list(map(get, links.targets))  # type: ignore[arg-type]  # None is no node id
    premises, kinds, ids = links.co_premises, links.kinds, links.ids
    codes = bytes(map(KIND_CODES.get, kinds, repeat(OTHER)))
    special = _special(ids, premises, codes, sources, targets)
    opposes, supports = (
        bytearray(codes.translate(OPPOSES_MASK)),
        bytearray(codes.translate(SUPPORTS_MASK)),
    )
    for k in special:
        opposes[k] = supports[k] = 0
    # Plain links have both ends (the links without are special): numbers, not None.
    ends = cast("tuple[list[int], list[int]]", (sources, targets))
    fw.att_src, fw.att_tgt = (list(compress(end, opposes)) for end in ends)
    fw.att_ids = list(compress(ids, opposes))
    fw.sup_src, fw.sup_tgt = (list(compress(end, supports)) for end in ends)
    fw.sup_ids = list(compress(ids, supports))
    undercuts: list[K] = []
    with_premises: list[tuple[K, int, int, int]] = []
    for k in special:
        lid, kind, src, tgt = ids[k], kinds[k], sources[k], targets[k]
        if kind == "opposes" or kind == "supports":
            if src is None or tgt is None:
                fw.dropped.append(lid)
            else:  # special and with both ends: it has co-premises
                with_premises.append((lid, KIND_CODES[kind], src, tgt))
        elif kind == "undercuts":
            undercuts.append(lid)
        else:
            fw.dropped.append(lid)

    position: dict[K, int] = {}
    if undercuts or with_premises:  # only these read links by id
        position = dict(zip(links.ids, range(len(links.ids)), strict=True))

    def link(lid: K | None) -> Link[K] | None:
        k = position.get(lid) if lid is not None else None
        if k is None:
            return None
        cps = premises.get(links.ids[k], ()) if premises else ()
        return links.kinds[k], links.sources[k], links.targets[k], links.target_links[k], cps

    general(fw, undercuts, with_premises, link)
    return fw


def _special[K: Hashable](
    ids: Sequence[K],
    premises: Mapping[K, Sequence[K]],
    codes: bytes,
    sources: list[int | None],
    targets: list[int | None],
) -> list[int]:
    """The positions of the links that are not plain, in order: another kind than supports or
    opposes, a missing end, or co-premises (each found at C speed: they are few)."""
    special = set(_positions(codes.translate(NOT_PLAIN_MASK), 1))
    special.update(_positions(sources, None))
    special.update(_positions(targets, None))
    if premises:
        position = dict(zip(ids, range(len(ids)), strict=True))
        special.update(position[lid] for lid, cps in premises.items() if cps and lid in position)
    return sorted(special)


def _positions(values: Sequence[Any], value: Any) -> Iterator[int]:
    """Where `value` is in `values` (`index` runs in C, the loop once per find)."""
    at = -1
    try:
        while True:
            at = values.index(value, at + 1)
            yield at
    except ValueError:
        return


def compile_numbered(
    nodes: list[int],
    base_scores: Mapping[int, float],
    link_ids: Sequence[int],
    codes: bytes,
    sources: Sequence[int],
    targets: Sequence[int],
    co_premises: Mapping[int, Sequence[int]],
) -> Framework[int] | None:
    """The `Framework` of a map whose links are given with their ends as node numbers (positions
    in `nodes`, which is in ascending order) and their kinds as `KIND_CODES`: no id is looked up.
    Only for a map whose links are all plain (supports or opposes, with both ends, no
    co-premises); None for any other, which `compile_columns` takes."""
    if codes.translate(NOT_PLAIN_MASK).count(1) or min(targets, default=0) < 0:
        return None
    if any(co_premises.values()):
        return None
    base = [DEFAULT_BASE_SCORE] * len(nodes)
    for nid, score in base_scores.items():
        at = bisect_left(nodes, nid)
        if at < len(nodes) and nodes[at] == nid:
            base[at] = unit(score)
    opposes = codes.translate(OPPOSES_MASK)

    def later(fw: Framework[int]) -> None:
        # What the labelling does not read, made when something else first does.
        supports = codes.translate(SUPPORTS_MASK)
        fw._att_ids = list(compress(link_ids, opposes))
        fw._sup_src, fw._sup_tgt = (list(compress(end, supports)) for end in (sources, targets))
        fw._sup_ids = list(compress(link_ids, supports))

    return Framework(
        ids=nodes,
        base=base,
        att_src=list(compress(sources, opposes)),
        att_tgt=list(compress(targets, opposes)),
        _later=later,
    )
