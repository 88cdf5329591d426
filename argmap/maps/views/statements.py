"""The editor's statements: added, changed and deleted inline with htmx, and deletes undone."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_http_methods, require_POST

from argmap.lib.http import HtmxHttpRequest, signed_in
from argmap.lib.text import shorten
from argmap.maps import services
from argmap.maps.access import get_editable_map, get_node
from argmap.maps.delta import Edit
from argmap.maps.editor import changes_response, handle_form
from argmap.maps.forms import NodeForm
from argmap.maps.models import Link, Node, NodeKind, Revision, RevisionAction


@require_http_methods(["GET", "POST"])
def node_add(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    kind = request.GET.get("kind", NodeKind.EVIDENCE)
    initial = _typed(request) or {}
    initial["kind"] = kind if kind in NodeKind.values else "claim"
    form = NodeForm(request.POST or None, map=map_, initial=initial)
    form.rekind_from(request.path)

    def save() -> HttpResponse:
        node = services.node_create(
            map=map_, actor=signed_in(request), new_source=form.new_source(), **form.node_data()
        )
        message = f"Added {node.kind} “{shorten(node.label, 80)}”."
        edit = Edit(created={node.pk}, around=set(), structural=False)
        return changes_response(request, map_, message=message, edit=edit, focus=node)

    context = {"map": map_, "form": form, "node": None}
    return handle_form(request, page="node_form", form=form, context=context, save=save)


@require_http_methods(["GET", "POST"])
def node_edit(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    node = get_node(map_, node_id)
    if request.method == "POST":
        form = NodeForm(request.POST, map=map_)
    elif "rekind" in request.GET:
        form = NodeForm(map=map_, initial=_typed(request))
    else:
        form = NodeForm.for_node(node, map=map_)
    form.rekind_from(request.path)

    def save() -> HttpResponse:
        before = (node.kind, node.base_score)
        saved = services.node_update(
            node=node,
            actor=signed_in(request),
            version=form.cleaned_data["version"] or 0,
            data=form.node_data(),
            new_source=form.new_source(),
        )
        kind_changed = saved.kind != before[0]
        edit = Edit(
            rows={saved.pk},
            around={saved.pk} if kind_changed else set(),
            kinds_changed={saved.pk} if kind_changed else set(),
            structural=kind_changed or saved.base_score != before[1],
        )
        message = f"Saved “{shorten(saved.label, 80)}”."
        return changes_response(request, map_, message=message, edit=edit, focus=saved)

    def remake(data: QueryDict) -> NodeForm:
        return NodeForm(data, map=map_)

    context = {"map": map_, "form": form, "node": node}
    return handle_form(
        request, page="node_form", form=form, context=context, save=save, remake=remake
    )


def _typed(request: HtmxHttpRequest) -> dict[str, str] | None:
    """What was typed in a statement form redrawn for another kind (`?rekind=1&…`)."""
    if "rekind" not in request.GET:
        return None
    skip = ("rekind", "csrfmiddlewaretoken")
    return {k: request.GET[k] for k in request.GET if k not in skip}


@require_POST
def node_delete(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    node = get_node(map_, node_id)
    neighbours = {
        pk
        for ends in Link.objects.filter(map=map_)
        .filter(Q(source_node=node) | Q(target_node=node))
        .values_list("source_node_id", "target_node_id")
        for pk in ends
        if pk is not None and pk != node.pk
    }
    batch = services.node_delete(node=node, actor=signed_in(request))
    message = f"Deleted “{shorten(node.label, 80)}” with its links."
    edit = Edit(removed={node.pk}, around=neighbours, kinds_changed={node.pk})
    return changes_response(request, map_, message=message, edit=edit, undo=batch)


@require_POST
def undo(request: HtmxHttpRequest, map_id: int, batch: uuid.UUID) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    deleted = Revision.objects.filter(
        map=map_, batch=batch, action=RevisionAction.DELETE, target_type="node"
    ).values_list("target_id", flat=True)
    first = deleted.first()
    try:
        count = services.batch_undo(map=map_, batch=batch, actor=signed_in(request))
    except ValidationError as exc:
        return changes_response(request, map_, message=" ".join(exc.messages))
    if count == 0:
        return changes_response(request, map_, message="That was already undone.")
    message = f"Restored {count} item{'s' if count != 1 else ''}."
    focus = Node.objects.filter(map=map_, pk=first).first() if first else None
    return changes_response(request, map_, message=message, focus=focus)
