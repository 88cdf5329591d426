"""The editor's links: supports and opposes added, changed and deleted, and undercuts added."""

from __future__ import annotations

from django.http import HttpResponse, QueryDict
from django.views.decorators.http import require_http_methods, require_POST

from argmap.lib.http import HtmxHttpRequest, signed_in
from argmap.lib.text import shorten
from argmap.maps import services
from argmap.maps.access import get_editable_map, get_link, get_node
from argmap.maps.delta import Edit
from argmap.maps.editor import changes_response, handle_form
from argmap.maps.forms import LinkForm, UndercutForm
from argmap.maps.models import Link, LinkKind


@require_http_methods(["GET", "POST"])
def link_add(request: HtmxHttpRequest, map_id: int, node_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    source = get_node(map_, node_id)
    initial: dict[str, object] = {"kind": request.GET.get("kind", LinkKind.SUPPORTS)}
    if request.GET.get("target", "").isdigit():  # drawn in the picture
        initial["target"] = int(request.GET["target"])
    form = LinkForm(request.POST or None, map=map_, source=source, initial=initial)

    def save() -> HttpResponse:
        target = form.cleaned_data["target"]
        premises = form.cleaned_data["co_premises"]
        services.link_create(
            map=map_,
            actor=signed_in(request),
            source=source,
            target=target,
            co_premises=premises,
            **form.link_data(),
        )
        message = f"Linked: it now {form.cleaned_data['kind']} “{shorten(target.label, 60)}”."
        edit = Edit(around={source.pk, target.pk, *(p.pk for p in premises)})
        return changes_response(request, map_, message=message, edit=edit, focus=source)

    context = {"map": map_, "form": form, "source": source, "link": None}
    return handle_form(request, page="link_form", form=form, context=context, save=save)


@require_http_methods(["GET", "POST"])
def link_edit(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    link = get_link(map_, link_id)

    def remake(data: QueryDict) -> LinkForm:
        return LinkForm(data, map=map_, source=link.source_node, editing=link)

    form = remake(request.POST) if request.method == "POST" else LinkForm.for_link(link)

    def save() -> HttpResponse:
        around = {link.source_node_id, *_ends(link)}
        services.link_update(
            link=link,
            actor=signed_in(request),
            version=form.cleaned_data["version"] or 0,
            data=form.link_data(),
            co_premises=form.cleaned_data.get("co_premises"),
        )
        link.refresh_from_db()
        edit = Edit(around=around | set(_ends(link)))
        return changes_response(
            request, map_, message="Saved the link.", edit=edit, focus=link.source_node
        )

    context = {"map": map_, "form": form, "source": link.source_node, "link": link}
    return handle_form(
        request, page="link_form", form=form, context=context, save=save, remake=remake
    )


@require_POST
def link_delete(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    link = get_link(map_, link_id)
    edit = Edit(around={link.source_node_id, *_ends(link)})
    batch = services.link_delete(link=link, actor=signed_in(request))
    return changes_response(
        request, map_, message="Deleted the link.", edit=edit, focus=link.source_node, undo=batch
    )


@require_http_methods(["GET", "POST"])
def undercut_add(request: HtmxHttpRequest, map_id: int, link_id: int) -> HttpResponse:
    map_ = get_editable_map(request, map_id)
    target: Link = get_link(map_, link_id)
    form = UndercutForm(request.POST or None, map=map_)

    def save() -> HttpResponse:
        claim = services.undercut_create(
            map=map_,
            actor=signed_in(request),
            target_link=target,
            source=form.cleaned_data["source"],
            new_claim=form.cleaned_data["new_claim"],
            scholar=form.cleaned_data["scholar"],
            rationale=form.cleaned_data["rationale"],
        )
        new = {claim.pk} if form.cleaned_data["source"] is None else set()
        edit = Edit(around={claim.pk, *_ends(target), target.source_node_id}, created=new)
        return changes_response(
            request, map_, message="Added the undercut.", edit=edit, focus=claim
        )

    context = {"map": map_, "form": form, "target": target}
    return handle_form(request, page="undercut_form", form=form, context=context, save=save)


def _ends(link: Link) -> list[int]:
    """The statements a link bears on: its target, or for an undercut the ends of the link it
    answers."""
    if link.target_node_id is not None:
        return [link.target_node_id]
    answered = Link.all_objects.filter(pk=link.target_link_id or 0).values_list(
        "source_node_id", "target_node_id"
    )
    return [pk for ends in answered for pk in ends if pk is not None]
