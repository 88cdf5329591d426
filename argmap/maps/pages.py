"""What the map page shows, its parts, and its statement panel: the context their templates read.

Only views import this module (an import contract keeps it so). The page loads the map's
structure (`argmap.maps.structure`) and its results (cached per revision,
`argmap.maps.results`), and texts only for what it shows: the first part of the theses
(`argmap.maps.paging`; "Show more" brings the next), the sections of the outline that are
open, the picture's view and the selected statement's neighbourhood. Each section of the
outline stands alone (`argmap.maps.outline.section_items`), so that it can be loaded when a
reader opens it and redrawn alone after an edit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString

from argmap.evaluation import CHECKS
from argmap.lib.glossary import Glossary
from argmap.maps.assessment import Assessment, NodeResult, ThesisChangeView, check_counts
from argmap.maps.checking import check_groups, check_part, map_checks
from argmap.maps.models import Characterisation, Map, Node, NodeKind
from argmap.maps.outline import section_items
from argmap.maps.outline_html import Context, Urls, render_items, render_unattached
from argmap.maps.page_state import (
    SEMANTICS,
    ids_of,
    map_urls,
    page_query,
    shown_results,
    with_query,
)
from argmap.maps.paging import MORE_FINDINGS, THESES_SHOWN, More, how_many
from argmap.maps.picture import parse_view, scholars_of, thesis_options, view_elements
from argmap.maps.results import MapResults, Shown, what_if
from argmap.maps.selectors import (
    MapBundle,
    characterisations_on,
    glossary,
    map_bundle,
    part_bundle,
    with_counts,
)
from argmap.maps.standing import standing
from argmap.maps.structure import (
    Structure,
    counts_into,
    neighbourhood,
    section_members,
    theses_reaching,
    unattached,
)
from argmap.maps.visibility import owner_name

ADD_KINDS = [("thesis", "Thesis"), ("claim", "Claim"), ("evidence", "Evidence")]
UNATTACHED = 0  # the "section" of the statements no thesis reaches


@dataclass
class Section:
    """One thesis of the outline: its heading always, its body when it is drawn."""

    thesis: Node
    result: NodeResult | None
    supports: int
    opposes: int
    body: SafeString | None = None
    characterisations: list[Characterisation] = field(default_factory=list)
    focus: bool = False  # the first of the theses "Show more" brought: the page focuses it


@dataclass
class Body:
    """A section's body as `maps/map_detail.html#section-body` reads it (pk 0: the statements
    no thesis reaches)."""

    pk: int
    thesis: Node
    body: SafeString
    characterisations: list[Characterisation]


def section_page(request: HttpRequest, map_: Map, thesis: int) -> dict[str, Any]:
    """One section of the outline, when a reader opens it."""
    results, structure = shown_results(request, map_)
    row = structure.nodes.get(thesis)
    if thesis != UNATTACHED and (row is None or row.kind != NodeKind.THESIS):
        raise Http404("This thesis is not in the map.")
    urls = map_urls(map_)
    can_edit = request.user.has_perm("maps.change_map", map_)
    body, characterisations, node = section_bodies(
        map_, structure, results, [thesis], urls=urls, can_edit=can_edit
    )[thesis]
    return {"map": map_, "urls": urls, "s": Body(thesis, node, body, characterisations)}


def picture_page(request: HttpRequest, map_: Map) -> dict[str, Any]:
    results, structure = shown_results(request, map_)
    return view_elements(map_, structure, results, parse_view(request.GET.get("view")))


def drawing_context(
    results: MapResults,
    urls: dict[str, str],
    can_edit: bool,
    section: int = 0,
    terms: Glossary | None = None,
) -> Context:
    terms = glossary() if terms is None else terms
    return Context(Urls(**urls), results.result, can_edit, terms, results.aside, section)


def section_bodies(
    map_: Map,
    structure: Structure,
    results: MapResults,
    theses: Iterable[int],
    *,
    urls: dict[str, str],
    can_edit: bool,
    bundle: MapBundle | None = None,
    terms: Glossary | None = None,
) -> dict[int, tuple[SafeString, list[Characterisation], Node]]:
    """The bodies of some sections (`UNATTACHED` for the statements no thesis reaches), from one
    load of their statements (or from `bundle`, the whole map, when the caller has it)."""
    wanted = [t for t in theses if t == UNATTACHED or t in structure.nodes]
    if not wanted:
        return {}
    members: set[int] = set()
    loose: set[int] = set()
    for thesis in wanted:
        if thesis == UNATTACHED:
            loose = unattached(structure)
            members |= loose
        else:
            members |= section_members(structure, thesis)
    if bundle is None:
        bundle = part_bundle(map_, members)
    found: dict[int, tuple[SafeString, list[Characterisation], Node]] = {}
    terms = glossary() if terms is None else terms  # one query for all the sections
    for thesis in wanted:
        ctx = drawing_context(results, urls, can_edit, thesis, terms)
        if thesis == UNATTACHED:
            nodes = sorted((bundle.nodes[pk] for pk in loose), key=lambda n: n.chronology)
            found[thesis] = (render_unattached(nodes, ctx), [], Node())
            continue
        node = bundle.nodes[thesis]
        items = section_items(bundle, thesis)
        disputed = [c for c in characterisations_on(bundle, node) if c.thesis_id == thesis]
        found[thesis] = (render_items(items, ctx), disputed, node)
    return found


def theses_of(pks: list[int], bundle: MapBundle | None = None) -> dict[int, Node]:
    """The theses `pks` (in ascending order), from `bundle` or in one query."""
    if bundle is not None:
        return {pk: bundle.nodes[pk] for pk in pks if pk in bundle.nodes}
    rows = Node.objects.filter(pk__in=pks).select_related("scholar")
    return {n.pk: n for n in rows.order_by("pk")}


def sections(structure: Structure, results: MapResults, theses: dict[int, Node]) -> list[Section]:
    return [
        Section(node, results.result(pk), *counts_into(structure, pk))
        for pk, node in theses.items()
    ]


def shown_theses(request: HttpRequest, listed: list[int], wanted: set[int]) -> int:
    """How many of the theses the page lists: a part, or as many as `?theses=` asks for, and
    enough to show the sections it opens."""
    index = {pk: i for i, pk in enumerate(listed)}
    return how_many(
        request.GET.get("theses"),
        total=len(listed),
        first=THESES_SHOWN,
        step=THESES_SHOWN,
        including=[index[pk] for pk in wanted if pk in index],
    )


def theses_more(map_: Map, theses: list[int], shown: int, query: QueryDict) -> More | None:
    """The end of the outline's list of theses when it shows only the first `shown`."""
    if shown >= len(theses):
        return None
    adds = min(THESES_SHOWN, len(theses) - shown)
    until = theses[shown - 1] if shown else 0
    return More(
        shown=shown,
        total=len(theses),
        adds=adds,
        url=f"{reverse('maps:outline-theses', args=[map_.pk])}?until={until}",
        href=with_query(
            map_.get_absolute_url(), query, f"thesis-{theses[shown]}", theses=shown + adds
        ),
        until=until,
    )


