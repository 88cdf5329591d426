"""Reading maps: the list of maps, a map's page (outline, picture, evaluation) and a statement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from argmap.lib.http import HtmxHttpRequest
from argmap.lib.revalidation import (
    PageKey,
    not_modified,
    page_key,
    reader_part,
    revalidated,
    row,
)
from argmap.maps.access import get_map_for_user, get_node
from argmap.maps.editor import aside_response, remote_response
from argmap.maps.models import Map, Node
from argmap.maps.page_state import ids_of
from argmap.maps.pages import (
    checks_page,
    map_cards,
    map_head,
    map_page,
    node_panel,
    picture_page,
    section_page,
    theses_page,
)
from argmap.maps.selectors import deleted_maps
from argmap.maps.visibility import coursework_of, readable_public_maps
from argmap.maps.widgets import SEARCH_LIMIT, search_statements


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
    if request.htmx:
        # Setting evidence aside (or putting it back) redraws the standings it changes.
        return aside_response(request, map_)
    # A reader coming back to an unchanged map gets 304 after the access check, before the
    # map's structure, results or texts are read.
    key = map_key(request, map_)
    etag = key.etag
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    if "node" in request.GET:
        # A selected statement's panel carries forms, with the session's CSRF token in them.
        context = map_page(request, map_)
        if context["selected"] is not None:
            context["panel"] = node_panel(request, map_, get_node(map_, context["selected"]))
    else:
        # The panes (outline, standings, picture) are most of the page's cost and the same for
        # every session of this reader until the map changes: built once per tag.
        part = reader_part(request, key, "map-workspace", lambda: _workspace(request, map_))
        context = {**map_head(request, map_), **part, "workspace": part["html"]}
    context["coursework"] = coursework_of(map_, request.user)
    context["can_copy"] = request.user.has_perm("maps.copy_map", map_)
    return revalidated(render(request, "maps/map_detail.html", context), etag)


def _workspace(request: HttpRequest, map_: Map) -> dict[str, Any]:
    context = map_page(request, map_)
    html = render_to_string("maps/map_detail.html#workspace", context, request=request)
    return {"html": html, "node_count": context["node_count"], "link_count": context["link_count"]}


def map_key(request: HttpRequest, map_: Map) -> PageKey:
    """The keys of a page that shows `map_`: its row (with its revision), its owner's name, and
    the row of the map it was copied from, which the page names while the reader may read it
    (a change to a map's own row counts in its revision, not in the generation)."""
    origin = row(map_.forked_from) if map_.forked_from is not None else None
    return page_key(request, [row(map_), map_.owner.username, origin])


def map_etag(request: HttpRequest, map_: Map) -> str | None:
    return map_key(request, map_).etag


@require_GET
def map_changes(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """After a change someone else made (the live stream told the page): the parts of the page
    that may show it, for the theses it lists (`?theses=`) and the statement its panel shows
    (`?panel=`). Without htmx, the map page."""
    map_ = get_map_for_user(request, map_id)
    if not request.htmx:
        return redirect(map_.get_absolute_url())
    panel = ids_of(request.GET.get("panel"))
    listed = set(ids_of(request.GET.get("theses")))
    return remote_response(request, map_, listed=listed, panel=panel[0] if panel else None)


@require_GET
def outline_section(request: HtmxHttpRequest, map_id: int, thesis_id: int) -> HttpResponse:
    """One section of the outline (0: the statements no thesis reaches), when a reader opens
    it; without JavaScript, the map page with that section open."""
    map_ = get_map_for_user(request, map_id)
    if not request.htmx:
        return redirect(f"{map_.get_absolute_url()}?open={thesis_id}#thesis-{thesis_id}")
    etag = map_etag(request, map_)
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    context = section_page(request, map_, thesis_id)
    return revalidated(render(request, "maps/map_detail.html#section", context), etag)


@require_GET
def outline_theses(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The outline's next theses, after the thesis `?until=`, in place of "Show more"; without
    JavaScript, the map page that lists them too."""
    map_ = get_map_for_user(request, map_id)
    until = ids_of(request.GET.get("until"))
    context = theses_page(request, map_, until[0] if until else 0)
    if not request.htmx:
        return redirect(context["page"])
    return render(request, "maps/map_detail.html#theses-more", context)


@require_GET
def picture(request: HttpRequest, map_id: int) -> HttpResponse:
    """The elements of one view of the picture (`?view=overview`, `thesis:12`, `scholar:3`)."""
    map_ = get_map_for_user(request, map_id)
    etag = map_etag(request, map_)
    if (unchanged := not_modified(request, etag)) is not None:
        return unchanged
    return revalidated(JsonResponse(picture_page(request, map_)), etag)


@require_GET
def statement_search(request: HttpRequest, map_id: int) -> HttpResponse:
    """The statements matching `?q=` (all words, in the title or the text), as the options of a
    combobox's list: at most 20, with their kind and full text; `exclude` leaves some out."""
    map_ = get_map_for_user(request, map_id)
    q = request.GET.get("q", "")[:200]
    nodes = search_statements(Node.objects.filter(map=map_), q).exclude(
        pk__in=ids_of(request.GET.get("exclude"))
    )
    found = list(nodes[: SEARCH_LIMIT + 1])
    context = {"found": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT, "q": q}
    return render(request, "maps/_statement_options.html", context)


@require_GET
def map_checks(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The map checks, asked for once the map page is shown; with `?check=` and `?start=`, the
    next findings of one check, in place of its "Show more". Without JavaScript, the map page
    that lists them."""
    map_ = get_map_for_user(request, map_id)
    context = checks_page(request, map_)
    if not request.htmx:
        return redirect(context["page"])
    part = "check-more" if context["part"] else "map-checks"
    return render(request, f"maps/map_detail.html#{part}", context)


@require_GET
def node_detail(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    context = node_panel(request, map_, get_node(map_, node_id))
    template = "maps/node_detail.html"
    if request.htmx:
        template += "#node-panel"
    return render(request, template, context)
