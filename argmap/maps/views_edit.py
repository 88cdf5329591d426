"""The map editor: statements and links added, changed and deleted inline with htmx.

Every form posts with htmx and falls back to a plain page without JavaScript. Invalid input comes
back as the form with its messages (422); a stale edit as the form with the current text (409).
A successful change answers with out-of-band swaps of exactly what it changed: the outline, the
picture's data, the node panel and the status line (with an undo button after a delete).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from argmap.maps import services
from argmap.maps.access import get_editable_map, get_link, get_node
from argmap.maps.forms import LinkForm, NodeForm, UndercutForm
from argmap.maps.models import Link, LinkKind, Map, Node, NodeKind
from argmap.maps.views import HtmxHttpRequest, map_page_context, node_panel_context


def render_changes(
    request: HtmxHttpRequest,
    map_: Map,
    *,
    message: str,
    focus: Node | None = None,
    undo: uuid.UUID | None = None,
) -> HttpResponse:
    """Answer a successful change: out-of-band swaps for htmx, a redirect for a plain form."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(map_.get_absolute_url() + (f"#node-{focus.pk}" if focus else ""))
    context = map_page_context(request, map_)
    context.update(message=message, undo=undo)
    if focus is not None and focus.pk in context["bundle"].nodes:
        context.update(
            panel=node_panel_context(
                request, map_, focus, bundle=context["bundle"], assessment=context["assessment"]
            )
        )
    return render(request, "maps/map_detail.html#changes", context)


def _form_response(
    request: HtmxHttpRequest, page: str, context: dict[str, Any], status: int
) -> HttpResponse:
    template = f"maps/{page}.html"
    if request.htmx:
        template += f"#{page.replace('_', '-')}"
    return render(request, template, context, status=status)


def _apply_validation_error(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- statements ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def node_add(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    kind = request.GET.get("kind", NodeKind.EVIDENCE)
    form = NodeForm(
        request.POST or None, initial={"kind": kind if kind in NodeKind.values else "claim"}
    )
    context = {"map": map_, "form": form, "node": None}
    if request.method == "GET":
        return _form_response(request, "node_form", context, 200)
    if form.is_valid():
        try:
            node = services.node_create(
                map=map_, actor=request.user, new_source=form.new_source(), **form.node_data()
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            return render_changes(
                request, map_, message=f"Added {node.kind} “{node.label[:80]}”.", focus=node
            )
    return _form_response(request, "node_form", context, 422)


@require_http_methods(["GET", "POST"])
def node_edit(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    node = get_node(map_, node_id)
    form = NodeForm(request.POST) if request.method == "POST" else NodeForm.for_node(node)
    context: dict[str, Any] = {"map": map_, "form": form, "node": node}
    if request.method == "GET":
        return _form_response(request, "node_form", context, 200)
    if form.is_valid():
        try:
            node = services.node_update(
                node=node,
                actor=request.user,
                version=form.cleaned_data["version"] or 0,
                data=form.node_data(),
                new_source=form.new_source(),
            )
        except services.StaleEdit as stale:
            return _conflict(request, form, context, stale)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            return render_changes(request, map_, message=f"Saved “{node.label[:80]}”.", focus=node)
    return _form_response(request, "node_form", context, 422)


def _conflict(
    request: HtmxHttpRequest, form: Any, context: dict[str, Any], stale: services.StaleEdit
) -> HttpResponse:
    """Someone else saved first: keep the user's input, show theirs, and let the user decide.
    The form now carries the current version, so saving again replaces theirs knowingly."""
    data = form.data.copy()
    if stale.current is not None:
        data["version"] = str(stale.current.version)
    context.update(
        form=type(form)(data, **_form_kwargs(context)), current=stale.current, conflict=True
    )
    context["form"].is_valid()
    page = "node_form" if isinstance(context.get("node"), Node) else "link_form"
    return _form_response(request, page, context, 409)


def _form_kwargs(context: dict[str, Any]) -> dict[str, Any]:
    if "link" in context and context["link"] is not None:
        return {
            "map": context["map"],
            "source": context["link"].source_node,
            "editing": context["link"],
        }
    return {}


@require_POST
def node_delete(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    node = get_node(map_, node_id)
    batch = services.node_delete(node=node, actor=request.user)
    return render_changes(
        request, map_, message=f"Deleted “{node.label[:80]}” with its links.", undo=batch
    )


@require_POST
def undo(request: HtmxHttpRequest, map_id: int, batch: uuid.UUID) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    try:
        count = services.batch_undo(map=map_, batch=batch, actor=request.user)
    except ValidationError as exc:
        return render_changes(request, map_, message=" ".join(exc.messages))
    if count == 0:
        return render_changes(request, map_, message="That was already undone.")
    return render_changes(
        request, map_, message=f"Restored {count} item{'s' if count != 1 else ''}."
    )


# --- links --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def link_add(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    source = get_node(map_, node_id)
    form = LinkForm(
        request.POST or None,
        map=map_,
        source=source,
        initial={"kind": request.GET.get("kind", LinkKind.SUPPORTS)},
    )
    context = {"map": map_, "form": form, "source": source, "link": None}
    if request.method == "GET":
        return _form_response(request, "link_form", context, 200)
    if form.is_valid():
        try:
            services.link_create(
                map=map_,
                actor=request.user,
                source=source,
                target=form.cleaned_data["target"],
                co_premises=form.cleaned_data["co_premises"],
                **form.link_data(),
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            kind = form.cleaned_data["kind"]
            target = form.cleaned_data["target"]
            return render_changes(
                request, map_, message=f"Linked: it now {kind} “{target.label[:60]}”.", focus=source
            )
    return _form_response(request, "link_form", context, 422)


@require_http_methods(["GET", "POST"])
def link_edit(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    link = get_link(map_, link_id)
    if request.method == "POST":
        form = LinkForm(request.POST, map=map_, source=link.source_node, editing=link)
    else:
        form = LinkForm.for_link(link)
    context = {"map": map_, "form": form, "source": link.source_node, "link": link}
    if request.method == "GET":
        return _form_response(request, "link_form", context, 200)
    if form.is_valid():
        try:
            services.link_update(
                link=link,
                actor=request.user,
                version=form.cleaned_data["version"] or 0,
                data=form.link_data(),
                co_premises=form.cleaned_data.get("co_premises"),
            )
        except services.StaleEdit as stale:
            return _conflict(request, form, context, stale)
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            return render_changes(request, map_, message="Saved the link.", focus=link.source_node)
    return _form_response(request, "link_form", context, 422)


@require_POST
def link_delete(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    link = get_link(map_, link_id)
    batch = services.link_delete(link=link, actor=request.user)
    return render_changes(
        request, map_, message="Deleted the link.", focus=link.source_node, undo=batch
    )


@require_http_methods(["GET", "POST"])
def undercut_add(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    target: Link = get_link(map_, link_id)
    form = UndercutForm(request.POST or None, map=map_)
    context = {"map": map_, "form": form, "target": target}
    if request.method == "GET":
        return _form_response(request, "undercut_form", context, 200)
    if form.is_valid():
        try:
            claim = services.undercut_create(
                map=map_,
                actor=request.user,
                target_link=target,
                source=form.cleaned_data["source"],
                new_claim=form.cleaned_data["new_claim"],
                scholar=form.cleaned_data["scholar"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            return render_changes(request, map_, message="Added the undercut.", focus=claim)
    return _form_response(request, "undercut_form", context, 422)
