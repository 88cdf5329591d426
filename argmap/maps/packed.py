"""A map's columns packed into bytes, with its links' ends as positions.

`Columns` is how a map's live statements and links are read (`argmap.maps.columns`), with the
rules of a map's structure (`checked`). A large map's columns are also kept in the database as
one value (`argmap.maps.stored`): the statement ids, the link ids, their kinds as one byte each,
each link's source and target as the position of the statement in those lists, and the few
values set on few rows (undercuts' links, scholars, base scores, co-premises) by id. Unpacking
is a few copies at C speed, a map read that way is compiled without looking a single id up
(`argmap.evaluation.columns.compile_numbered`), and its kinds and links are decoded only if
something asks for them. `argmap.maps.packed_changes` applies the rows written since a value
was packed, so a map need not be read whole again after an edit.

No Django here: the module works on lists, dicts and bytes
(tests/maps/test_packed_columns.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from struct import Struct
from typing import Any, cast

from argmap.evaluation.framework import Links

NODE_KINDS = ("thesis", "claim", "evidence")
LINK_KINDS = ("supports", "opposes", "undercuts")  # the order of the framework's kind codes
NODE_CODE = {kind: code for code, kind in enumerate(NODE_KINDS)}
LINK_CODE = {kind: code for code, kind in enumerate(LINK_KINDS)}
_HEAD = Struct("<B10Q")  # format, then the length of each part
_FORMAT = 1
NONE = -1  # the position of a missing end: an undercut's statement


class Columns:
    """One map's live statements and links, in the order of their ids.

    Read packed, a map's statement kinds and links are decoded from the packed value when first
    asked for: evaluation reads the packed value alone (`argmap.maps.results.framework`), and
    decoding 100,000 links costs about half as much again as evaluating them."""

    __slots__ = (
        "nodes",
        "scholars",
        "base_scores",
        "link_scholars",
        "packed",
        "ends_live",
        "_kinds",
        "_links",
    )

    def __init__(
        self,
        nodes: list[int] | None = None,
        kinds: list[str] | None = None,
        # Set on few rows, so kept by id, only where set: the rest cost nothing to send and read.
        scholars: dict[int, int] | None = None,  # statement id -> scholar id
        base_scores: dict[int, float] | None = None,
        links: Links[int] | None = None,
        link_scholars: dict[int, int] | None = None,  # link id -> scholar id
        *,
        packed: Packed | None = None,
    ) -> None:
        self.nodes = [] if nodes is None else nodes
        self._kinds = kinds if kinds is not None or packed is not None else []
        self.scholars = {} if scholars is None else scholars
        self.base_scores = {} if base_scores is None else base_scores
        self._links = (
            links if links is not None or packed is not None else Links([], [], [], [], [])
        )
        self.link_scholars = {} if link_scholars is None else link_scholars
        # The same map with its links' ends as positions, when it was read packed.
        self.packed = packed
        # The same before undercuts of links left out are, when that left something out
        # (`checked`): what is packed.
        self.ends_live: Columns | None = None

    @property
    def kinds(self) -> list[str]:
        if self._kinds is None:
            assert self.packed is not None
            self._kinds = list(map(NODE_KINDS.__getitem__, self.packed.node_codes))
        return self._kinds

    @kinds.setter
    def kinds(self, value: list[str]) -> None:
        self._kinds = value

    @property
    def links(self) -> Links[int]:
        if self._links is None:
            assert self.packed is not None
            self._links = _links(self.packed)
        return self._links

    @links.setter
    def links(self, value: Links[int]) -> None:
        self._links = value

    def _values(self) -> tuple[Any, ...]:
        return (
            self.nodes,
            self.kinds,
            self.scholars,
            self.base_scores,
            self.links,
            self.link_scholars,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Columns):
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        return "Columns({})".format(", ".join(map(repr, self._values())))


@dataclass(slots=True)
class Packed:
    """A map's columns with each link's ends as positions in `nodes` (or `links`)."""

    nodes: list[int]
    node_codes: bytes  # NODE_KINDS
    links: list[int]
    link_codes: bytes  # LINK_KINDS
    sources: list[int]  # a position in nodes
    targets: list[int]  # a position in nodes, or NONE
    # An undercut's link, by id (a link left out may be named: `add_links` keeps the undercut).
    target_links: dict[int, int]  # link id -> the id of the link it undercuts (few)
    scholars: dict[int, int]
    base_scores: dict[int, float]
    link_scholars: dict[int, int]
    premises: dict[int, list[int]]  # link id -> co-premise statement ids (few links have any)


def packed(columns: Columns) -> Packed | None:
    """`columns` (as `checked` gave them) packed, or None when a kind is not one the map may
    hold (rows written around the services: such a map is read whole every time). What is
    packed is the map before its undercuts of links left out are left out (`ends_live`)."""
    columns = columns.ends_live or columns
    node_codes = _codes(columns.kinds, NODE_CODE)
    link_codes = _codes(columns.links.kinds, LINK_CODE)
    if node_codes is None or link_codes is None:
        return None
    nodes, lk = columns.nodes, columns.links
    at = dict(zip(nodes, range(len(nodes)), strict=True))
    return Packed(
        nodes=nodes,
        node_codes=node_codes,
        links=lk.ids,
        link_codes=link_codes,
        sources=list(map(at.__getitem__, lk.sources)),  # every end is live (`checked`)
        targets=[NONE if t is None else at[t] for t in lk.targets],
        target_links={pk: t for pk, t in zip(lk.ids, lk.target_links, strict=True) if t},
        scholars=columns.scholars,
        base_scores=columns.base_scores,
        link_scholars=columns.link_scholars,
        premises={pk: list(p) for pk, p in lk.co_premises.items()},
    )


def _codes(kinds: Sequence[str], codes: dict[str, int]) -> bytes | None:
    try:
        return bytes(map(codes.__getitem__, kinds))
    except KeyError:
        return None


def columns(p: Packed) -> Columns:
    """The `Columns` of a packed map, with the packed map and `ends_live` kept beside them."""
    between = unpacked(p)
    if not p.target_links:  # no undercut, so none of a link left out: decoded when asked for
        return between
    found = undercuts_kept(between)
    found.packed, found.ends_live = p, between
    return found


def unpacked(p: Packed) -> Columns:
    """The columns packed in `p`: those of `checked` before its second step (decoded when
    first asked for)."""
    return Columns(p.nodes, None, p.scholars, p.base_scores, None, p.link_scholars, packed=p)


def _links(p: Packed) -> Links[int]:
    nodes = p.nodes + [None]  # position NONE (-1) is None
    undercut = p.target_links
    return Links(
        p.links,
        list(map(LINK_KINDS.__getitem__, p.link_codes)),
        cast("list[int]", list(map(nodes.__getitem__, p.sources))),  # never NONE
        list(map(nodes.__getitem__, p.targets)),
        list(map(undercut.get, p.links)) if undercut else [None] * len(p.links),
        p.premises,
    )


# --- the rules of a map read whole ---------------------------------------------------------------


def checked(columns: Columns) -> Columns:
    """`columns` as a map's rows are read (every live link, the co-premises as written) with the
    rules of a map's structure: a link whose source or target is not a live statement is left
    out, and then an undercut of a link left out (one pass, as the structure always had it;
    evaluation drops the rest of a chain); a co-premise that is not a live statement is left off
    its link. The columns between the two steps are kept beside the result (`ends_live`): they
    are what is packed, so that the second step can be taken again after a change."""
    between = _ends_live(columns)
    found = undercuts_kept(between)
    found.ends_live = between
    return found


def _ends_live(columns: Columns) -> Columns:
    lk, alive = columns.links, set(columns.nodes)
    premises = {
        pk: kept
        for pk, nodes in lk.co_premises.items()
        if (kept := [node for node in nodes if node in alive])
    }
    # Checked at C speed (`filter(None, …)` drops the missing ends: ids start at 1). Only rows
    # written around the services fail it: deleting a statement deletes its links.
    if alive.issuperset(lk.sources) and alive.issuperset(filter(None, lk.targets)):
        if premises == lk.co_premises:
            return columns
        return _with_links(columns, [True] * len(lk.ids), premises)
    keep = [
        s in alive and (t is None or t in alive)
        for s, t in zip(lk.sources, lk.targets, strict=True)
    ]
    return _with_links(columns, keep, premises)


def undercuts_kept(columns: Columns) -> Columns:
    """`columns` (whose links' ends are live) without the undercuts of links that are not
    among them, and without the co-premises of links that are not."""
    lk = columns.links
    if not any(lk.target_links):
        return _copy(columns)
    present = set(lk.ids)
    if present.issuperset(filter(None, lk.target_links)):
        return _copy(columns)
    keep = [u is None or u in present for u in lk.target_links]
    return _with_links(columns, keep, lk.co_premises)


def _copy(columns: Columns) -> Columns:
    return Columns(
        columns.nodes,
        columns.kinds,
        columns.scholars,
        columns.base_scores,
        columns.links,
        columns.link_scholars,
    )


def _with_links(
    columns: Columns, keep: list[bool], premises: Mapping[int, Sequence[int]]
) -> Columns:
    lk = columns.links
    if all(keep):
        links = Links(lk.ids, lk.kinds, lk.sources, lk.targets, lk.target_links, premises)
        scholars = columns.link_scholars
    else:
        links = Links(
            list(compress(lk.ids, keep)),
            list(compress(lk.kinds, keep)),
            list(compress(lk.sources, keep)),
            list(compress(lk.targets, keep)),
            list(compress(lk.target_links, keep)),
        )
        left = set(links.ids)
        links.co_premises = {pk: cps for pk, cps in premises.items() if pk in left}
        scholars = {pk: s for pk, s in columns.link_scholars.items() if pk in left}
    return Columns(
        columns.nodes, columns.kinds, columns.scholars, columns.base_scores, links, scholars
    )


# --- bytes --------------------------------------------------------------------------------------


def dumps(p: Packed) -> bytes:
    parts = [
        _ints("q", p.nodes),
        p.node_codes,
        _ints("q", p.links),
        p.link_codes,
        _ints("i", p.sources + p.targets),
        _ints("q", [*p.target_links, *p.target_links.values()]),
        _ints("q", [*p.scholars, *p.scholars.values()]),
        _ints("q", list(p.base_scores)) + array("d", p.base_scores.values()).tobytes(),
        _ints("q", [*p.link_scholars, *p.link_scholars.values()]),
        _ints("q", [n for pk, ids in p.premises.items() for n in (pk, len(ids), *ids)]),
    ]
    return _HEAD.pack(_FORMAT, *map(len, parts)) + b"".join(parts)


def _ints(code: str, values: Iterable[int]) -> bytes:
    return array(code, values).tobytes()


def loads(data: bytes | memoryview) -> Packed | None:
    """The packed map in `data`, or None when it was packed in another format."""
    view = memoryview(data)
    form, *sizes = _HEAD.unpack_from(view)
    if form != _FORMAT:
        return None
    at = _HEAD.size
    parts = []
    for size in sizes:
        parts.append(view[at : at + size])
        at += size
    (
        nodes,
        node_codes,
        links,
        link_codes,
        ends,
        undercuts,
        scholars,
        scores,
        link_scholars,
        premises,
    ) = parts
    m = len(link_codes)
    ends_array = array("i")
    ends_array.frombytes(ends)
    return Packed(
        nodes=_list("q", nodes),
        node_codes=bytes(node_codes),
        links=_list("q", links),
        link_codes=bytes(link_codes),
        sources=ends_array[:m].tolist(),
        targets=ends_array[m:].tolist(),
        target_links=_pairs(_list("q", undercuts)),
        scholars=_pairs(_list("q", scholars)),
        base_scores=_scores(scores),
        link_scholars=_pairs(_list("q", link_scholars)),
        premises=_premises(_list("q", premises)),
    )


def _list(code: str, data: memoryview) -> list[Any]:
    values = array(code)
    values.frombytes(data)
    return values.tolist()


def _pairs(values: list[int]) -> dict[int, int]:
    half = len(values) // 2
    return dict(zip(values[:half], values[half:], strict=True))


def _scores(data: memoryview) -> dict[int, float]:
    count = len(data) // 16
    return dict(zip(_list("q", data[: 8 * count]), _list("d", data[8 * count :]), strict=True))


def _premises(values: list[int]) -> dict[int, list[int]]:
    found, at = {}, 0
    while at < len(values):
        pk, count = values[at], values[at + 1]
        found[pk] = values[at + 2 : at + 2 + count]
        at += 2 + count
    return found
