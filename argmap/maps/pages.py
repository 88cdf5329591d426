"""What the map page shows, its parts, and its statement panel: the context their templates read.

Only views import this module (an import contract keeps it so). The page loads the map's
structure (`argmap.maps.structure`) and its results (cached per revision,
`argmap.maps.results`), and texts only for what it shows: the theses, the sections of the
outline that are open, the picture's view and the selected statement's neighbourhood. Each
section of the outline stands alone (`argmap.maps.outline.section_items`), so that it can be
loaded when a reader opens it and redrawn alone after an edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.safestring import SafeString

from argmap.lib.glossary import Glossary
from argmap.lib.http import url_prefix
from argmap.maps.assessment import Assessment, NodeResult, ThesisChangeView, check_counts
from argmap.maps.models import Characterisation, Map, Node, NodeKind
from argmap.maps.outline import section_items
from argmap.maps.outline_html import Context, Urls, render_items, render_unattached
from argmap.maps.picture import View, parse_view, scholars_of, view_elements
from argmap.maps.results import MapResults, Shown, results_for
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
    section_members,
    theses_reaching,
    unattached,
)

ADD_KINDS = [("thesis", "Thesis"), ("claim", "Claim"), ("evidence", "Evidence")]
UNATTACHED = 0  # the "section" of the statements no thesis reaches


def map_urls(map_: Map) -> dict[str, str]:
    """Prefixes for the outline's links: a page of 1,000 statements would otherwise reverse
    4,000 URLs, which costs more than everything else the template does."""
    return {
        "map": map_.get_absolute_url(),
        "node": url_prefix("maps:node-detail", map_.pk),
        "scholar": url_prefix("debates:scholar-detail"),
        "source": url_prefix("debates:source-detail"),
    }


def aside_from(url: str | None) -> str:
    """`?aside=` of a page's address."""
    values = parse_qs(urlsplit(url or "").query).get("aside")
    return values[0] if values else ""


def aside_param(request: HttpRequest) -> str:
    """The evidence set aside on the page: `?aside=` of this request, or for an htmx request
    from the map page (a panel, an edit), of the page it came from."""
    if "aside" in request.GET:
        return request.GET["aside"]
    return aside_from(getattr(getattr(request, "htmx", None), "current_url", None))


def ids_of(raw: str | None) -> list[int]:
    """Integer ids from "12,34" (anything else is skipped)."""
    return [int(p) for p in (raw or "").split(",") if p.strip().isdigit()]


def parse_aside(raw: str | None, structure: Structure) -> list[int]:
    """Evidence ids from `?aside=12,34`; anything else is ignored rather than refused: it is a
    view setting in a URL, not data."""
    found: list[int] = []
    for pk in ids_of(raw):
        row = structure.nodes.get(pk)
        if row is not None and row.kind == NodeKind.EVIDENCE and pk not in found:
            found.append(pk)
    return found


@dataclass
class PageState:
    """What the reader's page shows, as its requests say (map.js adds the headers): the evidence
    set aside, the sections of the outline it has loaded, and the picture's view."""

    aside: list[int]
    loaded: set[int]
    view: View

    @classmethod
    def of(cls, request: HttpRequest, structure: Structure) -> PageState:
        loaded = set(ids_of(request.headers.get("X-Argmap-Sections")))
        view = parse_view(request.headers.get("X-Argmap-View") or request.GET.get("view"))
        return cls(parse_aside(aside_param(request), structure), loaded, view)


@dataclass
class Section:
    """One thesis of the outline: its heading always, its body when it is drawn."""

    thesis: Node
    result: NodeResult | None
    supports: int
    opposes: int
    body: SafeString | None = None
    characterisations: list[Characterisation] = field(default_factory=list)


@dataclass
class Body:
    """A section's body as `maps/map_detail.html#section-body` reads it (pk 0: the statements
    no thesis reaches)."""

    pk: int
    thesis: Node
    body: SafeString
    characterisations: list[Characterisation]


def shown_results(request: HttpRequest, map_: Map) -> tuple[MapResults, Structure]:
    """The results the reader's page shows: with the evidence it sets aside, if any."""
    results, structure = results_for(map_)
    aside = parse_aside(aside_param(request), structure)
    if aside:
        results, _ = results_for(map_, structure, aside)
    return results, structure


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


