"""API views: one small class per resource, each method a call to a service or a selector.

Shared shape: `MapScopedView.get_map()` decides 404/403 (argmap.api.access); `if_match()`
decides 428/412 (argmap.api.conditional); the services' ValidationError and StaleEdit become
422 and 412 in argmap.api.errors, so the views below hold no try/except for them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.conditional import etag


def versioned(response: Response, obj: Any) -> Response:
    """`response` with the ETag of `obj`'s version."""
    response["ETag"] = etag(obj.version)
    return response


def paginated[M: Model](
    view: GenericAPIView[Any],
    queryset: QuerySet[M],
    serializer: type[serializers.BaseSerializer[Any]],
) -> Response:
    page = view.paginate_queryset(queryset)
    data = serializer(page, many=True, context=view.get_serializer_context()).data
    return view.get_paginated_response(data)


def query(request: Request, filters: type[serializers.Serializer[Any]]) -> Any:
    """The query parameters, checked by `filters` (400 on a bad value)."""
    checked = filters(data=request.query_params)
    checked.is_valid(raise_exception=True)
    return checked


def created(data: Any, url: str | None = None) -> Response:
    """201 with `data`, and the new object's address when it has one."""
    response = Response(data, status=status.HTTP_201_CREATED)
    if url is not None:
        response["Location"] = url
    return response


# Views share `IsAuthenticatedOrReadOnly`: anonymous reads meet empty querysets (404).
class ClassroomView(GenericAPIView[Any]):
    permission_classes = [IsAuthenticatedOrReadOnly]
