"""Reads of maps: one map or many loaded whole in a constant number of queries, and the lists of
maps the pages show.

`map_bundles()` loads every live node and link of some maps with everything the pages show in
seven queries, whatever the number or the size of the maps; the outline
(`argmap.maps.outline`), the picture (`argmap.maps.picture`) and the plain `Graph`
(`argmap.maps.graphs`) are then built in Python from a bundle, never by touching the ORM per
node.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from argmap.lib.glossary import Glossary, glossary_of
from argmap.maps.models import (
    Characterisation,
    GlossaryTerm,
    Link,
    Map,
    Node,
    NodeKind,
    Source,
)


@dataclass
class MapBundle:
    map: Map
    nodes: dict[int, Node]
    links: dict[int, Link]
    co_premises: dict[int, list[int]]  # link id -> node ids
    attested_in: dict[int, list[Source]]  # link id -> sources
    extra_sources: dict[int, list[Source]]  # node id -> sources
    characterisations: list[Characterisation]
    incoming: dict[int, list[Link]] = field(default_factory=dict)  # node id -> links into it
    undercutters: dict[int, list[Link]] = field(default_factory=dict)  # link id -> undercuts
    outgoing: dict[int, list[Link]] = field(default_factory=dict)  # node id -> links out of it

    def __post_init__(self) -> None:
        incoming: dict[int, list[Link]] = defaultdict(list)
        undercutters: dict[int, list[Link]] = defaultdict(list)
        outgoing: dict[int, list[Link]] = defaultdict(list)
        for link in self.links.values():
            # Point each link at the loaded nodes, so that reading its ends costs no query.
            link.source_node = self.nodes[link.source_node_id]
            if link.target_node_id is not None:
                link.target_node = self.nodes[link.target_node_id]
            elif link.target_link_id in self.links:
                link.target_link = self.links[link.target_link_id]
            outgoing[link.source_node_id].append(link)
            if link.target_node_id is not None:
                incoming[link.target_node_id].append(link)
            elif link.target_link_id is not None:
                undercutters[link.target_link_id].append(link)
        self.incoming, self.undercutters, self.outgoing = incoming, undercutters, outgoing

    def theses(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == NodeKind.THESIS]


def map_bundle(map_: Map) -> MapBundle:
    """Every live node and link of `map_` with their sources and scholars: 7 queries."""
    return map_bundles([map_])[0]


def map_bundles(maps: Iterable[Map], *, only: Iterable[int] | None = None) -> list[MapBundle]:
    """`map_bundle` for several maps (the scholar page reads every map that holds a scholar's
    theses): seven queries in all, whatever their number or size; in the order given.

    `only`: load just these statements (of any of the maps) and the links among them, for a
    page that shows a part of a map (one thesis's section, one statement's neighbourhood, a
    scholar's uses of evidence)."""
    by_id = {m.pk: m for m in maps}
    if not by_id:
        return []
    wanted = set(only) if only is not None else None
    node_rows = Node.objects.filter(map__in=by_id).select_related("source", "scholar")
    link_rows = Link.objects.filter(map__in=by_id).select_related("scholar", "citation")
    if wanted is not None:
        node_rows = node_rows.filter(pk__in=wanted)
        link_rows = link_rows.filter(source_node__in=wanted)
    nodes: dict[int, dict[int, Node]] = {pk: {} for pk in by_id}
    for node in node_rows:
        nodes[node.map_id][node.pk] = node
    links: dict[int, dict[int, Link]] = {pk: {} for pk in by_id}
    for link in link_rows:
        alive = nodes[link.map_id]
        # A link whose end was deleted is hidden with it (deleting a node deletes its links;
        # this only guards against rows written around the services).
        if link.source_node_id in alive and (
            link.target_node_id is None or link.target_node_id in alive
        ):
            links[link.map_id][link.pk] = link
    if wanted is not None:  # an undercut of a link left out has nothing to attach to
        for found in links.values():
            for pk in [pk for pk, ln in found.items() if ln.target_node_id is None]:
                if found[pk].target_link_id not in found:
                    del found[pk]
    link_ids = [pk for found in links.values() for pk in found] if wanted is not None else None
    co_premises: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = Link.co_premises.through.objects.filter(link__map__in=by_id)
    if link_ids is not None:
        rows = rows.filter(link__in=link_ids)
    for map_id, link_id, node_id in rows.values_list("link__map_id", "link_id", "node_id"):
        if node_id in nodes[map_id]:
            co_premises[map_id][link_id].append(node_id)
    attested: dict[int, dict[int, list[Source]]] = defaultdict(lambda: defaultdict(list))
    cited = Link.attested_in.through.objects.filter(link__map__in=by_id)
    if link_ids is not None:
        cited = cited.filter(link__in=link_ids)
    for row in cited.select_related("source", "link"):
        attested[row.link.map_id][row.link_id].append(row.source)
    extra: dict[int, dict[int, list[Source]]] = defaultdict(lambda: defaultdict(list))
    also = Node.extra_sources.through.objects.filter(node__map__in=by_id)
    if wanted is not None:
        also = also.filter(node__in=wanted)
    for item in also.select_related("source", "node"):
        extra[item.node.map_id][item.node_id].append(item.source)
    characterisations: dict[int, list[Characterisation]] = defaultdict(list)
    described = Characterisation.objects.filter(
        thesis__map__in=by_id, thesis__deleted_at__isnull=True
    )
    if wanted is not None:
        # Those of these theses, and those shown on this evidence (a disputed attribution).
        described = described.filter(
            Q(thesis__in=wanted) | Q(applies_to_evidence__in=wanted) | Q(evidence__in=wanted)
        ).distinct()
    for described_one in described.select_related("source", "scholar", "thesis").prefetch_related(
        "counter_sources", "applies_to_evidence"
    ):
        assert described_one.thesis is not None  # the filter above
        characterisations[described_one.thesis.map_id].append(described_one)
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


def part_bundle(map_: Map, node_ids: Iterable[int]) -> MapBundle:
    """The part of `map_` a page shows: these statements and the links among them (seven
    queries, in proportion to the part, not to the map)."""
    return map_bundles([map_], only=node_ids)[0]


# --- lists of maps ------------------------------------------------------------------------------


def with_counts(maps: QuerySet[Map]) -> QuerySet[Map]:
    """Maps for a list, each with its numbers of live statements and theses."""
    alive = Q(nodes__deleted_at__isnull=True)
    return maps.select_related("owner").annotate(
        node_count=Count("nodes", filter=alive, distinct=True),
        thesis_count=Count("nodes", filter=alive & Q(nodes__kind="thesis"), distinct=True),
    )


def deleted_maps(owner: AbstractBaseUser | AnonymousUser) -> QuerySet[Map]:
    """The owner's deleted maps, which only they can see and restore (every other queryset
    hides deleted maps)."""
    if not owner.is_authenticated:
        return Map.all_objects.none()
    return Map.all_objects.filter(owner_id=owner.pk, deleted_at__isnull=False)


def glossary() -> Glossary:
    """The glossary's terms, ready to mark texts with (one query)."""
    rows = [
        (t.term, t.slug, t.definition, t.spellings) for t in GlossaryTerm.objects.order_by("term")
    ]
    return glossary_of(rows, reverse("debates:glossary"))


def characterisations_on(
    bundle: MapBundle, node: Node, *, thesis: Node | None = None
) -> list[Characterisation]:
    """The characterisations to show with `node`: about it as a thesis, or shown on it as
    evidence (for `thesis` only, when given: a matrix cell)."""
    found = []
    for item in bundle.characterisations:
        if thesis is not None and item.thesis_id != thesis.pk:
            continue
        shown = {e.pk for e in item.applies_to_evidence.all()} | {item.evidence_id}
        if item.thesis_id == node.pk or node.pk in shown:
            found.append(item)
    return found