def theses_page(request: HttpRequest, map_: Map, until: int) -> dict[str, Any]:
    """The next part of the outline's theses, after the thesis `until`: their sections, the
    first focused, and the list's new end; `page` is the map page that lists them too."""
    results, structure = shown_results(request, map_)
    theses = sorted(structure.theses())
    start = bisect_right(theses, until)
    stop = min(len(theses), start + THESES_SHOWN)
    drawn = sections(structure, results, theses_of(theses[start:stop]))
    if drawn:
        drawn[0].focus = True
    anchor = f"thesis-{theses[start]}" if start < stop else "outline"
    return {
        "map": map_,
        "urls": map_urls(map_),
        "more_sections": drawn,
        "theses_more": theses_more(map_, theses, stop, page_query(request)),
        "page": with_query(map_.get_absolute_url(), QueryDict(), anchor, theses=stop),
    }


def checks_page(request: HttpRequest, map_: Map) -> dict[str, Any]:
    """The map checks, each check's first findings; or with `?check=` and `?start=`, the next
    findings of one check (`part`). `page` is the map page that lists the same."""
    checks = map_checks(map_)
    query, url = page_query(request), map_.get_absolute_url()
    context: dict[str, Any] = {"map": map_, "urls": map_urls(map_), "part": False}
    code = request.GET.get("check", "")
    if not code:
        groups = check_groups(map_, checks, query)
        page = with_query(url, QueryDict(), "map-checks", checks=1)
        return {**context, "checks": checks, "check_groups": groups, "page": page}
    if code not in CHECKS:
        raise Http404("There is no such map check.")
    start = (ids_of(request.GET.get("start")) or [0])[0]
    group = check_part(map_, checks, code, start, query)
    anchor = f"finding-{code}-{group.start}"
    page = with_query(url, QueryDict(), anchor, checks=code, findings=group.start + MORE_FINDINGS)
    return {**context, "part": True, "g": group, "page": page}


