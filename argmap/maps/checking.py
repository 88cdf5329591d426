"""The map checks a map page shows, worked out apart from the page and cached per revision.

They read the statements' texts (duplicates, quotes without a locator…), so they need more of
the map than its standings do; the page asks for them in a request of its own
(`maps:map-checks`), and an edit's answer only tells the page to ask again. A student's map
shows what the student added or changed apart from what the starter map already had.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from argmap.evaluation import CHECKS, Finding, inherited
from argmap.evaluation import check_map as run_checks
from argmap.lib.text import shorten
from argmap.maps.graphs import light_graphs
from argmap.maps.models import Map
from argmap.maps.results import TIMEOUT
from argmap.maps.visibility import starter_of


@dataclass(frozen=True)
class CheckView:
    code: str
    title: str
    message: str
    nodes: tuple[tuple[int, str], ...]  # (id, short label) of the first statements concerned


@dataclass(frozen=True)
class MapChecks:
    mine: list[CheckView]  # the student's own findings (every finding, for other maps)
    from_starter: list[CheckView]  # what the starter map already had

    def by_check(self) -> list[tuple[str, list[CheckView]]]:
        grouped: dict[str, list[CheckView]] = {}
        for item in self.mine:
            grouped.setdefault(item.title, []).append(item)
        return list(grouped.items())


def map_checks(map_: Map) -> MapChecks:
    """The findings of `map_` at its revision (cached): three queries for the map, three more
    for a starter map."""
    key = f"argmap:checks:{map_.pk}:{map_.revision}"
    found = cache.get(key)
    if isinstance(found, MapChecks):
        return found
    light = light_graphs([map_.pk])[map_.pk]
    graph = light.graph
    findings = run_checks(graph)

    def view(item: Finding) -> CheckView:
        named = tuple(
            (int(n), shorten(graph.nodes[n].title or graph.nodes[n].text, 40))
            for n in item.nodes[:5]
            if n in graph.nodes
        )
        return CheckView(item.code, CHECKS[item.code][0], item.message, named)

    flags = [False] * len(findings)
    starter = starter_of(map_)
    if starter is not None and findings:
        theirs = light_graphs([starter.pk])[starter.pk]
        their_idents = {nid: str(origin or nid) for nid, origin in theirs.origins.items()}
        idents = {nid: str(origin) for nid, origin in light.origins.items() if origin}
        flags = inherited(findings, idents, run_checks(theirs.graph), their_idents)
    result = MapChecks(
        [view(f) for f, given in zip(findings, flags, strict=True) if not given],
        [view(f) for f, given in zip(findings, flags, strict=True) if given],
    )
    cache.set(key, result, TIMEOUT)
    return result
