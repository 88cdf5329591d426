"""A map's history: every revision, a statement reverted to an earlier text, a delete undone."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from argmap.lib.http import HtmxHttpRequest, signed_in
from argmap.lib.text import shorten
from argmap.maps import services
from argmap.maps.access import get_editable_map
from argmap.maps.delta import Edit
from argmap.maps.editor import changes_response
from argmap.maps.models import Node, Revision
from argmap.maps.revisions import history_entries
from argmap.maps.visibility import people_namer


@require_GET
def history(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    revisions = Revision.objects.filter(map=map_).select_related("actor")
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    context = {
        "map": map_,
        "page": page,
        "entries": history_entries(
            map_,
            list(page.object_list),
            reader=request.user.pk,
            name=people_namer(viewer=request.user, map=map_),
        ),
    }
    return render(request, "maps/history.html", context)


@require_POST
def node_revert(request: HtmxHttpRequest, map_id: int, revision_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    target = get_object_or_404(
        Revision.objects.filter(map=map_, target_type="node"), pk=revision_id
    )
    node = get_object_or_404(Node.all_objects.filter(map=map_), pk=target.target_id)
    try:
        node = services.node_revert(node=node, actor=signed_in(request), to=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("maps:history", map_.pk)
    if request.htmx:
        message = f"Reverted “{shorten(node.label, 80)}”."
        edit = Edit(rows={node.pk}, around={node.pk}, kinds_changed={node.pk})
        return changes_response(request, map_, message=message, edit=edit, focus=node)
    messages.success(request, f"Reverted “{shorten(node.label, 80)}” to that version.")
    return redirect("maps:history", map_.pk)


@require_POST
def history_undo(request: HttpRequest, map_id: int, batch: uuid.UUID) -> HttpResponse:
    """Undo a delete from the history page (restore a statement together with its links)."""
    map_ = get_editable_map(request, map_id)
    try:
        count = services.batch_undo(map=map_, batch=batch, actor=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Restored {count} item{'s' if count != 1 else ''}."
            if count
            else "Those were already restored.",
        )
    return redirect("maps:history", map_.pk)