def map_head(request: HttpRequest, map_: Map) -> dict[str, Any]:
    """What the map page shows around its panes (the title, the meta line, the menus): the
    whole context when the panes come ready-made (`argmap.maps.views.reading`), and the start
    of `map_page`'s."""
    return {
        "map": map_,
        "owner_name": owner_name(map_, request.user),
        "can_edit": request.user.has_perm("maps.change_map", map_),
        "urls": map_urls(map_),
        "view": parse_view(request.GET.get("view")),
        "selected": None,
    }


def map_page(
    request: HttpRequest, map_: Map, *, urls: dict[str, str] | None = None, eager: bool = False
) -> dict[str, Any]:
    """The map page: the first part of the theses (`?theses=` asks for more) with their
    standings, the sections asked for (`?open=`, the sections showing `?node=`, or all of them
    when `eager`), the picture's first view; the map checks when `?checks=` asks for them
    (a page without JavaScript; otherwise the page asks for them once it is shown)."""
    head = map_head(request, map_)
    urls = {**head["urls"], **(urls or {})}
    can_edit = head["can_edit"]
    results, structure = shown_results(request, map_)
    aside = sorted(results.aside)
    # A page that shows the whole map with more around it (a submission) loads it once.
    bundle = map_bundle(map_) if eager else None
    listed = sorted(structure.theses())
    selected = next((pk for pk in ids_of(request.GET.get("node")) if pk in structure.nodes), None)
    wanted = set(ids_of(request.GET.get("open")))
    if selected is not None:
        wanted |= theses_reaching(structure, [selected])
    loose = unattached(structure)
    if eager:
        wanted = set(listed) | ({UNATTACHED} if loose else set())
    elif selected in loose:
        wanted.add(UNATTACHED)
    shown = len(listed) if eager else shown_theses(request, listed, wanted)
    theses = theses_of(listed[:shown], bundle)
    drawn = sections(structure, results, theses)
    bodies = section_bodies(
        map_, structure, results, sorted(wanted), urls=urls, can_edit=can_edit, bundle=bundle
    )
    for section in drawn:
        if section.thesis.pk in bodies:
            section.body, section.characterisations, _ = bodies[section.thesis.pk]
    checks = map_checks(map_) if request.GET.get("checks") else None
    return {
        **head,
        "bundle": bundle,
        "results": results,
        "sections": drawn,
        "theses_more": theses_more(map_, listed, shown, request.GET),
        "counts": results.counts(structure),
        "thesis_count": len(listed),
        "picture_theses": min(len(listed), THESES_SHOWN),
        "thesis_options": thesis_options(map_),
        "semantics": SEMANTICS.get(results.semantics, results.semantics),
        "unattached_count": len(loose),
        "unattached_body": bodies.get(UNATTACHED, (None,))[0],
        "elements": view_elements(map_, structure, results, head["view"], theses),
        "node_count": len(structure.nodes),
        "link_count": len(structure.links),
        "urls": urls,
        "scholars": scholars_of(map_),
        "add_kinds": ADD_KINDS,
        "aside": [theses.get(pk) or Node(pk=pk) for pk in aside],
        "selected": selected,
        "checks": checks,
        "check_groups": check_groups(map_, checks, request.GET) if checks else [],
    }


