"""The live map: an event stream per open page, and who else is there.

`stream` is an async view: Django streams an async iterator only under ASGI (uvicorn; under
WSGI it would buffer it), so the live path is served by ASGI workers (docs/deploy.md). It sends
named server-sent events that htmx's SSE extension dispatches on the page's `#live` element
(static/argmap/live.js):

- `hello`: the map's revision when the stream opened (the page catches up if it is behind);
- `change`: a committed change, with its revision and the tab that made it;
- `presence`: someone came, went, or selects or edits something else;
- `resync`: messages may have been lost; reload what the page shows.

Every event names no one: the presence list is fetched as HTML (`presence`), where
`argmap.live.selectors.shown_name` decides each name for its reader.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections, connections
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from argmap.lib.http import signed_in
from argmap.live.hub import Subscription, hub
from argmap.live.selectors import present
from argmap.live.services import presence_close, presence_open, presence_update
from argmap.maps.access import get_map_for_user
from argmap.maps.models import Map

# A comment line this often keeps proxies from closing an idle stream, and finds a page gone.
KEEPALIVE = 15.0
TAB = re.compile(r"^[A-Za-z0-9-]{8,40}$")


def _tab(value: str | None) -> str:
    return value if value and TAB.match(value) else ""


def _open(request: HttpRequest, map_id: int, tab: str) -> tuple[Map, int | None]:
    """The access check and the presence row, in a worker thread; then that thread's connection
    is given back, so an idle stream holds none."""
    try:
        close_old_connections()
        map_ = get_map_for_user(request, map_id)
        user = request.user if request.user.is_authenticated else None
        if user is not None and tab:
            presence_open(map=map_, user=signed_in(request), tab=tab)
        return map_, user.pk if user is not None else None
    finally:
        connections.close_all()


def _close(map_: Map, user_id: int, tab: str) -> None:
    try:
        close_old_connections()
        presence_close(map=map_, user_id=user_id, tab=tab)
    finally:
        connections.close_all()


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n"


async def _events(map_: Map, sub: Subscription) -> AsyncIterator[str]:
    try:
        yield _event("hello", {"rev": map_.revision})
        while True:
            try:
                message = await asyncio.wait_for(sub.queue.get(), KEEPALIVE)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            kind = message.get("kind", "change")
            if kind in ("change", "presence", "resync"):
                yield _event(kind, {"rev": message.get("rev"), "tab": message.get("tab", "")})
    finally:
        hub.leave(sub)
        if sub.user_id is not None and sub.tab:
            # The stream ends when the page goes (the server cancels it): the row goes too.
            await asyncio.shield(
                sync_to_async(_close, thread_sensitive=False)(map_, sub.user_id, sub.tab)
            )


@require_GET
async def stream(request: HttpRequest, map_id: int) -> HttpResponseBase:
    """The map's changes and its presence as server-sent events, to anyone who may read it
    (404 to anyone else: a private map's existence is not told)."""
    if not isinstance(request, ASGIRequest):
        # Under WSGI Django would read the endless stream whole before sending anything, and
        # hold a thread for ever: say "no content", and the page is simply not live.
        await sync_to_async(get_map_for_user)(request, map_id)
        return HttpResponse(status=204)
    tab = _tab(request.GET.get("tab"))
    map_, user_id = await sync_to_async(_open, thread_sensitive=False)(request, map_id, tab)
    sub = await hub.join(map_id=map_.pk, user_id=user_id, tab=tab)
    response = StreamingHttpResponse(_events(map_, sub), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache, no-store"
    # Proxies that buffer (nginx) must pass each event on at once.
    response["X-Accel-Buffering"] = "no"
    return response


def _node_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_http_methods(["GET", "POST"])
def presence(request: HttpRequest, map_id: int) -> HttpResponse:
    """GET: who else has the map open, as HTML for the page's presence list. POST (from the
    page, with its CSRF token): what this page now selects and edits."""
    map_ = get_map_for_user(request, map_id)
    tab = _tab(request.POST.get("tab") if request.method == "POST" else request.GET.get("tab"))
    if request.method == "POST":
        if not request.user.is_authenticated or not tab:
            return HttpResponseBadRequest("Only a signed-in page with a tab id says where it is.")
        presence_update(
            map=map_,
            user=signed_in(request),
            tab=tab,
            selecting=_node_id(request.POST.get("selecting")),
            editing_node=_node_id(request.POST.get("editing_node")),
            editing_link=_node_id(request.POST.get("editing_link")),
        )
        return HttpResponse(status=204)
    people = present(map=map_, viewer=request.user, tab=tab)
    return render(request, "live/_presence.html", {"people": people, "map": map_})
