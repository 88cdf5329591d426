"""The shared library: scholars and sources, each with what the maps one may read make of them."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from argmap.debates.scholars import scholar_uses
from argmap.maps.models import GlossaryTerm, Link, Node, Scholar, Source
from argmap.maps.standing import CAPTION
from argmap.maps.standing import WORDS as STANDING_WORDS
from argmap.maps.visibility import readable_characterisations, readable_maps


@require_GET
def scholar_list(request: HttpRequest) -> HttpResponse:
    scholars = Scholar.objects.annotate(work_count=Count("works", distinct=True))
    return render(request, "debates/scholar_list.html", {"scholars": scholars})


@require_GET
def scholar_detail(request: HttpRequest, scholar_id: int) -> HttpResponse:
    scholar = get_object_or_404(Scholar.objects.prefetch_related("works"), pk=scholar_id)
    characterisations = (
        readable_characterisations(request.user)
        .filter(scholar=scholar)
        .select_related("source", "evidence", "scholar")
        .prefetch_related("counter_sources", "applies_to_evidence")
    )
    maps = readable_maps(request.user)
    theses = list(
        Node.objects.filter(map__in=maps, scholar=scholar, kind="thesis").select_related("map")
    )
    # Every map where the scholar holds a thesis or makes a use of evidence, loaded together.
    used_in = maps.filter(
        Q(pk__in=Link.objects.filter(scholar=scholar).values("map_id"))
        | Q(pk__in=[t.map_id for t in theses])
    )
    context = {
        "scholar": scholar,
        "theses": theses,
        "characterisations": characterisations,
        "uses": scholar_uses(scholar, used_in),
    }
    return render(request, "debates/scholar_detail.html", context)


@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        sources = sources.filter(Q(title__icontains=query) | Q(authors__icontains=query))
    return render(request, "debates/source_list.html", {"sources": sources, "query": query})


@require_GET
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source.objects.prefetch_related("scholars"), pk=source_id)
    maps = readable_maps(request.user)
    nodes = (
        Node.objects.filter(map__in=maps)
        .filter(Q(source=source) | Q(extra_sources=source))
        .select_related("map")
        .distinct()
    )
    links = (
        Link.objects.filter(map__in=maps, source_node__deleted_at__isnull=True)
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
        readable_characterisations(request.user)
        .filter(Q(source=source) | Q(counter_sources=source))
        .select_related("scholar", "source", "thesis")
        .prefetch_related("counter_sources")
        .distinct()
    )
    context = {
        "source": source,
        # In the order things happened, as every list of evidence.
        "nodes": sorted(nodes, key=lambda n: n.chronology),
        "links": links,
        "characterisations": characterisations,
    }
    return render(request, "debates/source_detail.html", context)


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    terms = GlossaryTerm.objects.prefetch_related("sources").order_by("term")
    context = {"terms": terms, "standings": STANDING_WORDS, "caption": CAPTION}
    return render(request, "debates/glossary.html", context)
