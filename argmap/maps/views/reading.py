"""Reading maps: the list of maps, a map's page (outline, picture, evaluation) and a statement."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from argmap.lib.http import HtmxHttpRequest
from argmap.maps.access import get_map_for_user, get_node
from argmap.maps.models import Map
from argmap.maps.pages import map_cards, map_page, node_panel
from argmap.maps.selectors import deleted_maps
from argmap.maps.visibility import coursework_of, readable_public_maps


@require_GET
def map_list(request: HttpRequest) -> HttpResponse:
    others = readable_public_maps(request.user).exclude(owner_id=request.user.pk)
    context = {
        "my_maps": map_cards(Map.objects.owned_by(request.user).working(), with_checks=True),
        "public_maps": map_cards(others, with_checks=True),
        "deleted_maps": deleted_maps(request.user),
    }
    return render(request, "maps/map_list.html", context)


@require_GET
def map_detail(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    context = map_page(request, map_)
    if request.htmx:
        # Setting evidence aside (or putting it back) redraws what the evaluation changes.
        return render(request, "maps/map_detail.html#changes", context)
    context["coursework"] = coursework_of(map_, request.user)
    context["can_copy"] = request.user.has_perm("maps.copy_map", map_)
    return render(request, "maps/map_detail.html", context)


@require_GET
def node_detail(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    context = node_panel(request, map_, get_node(map_, node_id))
    template = "maps/node_detail.html"
    if request.htmx:
        template += "#node-panel"
    return render(request, template, context)
