"""Who may do what, over HTTP: the same decisions as the pages, made by the same rules.

A map is looked up in `argmap.maps.visibility.readable_maps(user)`, so a map you may not read
answers 404 exactly like one that does not exist. What you may read but not change answers 403;
the decision is the `rules` permission (`maps.change_map`, `maps.delete_map` in
argmap/maps/rules.py, `maps.view_map` in argmap/maps/visibility.py). An anonymous write never
reaches either check: it is answered 401 first (IsAuthenticatedOrReadOnly), whatever the id, so
it reveals nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticatedOrReadOnly
from rest_framework.request import Request

from argmap.maps.access import NOT_TO_COPY
from argmap.maps.models import Map
from argmap.maps.visibility import readable_maps

if TYPE_CHECKING:
    from rest_framework.views import APIView


class MapRules(BasePermission):
    message = "Only the owner of this map can change it. Fork it to work on your own copy."

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        perm = getattr(view, "map_permission", default_map_permission)(request.method)
        if perm == "maps.copy_map":
            self.message = NOT_TO_COPY
        return bool(request.user.has_perm(perm, obj))


def default_map_permission(method: str | None) -> str:
    return "maps.view_map" if method in SAFE_METHODS else "maps.change_map"


# The base of every view under /api/maps/<map_id>/ (a comment, not a docstring: the schema
# would show a docstring as the description of every operation of every subclass).
class MapScopedView(GenericAPIView[Any]):
    permission_classes = [IsAuthenticatedOrReadOnly, MapRules]

    def map_permission(self, method: str | None) -> str:
        return default_map_permission(method)

    def get_map(self) -> Map:
        """The map of the URL: 404 unless the user may read it, 403 unless they may do what
        this request asks (per `map_permission`)."""
        map_ = get_object_or_404(
            readable_maps(self.request.user).select_related("owner"),
            pk=self.kwargs["map_id"],
        )
        self.check_object_permissions(self.request, map_)
        return map_
