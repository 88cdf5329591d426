"""Reads for export: a stored map as a plain graph with everything the formats carry, and files.

`map_export_graph` is `bundle_graph(map_bundle(map))` plus what the bundle leaves out and a
lossless file needs: the map's description and the scholars' works (one query more, whatever the
size of the map).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from argmap import interchange
from argmap.graph import Graph
from argmap.maps.graphs import bundle_graph, graph_source
from argmap.maps.models import Map, Scholar
from argmap.maps.selectors import map_bundle


def map_export_graph(map_: Map) -> Graph:
    graph = bundle_graph(map_bundle(map_))
    graph.description = map_.description
    works = Scholar.works.through.objects.filter(
        scholar_id__in=[int(sid) for sid in graph.scholars]
    ).select_related("source")
    for row in works.order_by("scholar_id", "source_id"):
        graph.scholars[str(row.scholar_id)].works.append(str(row.source_id))
        if str(row.source_id) not in graph.sources:
            graph.sources[str(row.source_id)] = graph_source(row.source)
    return graph


@dataclass(frozen=True, slots=True)
class Export:
    filename: str
    content_type: str  # with its charset
    text: str
    lost: list[str]  # what the format could not express of this map


def map_export(*, map: Map, format: str) -> Export:
    """The map as a file in `format` (a key of `argmap.interchange.FORMATS` with a writer)."""
    fmt = interchange.FORMATS[format]
    written = interchange.write(format, map_export_graph(map))
    stem = slugify(map.title)[:80] or f"map-{map.pk}"
    return Export(
        filename=f"{stem}.{fmt.extension}",
        content_type=f"{fmt.content_type}; charset=utf-8",
        text=written.text,
        lost=written.lost,
    )


def map_export_losses(map_: Map) -> dict[str, list[str]]:
    """Format name -> what exporting this map in it would drop (without writing any file)."""
    graph = map_export_graph(map_)
    return {fmt.name: fmt.losses(graph) for fmt in interchange.EXPORT_FORMATS}
