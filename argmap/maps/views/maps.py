"""Whole maps: create, fork, settings, delete and restore."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from argmap.lib.http import show_refusal, signed_in
from argmap.lib.permissions import require
from argmap.maps import services
from argmap.maps.access import GROUP_MAP_NOT_DELETED, get_copyable_map, get_editable_map
from argmap.maps.forms import MapForm
from argmap.maps.models import Map
from argmap.maps.selectors import deleted_maps


@login_required
@require_http_methods(["GET", "POST"])
def map_new(request: HttpRequest) -> HttpResponse:
    form = MapForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            map_ = services.map_create(owner=signed_in(request), **form.map_data())
            messages.success(request, "Your map is ready: add a thesis to begin.")
            return redirect(map_)
        return render(request, "maps/map_form.html", {"form": form, "map": None}, status=422)
    return render(request, "maps/map_form.html", {"form": form, "map": None})


@login_required
@require_POST
def map_fork(request: HttpRequest, map_id: int) -> HttpResponse:
    original = get_copyable_map(request, map_id)
    fork = services.map_fork(map=original, owner=signed_in(request))
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
            services.map_update(
                map=map_, actor=signed_in(request), version=version, data=form.map_data()
            )
        except services.StaleEdit as stale:
            # Keep what the user typed; carry the current version so saving again is deliberate.
            conflict, status = stale.current, 409
            resubmit = request.POST.copy()
            resubmit["version"] = str(conflict.version if conflict else 0)
            form = MapForm(resubmit, instance=map_)
        except ValidationError as exc:
            show_refusal(form, exc)
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
    require(request.user, "maps.delete_map", map_, GROUP_MAP_NOT_DELETED)
    if request.method == "GET":
        return render(request, "maps/map_confirm_delete.html", {"map": map_})
    services.map_delete(map=map_, actor=signed_in(request))
    messages.success(request, f"Deleted “{map_.title}”. You can restore it from your maps.")
    return redirect("maps:map-list")


@login_required
@require_POST
def map_restore(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_object_or_404(deleted_maps(request.user), pk=map_id)
    services.map_restore(map=map_, actor=signed_in(request))
    messages.success(request, f"Restored “{map_.title}”.")
    return redirect(map_)
