"""What the map page shows, and its node panel: the context their templates read.

Only views import this module (an import contract keeps it so). Each context is built from one
load of the map (`map_bundle`: a constant number of queries) and one evaluation; the outline's
HTML is made here, where the URLs and the evaluation are known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from argmap.lib.http import url_prefix
from argmap.maps.assessment import (
    Assessment,
    assess,
    check_counts,
    parse_aside,
    starter_findings,
)
from argmap.maps.models import Map, Node
from argmap.maps.outline import map_outline
from argmap.maps.outline_html import Context, Urls, render_items, render_unattached
from argmap.maps.picture import map_elements, map_scholars
from argmap.maps.selectors import (
    MapBundle,
    characterisations_on,
    glossary,
    map_bundle,
    with_counts,
)
from argmap.maps.standing import standing
from argmap.maps.visibility import starter_of

ADD_KINDS = [("thesis", "Thesis"), ("claim", "Claim"), ("evidence", "Evidence")]


def map_urls(map_: Map) -> dict[str, str]:
    """Prefixes for the outline's links: a page of 1,000 statements would otherwise reverse
    4,000 URLs, which costs more than everything else the template does."""
    return {
        "map": map_.get_absolute_url(),
        "node": url_prefix("maps:node-detail", map_.pk),
        "scholar": url_prefix("debates:scholar-detail"),
        "source": url_prefix("debates:source-detail"),
    }


def aside_param(request: HttpRequest) -> str:
    """The evidence set aside on the page: `?aside=` of this request, or for an htmx request
    from the map page (a panel, an edit), of the page it came from."""
    if "aside" in request.GET:
        return request.GET["aside"]
    current = getattr(getattr(request, "htmx", None), "current_url", None)
    if current:
        values = parse_qs(urlsplit(current).query).get("aside")
        return values[0] if values else ""
    return ""


def map_page(
    request: HttpRequest, map_: Map, *, urls: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the map page and every editor response that redraws it need (constant queries).

    `urls` replaces some of the outline's link prefixes: a page that shows a map its own way
    (a submission's review page) sends a statement's link to its own panels."""
    bundle = map_bundle(map_)
    assessment = assess(bundle, aside=parse_aside(aside_param(request), bundle))
    starter = starter_of(map_)
    if starter is not None and assessment.findings:
        assessment.set_apart_the_starters(starter_findings(bundle, assessment.findings, starter.pk))
    outline = map_outline(bundle)
    urls = {**map_urls(map_), **(urls or {})}
    can_edit = request.user.has_perm("maps.change_map", map_)
    drawn = Context(Urls(**urls), assessment.results, can_edit, glossary())
    for section in outline.sections:
        section.result = assessment.result(section.thesis.pk)
        section.items_html = render_items(section.items, drawn)
    outline.unattached_html = render_unattached(outline.unattached, drawn)
    return {
        "map": map_,
        "bundle": bundle,
        "assessment": assessment,
        "outline": outline,
        "elements": map_elements(bundle, assessment.statuses),
        "node_count": len(bundle.nodes),
        "link_count": len(bundle.links),
        "can_edit": can_edit,
        "urls": urls,
        "scholars": map_scholars(bundle),
        "add_kinds": ADD_KINDS,
    }


def node_panel(
    request: HttpRequest,
    map_: Map,
    node: Node,
    *,
    bundle: MapBundle | None = None,
    assessment: Assessment | None = None,
) -> dict[str, Any]:
    """The node panel: the statement, whether it stands and why, and every live link into and
    out of it; read from the loaded map (constant queries)."""
    bundle = bundle or map_bundle(map_)
    if node.pk not in bundle.nodes:
        raise Http404("This statement has been deleted.")
    if assessment is None:
        aside = parse_aside(aside_param(request), bundle)
        assessment = assess(bundle, aside=aside, with_checks=False)
    node = bundle.nodes[node.pk]
    explanation = None
    if str(node.pk) in assessment.evaluation.labels:
        explanation = assessment.evaluation.explain(str(node.pk))
    mentioned = (
        [bundle.nodes[int(n)] for n in explanation.nodes if int(n) in bundle.nodes]
        if explanation
        else []
    )
    return {
        "map": map_,
        "node": node,
        "result": assessment.result(node.pk),
        "standing": standing(bundle, assessment, node),
        "characterisations": characterisations_on(bundle, node),
        "extra_sources": bundle.extra_sources.get(node.pk, []),
        "incoming": bundle.incoming.get(node.pk, []),
        "outgoing": bundle.outgoing.get(node.pk, []),
        "explanation": explanation,
        "mentioned": mentioned,
        "semantics": assessment.semantics,
        "can_edit": request.user.has_perm("maps.change_map", map_),
    }


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
