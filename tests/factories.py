"""factory_boy factories that write through the services, so test data obeys the same rules."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Link, Map, Node, Scholar, Source


class ServiceFactory(factory.Factory):
    """Creates objects by calling a service function with the declared attributes."""

    class Meta:
        abstract = True

    _service: Any = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        return cls._service(**kwargs)


class SourceFactory(ServiceFactory):
    class Meta:
        model = Source

    _service = staticmethod(services.source_create)
    title = factory.Sequence(lambda n: f"A history of the war, volume {n}")
    authors = "A. Historian"
    year = 1995


class ScholarFactory(ServiceFactory):
    class Meta:
        model = Scholar

    _service = staticmethod(services.scholar_create)
    name = factory.Sequence(lambda n: f"Scholar {n}")


class MapFactory(ServiceFactory):
    class Meta:
        model = Map

    # No default owner: every map belongs to someone of the cast (tests/cast.py).
    _service = staticmethod(services.map_create)
    title = factory.Sequence(lambda n: f"Map {n}")
    question = "Why did it happen?"


class NodeFactory(ServiceFactory):
    class Meta:
        model = Node

    _service = staticmethod(services.node_create)
    map = factory.SubFactory(MapFactory)
    kind = "claim"
    text = factory.Sequence(lambda n: f"Statement number {n}")


class ThesisFactory(NodeFactory):
    kind = "thesis"
    text = factory.Sequence(lambda n: f"Thesis number {n}")


class EvidenceFactory(NodeFactory):
    kind = "evidence"
    text = factory.Sequence(lambda n: f"Evidence number {n}")
    evidence_kind = "document"
    source = factory.SubFactory(SourceFactory)
    date_text = "1945-08-06"


class LinkFactory(ServiceFactory):
    class Meta:
        model = Link

    _service = staticmethod(services.link_create)
    map = factory.SubFactory(MapFactory)
    kind = "supports"
    source = factory.SubFactory(NodeFactory, map=factory.SelfAttribute("..map"))
    target = factory.SubFactory(ThesisFactory, map=factory.SelfAttribute("..map"))


def small_debate(owner: User, *, visibility: str = "public") -> Map:
    """A thesis, its rival, and dated, cited evidence for and against."""
    map_ = services.map_create(owner=owner, title="Why did Japan surrender?", visibility=visibility)
    source = services.source_create(title="The Effects of the Atomic Bombs", year=1946)
    bomb = services.node_create(map=map_, kind="thesis", text="The bombs ended the war")
    soviet = services.node_create(map=map_, kind="thesis", text="The Soviet entry ended it")
    hiroshima = services.node_create(
        map=map_,
        kind="evidence",
        text="Hiroshima is destroyed by an atomic bomb",
        source=source,
        date_text="1945-08-06",
        evidence_kind="event",
    )
    declaration = services.node_create(
        map=map_,
        kind="evidence",
        text="The Soviet Union declares war on Japan",
        source=source,
        date_text="1945-08-08",
        evidence_kind="event",
    )
    services.link_create(map=map_, kind="supports", source=hiroshima, target=bomb)
    services.link_create(map=map_, kind="supports", source=declaration, target=soviet)
    services.link_create(map=map_, kind="opposes", source=soviet, target=bomb)
    return map_


def build_map(owner: User, *, nodes: int, visibility: str = "private") -> Map:
    """A tree-shaped map of about `nodes` statements: theses, claims under them, evidence below,
    with an undercut and a co-premise so that every kind of element is on the page."""
    map_ = MapFactory(owner=owner, visibility=visibility)
    source = SourceFactory()
    theses = [ThesisFactory(map=map_) for _ in range(max(1, nodes // 20))]
    made: list[Node] = list(theses)
    links: list[Link] = []
    index = 0
    while len(made) < nodes:
        parent = made[index // 3]  # each node gets about three children
        kind = "evidence" if len(made) % 2 else "claim"
        extra: dict[str, Any] = (
            {
                "source": source,
                "evidence_kind": "event",
                "date_text": f"1945-08-{1 + len(made) % 28:02d}",
            }
            if kind == "evidence"
            else {}
        )
        child = NodeFactory(map=map_, kind=kind, **extra)
        links.append(
            services.link_create(
                map=map_,
                kind="opposes" if index % 4 == 3 else "supports",
                source=child,
                target=parent,
            )
        )
        made.append(child)
        index += 1
    if len(links) >= 3:
        services.link_create(map=map_, kind="undercuts", source=made[-1], target_link=links[0])
        services.link_create(
            map=map_, kind="supports", source=made[-2], target=made[0], co_premises=[made[-3]]
        )
    return map_


def bulk_map(owner: User, *, nodes: int, visibility: str = "private") -> Map:
    """The shape of `build_map`, its statements and links written with bulk inserts.

    The one exception to writing through the services: the browser tests of the page's long
    lists need a thousand statements, which the services write one by one in about a minute on
    a busy machine. The map itself is made by its service."""
    map_ = MapFactory(owner=owner, visibility=visibility)
    source = SourceFactory()
    theses = max(1, nodes // 20)
    made = Node.objects.bulk_create(
        Node(
            map=map_,
            kind="thesis" if i < theses else ("evidence" if i % 2 else "claim"),
            text=f"Statement {i} of a long map",
            **(
                {
                    "source": source,
                    "evidence_kind": "event",
                    "date_text": f"1945-08-{1 + i % 28:02d}",
                }
                if i >= theses and i % 2
                else {}
            ),
        )
        for i in range(nodes)
    )
    Link.objects.bulk_create(
        Link(
            map=map_,
            kind="opposes" if index % 4 == 3 else "supports",
            source_node=child,
            target_node=made[index // 3],
        )
        for index, child in enumerate(made[theses:])
    )
    return map_
