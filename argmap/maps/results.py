"""What the evaluation says of every statement of a map, cached under the map's revision.

The map page and every edit's answer show standings. Evaluating a map needs only its structure
(`argmap.maps.structure`), and the results of one revision never change, so they are cached
under the map's id and revision (`Map.revision`, bumped by every write): a page view of an
unchanged map does not evaluate it again, and an edit compares its new results with those of
the revision before to send only the standings that changed (`changed`).

Set aside is a view in the address, not a change to the map: its results are worked out per
request and never cached.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.cache import cache

from argmap.evaluation import LinkState
from argmap.evaluation.columns import compile_columns, compile_numbered
from argmap.evaluation.framework import Framework
from argmap.evaluation.gradual import strengths
from argmap.evaluation.grounded import UNDEC, grounded
from argmap.evaluation.preferred import preferred
from argmap.maps.assessment import NodeResult, ThesisChangeView
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.packed import Columns
from argmap.maps.structure import Structure, load_structure

# Long enough for a class's session on one map; an entry is only ever read at its revision.
TIMEOUT = 6 * 3600

Result = tuple[str, float | None, bool | None, bool | None]  # status, strength, def., everywhere


@dataclass(frozen=True)
class MapResults:
    revision: int
    semantics: str  # "df-quad" | "quadratic-energy"
    nodes: dict[int, Result]
    aside: frozenset[int] = frozenset()

    def result(self, pk: int) -> NodeResult | None:
        found = self.nodes.get(pk)
        if found is None:
            return None
        status, strength, defensible, everywhere = found
        aside = pk in self.aside
        query = ""
        return NodeResult(status, strength, aside, query, defensible, everywhere)

    def counts(self, structure: Structure) -> Counter[str]:
        """How many theses hold, have an open objection, are in dispute."""
        return Counter(
            self.nodes[pk][0]
            for pk in structure.theses()
            if pk in self.nodes and pk not in self.aside
        )

    def status(self, pk: int) -> str:
        found = self.nodes.get(pk)
        return found[0] if found is not None else ""


def _key(map_id: int, revision: int) -> str:
    return f"argmap:results:{map_id}:{revision}"


def compute(structure: Structure, revision: int, aside: Iterable[int] = ()) -> MapResults:
    """Evaluate the structure (with some evidence set aside, if asked).

    Compiled from the structure's columns (`compile_columns`), with no `Graph` in between, and
    read off the solvers' arrays at C speed (`map`, `zip`): on a large map, building a graph
    and a dict per result cost more than the solvers themselves (bench/graph_path.py)."""
    columns = structure.columns
    fw = framework(columns)
    strength = strengths(fw)
    aside_ids = frozenset(
        pk
        for pk in aside
        if structure.nodes.get(pk) and structure.nodes[pk].kind == NodeKind.EVIDENCE
    )
    if aside_ids:
        # The same strength method as the whole map's (argmap.evaluation.counterfactual).
        fw = compile_columns(columns.nodes, columns.base_scores, columns.links, aside_ids)
        strength = strengths(fw, strength.semantics)
    found = grounded(fw)
    labels = found.label
    statuses = list(map(_STATUS.__getitem__, labels))
    if UNDEC in labels:
        # Preferred semantics only where grounded leaves something in dispute: elsewhere a
        # statement is defensible and in every coherent position exactly when it holds.
        accepted = preferred(fw, found)
        defensible = _flags(accepted.credulous, accepted.unknown)
        everywhere = _flags(accepted.sceptical, accepted.unknown)
    else:
        defensible = everywhere = list(map(_HOLDS.__getitem__, labels))
    found_each = zip(statuses, strength.values, defensible, everywhere, strict=True)
    nodes: dict[int, Result] = dict(zip(fw.ids, found_each, strict=True))
    if aside_ids:
        nodes = {pk: nodes.get(pk, _ASIDE) for pk in columns.nodes}
    return MapResults(revision, strength.semantics, nodes, aside_ids)


def framework(columns: Columns) -> Framework[int]:
    """The map compiled: from its packed value when it was read packed and its links are all
    plain (no id looked up, `argmap.maps.stored`), else from its columns."""
    p = columns.packed
    if p is not None:
        found = compile_numbered(
            p.nodes, p.base_scores, p.links, p.link_codes, p.sources, p.targets, p.premises
        )
        if found is not None:
            return found
    return compile_columns(columns.nodes, columns.base_scores, columns.links)


_STATUS = ("undecided", "in", "out")  # by grounded's UNDEC, IN, OUT
_HOLDS = (False, True, False)
_ASIDE: Result = ("aside", None, None, None)


def _flags(accepted: bytearray, unknown: bytearray) -> list[bool | None]:
    return [None if u else bool(a) for a, u in zip(accepted, unknown, strict=True)]


def cached(map_: Map) -> MapResults | None:
    """The results of the map's current revision, if they are cached."""
    found = cache.get(_key(map_.pk, map_.revision))
    return found if isinstance(found, MapResults) else None


