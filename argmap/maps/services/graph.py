"""Writing a whole plain `Graph` as a new map: imports, all or nothing. (Forks copy stored rows
inside the database instead: `argmap.maps.services.copy`.)

The graph is validated completely before the first row is written, by the same checks every
importer ends with (`argmap.interchange.checks.check_graph`), and every row is then written inside
one transaction so that the number of queries does not grow with the size of the graph: on
PostgreSQL by one COPY per table (`argmap.maps.services.bulk`), elsewhere (SQLite, for `make
run`) by the ORM's bulk inserts, which also validate each row by its model and write a layer of
undercuts-of-undercuts per query.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from argmap.graph import Graph, GraphLink, GraphSource
from argmap.interchange.base import DEFAULT_LIMITS, InterchangeError, Limits
from argmap.interchange.checks import check_graph, undercut_depths
from argmap.maps.graphs import (
    graph_source,
    link_from_graph,
    node_from_graph,
    source_from_graph,
)
from argmap.maps.models import (
    Characterisation,
    Link,
    Map,
    Node,
    Revision,
    RevisionAction,
    Scholar,
    Source,
    Visibility,
)
from argmap.maps.services.bulk import copy_graph
from argmap.maps.services.core import map_create
from argmap.maps.visibility import readable_scholars, readable_sources

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_ERRORS_SHOWN = 20
# Fields whose validation would query the database row by row; their values are resolved here.
_NODE_FK_FIELDS = ["map", "scholar", "source", "origin", "extra_sources"]
_LINK_FK_FIELDS = [
    "map",
    "source_node",
    "target_node",
    "target_link",
    "scholar",
    "citation",
    "co_premises",
    "attested_in",
]


def _fail(errors: list[str]) -> None:
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(f"… and {len(errors) - MAX_ERRORS_SHOWN} more problems.")
        raise ValidationError(shown)


def _resolve_sources(graph: Graph, *, reuse_ids: bool, owner: User) -> dict[str, Source]:
    """Graph source id -> Source: an existing one with the same key (or, for a fork, the same
    primary key), otherwise a new one, the owner's until a map others can read cites it.

    An import matches only sources its owner may read: matching another user's private record
    would reveal it and publish it with the map. A fork copies a map that may be read, so its
    sources are the map's own."""
    keys = {s.key for s in graph.sources.values() if s.key}
    known = Source.objects.all() if reuse_ids else readable_sources(owner)
    by_key = {s.key: s for s in known.filter(key__in=keys)}
    # A key someone else's private source holds: the new record goes without it (keys are
    # unique), and nothing tells the importer that the key exists.
    taken = (
        set()
        if reuse_ids
        else set(Source.objects.filter(key__in=keys).values_list("key", flat=True))
    )
    # Without a key, a readable source identical in every field is the same source: restoring a
    # backup into the database it came from does not duplicate the bibliography.
    titles = {s.title for s in graph.sources.values() if not s.key}
    by_record: dict[tuple[object, ...], Source] = {}
    for found in known.filter(title__in=titles, key__isnull=True).order_by("pk"):
        by_record.setdefault(_record(graph_source(found)), found)
    by_pk: dict[str, Source] = {}
    if reuse_ids:
        pks = [int(i) for i in graph.sources if i.isdigit()]
        by_pk = {str(s.pk): s for s in Source.objects.filter(pk__in=pks)}
    resolved: dict[str, Source] = {}
    new: list[Source] = []
    errors: list[str] = []
    for gid, item in graph.sources.items():
        existing = by_key.get(item.key) if item.key else by_record.get(_record(item))
        existing = existing or by_pk.get(gid)
        if existing is not None:
            resolved[gid] = existing
            continue
        source = source_from_graph(item, created_by=owner)
        if source.key in taken and source.key not in by_key:
            source.key = None
        try:
            source.full_clean(exclude=["created_by"], validate_unique=False)
        except ValidationError as exc:
            errors.extend(f"source {gid!r}: {m}" for m in exc.messages)
        resolved[gid] = source
        new.append(source)
        if item.key:
            by_key[item.key] = source  # two records of the graph with one key are one source
    _fail(errors)
    Source.objects.bulk_create(new)
    return resolved


def _record(item: GraphSource) -> tuple[object, ...]:
    return tuple(getattr(item, f.name) for f in dataclasses.fields(item) if f.name != "id")


