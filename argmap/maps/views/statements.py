"""The editor's statements: added, changed and deleted inline with htmx, and deletes undone."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_http_methods, require_POST

from argmap.lib.http import HtmxHttpRequest, signed_in
from argmap.maps import services
from argmap.maps.access import get_editable_map, get_node
from argmap.maps.editor import changes_response, handle_form
from argmap.maps.forms import NodeForm
from argmap.maps.models import NodeKind


@require_http_methods(["GET", "POST"])
def node_add(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    kind = request.GET.get("kind", NodeKind.EVIDENCE)
    form = NodeForm(
        request.POST or None,
        map=map_,
        initial={"kind": kind if kind in NodeKind.values else "claim"},
    )

    def save() -> HttpResponse:
        node = services.node_create(
            map=map_, actor=signed_in(request), new_source=form.new_source(), **form.node_data()
        )
        message = f"Added {node.kind} “{node.label[:80]}”."
        return changes_response(request, map_, message=message, focus=node)

    context = {"map": map_, "form": form, "node": None}
    return handle_form(request, page="node_form", form=form, context=context, save=save)


@require_http_methods(["GET", "POST"])
def node_edit(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    node = get_node(map_, node_id)
    if request.method == "POST":
        form = NodeForm(request.POST, map=map_)
    else:
        form = NodeForm.for_node(node, map=map_)

    def save() -> HttpResponse:
        saved = services.node_update(
            node=node,
            actor=signed_in(request),
            version=form.cleaned_data["version"] or 0,
            data=form.node_data(),
            new_source=form.new_source(),
        )
        return changes_response(request, map_, message=f"Saved “{saved.label[:80]}”.", focus=saved)

    def remake(data: QueryDict) -> NodeForm:
        return NodeForm(data, map=map_)

    context = {"map": map_, "form": form, "node": node}
    return handle_form(
        request, page="node_form", form=form, context=context, save=save, remake=remake
    )


@require_POST
def node_delete(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    node = get_node(map_, node_id)
    batch = services.node_delete(node=node, actor=signed_in(request))
    message = f"Deleted “{node.label[:80]}” with its links."
    return changes_response(request, map_, message=message, undo=batch)


@require_POST
def undo(request: HtmxHttpRequest, map_id: int, batch: uuid.UUID) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    try:
        count = services.batch_undo(map=map_, batch=batch, actor=signed_in(request))
    except ValidationError as exc:
        return changes_response(request, map_, message=" ".join(exc.messages))
    if count == 0:
        return changes_response(request, map_, message="That was already undone.")
    message = f"Restored {count} item{'s' if count != 1 else ''}."
    return changes_response(request, map_, message=message)
