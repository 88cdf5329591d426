"""Reading pages: home, maps, a map's outline and picture, scholars and sources."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from argmap.debates.scholars import scholar_evidence
from argmap.maps.models import Characterisation, Link, Map, Node, Scholar, Source, Visibility
from argmap.maps.selectors import map_bundle, map_elements, map_outline


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _maps_with_counts(queryset: QuerySet[Map]) -> QuerySet[Map]:
    return queryset.select_related("owner").annotate(
        node_count=Count("nodes", filter=Q(nodes__deleted_at__isnull=True), distinct=True),
        thesis_count=Count(
            "nodes", filter=Q(nodes__deleted_at__isnull=True, nodes__kind="thesis"), distinct=True
        ),
    )


def get_map_for_user(request: HttpRequest, map_id: int) -> Map:
    """The map if this user may read it; 404 otherwise (never a hint that it exists)."""
    return get_object_or_404(
        Map.objects.visible_to(request.user).select_related("owner"), pk=map_id
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    public = _maps_with_counts(Map.objects.filter(visibility=Visibility.PUBLIC))[:6]
    mine = _maps_with_counts(Map.objects.owned_by(request.user))[:10]
    return render(request, "maps/home.html", {"public_maps": public, "my_maps": mine})


@require_GET
def map_list(request: HttpRequest) -> HttpResponse:
    mine = _maps_with_counts(Map.objects.owned_by(request.user))
    public = _maps_with_counts(
        Map.objects.filter(visibility=Visibility.PUBLIC).exclude(
            owner=request.user if request.user.is_authenticated else None
        )
    )
    return render(request, "maps/map_list.html", {"my_maps": mine, "public_maps": public})


def _url_prefixes(map_: Map) -> dict[str, str]:
    """Prefixes for the outline's links: a page of 1,000 statements would otherwise reverse
    4,000 URLs, which costs more than everything else the template does."""
    return {
        "node": reverse("maps:node-detail", args=[map_.pk, 0]).removesuffix("0/"),
        "scholar": reverse("maps:scholar-detail", args=[0]).removesuffix("0/"),
        "source": reverse("maps:source-detail", args=[0]).removesuffix("0/"),
    }


@require_GET
def map_detail(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    bundle = map_bundle(map_)
    context = {
        "map": map_,
        "outline": map_outline(bundle),
        "elements": map_elements(bundle),
        "node_count": len(bundle.nodes),
        "link_count": len(bundle.links),
        "can_edit": request.user.has_perm("maps.change_map", map_),
        "urls": _url_prefixes(map_),
    }
    return render(request, "maps/map_detail.html", context)


@require_GET
def node_detail(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    node = get_object_or_404(
        Node.objects.filter(map=map_)
        .select_related("source", "scholar")
        .prefetch_related("extra_sources"),
        pk=node_id,
    )
    link_rows = Link.objects.select_related(
        "scholar",
        "citation",
        "source_node",
        "target_node",
        "target_link__source_node",
        "target_link__target_node",
    )
    context = {
        "map": map_,
        "node": node,
        "incoming": link_rows.filter(target_node=node, source_node__deleted_at__isnull=True),
        "outgoing": link_rows.filter(source_node=node).exclude(
            target_node__deleted_at__isnull=False
        ),
    }
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
    visible_maps = Map.objects.visible_to(request.user)
    characterisations = (
        Characterisation.objects.filter(scholar=scholar)
        .filter(Q(thesis__isnull=True) | Q(thesis__map__in=visible_maps))
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
        Characterisation.objects.filter(Q(source=source) | Q(counter_sources=source))
        .filter(Q(thesis__isnull=True) | Q(thesis__map__in=visible_maps))
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
