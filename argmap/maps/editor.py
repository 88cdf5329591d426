"""The editor's answers, shared by every view that changes a map: a form with its messages (422),
a stale edit with the current text (409), and a successful change redrawn out of band.

A page module: only views import it. Every form posts with htmx and falls back to a plain page
without JavaScript, so each answer has both shapes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from argmap.lib.http import HtmxHttpRequest, show_refusal
from argmap.lib.text import shorten
from argmap.maps.delta import Edit, delta
from argmap.maps.models import Map, Node
from argmap.maps.page_state import aside_from, ids_of
from argmap.maps.services import StaleEdit


def changes_response(
    request: HtmxHttpRequest,
    map_: Map,
    *,
    message: str,
    edit: Edit | None = None,
    focus: Node | None = None,
    undo: uuid.UUID | None = None,
) -> HttpResponse:
    """Answer a successful change: for htmx, only what it changed on the page
    (`argmap.maps.delta`): rows, standings, sections, the picture's view, the statement panel,
    and the message in the page's live region (with Undo after a delete); focus goes to the
    statement's panel, or to Undo. For a plain form, a redirect with the message."""
    if not request.htmx:
        messages.success(request, message)
        query = f"?node={focus.pk}" if focus else ""
        return redirect(map_.get_absolute_url() + query)
    context = delta(request, map_, edit or Edit(), focus=focus, message=message, undo=undo)
    response = render(request, "maps/map_detail.html#changes", context)
    target = "#node-panel-title" if context["panel"] else "#map-status .undo" if undo else ""
    if target:
        response["HX-Trigger"] = json.dumps({"argmap:focus": {"target": target}})
    return response


def aside_response(request: HtmxHttpRequest, map_: Map) -> HttpResponse:
    """Evidence set aside or put back on the map page: the standings it changes, and the
    statement's panel with each thesis before and after; the page keeps its scroll and focus."""
    before = set(ids_of(aside_from(request.htmx.current_url)))
    after = set(ids_of(request.GET.get("aside", "")))
    toggled = sorted(before ^ after)
    focus = Node.objects.filter(map=map_, pk__in=toggled).first() if toggled else None
    if focus is None:
        message = "Everything is back: the map is read as it is."
    elif focus.pk in after:
        message = (
            f"Set aside “{shorten(focus.label, 60)}”: the map is read as if it were not there."
        )
    else:
        message = f"Put back “{shorten(focus.label, 60)}”."
    edit = Edit(around=set(), structural=False, marks=True)
    context = delta(request, map_, edit, focus=focus, message=message)
    return render(request, "maps/map_detail.html#changes", context)


def remote_response(
    request: HtmxHttpRequest, map_: Map, *, listed: set[int], panel: int | None
) -> HttpResponse:
    """Someone else changed the map (static/argmap/live.js heard of it): the parts of this
    page that may show it, drawn again around what the reader is doing. The statement panel
    is drawn again only when the page asks (`panel`: the statement it shows; never while the
    reader has a form open there), and the message region, with its Undo, is left alone."""
    focus = Node.objects.filter(map=map_, pk=panel).first() if panel else None
    context = delta(request, map_, Edit(), focus=focus, message="", on_page=listed)
    context.update(remote=True, cleared=panel is not None and focus is None)
    return render(request, "maps/map_detail.html#changes", context)


def form_response(
    request: HtmxHttpRequest, page: str, context: dict[str, Any], status: int
) -> HttpResponse:
    """The form page `page` (e.g. "node_form"): its partial for htmx, the whole page otherwise."""
    template = f"maps/{page}.html"
    if request.htmx:
        template += f"#{page.replace('_', '-')}"
    return render(request, template, context, status=status)


def handle_form(
    request: HtmxHttpRequest,
    *,
    page: str,
    form: forms.Form,
    context: dict[str, Any],
    save: Callable[[], HttpResponse],
    remake: Callable[[QueryDict], forms.Form] | None = None,
) -> HttpResponse:
    """One add or edit form, from showing it to saving it.

    GET shows the form. A valid POST calls `save` (which calls the service and answers with
    `changes_response`); a refusal by the service is shown on the form (422), and a stale edit
    answers 409 with the user's input kept and the current version shown: `remake` builds the
    same form from the resubmitted data."""
    if request.method == "GET":
        return form_response(request, page, context, 200)
    if form.is_valid():
        try:
            return save()
        except StaleEdit as stale:
            if remake is None:
                raise
            return _conflict(request, page, form, context, stale, remake)
        except ValidationError as exc:
            show_refusal(form, exc)
    return form_response(request, page, context, 422)


def _conflict(
    request: HtmxHttpRequest,
    page: str,
    form: forms.Form,
    context: dict[str, Any],
    stale: StaleEdit,
    remake: Callable[[QueryDict], forms.Form],
) -> HttpResponse:
    """Someone else saved first: keep the user's input, show theirs, and let the user decide.
    The form now carries the current version, so saving again replaces theirs knowingly."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    if stale.current is not None:
        data["version"] = str(stale.current.version)
    again = remake(data)
    again.is_valid()
    context.update(form=again, current=stale.current, conflict=True)
    return form_response(request, page, context, 409)
