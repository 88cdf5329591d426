"""A map's statements (nodes) and links: list, create, read, change, delete, and undo a delete.

Deletes are soft and answer with the id of the batch that brings the statement back with its
links (POST …/undo/<batch>/), as the editor's Undo button does.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.access import MapScopedView
from argmap.api.conditional import if_match
from argmap.api.serializers.elements import (
    DeleteResult,
    LinkCreateInput,
    LinkFilter,
    LinkSerializer,
    LinkUpdateInput,
    NodeFilter,
    NodeInput,
    NodeSerializer,
    UndoResult,
)
from argmap.api.views import created, paginated, query, versioned
from argmap.lib.http import signed_in
from argmap.maps import services
from argmap.maps.models import Link, Map, Node

NODES, LINKS = ["nodes"], ["links"]


def _created(obj: Node | Link, body: Any, name: str) -> Response:
    return versioned(created(body, reverse(f"api:{name}-detail", args=[obj.map_id, obj.pk])), obj)


def _deleted(map_: Map, batch: uuid.UUID) -> Response:
    url = reverse("api:undo", args=[map_.pk, batch])
    return Response(DeleteResult({"undo": batch, "undo_url": url}).data)


def _fresh[M: Node | Link](obj: M, map_: Map | None = None) -> M:
    """`obj` read with its many-to-many ids (after a write: as stored, derived dates too)."""
    prefetch = ("extra_sources",) if isinstance(obj, Node) else ("co_premises", "attested_in")
    rows = type(obj).objects.filter(map=map_ or obj.map).prefetch_related(*prefetch)
    found = get_object_or_404(rows, pk=obj.pk)
    found.map = map_ or obj.map
    return found


class NodeListView(MapScopedView):
    serializer_class = NodeSerializer
    extra_errors = {"POST": (422,)}

    @extend_schema(
        tags=NODES,
        summary="The map's statements",
        parameters=[NodeFilter],
        responses=NodeSerializer(many=True),
    )
    def get(self, request: Request, map_id: int) -> Response:
        nodes = Node.objects.filter(map=self.get_map()).prefetch_related("extra_sources")
        return paginated(self, query(request, NodeFilter).filter(nodes), NodeSerializer)

    @extend_schema(
        tags=NODES,
        summary="Add a statement (thesis, claim or evidence)",
        request=NodeInput,
        responses={201: NodeSerializer},
    )
    def post(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        data = NodeInput(data=request.data, map=map_)
        data.is_valid(raise_exception=True)
        node = services.node_create(
            map=map_,
            actor=signed_in(request),
            new_source=data.source_to_create(),
            extra_sources=data.sources_cited() or (),
            **data.node_data(),
        )
        return _created(node, NodeSerializer(_fresh(node)).data, "node")


class NodeDetailView(MapScopedView):
    serializer_class = NodeSerializer
    conditional_writes = True
    extra_errors = {"PUT": (422,), "PATCH": (422,)}

    def _node(self) -> Node:
        map_ = self.get_map()
        return _fresh(Node(pk=self.kwargs["node_id"]), map_)

    @extend_schema(tags=NODES, summary="A statement", responses=NodeSerializer)
    def get(self, request: Request, map_id: int, node_id: int) -> Response:
        node = self._node()
        return versioned(Response(NodeSerializer(node).data), node)

    def _update(self, request: Request, *, partial: bool) -> Response:
        node = self._node()
        version = if_match(request, node.version)
        data = NodeInput(data=request.data, partial=partial, map=node.map)
        data.is_valid(raise_exception=True)
        node = services.node_update(
            node=node,
            actor=signed_in(request),
            version=version,
            data=data.node_data(),
            extra_sources=data.sources_cited(),
            new_source=data.source_to_create(),
        )
        node = _fresh(node)
        return versioned(Response(NodeSerializer(node).data), node)

    @extend_schema(
        tags=NODES, summary="Replace a statement", request=NodeInput, responses=NodeSerializer
    )
    def put(self, request: Request, map_id: int, node_id: int) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        tags=NODES, summary="Change a statement", request=NodeInput, responses=NodeSerializer
    )
    def patch(self, request: Request, map_id: int, node_id: int) -> Response:
        return self._update(request, partial=True)

    @extend_schema(
        tags=NODES,
        summary="Delete a statement with its links (undoable)",
        responses={200: DeleteResult},
    )
    def delete(self, request: Request, map_id: int, node_id: int) -> Response:
        node = self._node()
        version = if_match(request, node.version)
        batch = services.node_delete(node=node, actor=signed_in(request), version=version)
        return _deleted(node.map, batch)


class LinkListView(MapScopedView):
    serializer_class = LinkSerializer
    extra_errors = {"POST": (422,)}

    @extend_schema(
        tags=LINKS,
        summary="The map's links",
        parameters=[LinkFilter],
        responses=LinkSerializer(many=True),
    )
    def get(self, request: Request, map_id: int) -> Response:
        links = Link.objects.filter(map=self.get_map()).prefetch_related(
            "co_premises", "attested_in"
        )
        return paginated(self, query(request, LinkFilter).filter(links), LinkSerializer)

    @extend_schema(
        tags=LINKS,
        summary="Link two statements (supports, opposes) or undercut a link",
        request=LinkCreateInput,
        responses={201: LinkSerializer},
    )
    def post(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        data = LinkCreateInput(data=request.data, map=map_)
        data.is_valid(raise_exception=True)
        sent = data.validated_data
        link = services.link_create(
            map=map_,
            actor=signed_in(request),
            source=sent["source_node"],
            target=sent.get("target_node"),
            target_link=sent.get("target_link"),
            co_premises=sent.get("co_premises", ()),
            attested_in=sent.get("attested_in", ()),
            **data.link_data(),
        )
        return _created(link, LinkSerializer(_fresh(link)).data, "link")


class LinkDetailView(MapScopedView):
    serializer_class = LinkSerializer
    conditional_writes = True
    extra_errors = {"PUT": (422,), "PATCH": (422,)}

    def _link(self) -> Link:
        map_ = self.get_map()
        return _fresh(Link(pk=self.kwargs["link_id"]), map_)

    @extend_schema(tags=LINKS, summary="A link", responses=LinkSerializer)
    def get(self, request: Request, map_id: int, link_id: int) -> Response:
        link = self._link()
        return versioned(Response(LinkSerializer(link).data), link)

    def _update(self, request: Request, *, partial: bool) -> Response:
        link = self._link()
        version = if_match(request, link.version)
        data = LinkUpdateInput(data=request.data, partial=partial, map=link.map)
        data.is_valid(raise_exception=True)
        link = services.link_update(
            link=link,
            actor=signed_in(request),
            version=version,
            data=data.link_data(),
            co_premises=data.validated_data.get("co_premises"),
        )
        link = _fresh(link)
        return versioned(Response(LinkSerializer(link).data), link)

    @extend_schema(
        tags=LINKS, summary="Replace a link", request=LinkUpdateInput, responses=LinkSerializer
    )
    def put(self, request: Request, map_id: int, link_id: int) -> Response:
        return self._update(request, partial=False)

    @extend_schema(
        tags=LINKS, summary="Change a link", request=LinkUpdateInput, responses=LinkSerializer
    )
    def patch(self, request: Request, map_id: int, link_id: int) -> Response:
        return self._update(request, partial=True)

    @extend_schema(
        tags=LINKS,
        summary="Delete a link with the undercuts aimed at it (undoable)",
        responses={200: DeleteResult},
    )
    def delete(self, request: Request, map_id: int, link_id: int) -> Response:
        link = self._link()
        version = if_match(request, link.version)
        batch = services.link_delete(link=link, actor=signed_in(request), version=version)
        return _deleted(link.map, batch)


class AlreadyUndone(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "That delete was already undone."
    default_code = "already_undone"


class UndoView(MapScopedView):
    extra_errors = {"POST": (409,)}

    @extend_schema(
        tags=NODES,
        summary="Undo a delete: bring back what one DELETE removed",
        request=None,
        responses={200: UndoResult},
    )
    def post(self, request: Request, map_id: int, batch: uuid.UUID) -> Response:
        map_ = self.get_map()
        try:
            count = services.batch_undo(map=map_, batch=batch, actor=signed_in(request))
        except ValidationError:
            # The service's only refusal: no delete with this id in this map.
            raise Http404("No delete with this id in this map.") from None
        if count == 0:
            raise AlreadyUndone()
        return Response(UndoResult({"restored": count}).data)