def _resolve_scholars(
    graph: Graph, sources: Mapping[str, Source], *, reuse_ids: bool, owner: User
) -> dict[str, Scholar]:
    """Graph scholar id -> Scholar, matched by key, by primary key for a fork, or by exact name;
    like sources, an import matches only scholars its owner may read."""
    keys = {s.key for s in graph.scholars.values() if s.key}
    names = {s.name for s in graph.scholars.values()}
    known = Scholar.objects.all() if reuse_ids else readable_scholars(owner)
    by_key = {s.key: s for s in known.filter(key__in=keys)}
    by_name = {s.name: s for s in known.filter(name__in=names).order_by("-pk")}
    taken = (
        set()
        if reuse_ids
        else set(Scholar.objects.filter(key__in=keys).values_list("key", flat=True))
    )
    by_pk: dict[str, Scholar] = {}
    if reuse_ids:
        pks = [int(i) for i in graph.scholars if i.isdigit()]
        by_pk = {str(s.pk): s for s in Scholar.objects.filter(pk__in=pks)}
    resolved: dict[str, Scholar] = {}
    new: list[tuple[Scholar, list[str]]] = []
    for gid, item in graph.scholars.items():
        found = (
            (by_key.get(item.key) if item.key else None) or by_pk.get(gid) or by_name.get(item.name)
        )
        if found is None:
            key = item.key if item.key and item.key not in taken else None
            found = Scholar(key=key, name=item.name, role=item.role, created_by=owner)
            new.append((found, item.works))
            # Two records of the graph for one scholar are one scholar.
            by_name[item.name] = found
            if item.key:
                by_key[item.key] = found
        resolved[gid] = found
    Scholar.objects.bulk_create([s for s, _ in new])
    Scholar.works.through.objects.bulk_create(
        [
            Scholar.works.through(scholar=s, source=sources[w])
            for s, works in new
            for w in dict.fromkeys(works)
        ]
    )
    return resolved


def _link_layers(graph: Graph) -> list[list[GraphLink]]:
    """The links in layers by undercut depth, each in the graph's order: an undercut is written
    in the layer after the link it attacks (the graph is checked: no cycle of undercuts)."""
    depths = undercut_depths(graph)
    layers: list[list[GraphLink]] = [[] for _ in range(max(depths.values(), default=-1) + 1)]
    for link_id, link in graph.links.items():
        layers[depths[link_id]].append(link)
    return layers


def _check(graph: Graph, limits: Limits) -> None:
    """The importers' checks, as the services' refusal."""
    try:
        check_graph(graph, limits)
    except InterchangeError as exc:
        raise ValidationError(str(exc)) from exc


@transaction.atomic
def map_create_from_graph(
    *,
    owner: User,
    graph: Graph,
    title: str | None = None,
    question: str | None = None,
    visibility: str = Visibility.PRIVATE,
    forked_from: Map | None = None,
    reuse_ids: bool = False,
    origins: Mapping[str, int] | None = None,
    with_characterisations: bool = True,
    limits: Limits = DEFAULT_LIMITS,
    checked: bool = False,
) -> Map:
    """Write `graph` as a new map owned by `owner`; all or nothing.

    `reuse_ids` says the graph's source and scholar ids are primary keys of this database (a
    graph read from a stored map); `origins` maps graph node ids to the node each copy descends
    from. `checked` says the graph comes straight from a reader (`argmap.interchange.read`),
    whose last step is the same `check_graph` with the same limits: it is not checked twice.
    """
    if not checked:
        _check(graph, limits)
    sources = _resolve_sources(graph, reuse_ids=reuse_ids, owner=owner)
    scholars = _resolve_scholars(graph, sources, reuse_ids=reuse_ids, owner=owner)
    map_ = map_create(
        owner=owner,
        title=(title or graph.title or "Untitled map")[:200],
        question=(graph.question if question is None else question)[:500],
        visibility=visibility,
    )
    if forked_from is not None:
        map_.forked_from = forked_from
        map_.save(update_fields=["forked_from"])

    layers = _link_layers(graph)
    if connection.vendor == "postgresql":
        nodes, links = copy_graph(
            graph=graph,
            map=map_,
            layers=layers,
            scholars=scholars,
            sources=sources,
            origins=origins or {},
            now=timezone.now(),
        )
    else:
        nodes, links = _create_rows(graph, map_, layers, scholars, sources, origins or {})
    if with_characterisations:
        _write_characterisations(graph, map_, nodes, sources, scholars)
    # The map's first revision (written by map_create) says where its content came from.
    origin = f"copied from “{forked_from.title[:80]}”" if forked_from else "imported"
    Revision.objects.filter(map=map_, target_type="map", action=RevisionAction.CREATE).update(
        summary=f"map “{map_.title[:80]}”, {origin}: {len(nodes)} statements, {len(links)} links"
    )
    return map_


