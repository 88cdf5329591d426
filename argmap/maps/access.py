"""Fetching a map's objects for a request, scoped to what the user may see or edit.

What a user may not read answers 404 (never a hint that it exists); a map they may read but not
edit answers 403. The decisions live in `argmap.maps.visibility` (reading) and
`argmap.maps.rules` (changing).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from argmap.lib.http import HasUser
from argmap.maps.models import Link, Map, Node

NOT_THE_OWNER = "Only the owner of this map can change it. Make your own copy to work on it."
GROUP_MAP_NOT_DELETED = "This map is your group's: no member can delete it on their own."
NOT_TO_COPY = (
    "You read this map as its student's instructor: it is their work, not yours to copy. "
    "Copy a public map or one of your own."
)


def get_map_for_user(request: HasUser, map_id: int) -> Map:
    """The map if this user may read it; 404 otherwise.

    One map is decided by the rule `maps.view_map`, the twin of `readable_maps` (a test keeps
    them in agreement): its predicates run the cheapest first, so the owner and an anonymous
    reader need no query beyond the map's, and anyone else one or two small ones. Building and
    compiling the `readable_maps` queryset, which is made to list maps, cost more than the rest
    of a 304 answer (argmap/lib/revalidation.py)."""
    # The original of a copy comes along: the map page names it (and tags it, views/reading.py).
    map_ = get_object_or_404(Map.objects.select_related("owner", "forked_from"), pk=map_id)
    if not request.user.has_perm("maps.view_map", map_):
        raise Http404("No map matches the given query.")
    return map_


def get_editable_map(request: HasUser, map_id: int) -> Map:
    """The map if this user may edit it; 404 if they may not even read it, 403 otherwise."""
    map_ = get_map_for_user(request, map_id)
    if not request.user.has_perm("maps.change_map", map_):
        raise PermissionDenied(NOT_THE_OWNER)
    return map_


def get_copyable_map(request: HasUser, map_id: int) -> Map:
    """The map if this user may copy it; 404 if they may not even read it, 403 otherwise."""
    map_ = get_map_for_user(request, map_id)
    if not request.user.has_perm("maps.copy_map", map_):
        raise PermissionDenied(NOT_TO_COPY)
    return map_


def get_node(map_: Map, node_id: int) -> Node:
    return get_object_or_404(Node.objects.filter(map=map_).select_related("map"), pk=node_id)


def get_link(map_: Map, link_id: int) -> Link:
    return get_object_or_404(
        Link.objects.filter(map=map_).select_related("map", "source_node", "target_node"),
        pk=link_id,
    )
