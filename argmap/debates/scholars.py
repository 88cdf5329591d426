"""The scholar page's evidence: what each of a scholar's theses uses, and how.

A scholar's theses may sit in many maps (the demo, its forks, students' maps), so the maps are
loaded together: the same seven queries as `map_bundle`, whatever their number or size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from argmap.debates.selectors import Cell, Stances
from argmap.maps.models import Characterisation, Link, Map, Node, NodeKind, Scholar, Source
from argmap.maps.selectors import MapBundle


def map_bundles(maps: Iterable[Map]) -> list[MapBundle]:
    """`argmap.maps.selectors.map_bundle` for several maps in seven queries in all. Keep the
    two in step: a test checks that they load the same map alike."""
    by_id = {m.pk: m for m in maps}
    if not by_id:
        return []
    nodes: dict[int, dict[int, Node]] = defaultdict(dict)
    for node in Node.objects.filter(map__in=by_id).select_related("source", "scholar"):
        nodes[node.map_id][node.pk] = node
    links: dict[int, dict[int, Link]] = defaultdict(dict)
    for link in Link.objects.filter(map__in=by_id).select_related("scholar", "citation"):
        alive = nodes[link.map_id]
        if link.source_node_id in alive and (
            link.target_node_id is None or link.target_node_id in alive
        ):
            links[link.map_id][link.pk] = link
    co_premises: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = Link.co_premises.through.objects.filter(link__map__in=by_id)
    for map_id, link_id, node_id in rows.values_list("link__map_id", "link_id", "node_id"):
        if node_id in nodes[map_id]:
            co_premises[map_id][link_id].append(node_id)
    attested: dict[int, dict[int, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for row in Link.attested_in.through.objects.filter(link__map__in=by_id).select_related(
        "source", "link"
    ):
        attested[row.link.map_id][row.link_id].append(row.source)
    extra: dict[int, dict[int, list[Source]]] = defaultdict(lambda: defaultdict(list))
    for cited in Node.extra_sources.through.objects.filter(node__map__in=by_id).select_related(
        "source", "node"
    ):
        extra[cited.node.map_id][cited.node_id].append(cited.source)
    characterisations: dict[int, list[Characterisation]] = defaultdict(list)
    for item in (
        Characterisation.objects.filter(thesis__map__in=by_id, thesis__deleted_at__isnull=True)
        .select_related("source", "scholar", "thesis")
        .prefetch_related("counter_sources")
    ):
        assert item.thesis is not None
        characterisations[item.thesis.map_id].append(item)
    return [
        MapBundle(
            map_,
            nodes[pk],
            links[pk],
            dict(co_premises[pk]),
            dict(attested[pk]),
            dict(extra[pk]),
            characterisations[pk],
        )
        for pk, map_ in by_id.items()
    ]


@dataclass
class ThesisEvidence:
    thesis: Node
    map: Map
    cells: list[Cell]  # the evidence its argument uses or contests, chronologically


def scholar_evidence(scholar: Scholar, maps: Iterable[Map]) -> list[ThesisEvidence]:
    """For each thesis of `scholar` in `maps`: the evidence it uses and how (stance, rationale,
    attestation). Only the thesis's own argument counts here, not paths through other theses."""
    found = []
    for bundle in map_bundles(maps):
        stances = Stances(bundle)
        for thesis in bundle.theses():
            if thesis.scholar_id != scholar.pk:
                continue
            reached = stances.reached_by(thesis)
            cells = [
                cell
                for evidence in stances.evidence()
                if evidence.pk in reached
                and (cell := stances.cell(evidence, thesis)).uses
                and evidence.kind == NodeKind.EVIDENCE
            ]
            found.append(ThesisEvidence(thesis, bundle.map, cells))
    return found