def _create_rows(
    graph: Graph,
    map_: Map,
    layers: list[list[GraphLink]],
    scholars: Mapping[str, Scholar],
    sources: Mapping[str, Source],
    origins: Mapping[str, int],
) -> tuple[dict[str, int], dict[str, int]]:
    """The statements, links and their related rows through the ORM's bulk inserts, each row
    validated by its model too (SQLite, for `make run`); ids as `copy_graph` gives them."""
    errors: list[str] = []
    nodes: dict[str, Node] = {}
    for gid, item in graph.nodes.items():
        node = node_from_graph(
            item, map=map_, scholars=scholars, sources=sources, origin_id=origins.get(gid)
        )
        try:
            node.full_clean(
                exclude=_NODE_FK_FIELDS, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            errors.extend(f"node {gid!r}: {m}" for m in exc.messages)
        nodes[gid] = node
    _fail(errors)
    Node.objects.bulk_create(nodes.values(), batch_size=1000)
    Node.extra_sources.through.objects.bulk_create(
        [
            Node.extra_sources.through(node=nodes[gid], source=sources[s])
            for gid, item in graph.nodes.items()
            for s in dict.fromkeys(item.extra_sources)
            if s in sources
        ]
    )
    links: dict[str, Link] = {}
    for layer in layers:
        batch: list[Link] = []
        for glink in layer:
            link = link_from_graph(
                glink, map=map_, nodes=nodes, links=links, scholars=scholars, sources=sources
            )
            try:
                link.full_clean(
                    exclude=_LINK_FK_FIELDS, validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                errors.extend(f"link {glink.id!r}: {m}" for m in exc.messages)
            links[glink.id] = link
            batch.append(link)
        _fail(errors)
        Link.objects.bulk_create(batch, batch_size=1000)
    Link.co_premises.through.objects.bulk_create(
        [
            Link.co_premises.through(link=links[lid], node=nodes[p])
            for lid, glink in graph.links.items()
            for p in dict.fromkeys(glink.co_premises)
            if p not in (glink.source, glink.target)
        ]
    )
    Link.attested_in.through.objects.bulk_create(
        [
            Link.attested_in.through(link=links[lid], source=sources[s])
            for lid, glink in graph.links.items()
            for s in dict.fromkeys(glink.attested_in)
            if s in sources
        ]
    )
    return {gid: n.pk for gid, n in nodes.items()}, {lid: ln.pk for lid, ln in links.items()}


def _write_characterisations(
    graph: Graph,
    map_: Map,
    nodes: Mapping[str, int],
    sources: Mapping[str, Source],
    scholars: Mapping[str, Scholar],
) -> None:
    errors: list[str] = []
    made: list[tuple[Characterisation, list[str]]] = []
    shown: list[list[int]] = []
    for item in graph.characterisations:
        if item.scholar not in scholars or item.source not in sources:
            errors.append(f"characterisation {item.id!r}: unknown scholar or source")
            continue
        made.append(
            (
                Characterisation(
                    map=map_,
                    scholar=scholars[item.scholar],
                    source=sources[item.source],
                    text=item.text,
                    status=item.status,
                    status_note=item.status_note,
                    note=item.note,
                    thesis_id=nodes.get(item.thesis) if item.thesis else None,
                    evidence_id=nodes.get(item.evidence) if item.evidence else None,
                    quotes=[{**q, "source": sources[q["source"]].pk} for q in item.quotes],
                    explanation=item.explanation,
                    likely_cause=item.likely_cause,
                ),
                item.counter_sources,
            )
        )
        shown.append([nodes[n] for n in item.applies_to_evidence])
    _fail(errors)
    Characterisation.objects.bulk_create([c for c, _ in made])
    Characterisation.applies_to_evidence.through.objects.bulk_create(
        [
            Characterisation.applies_to_evidence.through(characterisation=c, node_id=n)
            for (c, _), evidence in zip(made, shown, strict=True)
            for n in dict.fromkeys(evidence)
        ]
    )
    Characterisation.counter_sources.through.objects.bulk_create(
        [
            Characterisation.counter_sources.through(characterisation=c, source=sources[s])
            for c, counters in made
            for s in dict.fromkeys(counters)
            if s in sources
        ]
    )
