"""The rows written since a map was packed, applied to its packed value
(`argmap.maps.stored` reads them; tests/maps/test_packed_columns.py checks the result against
the map read whole after every kind of write). No Django here, as in `argmap.maps.packed`."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import compress
from typing import cast

from argmap.maps.packed import LINK_CODE, NODE_CODE, NONE, Packed

NodeRow = tuple[int, str, int | None, float | None]  # id, kind, scholar, base score
LinkRow = tuple[int, str, int, int | None, int | None, int | None]  # id, kind, ends, scholar


def changed(
    p: Packed,
    nodes: dict[int, NodeRow | None],
    links: dict[int, LinkRow | None],
    premises: dict[int, list[int]],
) -> Packed | None:
    """`p` with the rows written since: each statement and link of `nodes` and `links` as it is
    now (None when it is deleted), and the co-premises of those links; None if one has a kind
    the map may not hold. What is packed keeps the first rule of `checked` (a link whose ends
    are not both live statements is left out), so the caller reads, with the changed rows, the
    links that may come back with a statement: those that name it.

    The links' lists of `p` are changed in place: a statement or link added at the end (a new one)
    costs little more than finding its place; only a deletion or an insertion before the end
    renumbers the links' ends (bench/graph_path.py, "after an edit")."""
    ids, codes = list(p.nodes), bytearray(p.node_codes)
    scholars, scores = dict(p.scholars), dict(p.base_scores)
    gone: set[int] = set()
    moved = False
    for pk, row in sorted(nodes.items()):
        scholars.pop(pk, None)
        scores.pop(pk, None)
        at = bisect_left(ids, pk)
        present = at < len(ids) and ids[at] == pk
        if row is None:
            if present:
                del ids[at], codes[at]
                gone.add(pk)
                moved = True
            continue
        code = NODE_CODE.get(row[1])
        if code is None:
            return None
        if row[2] is not None:
            scholars[pk] = row[2]
        if row[3] is not None:
            scores[pk] = row[3]
        if present:
            codes[at] = code
        else:
            ids.insert(at, pk)
            codes.insert(at, code)
            moved = moved or at < len(ids) - 1
    # The links' lists are changed in place (the caller's value was just read for this).
    link_ids, link_codes, sources, targets = p.links, bytearray(p.link_codes), p.sources, p.targets
    before = len(link_ids)
    if moved:
        link_ids, link_codes, sources, targets = _renumbered(
            p, ids, link_ids, link_codes, sources, targets
        )
    undercut, link_scholars = dict(p.target_links), dict(p.link_scholars)
    co_premises = {
        pk: kept for pk, cps in p.premises.items() if (kept := [n for n in cps if n not in gone])
    }
    if len(link_ids) < before:  # links went with a statement: so do their values
        left = set(link_ids)
        for sparse in (undercut, link_scholars, co_premises):
            for pk in [pk for pk in sparse if pk not in left]:
                del sparse[pk]
    for pk, link in sorted(links.items()):
        at = bisect_left(link_ids, pk)
        if at < len(link_ids) and link_ids[at] == pk:
            del link_ids[at], link_codes[at], sources[at], targets[at]
        for sparse in (undercut, link_scholars, co_premises):
            sparse.pop(pk, None)
        if link is None:
            continue
        code = LINK_CODE.get(link[1])
        if code is None:
            return None
        source, target = _at(ids, link[2]), NONE if link[3] is None else _at(ids, link[3])
        if source is None or target is None:
            continue  # an end that is not a live statement: left out, as `checked` does
        link_ids.insert(at, pk)
        link_codes.insert(at, code)
        sources.insert(at, source)
        targets.insert(at, target)
        if link[4] is not None:
            undercut[pk] = link[4]
        if link[5] is not None:
            link_scholars[pk] = link[5]
        if cps := [n for n in premises.get(pk, ()) if _at(ids, n) is not None]:
            co_premises[pk] = cps
    return Packed(
        ids, bytes(codes), link_ids, bytes(link_codes), sources, targets, undercut,
        scholars, scores, link_scholars, co_premises,
    )  # fmt: skip


def _at(ids: list[int], pk: int) -> int | None:
    """The position of `pk` in `ids` (in ascending order), None when it is not there."""
    at = bisect_left(ids, pk)
    return at if at < len(ids) and ids[at] == pk else None


def _renumbered(
    p: Packed,
    ids: list[int],
    link_ids: list[int],
    link_codes: bytearray,
    sources: list[int],
    targets: list[int],
) -> tuple[list[int], bytearray, list[int], list[int]]:
    """The links' ends as positions in `ids`, the statements' list after a change, and without
    the links of which an end is gone."""
    at = dict(zip(ids, range(len(ids)), strict=True)).get
    number = [*map(at, p.nodes), NONE]  # the old position NONE (-1) stays NONE
    new_sources = list(map(number.__getitem__, sources))
    new_targets = list(map(number.__getitem__, targets))
    # None where the statement is gone: its links go (the rest are numbers).
    keep = [s is not None and t is not None for s, t in zip(new_sources, new_targets, strict=True)]
    if all(keep):
        return link_ids, link_codes, _positions(new_sources), _positions(new_targets)
    return (
        list(compress(link_ids, keep)),
        bytearray(compress(link_codes, keep)),
        _positions(compress(new_sources, keep)),
        _positions(compress(new_targets, keep)),
    )


def _positions(values: Iterable[int | None]) -> list[int]:
    return list(cast("Iterable[int]", values))  # without the Nones: see the caller
