"""The map picture: the elements Cytoscape.js draws of one view of a map.

A whole map of a hundred statements and more is a grid of unreadable boxes, so the picture
shows one view at a time (`View`): the *overview* (the theses and the links between them,
each thesis labelled with how much supports and opposes it), one *thesis*'s argument (its
section of the outline), or one *scholar*'s argument. Each view loads only its part of the map.
The overview draws the theses of the outline's first part (`argmap.maps.paging`): beyond a few
dozen, cards at whole-map zoom are too small to read, and the list of views names every thesis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from argmap.evaluation.wording import short_name
from argmap.lib.dates import when
from argmap.lib.text import shorten
from argmap.maps.models import Link, LinkKind, Map, Node, NodeKind, Scholar
from argmap.maps.paging import THESES_SHOWN
from argmap.maps.results import MapResults
from argmap.maps.selectors import MapBundle, part_bundle
from argmap.maps.structure import Structure, counts_into, link_ends, section_members

Elements = dict[str, list[dict[str, object]]]


def _short(text: str, limit: int = 90) -> str:
    return shorten(text, limit)


@dataclass(frozen=True)
class View:
    kind: str  # overview | thesis | scholar
    pk: int = 0

    @property
    def name(self) -> str:
        return "overview" if self.kind == "overview" else f"{self.kind}:{self.pk}"


def parse_view(raw: str | None) -> View:
    """`overview`, `thesis:12` or `scholar:3` (from the page's header or query); anything else
    is the overview."""
    kind, _, pk = (raw or "").partition(":")
    if kind in ("thesis", "scholar") and pk.isdigit():
        return View(kind, int(pk))
    return View("overview")


def scholars_of(map_: Map) -> list[Scholar]:
    """Everyone who holds a statement or makes a link in this map, by name (one query)."""
    alive = Q(nodes__map=map_, nodes__deleted_at__isnull=True) | Q(
        links__map=map_, links__deleted_at__isnull=True
    )
    return list(Scholar.objects.filter(alive).distinct().order_by("name"))


def thesis_options(map_: Map) -> SafeString:
    """The `<option>`s of the picture's list of views, one a thesis (one query). Built here
    rather than in a template loop: a map of 10,000 statements has some 500 theses."""
    rows = (
        Node.objects.filter(map=map_, kind=NodeKind.THESIS)
        .order_by("pk")
        .values_list("pk", "title", "text", "scholar__name")
    )
    options = []
    for pk, title, text, scholar in rows:
        who = f"{short_name(scholar)}: " if scholar else ""
        label = escape(who + shorten(title or text, 60))
        options.append(f'<option value="thesis:{pk}">{label}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every text above is escaped


def map_scholars(bundle: MapBundle) -> list[Scholar]:
    """Everyone who holds a statement or makes a link in this map, by name (no queries)."""
    found: dict[int, Scholar] = {}
    for scholar in [n.scholar for n in bundle.nodes.values()] + [
        ln.scholar for ln in bundle.links.values()
    ]:
        if scholar is not None:
            found[scholar.pk] = scholar
    return sorted(found.values(), key=lambda s: s.name)


def map_elements(
    bundle: MapBundle, statuses: Mapping[int, str]
) -> dict[str, list[dict[str, object]]]:
    """Cytoscape elements for the graph picture (no queries); `statuses` is each statement's
    status by id, from the evaluation the page shows.

    Cytoscape edges join nodes, but an undercut attacks a link and co-premises join a link
    together. Such a link is drawn through a small junction node: source → junction → target,
    co-premises → junction, undercutter → junction. Junctions carry kind "junction" so that
    they are styled apart and never counted as statements. Labels are data, set as text by
    Cytoscape (never HTML), and the whole dict reaches the page through `json_script`.
    """
    nodes: list[dict[str, object]] = []
    edges: list[dict[str, object]] = []
    for node in bundle.nodes.values():
        nodes.append(
            {
                "data": {
                    "id": f"n{node.pk}",
                    "pk": node.pk,
                    "kind": node.kind,
                    "label": _short(node.label),
                    "text": shorten(node.label, 400),
                    "scholar": node.scholar.name if node.scholar else "",
                    "sid": node.scholar_id,
                    "status": statuses.get(node.pk, ""),
                    "date": when(node.date_text, node.place_time),
                }
            }
        )
    needs_junction = {ln for ln, premises in bundle.co_premises.items() if premises}
    needs_junction.update(bundle.undercutters)

    def end_of(link: Link) -> str:
        if link.target_node_id is not None:
            return f"n{link.target_node_id}"
        return f"j{link.target_link_id}"

    for link in bundle.links.values():
        if link.kind == LinkKind.UNDERCUTS and link.target_link_id not in bundle.links:
            continue  # an undercut of a hidden link has nothing to attach to in the picture
        base = {
            "kind": link.kind,
            "pk": link.pk,
            "scholar": link.scholar.name if link.scholar else "",
            "sid": link.scholar_id,
        }
        if link.pk in needs_junction:
            nodes.append({"data": {"id": f"j{link.pk}", "kind": "junction", "pk": link.pk}})
            edges.append(
                {
                    "data": {
                        **base,
                        "id": f"l{link.pk}a",
                        "source": f"n{link.source_node_id}",
                        "target": f"j{link.pk}",
                        "part": "head",
                    }
                }
            )
            edges.append(
                {
                    "data": {
                        **base,
                        "id": f"l{link.pk}",
                        "source": f"j{link.pk}",
                        "target": end_of(link),
                    }
                }
            )
            for premise in bundle.co_premises.get(link.pk, []):
                edges.append(
                    {
                        "data": {
                            **base,
                            "id": f"l{link.pk}p{premise}",
                            "source": f"n{premise}",
                            "target": f"j{link.pk}",
                            "part": "co-premise",
                        }
                    }
                )
        else:
            edges.append(
                {
                    "data": {
                        **base,
                        "id": f"l{link.pk}",
                        "source": f"n{link.source_node_id}",
                        "target": end_of(link),
                    }
                }
            )
    return {"nodes": nodes, "edges": edges}


def overview_elements(
    structure: Structure, theses: Mapping[int, Node], results: MapResults
) -> Elements:
    """The theses and the links between them; each labelled with who holds it and how many
    links support and oppose it (no queries: `theses` are loaded)."""
    nodes: list[dict[str, object]] = []
    for pk, node in theses.items():
        supports, opposes = counts_into(structure, pk)
        who = f"{short_name(node.scholar.name)}: " if node.scholar is not None else ""
        if node.label.startswith(who.strip()):  # "USSBS: Japan would have…" names its holder
            who = ""
        nodes.append(
            {
                "data": {
                    "id": f"n{pk}",
                    "pk": pk,
                    "kind": "thesis",
                    "label": who + _short(node.label, 80),
                    "text": who + shorten(node.label, 400),
                    "scholar": node.scholar.name if node.scholar else "",
                    "sid": node.scholar_id,
                    "status": results.status(pk),
                    "counts": f"{supports} for · {opposes} against",
                }
            }
        )
    edges: list[dict[str, object]] = [
        {
            "data": {
                "id": f"l{pk}",
                "pk": pk,
                "kind": edge.kind,
                "source": f"n{edge.source}",
                "target": f"n{edge.target}",
                "sid": edge.scholar_id,
            }
        }
        for pk, edge in structure.links.items()
        if edge.target in theses and edge.source in theses
    ]
    return {"nodes": nodes, "edges": edges}


def view_members(structure: Structure, view: View) -> set[int]:
    """The statements a thesis's or a scholar's view shows."""
    if view.kind == "thesis" and view.pk in structure.nodes:
        return section_members(structure, view.pk)
    if view.kind == "scholar":
        found = {pk for pk, row in structure.nodes.items() if row.scholar_id == view.pk}
        for link_id, edge in structure.links.items():
            if edge.scholar_id == view.pk:
                found |= link_ends(structure, link_id)
        return found
    return set()


def view_elements(
    map_: Map,
    structure: Structure,
    results: MapResults,
    view: View,
    theses: Mapping[int, Node] | None = None,
) -> Elements:
    """The elements of one view (the overview reads the first theses from `theses` when they are
    loaded there; the others load their part of the map)."""
    if view.kind == "overview":
        first = sorted(structure.theses())[:THESES_SHOWN]
        if theses is None or any(pk not in theses for pk in first):
            rows = Node.objects.filter(pk__in=first).select_related("scholar")
            theses = {n.pk: n for n in rows.order_by("pk")}
        return overview_elements(structure, {pk: theses[pk] for pk in first}, results)
    members = view_members(structure, view)
    if not members:
        return {"nodes": [], "edges": []}
    statuses = {pk: results.status(pk) for pk in members}
    return map_elements(part_bundle(map_, members), statuses)
