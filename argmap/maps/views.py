"""Reading pages: home, maps, a map's outline and picture, scholars and sources."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from argmap.classroom.selectors import coursework_of, home_agenda
from argmap.debates.scholars import scholar_evidence
from argmap.maps.access import get_map_for_user, get_node
from argmap.maps.assessment import Assessment, assess, check_counts, parse_aside
from argmap.maps.models import Characterisation, Link, Map, Node, Scholar, Source, Visibility
from argmap.maps.outline_html import Urls, render_items, render_unattached
from argmap.maps.selectors import MapBundle, map_bundle, map_elements, map_outline, map_scholars


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _maps_with_counts(queryset: QuerySet[Map]) -> QuerySet[Map]:
    return queryset.select_related("owner").annotate(
        node_count=Count("nodes", filter=Q(nodes__deleted_at__isnull=True), distinct=True),
        thesis_count=Count(
            "nodes", filter=Q(nodes__deleted_at__isnull=True, nodes__kind="thesis"), distinct=True
        ),
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    public = _maps_with_counts(Map.objects.filter(visibility=Visibility.PUBLIC))[:6]
    # Submitted snapshots are reached from their assignment, not listed among one's maps.
    mine = _maps_with_counts(Map.objects.owned_by(request.user).filter(is_snapshot=False))[:10]
    context = {"public_maps": public, "my_maps": mine, "agenda": home_agenda(request.user)}
    return render(request, "maps/home.html", context)


@require_GET
def map_list(request: HttpRequest) -> HttpResponse:
    mine = list(_maps_with_counts(Map.objects.owned_by(request.user).filter(is_snapshot=False)))
    public = list(
        _maps_with_counts(
            Map.objects.filter(visibility=Visibility.PUBLIC).exclude(owner_id=request.user.pk)
        )
    )
    deleted = Map.all_objects.filter(deleted_at__isnull=False, owner_id=request.user.pk)
    counts = check_counts(m.pk for m in [*mine, *public])
    for m in [*mine, *public]:
        m.check_count = counts.get(m.pk, 0)  # type: ignore[attr-defined]
    context = {"my_maps": mine, "public_maps": public, "deleted_maps": deleted, "show_checks": True}
    return render(request, "maps/map_list.html", context)


def _url_prefixes(map_: Map) -> dict[str, str]:
    """Prefixes for the outline's links: a page of 1,000 statements would otherwise reverse
    4,000 URLs, which costs more than everything else the template does."""
    return {
        "map": map_.get_absolute_url(),
        "node": reverse("maps:node-detail", args=[map_.pk, 0]).removesuffix("0/"),
        "scholar": reverse("maps:scholar-detail", args=[0]).removesuffix("0/"),
        "source": reverse("maps:source-detail", args=[0]).removesuffix("0/"),
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


def map_page_context(
    request: HttpRequest, map_: Map, *, urls: dict[str, str] | None = None
) -> dict[str, Any]:
    """What the map page and every editor response that redraws it need (constant queries).

    `urls` replaces some of the outline's link prefixes: a page that shows a map its own way
    (a submission's review page) sends a statement's link to its own panels."""
    bundle = map_bundle(map_)
    assessment = assess(bundle, aside=parse_aside(aside_param(request), bundle))
    outline = map_outline(bundle)
    urls = {**_url_prefixes(map_), **(urls or {})}
    can_edit = request.user.has_perm("maps.change_map", map_)
    prefixes = Urls(**urls)
    for section in outline.sections:
        section.items_html = render_items(section.items, prefixes, can_edit=can_edit)
    outline.unattached_html = render_unattached(outline.unattached, prefixes, can_edit=can_edit)
    return {
        "map": map_,
        "bundle": bundle,
        "assessment": assessment,
        "outline": outline,
        "elements": map_elements(bundle),
        "node_count": len(bundle.nodes),
        "link_count": len(bundle.links),
        "can_edit": can_edit,
        "urls": urls,
        "scholars": map_scholars(bundle),
        "add_kinds": [("thesis", "Thesis"), ("claim", "Claim"), ("evidence", "Evidence")],
    }


def node_panel_context(
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
        "extra_sources": bundle.extra_sources.get(node.pk, []),
        "incoming": bundle.incoming.get(node.pk, []),
        "outgoing": bundle.outgoing.get(node.pk, []),
        "explanation": explanation,
        "mentioned": mentioned,
        "semantics": assessment.semantics,
        "can_edit": request.user.has_perm("maps.change_map", map_),
    }


@require_GET
def map_detail(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    context = map_page_context(request, map_)
    if request.htmx:
        # Setting evidence aside (or putting it back) redraws what the evaluation changes.
        return render(request, "maps/map_detail.html#changes", context)
    context["coursework"] = coursework_of(map_, request.user)
    return render(request, "maps/map_detail.html", context)


@require_GET
def node_detail(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    context = node_panel_context(request, map_, get_node(map_, node_id))
    template = "maps/node_detail.html"
    if request.htmx:
        template += "#node-panel"
    return render(request, template, context)


@require_GET
def scholar_list(request: HttpRequest) -> HttpResponse:
    scholars = Scholar.objects.annotate(work_count=Count("works", distinct=True))
    return render(request, "maps/scholar_list.html", {"scholars": scholars})


def _visible_nodes(request: HttpRequest) -> QuerySet[Node]:
    return Node.objects.filter(map__in=Map.objects.visible_to(request.user)).select_related("map")


@require_GET
def scholar_detail(request: HttpRequest, scholar_id: int) -> HttpResponse:
    scholar = get_object_or_404(Scholar.objects.prefetch_related("works"), pk=scholar_id)
    characterisations = (
        Characterisation.objects.visible_to(request.user)
        .filter(scholar=scholar)
        .select_related("source", "evidence")
        .prefetch_related("counter_sources")
    )
    theses = list(_visible_nodes(request).filter(scholar=scholar, kind="thesis"))
    context = {
        "scholar": scholar,
        "theses": theses,
        "characterisations": characterisations,
        # The evidence each of those theses uses and how; their maps are loaded together.
        "evidence_uses": scholar_evidence(scholar, {t.map_id: t.map for t in theses}.values()),
    }
    return render(request, "maps/scholar_detail.html", context)


@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        sources = sources.filter(Q(title__icontains=query) | Q(authors__icontains=query))
    return render(request, "maps/source_list.html", {"sources": sources, "query": query})


@require_GET
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.prefetch_related("scholars"), pk=source_id)
    visible_maps = Map.objects.visible_to(request.user)
    nodes = (
        Node.objects.filter(map__in=visible_maps)
        .filter(Q(source=source) | Q(extra_sources=source))
        .select_related("map")
        .distinct()
    )
    links = (
        Link.objects.filter(map__in=visible_maps, source_node__deleted_at__isnull=True)
        .exclude(target_node__deleted_at__isnull=False)
        .filter(Q(citation=source) | Q(attested_in=source))
        .select_related(
            "map",
            "source_node",
            "target_node",
            "scholar",
            "target_link__source_node",
            "target_link__target_node",
        )
        .prefetch_related("attested_in")
        .distinct()
    )
    # Characterisations made in this source, or that this source disputes.
    characterisations = (
        Characterisation.objects.visible_to(request.user)
        .filter(Q(source=source) | Q(counter_sources=source))
        .select_related("scholar", "source", "thesis")
        .distinct()
    )
    context = {
        "source": source,
        "nodes": nodes,
        "links": links,
        "characterisations": characterisations,
    }
    return render(request, "maps/source_detail.html", context)
