"""Comparing theses: side by side, the evidence matrix (a page of it, one cell, CSV), the timeline.

The debate view loads the map once (`map_bundle`: a constant number of queries); the matrix and
the timeline search stances on the map's structure and load only what their page shows; one
cell only the part of the map it shows. Each answers 404 for a map the reader may not see,
exactly as the map page does (`get_map_for_user`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from argmap.debates.cells import cell_detail
from argmap.debates.export import write_matrix_csv
from argmap.debates.forms import DebateForm, MatrixForm, TimelineForm
from argmap.debates.matrix import MatrixPage, matrix_lines, matrix_page
from argmap.debates.selectors import MATRIX_SORTS, Stances, debate
from argmap.debates.stances import map_theses
from argmap.debates.timeline import timeline
from argmap.lib.http import HtmxHttpRequest, url_prefix
from argmap.lib.pagers import pager
from argmap.lib.revalidation import not_modified, page_key, revalidated, row, shared_part
from argmap.maps.access import get_map_for_user
from argmap.maps.assessment import assess, parse_aside
from argmap.maps.models import Map
from argmap.maps.selectors import map_bundle


def _urls(map_: Map) -> dict[str, str]:
    """URL prefixes, reversed once per page rather than once per row or cell."""
    return {
        "node": url_prefix("maps:node-detail", map_.pk),
        "scholar": url_prefix("debates:scholar-detail"),
        "source": url_prefix("debates:source-detail"),
        "cell": url_prefix("debates:matrix-cell", map_.pk, placeholders=2),
    }


def _stances(request: HtmxHttpRequest, map_id: int) -> tuple[Map, Stances]:
    map_ = get_map_for_user(request, map_id)
    return map_, Stances(map_bundle(map_))


@require_GET
def debate_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    key = page_key(request, [row(map_), map_.owner.username])
    # A reader coming back to an unchanged map gets 304 before the map is loaded.
    if (unchanged := not_modified(request, key.etag)) is not None:
        return unchanged
    # The comparison shows nothing of its reader: it is built once per revision of the map and
    # address in each app server, and every reader of the map is shown the same.
    part = "debate" if request.htmx else "body"
    body = shared_part(key, part, lambda: _debate_part(request, map_, part))
    if request.htmx:
        return revalidated(HttpResponse(body), key.etag)
    page = render(request, "debates/debate.html", {"map": map_, "body": body})
    return revalidated(page, key.etag)


def _debate_part(request: HtmxHttpRequest, map_: Map, part: str) -> str:
    """The debate view below the site's header (`body`) or its comparison alone (`debate`),
    rendered without the request: from the query alone, for every reader."""
    stances = Stances(map_bundle(map_))
    theses = stances.bundle.theses()
    # A submitted form with no box ticked sends no "thesis" at all: "compare" tells it from a
    # first visit, which gets the form without an error.
    asked = "thesis" in request.GET or "compare" in request.GET
    form = DebateForm(request.GET if asked else None, theses=theses, names=stances.names)
    comparison = assessment = None
    if form.is_bound and form.is_valid():
        # "What if this evidence is set aside?": every column's status and strength before and
        # after. Only a comparison shows standings: the bare picker evaluates nothing.
        assessment = assess(
            stances.bundle,
            aside=parse_aside(request.GET.get("aside"), stances.bundle),
            with_checks=False,
        )
        by_pk = {t.pk: t for t in theses}
        comparison = debate(stances, [by_pk[pk] for pk in form.cleaned_data["thesis"]])
        changes = {c.thesis.pk: c for c in assessment.changes}
        for column in comparison.columns:
            column.change = changes.get(column.thesis.pk)
    chosen = urlencode([("thesis", t.thesis.pk) for t in comparison.columns]) if comparison else ""
    context = {
        "map": map_,
        "form": form,
        "debate": comparison,
        "chosen": chosen,
        "assessment": assessment,
        "aside": request.GET.get("aside", ""),
        "urls": _urls(map_),
    }
    return render_to_string(f"debates/debate.html#{part}", context)


def _matrix_links(settings: dict[str, Any], matrix: MatrixPage) -> dict[str, object]:
    """Where the matrix's links lead, each keeping the rest of the address: a new order starts
    at its first row in the same window of theses; a page of rows keeps the window, a window
    keeps the page of rows."""
    rows, columns = matrix.rows_page.number, matrix.columns_page.number
    query = {"kind": settings["kind"], "indirect": "on" if settings["indirect"] else ""}
    query = {k: v for k, v in query.items() if v}
    window = {"columns": columns} if columns > 1 else {}
    return {
        "sorts": [
            (key, label, urlencode({**query, "sort": key, **window}))
            for key, label in MATRIX_SORTS.items()
        ],
        "query": urlencode({**query, "sort": settings["sort"]}),
        "columns": window.get("columns", ""),
        "rows_pager": pager(
            matrix.rows_page,
            name="rows",
            param="page",
            query={**query, "sort": settings["sort"], **window},
        ),
        "columns_pager": pager(
            matrix.columns_page,
            name="theses",
            param="columns",
            noun="theses",
            query={**query, "sort": settings["sort"], "page": rows if rows > 1 else ""},
        ),
    }


@require_GET
def matrix_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    form = MatrixForm(request.GET)
    settings = form.settings()
    matrix = matrix_page(
        map_, **settings, page=request.GET.get("page"), columns=request.GET.get("columns")
    )
    context = {"map": map_, "form": form, "settings": settings, "matrix": matrix}
    context |= _matrix_links(settings, matrix)
    context["urls"] = _urls(map_)
    template = "debates/matrix.html"
    if request.htmx:
        template += "#matrix-table"
    return render(request, template, context)


@require_GET
def matrix_csv(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    names, rows = matrix_lines(map_, **MatrixForm(request.GET).settings())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(map_.title)[:60] or f"map-{map_.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-evidence-matrix.csv"'
    write_matrix_csv(response, names, rows)
    return response


@require_GET
def matrix_cell_view(
    request: HtmxHttpRequest, map_id: int, evidence_id: int, thesis_id: int
) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    detail = cell_detail(map_, evidence_id, thesis_id)
    if detail is None:
        raise Http404("No such evidence and thesis in this map.")
    context = {"map": map_, "detail": detail, "urls": _urls(map_)}
    template = "debates/matrix_cell.html"
    if request.htmx:
        template += "#matrix-cell"
    return render(request, template, context)


@require_GET
def timeline_view(request: HtmxHttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request, map_id)
    theses = map_theses(map_)
    form = TimelineForm(request.GET, theses=theses.nodes, names=theses.names)
    # An invalid window is reported beside the form and the whole span is shown instead.
    options = form.cleaned_data if form.is_valid() else {}
    chosen: list[int] = options.get("theses", [])
    shown = timeline(
        map_,
        theses=theses,
        start=options.get("start"),
        end=options.get("end"),
        chosen=chosen or None,
        page=request.GET.get("page"),
    )
    window = {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
    context = {
        "map": map_,
        "form": form,
        "timeline": shown,
        "chosen": urlencode([("thesis", pk) for pk in chosen]),
        # The boxes are drawn by the page's own loop: a widget template per box takes a tenth
        # of a second for a map of 500 theses.
        "checked": set(form["thesis"].value() or []),
        "items_pager": pager(
            shown.page,
            name="items",
            param="page",
            query={**(window if options else {}), "thesis": chosen},
        )
        if shown.page
        else None,
        "urls": _urls(map_),
    }
    template = "debates/timeline.html"
    if request.htmx:
        template += "#timeline-chart"
    return render(request, template, context)