def node_panel(
    request: HttpRequest,
    map_: Map,
    node: Node,
    *,
    bundle: MapBundle | None = None,
    assessment: Assessment | None = None,
    loaded: tuple[MapResults, Structure] | None = None,
) -> dict[str, Any]:
    """The statement panel: the statement, whether it stands and why, and every live link into
    and out of it. Loads the statement's neighbourhood only, unless the caller has the whole
    map loaded (`bundle` and `assessment`, a submission's review page); `loaded` is the
    results and structure the caller has read already (an edit's answer)."""
    shown: Any = assessment
    semantics = assessment.semantics if assessment is not None else ""
    changes: list[ThesisChangeView] = []
    if bundle is None or assessment is None:
        results, structure = loaded or shown_results(request, map_)
        if node.pk not in structure.nodes:
            raise Http404("This statement has been deleted.")
        bundle = part_bundle(map_, neighbourhood(structure, node.pk))
        shown = Shown(results, structure)
        semantics = SEMANTICS.get(results.semantics, results.semantics)
        if node.pk in results.aside:
            changes = what_if(map_, structure, results, theses_of(sorted(structure.theses())))
    if node.pk not in bundle.nodes:
        raise Http404("This statement has been deleted.")
    node = bundle.nodes[node.pk]
    result = shown.result(node.pk)
    return {
        "map": map_,
        "node": node,
        "result": result,
        "standing": standing(bundle, shown, node),
        "characterisations": characterisations_on(bundle, node),
        "extra_sources": bundle.extra_sources.get(node.pk, []),
        "incoming": bundle.incoming.get(node.pk, []),
        "outgoing": bundle.outgoing.get(node.pk, []),
        "co_premises": {
            link: [bundle.nodes[pk] for pk in premises if pk in bundle.nodes]
            for link, premises in bundle.co_premises.items()
        },
        "semantics": semantics,
        "changes": changes,
        "aside_query": _toggle(shown, node),
        "can_edit": request.user.has_perm("maps.change_map", map_),
    }


def _toggle(shown: Any, node: Node) -> str:
    """The query that sets this evidence aside, or puts it back."""
    if node.kind != NodeKind.EVIDENCE:
        return ""
    aside = set(getattr(getattr(shown, "results", None), "aside", ()) or ())
    if isinstance(shown, Assessment):
        aside = {s.node.pk for s in shown.aside}
    return "?aside=" + ",".join(map(str, sorted(aside ^ {node.pk})))


@dataclass(frozen=True)
class MapCard:
    """A map in a list: the map (with its counts) and, where the list shows them, how many map
    checks it has to look at."""

    map: Map
    checks: int | None = None


def map_cards(
    maps: QuerySet[Map], *, limit: int | None = None, with_checks: bool = False
) -> list[MapCard]:
    """The cards of a list of maps (the first `limit`): one query, and three for the map checks
    of them all."""
    rows = list(with_counts(maps)[:limit])
    if not with_checks:
        return [MapCard(m) for m in rows]
    counts = check_counts(m.pk for m in rows)
    return [MapCard(m, counts.get(m.pk, 0)) for m in rows]
