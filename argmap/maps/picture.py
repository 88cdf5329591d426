"""The map picture: the elements Cytoscape.js draws, built from a loaded map (no queries)."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.lib.dates import when
from argmap.maps.models import Link, LinkKind, Scholar
from argmap.maps.selectors import MapBundle


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
