"""The reader's map page as its requests describe it: the evidence it sets aside, the sections
of the outline it has loaded, the theses it lists, the picture's view, and the address it reads.

The map page and every part of it (a section, the next theses, an edit's answer) read these;
an htmx request says them in headers that `static/argmap/editor.js` adds, or in the address
of the page it came from (`HX-Current-URL`).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.http import HttpRequest, QueryDict

from argmap.lib.http import url_prefix
from argmap.maps.models import Map, NodeKind
from argmap.maps.picture import View, parse_view
from argmap.maps.results import MapResults, results_for
from argmap.maps.structure import Structure

SEMANTICS = {
    "df-quad": "DF-QuAD (the map has no cycle)",
    "quadratic-energy": "quadratic energy (the map has cycles)",
}


def map_urls(map_: Map) -> dict[str, str]:
    """Prefixes for the outline's links: a page of 1,000 statements would otherwise reverse
    4,000 URLs, which costs more than everything else the template does."""
    return {
        "map": map_.get_absolute_url(),
        "node": url_prefix("maps:node-detail", map_.pk),
        "scholar": url_prefix("debates:scholar-detail"),
        "source": url_prefix("debates:source-detail"),
    }


def current_url(request: HttpRequest) -> str | None:
    """For an htmx request, the address of the page it came from."""
    return getattr(getattr(request, "htmx", None), "current_url", None)


def aside_from(url: str | None) -> str:
    """`?aside=` of a page's address."""
    values = parse_qs(urlsplit(url or "").query).get("aside")
    return values[0] if values else ""


def aside_param(request: HttpRequest) -> str:
    """The evidence set aside on the page: `?aside=` of this request, or for an htmx request
    from the map page (a panel, an edit), of the page it came from."""
    if "aside" in request.GET:
        return request.GET["aside"]
    return aside_from(current_url(request))


def page_query(request: HttpRequest) -> QueryDict:
    """The query of the page the reader is on: this request's, or for an htmx request, that of
    the page it came from."""
    if getattr(request, "htmx", False):
        return QueryDict(urlsplit(current_url(request) or "").query)
    return request.GET


def with_query(url: str, query: QueryDict, anchor: str = "", **changes: object) -> str:
    """`url` with the page's query, some parameters changed (None drops one), and an anchor:
    a "Show more" link without JavaScript keeps what the page sets aside and opens."""
    params = {key: query.getlist(key) for key in query}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    encoded = urlencode(params, doseq=True)
    return url + (f"?{encoded}" if encoded else "") + (f"#{anchor}" if anchor else "")


def ids_of(raw: str | None) -> list[int]:
    """Integer ids from "12,34" (anything else is skipped)."""
    return [int(p) for p in (raw or "").split(",") if p.strip().isdigit()]


def parse_aside(raw: str | None, structure: Structure) -> list[int]:
    """Evidence ids from `?aside=12,34`; anything else is ignored rather than refused: it is a
    view setting in a URL, not data."""
    found: list[int] = []
    for pk in ids_of(raw):
        row = structure.nodes.get(pk)
        if row is not None and row.kind == NodeKind.EVIDENCE and pk not in found:
            found.append(pk)
    return found


@dataclass
class PageState:
    """What the reader's page shows, as its requests say (editor.js adds the headers): the
    evidence set aside, the sections of the outline it has loaded, the picture's view, and,
    when its list of theses stops short of the end, the last thesis it lists."""

    aside: list[int]
    loaded: set[int]
    view: View
    theses_until: int | None = None

    @classmethod
    def of(cls, request: HttpRequest, structure: Structure) -> PageState:
        loaded = set(ids_of(request.headers.get("X-Argmap-Sections")))
        view = parse_view(request.headers.get("X-Argmap-View") or request.GET.get("view"))
        until = ids_of(request.headers.get("X-Argmap-Theses"))
        aside = parse_aside(aside_param(request), structure)
        return cls(aside, loaded, view, until[0] if until else None)


def shown_results(request: HttpRequest, map_: Map) -> tuple[MapResults, Structure]:
    """The results the reader's page shows: with the evidence it sets aside, if any."""
    results, structure = results_for(map_)
    aside = parse_aside(aside_param(request), structure)
    if aside:
        results, _ = results_for(map_, structure, aside)
    return results, structure