def before_revision(map_id: int, revision: int) -> MapResults | None:
    found = cache.get(_key(map_id, revision))
    return found if isinstance(found, MapResults) else None


def store(map_id: int, results: MapResults) -> None:
    cache.set(_key(map_id, results.revision), results, TIMEOUT)


def results_for(
    map_: Map, structure: Structure | None = None, aside: Iterable[int] = ()
) -> tuple[MapResults, Structure]:
    """The results the page shows of `map_` at its revision: from the cache, or worked out
    (and cached) from its structure. With evidence set aside they are worked out each time."""
    aside = list(aside)
    structure = structure or load_structure(map_.pk)
    if aside:
        return compute(structure, map_.revision, aside), structure
    found = cached(map_)
    if found is None:
        found = compute(structure, map_.revision)
        store(map_.pk, found)
    return found, structure


def what_if(
    map_: Map, structure: Structure, shown: MapResults, theses: dict[int, Node]
) -> list[ThesisChangeView]:
    """Each thesis before and after the evidence set aside."""
    if not shown.aside:
        return []
    base, _ = results_for(map_, structure)
    changes = []
    for pk, node in theses.items():
        before, after = base.nodes.get(pk), shown.nodes.get(pk)
        if before is None or after is None:
            continue
        changes.append(
            ThesisChangeView(
                node,
                before[0],
                None if after[0] == "aside" else after[0],
                before[1] or 0.0,
                after[1],
            )
        )
    return changes


def changed(before: MapResults | None, after: MapResults) -> set[int]:
    """The statements whose standing or strength the page must redraw: all of them when there is
    nothing to compare with."""
    if before is None:
        return set(after.nodes)
    return {pk for pk, result in after.nodes.items() if before.nodes.get(pk) != result}


def link_state(
    structure: Structure, statuses: Mapping[int, str], link_id: int, depth: int = 0
) -> str:
    """Whether a link acts, read off its ends' standings: it acts when its source and every
    co-premise hold and no undercut of it acts; it fails when one of them has an open objection
    or an undercut acts; otherwise it is in dispute."""
    edge = structure.links.get(link_id)
    if edge is None or depth > 50:
        return LinkState.UNDECIDED
    ends = [statuses.get(pk, "") for pk in (edge.source, *edge.co_premises)]
    if "aside" in ends:
        return "aside"
    undercuts = [
        link_state(structure, statuses, u, depth + 1)
        for u in structure.undercutters.get(link_id, [])
    ]
    if "out" in ends or LinkState.ACTS in undercuts:
        return LinkState.FAILS
    if all(s == "in" for s in ends) and all(u in (LinkState.FAILS, "aside") for u in undercuts):
        return LinkState.ACTS
    return LinkState.UNDECIDED


@dataclass
class Shown:
    """The results a page shows, read the way `argmap.maps.standing` reads an `Assessment`."""

    results: MapResults
    structure: Structure

    def result(self, node_id: int) -> NodeResult | None:
        return self.results.result(node_id)

    def link_state(self, link_id: int) -> str | None:
        if not self._statuses:
            self._statuses.update((pk, found[0]) for pk, found in self.results.nodes.items())
        return link_state(self.structure, self._statuses, link_id)

    _statuses: dict[int, str] = field(default_factory=dict)
