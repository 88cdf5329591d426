"""Import and export pages: upload a map, download one in Argdown, AIF, OVA or argmap JSON."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from argmap import interchange
from argmap.lib.http import show_refusal, signed_in
from argmap.lib.rates import rate_limited, user_ident
from argmap.maps.access import get_map_for_user
from argmap.maps.exports import map_export, map_export_losses
from argmap.maps.forms_interchange import ImportForm
from argmap.maps.services.imports import map_import


@require_http_methods(["GET", "POST"])
@login_required
# One budget with the API's imports: parsing a large file is the most expensive request.
@rate_limited("imports", "You have imported many maps in the last hour.", ident=user_ident)
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                imported = map_import(
                    owner=signed_in(request),
                    text=form.cleaned_data["content"],
                    format=form.cleaned_data["format"],
                    title=form.cleaned_data["title"] or None,
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, f"Imported “{imported.map.title}”.")
                if not imported.notes:
                    messages.info(request, "Nothing in the file was read differently or left out.")
                # The whole report: one note per kind of thing, so there are only ever a few.
                for note in imported.notes:
                    messages.warning(request, note)
                return redirect(imported.map)
        # Nothing was written: show the form again with what is wrong.
        return render(request, "maps/import.html", {"form": form}, status=422)
    return render(request, "maps/import.html", {"form": form})


@require_GET
def export_page(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    losses = map_export_losses(map_)
    formats = [(fmt, losses[fmt.name]) for fmt in interchange.EXPORT_FORMATS]
    return render(request, "maps/export.html", {"map": map_, "formats": formats})


@require_GET
def export_download(request: HttpRequest, map_id: int, format: str) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    fmt = interchange.FORMATS.get(format)
    if fmt is None or fmt.writer is None:
        raise Http404("No such export format.")
    export = map_export(map=map_, format=format)
    response = HttpResponse(export.text, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
