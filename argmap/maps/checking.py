"""The map checks a map page shows, worked out apart from the page and cached per revision.

They read the statements' texts (duplicates, quotes without a locator…), so they need more of
the map than its standings do; the page asks for them in a request of its own
(`maps:map-checks`), and an edit's answer only tells the page to ask again. A student's map
shows what the student added or changed apart from what the starter map already had.

A big map has thousands of findings: each check lists its first few with its count, and
"Show more" brings the next (`argmap.maps.paging`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse

from argmap.evaluation import CHECKS, Finding, inherited
from argmap.evaluation import check_map as run_checks
from argmap.lib.text import shorten
from argmap.maps.graphs import light_graphs
from argmap.maps.models import Map
from argmap.maps.page_state import with_query
from argmap.maps.paging import FINDINGS_SHOWN, MORE_FINDINGS, More, how_many
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

    def by_check(self) -> dict[str, list[CheckView]]:
        """The findings of each check, by the check's code, in the order the checks run."""
        grouped: dict[str, list[CheckView]] = {}
        for item in self.mine:
            grouped.setdefault(item.code, []).append(item)
        return grouped


@dataclass(frozen=True)
class CheckGroup:
    """One check's findings as the page lists them: those from `start` to the list's end
    (`more`, when it stops short), and which of them the page focuses (the first that "Show
    more" brought)."""

    code: str
    title: str
    total: int
    start: int
    findings: list[CheckView]
    more: More | None
    focus: int | None = None


def _group(
    map_: Map, code: str, found: list[CheckView], start: int, stop: int, query: QueryDict
) -> CheckGroup:
    more = None
    if stop < len(found):
        adds = min(MORE_FINDINGS, len(found) - stop)
        more = More(
            shown=stop,
            total=len(found),
            adds=adds,
            url=f"{reverse('maps:map-checks', args=[map_.pk])}?check={code}&start={stop}",
            href=with_query(
                map_.get_absolute_url(),
                query,
                f"finding-{code}-{stop}",
                checks=code,
                findings=stop + adds,
            ),
        )
    return CheckGroup(code, CHECKS[code][0], len(found), start, found[start:stop], more)


def check_groups(map_: Map, checks: MapChecks, query: QueryDict) -> list[CheckGroup]:
    """Each check's first findings; the check that `?checks=` names lists as many as
    `?findings=` asks for (a page without JavaScript after "Show more"). `query` is the page's,
    which "Show more" without JavaScript keeps."""
    groups = []
    for code, found in checks.by_check().items():
        raw = query.get("findings") if query.get("checks") == code else None
        stop = how_many(raw, total=len(found), first=FINDINGS_SHOWN, step=MORE_FINDINGS)
        groups.append(_group(map_, code, found, 0, stop, query))
    return groups


def check_part(map_: Map, checks: MapChecks, code: str, start: int, query: QueryDict) -> CheckGroup:
    """The next findings of one check, from `start`, the first of them focused."""
    found = checks.by_check().get(code, [])
    start = max(0, min(start, len(found)))
    stop = min(len(found), start + MORE_FINDINGS)
    return replace(_group(map_, code, found, start, stop, query), focus=start)


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
