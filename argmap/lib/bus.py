"""Telling open map pages that something changed: the publishing half of live co-editing.

A write publishes one small message inside its own transaction. On PostgreSQL that is
`SELECT pg_notify(…)`, which the server delivers only when the transaction commits (never for
one rolled back) to every connection LISTENing on the channel, in whatever app server it is:
`argmap.live.hub` holds one such connection per process and hands each message to the pages
of that map open in the process. On another database (SQLite under `make run`) the message is
handed over after the commit (`transaction.on_commit`) to the listeners of this process alone:
a single-process fallback.

The message says which map, its revision, what kind of change, and where it came from: the
signed-in user and the page ("tab") whose request made it, so that page, which its own answer
already updated, can skip it. The origin is set per request by `OriginMiddleware`.
"""

from __future__ import annotations

import contextvars
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

CHANNEL = "argmap_live"
# pg_notify refuses payloads of 8,000 bytes or more; ours are about a hundred.
MAX_PAYLOAD = 7_900


@dataclass(frozen=True)
class Origin:
    """Who made the change: the request's user (read only when a change is published, so that a
    request that changes nothing never loads it) and the page's tab id."""

    user: Any = None
    tab: str = ""

    @property
    def actor(self) -> int | None:
        user = self.user
        return user.pk if user is not None and user.is_authenticated else None


_origin: contextvars.ContextVar[Origin] = contextvars.ContextVar(
    "argmap_origin",
    default=Origin(),  # noqa: B039 - frozen: never changed in place
)
_listeners: list[Callable[[str], None]] = []
_lock = threading.Lock()


def origin() -> Origin:
    return _origin.get()


def publish(*, map_id: int, revision: int, kind: str = "change") -> None:
    """Announce a change to `map_id` to every page open on it, once the transaction commits."""
    who = _origin.get()
    payload = json.dumps(
        {"map": map_id, "rev": revision, "kind": kind, "actor": who.actor, "tab": who.tab[:40]}
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload[:MAX_PAYLOAD]])
    else:
        transaction.on_commit(lambda: deliver_locally(payload))


def deliver_locally(payload: str) -> None:
    """The fallback's delivery: every listener of this process (see `listen_locally`)."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(payload)


def listen_locally(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call `listener(payload)` for each message published in this process; returns the call
    that stops it. The listener runs in the publishing thread: it must only hand over."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def decode(payload: str) -> dict[str, Any] | None:
    try:
        found = json.loads(payload)
    except ValueError:
        return None
    return found if isinstance(found, dict) and isinstance(found.get("map"), int) else None


class OriginMiddleware:
    """Remember, for the length of a request, who makes any change it publishes: the user and
    the page's tab id (the `X-Argmap-Tab` header that static/argmap/live.js adds)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.user stays lazy: a long-lived stream must not load it (nor hold a
        # connection for it) just to pass through here.
        tab = request.headers.get("X-Argmap-Tab", "")[:40]
        token = _origin.set(Origin(getattr(request, "user", None), tab))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
