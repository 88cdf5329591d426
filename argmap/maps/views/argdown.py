"""The map as Argdown text: read it, edit it with a live picture, review and apply the changes.

GET shows the text (read-only to those who may not edit, and for a submitted snapshot).
`preview` redraws the picture of a text as it is typed (nothing is saved); `review` says what
applying the text would change; `apply` applies it as one batch (see
`argmap.maps.services.rewrite`). A text opened before someone else changed the map is refused,
with what changed and the user's text kept; the form then carries the current map as its base,
so that reviewing again shows what the text would do to the map as it is now.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from argmap.graph import Graph
from argmap.interchange import InterchangeError, argdown
from argmap.lib.http import HtmxHttpRequest, signed_in
from argmap.maps.access import get_editable_map, get_map_for_user
from argmap.maps.models import Map
from argmap.maps.services.rewrite import MapChanged, map_rewrite, map_rewrite_plan, map_text

TEMPLATE = "maps/argdown.html"


def _page(
    request: HtmxHttpRequest, map_: Map, *, text: str, base: str, **extra: Any
) -> dict[str, Any]:
    return {
        "map": map_,
        "text": text,
        "base": base,
        "can_edit": request.user.has_perm("maps.change_map", map_),
        **extra,
    }


def _answer(request: HtmxHttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The review panel for htmx; the whole page (with the text as posted) otherwise."""
    name = TEMPLATE + ("#argdown-review" if request.htmx else "")
    return render(request, name, context, status=status)


@require_GET
def argdown_page(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    text = map_text(map_).text
    return render(request, TEMPLATE, _page(request, map_, text=text, base=text))


@require_POST
def argdown_preview(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    """The picture of the text as typed, or the first error with its line; saves nothing."""
    get_map_for_user(request, map_id)
    context: dict[str, Any] = {"elements": {"nodes": [], "edges": []}}
    try:
        result = argdown.read(request.POST.get("text", ""))
    except InterchangeError as exc:
        context.update(error=exc.reason, error_line=exc.line, error_text=str(exc))
    else:
        context.update(elements=picture(result.graph), graph=result.graph, notes=result.notes)
    return render(request, TEMPLATE + "#argdown-preview", context)


@require_POST
def argdown_review(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    text, base = request.POST.get("text", ""), request.POST.get("base", "")
    context = _page(request, map_, text=text, base=base)
    try:
        plan, notes = map_rewrite_plan(map=map_, text=text)
    except ValidationError as exc:
        context["refusal"] = " ".join(exc.messages)
        return _answer(request, context, 422)
    context.update(plan=plan, notes=notes, reviewed=True)
    return _answer(request, context)


@require_POST
def argdown_apply(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    text, base = request.POST.get("text", ""), request.POST.get("base", "")
    context = _page(request, map_, text=text, base=base)
    if not base:
        context["refusal"] = "Open the map's text first: there is nothing to compare it with."
        return _answer(request, context, 422)
    try:
        plan, _batch = map_rewrite(map=map_, actor=signed_in(request), text=text, base_text=base)
    except MapChanged as changed:
        # Keep what was typed; from now on the form compares with the map as it is.
        context.update(changed=changed.since, base=changed.current.text, rebased=True)
        return _answer(request, context, 409)
    except ValidationError as exc:
        context["refusal"] = " ".join(exc.messages)
        return _answer(request, context, 422)
    messages.success(
        request,
        f"Applied your Argdown text: {plan.summary()}. Deleted statements and links can be "
        "restored in one step from the map's History.",
    )
    if request.htmx:
        return HttpResponseClientRedirect(map_.get_absolute_url())
    return redirect(map_)


def picture(graph: Graph) -> dict[str, list[dict[str, object]]]:
    """Cytoscape elements of a plain graph, drawn as the map page draws a map: a link that is
    undercut or has co-premises passes through a small junction node."""
    nodes: list[dict[str, object]] = []
    edges: list[dict[str, object]] = []
    ids = {node_id: f"n{i}" for i, node_id in enumerate(graph.nodes)}
    links = {link_id: f"l{i}" for i, link_id in enumerate(graph.links)}
    for node_id, node in graph.nodes.items():
        label = node.title or node.text
        label = label if len(label) <= 90 else label[:89].rstrip() + "…"
        nodes.append({"data": {"id": ids[node_id], "kind": node.kind, "label": label}})
    junction = {ln.target_link for ln in graph.links.values() if ln.target_link}
    junction |= {ln.id for ln in graph.links.values() if ln.co_premises}
    for link_id, link in graph.links.items():
        key, kind = links[link_id], link.kind
        end = ids[link.target] if link.target else "j" + links[link.target_link or ""]
        if link_id in junction:
            nodes.append({"data": {"id": "j" + key, "kind": "junction"}})
            edges.append({"data": {"id": key + "a", "source": ids[link.source],
                                   "target": "j" + key, "kind": kind, "part": "head"}})  # fmt: skip
            edges.append({"data": {"id": key, "source": "j" + key, "target": end, "kind": kind}})
            for n, premise in enumerate(link.co_premises):
                edges.append({"data": {"id": f"{key}p{n}", "source": ids[premise],
                                       "target": "j" + key, "kind": kind,
                                       "part": "co-premise"}})  # fmt: skip
        else:
            edges.append({"data": {"id": key, "source": ids[link.source], "target": end,
                                   "kind": kind}})  # fmt: skip
    return {"nodes": nodes, "edges": edges}
