"""Whole maps: create, fork, settings, delete and restore; history and revert."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.maps import services
from argmap.maps.access import get_editable_map, get_map_for_user
from argmap.maps.forms import MapForm
from argmap.maps.models import Map, Node, Revision
from argmap.maps.views import HtmxHttpRequest
from argmap.maps.views_edit import render_changes


@login_required
@require_http_methods(["GET", "POST"])
def map_new(request: HttpRequest) -> HttpResponse:
    form = MapForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = {
                k: form.cleaned_data[k] for k in ("title", "question", "description", "visibility")
            }
            map_ = services.map_create(owner=request.user, **data)  # type: ignore[arg-type]
            messages.success(request, "Your map is ready: add a thesis to begin.")
            return redirect(map_)
        return render(request, "maps/map_form.html", {"form": form, "map": None}, status=422)
    return render(request, "maps/map_form.html", {"form": form, "map": None})


@login_required
@require_POST
def map_fork(request: HttpRequest, map_id: int) -> HttpResponse:
    original = get_map_for_user(request, map_id)
    fork = services.map_fork(map=original, owner=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        f"This is your own copy of “{original.title}”. Only you can see it until you share it.",
    )
    return redirect(fork)


@require_http_methods(["GET", "POST"])
def map_settings(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    if request.method == "GET":
        form = MapForm(instance=map_, initial={"version": map_.version})
        return render(request, "maps/map_form.html", {"form": form, "map": map_})
    form = MapForm(request.POST, instance=Map.objects.get(pk=map_.pk))
    status, conflict = 422, None
    if form.is_valid():
        version = form.cleaned_data["version"] or 0
        try:
            services.map_update(map=map_, actor=request.user, version=version, data=form.map_data())
        except services.StaleEdit as stale:
            # Keep what the user typed; carry the current version so saving again is deliberate.
            conflict, status = stale.current, 409
            resubmit = request.POST.copy()
            resubmit["version"] = str(conflict.version if conflict else 0)
            form = MapForm(resubmit, instance=map_)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved the map's settings.")
            return redirect(map_)
    return render(
        request,
        "maps/map_form.html",
        {"form": form, "map": map_, "current": conflict},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def map_delete(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    if request.method == "GET":
        return render(request, "maps/map_confirm_delete.html", {"map": map_})
    services.map_delete(map=map_, actor=request.user)
    messages.success(request, f"Deleted “{map_.title}”. You can restore it from your maps.")
    return redirect("maps:map-list")


@login_required
@require_POST
def map_restore(request: HttpRequest, map_id: int) -> HttpResponse:
    # Deleted maps are invisible to every queryset but this one: the owner's own deleted maps.
    mine = Map.all_objects.filter(owner_id=request.user.pk, deleted_at__isnull=False)
    map_ = get_object_or_404(mine, pk=map_id)
    services.map_restore(map=map_, actor=request.user)
    messages.success(request, f"Restored “{map_.title}”.")
    return redirect(map_)


@require_GET
def history(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    revisions = Revision.objects.filter(map=map_).select_related("actor")
    page = Paginator(revisions, 50).get_page(request.GET.get("page"))
    # Which delete batches can still be undone: some row of the batch is still deleted.
    return render(request, "maps/history.html", {"map": map_, "page": page})


@require_POST
def node_revert(request: HtmxHttpRequest, map_id: int, revision_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    target = get_object_or_404(
        Revision.objects.filter(map=map_, target_type="node"), pk=revision_id
    )
    node = get_object_or_404(Node.all_objects.filter(map=map_), pk=target.target_id)
    try:
        node = services.node_revert(node=node, actor=request.user, to=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("maps:history", map_.pk)
    if request.htmx:
        return render_changes(request, map_, message=f"Reverted “{node.label[:80]}”.", focus=node)
    messages.success(request, f"Reverted “{node.label[:80]}” to that version.")
    return redirect("maps:history", map_.pk)


@require_POST
def history_undo(request: HttpRequest, map_id: int, batch: uuid.UUID) -> HttpResponse:
    """Undo a delete from the history page (restore a statement together with its links)."""
    map_ = get_editable_map(request, map_id)
    try:
        count = services.batch_undo(map=map_, batch=batch, actor=request.user)
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
