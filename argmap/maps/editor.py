"""The editor's answers, shared by every view that changes a map: a form with its messages (422),
a stale edit with the current text (409), and a successful change redrawn out of band.

A page module: only views import it. Every form posts with htmx and falls back to a plain page
without JavaScript, so each answer has both shapes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from argmap.lib.http import HtmxHttpRequest, show_refusal
from argmap.maps.models import Map, Node
from argmap.maps.pages import map_page, node_panel
from argmap.maps.services import StaleEdit


def changes_response(
    request: HtmxHttpRequest,
    map_: Map,
    *,
    message: str,
    focus: Node | None = None,
    undo: uuid.UUID | None = None,
) -> HttpResponse:
    """Answer a successful change: out-of-band swaps of every part of the page it changed (the
    outline, the picture's data, the node panel, the status line with an undo button after a
    delete) for htmx; a redirect with the message for a plain form."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(map_.get_absolute_url() + (f"#node-{focus.pk}" if focus else ""))
    context = map_page(request, map_)
    context.update(message=message, undo=undo)
    if focus is not None and focus.pk in context["bundle"].nodes:
        context["panel"] = node_panel(
            request, map_, focus, bundle=context["bundle"], assessment=context["assessment"]
        )
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