def theses_of(structure: Structure, bundle: MapBundle | None = None) -> dict[int, Node]:
    if bundle is not None:
        return {pk: bundle.nodes[pk] for pk in sorted(structure.theses()) if pk in bundle.nodes}
    rows = Node.objects.filter(pk__in=structure.theses()).select_related("scholar")
    return {n.pk: n for n in rows.order_by("pk")}


def sections(structure: Structure, results: MapResults, theses: dict[int, Node]) -> list[Section]:
    return [
        Section(node, results.result(pk), *counts_into(structure, pk))
        for pk, node in theses.items()
    ]


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


def map_page(
    request: HttpRequest, map_: Map, *, urls: dict[str, str] | None = None, eager: bool = False
) -> dict[str, Any]:
    """The map page: the theses with their standings, the sections asked for (`?open=`, the
    sections showing `?node=`, or all of them when `eager`), the picture's first view."""
    urls = {**map_urls(map_), **(urls or {})}
    can_edit = request.user.has_perm("maps.change_map", map_)
    results, structure = shown_results(request, map_)
    aside = sorted(results.aside)
    # A page that shows the whole map with more around it (a submission) loads it once.
    bundle = map_bundle(map_) if eager else None
    theses = theses_of(structure, bundle)
    drawn = sections(structure, results, theses)
    selected = next((pk for pk in ids_of(request.GET.get("node")) if pk in structure.nodes), None)
    wanted = set(ids_of(request.GET.get("open")))
    if selected is not None:
        wanted |= theses_reaching(structure, [selected])
    loose = unattached(structure)
    if eager:
        wanted = set(theses) | ({UNATTACHED} if loose else set())
    elif selected in loose:
        wanted.add(UNATTACHED)
    bodies = section_bodies(
        map_, structure, results, sorted(wanted), urls=urls, can_edit=can_edit, bundle=bundle
    )
    for section in drawn:
        if section.thesis.pk in bodies:
            section.body, section.characterisations, _ = bodies[section.thesis.pk]
    view = parse_view(request.GET.get("view"))
    return {
        "bundle": bundle,
        "map": map_,
        "results": results,
        "sections": drawn,
        "counts": results.counts(structure),
        "thesis_count": len(theses),
        "semantics": _SEMANTICS.get(results.semantics, results.semantics),
        "unattached_count": len(loose),
        "unattached_body": bodies.get(UNATTACHED, (None,))[0],
        "elements": view_elements(map_, structure, results, view, theses),
        "view": view,
        "node_count": len(structure.nodes),
        "link_count": len(structure.links),
        "can_edit": can_edit,
        "urls": urls,
        "scholars": scholars_of(map_),
        "add_kinds": ADD_KINDS,
        "aside": [theses.get(pk) or Node(pk=pk) for pk in aside],
        "selected": selected,
    }


_SEMANTICS = {
    "df-quad": "DF-QuAD (the map has no cycle)",
    "quadratic-energy": "quadratic energy (the map has cycles)",
}


def neighbourhood(structure: Structure, node: int) -> set[int]:
    """What a statement's panel shows: the statement, what its links join, the undercuts of
    them, and for each objection to it what answers that objection."""
    found = {node}
    links = [*structure.incoming.get(node, []), *structure.outgoing.get(node, [])]
    for link_id in list(links):
        links.extend(structure.undercutters.get(link_id, []))
    for link_id in links:
        edge = structure.links[link_id]
        found.add(edge.source)
        found.update(edge.co_premises)
        if edge.target is not None:
            found.add(edge.target)
        elif edge.target_link in structure.links:
            answered = structure.links[edge.target_link]
            found.add(answered.source)
            if answered.target is not None:
                found.add(answered.target)
    # Who answers each objection: objections to the objecting statement.
    for link_id in structure.incoming.get(node, []):
        for answer in structure.incoming.get(structure.links[link_id].source, []):
            found.add(structure.links[answer].source)
    return found


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
        semantics = _SEMANTICS.get(results.semantics, results.semantics)
        if node.pk in results.aside:
            changes = what_if(map_, structure, results, theses_of(structure))
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
