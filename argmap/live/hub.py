"""The subscribing half of live co-editing: one listener per app-server process, fanning out to
the open pages of each map.

On PostgreSQL the hub holds **one** async psycopg connection that LISTENs on
`argmap.lib.bus.CHANNEL`; every committed change of any app server arrives on it, and the hub
puts it on the queue of each page (an SSE stream, `argmap.live.views.stream`) open on that map
in this process. Messages for maps nobody here has open are dropped at once. On another
database it listens to this process's own publications (`bus.listen_locally`), which arrive in
the writing thread and are handed into the event loop with `call_soon_threadsafe`.

The hub also beats for its pages: every `HEARTBEAT` one UPDATE stamps the presence rows of all
of them (`presence_touch`), so an idle page costs no query of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection

from argmap.lib import bus
from argmap.live.models import HEARTBEAT
from argmap.live.services import presence_touch

log = logging.getLogger(__name__)

QUEUE_SIZE = 64
# A stream whose queue is full (a page that stopped reading) gets this instead of the rest:
# its page reloads what it shows.
RESYNC: dict[str, Any] = {"kind": "resync"}
# Keys of Django's connection parameters that are not libpq connection options.
_NOT_CONNINFO = {
    "context",
    "cursor_factory",
    "prepare_threshold",
    "server_side_binding",
    "isolation_level",
    "assume_role",
    "pool",
}


@dataclass(eq=False)
class Subscription:
    """One open page: its map, its presence row (user and tab; none for an anonymous reader)."""

    map_id: int
    user_id: int | None
    tab: str
    queue: asyncio.Queue[dict[str, Any]] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))


def _conninfo() -> str:
    from psycopg.conninfo import make_conninfo

    params = connection.get_connection_params()
    kept = {k: v for k, v in params.items() if k not in _NOT_CONNINFO and v not in (None, "")}
    return make_conninfo("", **kept)


def _touch(tabs: list[tuple[int, str]]) -> int:
    # Runs in a worker thread of the loop's executor, which keeps its own connection: make
    # sure it is one Django still trusts (CONN_MAX_AGE, health checks).
    close_old_connections()
    return presence_touch(tabs=tabs)


class Hub:
    """The process's listener. Started on first use, in the running event loop."""

    def __init__(self) -> None:
        self.rooms: dict[int, set[Subscription]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._ready: asyncio.Event | None = None
        self._stop_local: Any = None
        self.delivered = 0

    async def join(self, *, map_id: int, user_id: int | None, tab: str) -> Subscription:
        await self._start()
        sub = Subscription(map_id, user_id, tab)
        self.rooms.setdefault(map_id, set()).add(sub)
        return sub

    def leave(self, sub: Subscription) -> None:
        room = self.rooms.get(sub.map_id)
        if room is not None:
            room.discard(sub)
            if not room:
                del self.rooms[sub.map_id]

    def fan_out(self, payload: str) -> None:
        """Hand one published message to every page of its map open here (in the loop)."""
        message = bus.decode(payload)
        if message is None:
            return
        for sub in self.rooms.get(message["map"], ()):
            try:
                sub.queue.put_nowait(message)
            except asyncio.QueueFull:
                with contextlib.suppress(asyncio.QueueEmpty):
                    while True:
                        sub.queue.get_nowait()
                sub.queue.put_nowait(RESYNC)
            self.delivered += 1

    def resync_all(self) -> None:
        """After the listener lost its connection, messages may have been missed: every page
        reloads what it shows."""
        for room in self.rooms.values():
            for sub in room:
                with contextlib.suppress(asyncio.QueueFull):
                    sub.queue.put_nowait(RESYNC)

    async def _start(self) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # First use, or a new event loop (tests run each in its own): start afresh.
            await self.stop()
            self._loop, self._ready, self.rooms = loop, asyncio.Event(), {}
            if connection.vendor == "postgresql":
                self._tasks.append(loop.create_task(self._listen()))
            else:

                def hand_over(payload: str) -> None:
                    loop.call_soon_threadsafe(self.fan_out, payload)

                self._stop_local = bus.listen_locally(hand_over)
                self._ready.set()
            self._tasks.append(loop.create_task(self._beat()))
        assert self._ready is not None
        await self._ready.wait()

    async def stop(self) -> None:
        if self._stop_local is not None:
            self._stop_local()
            self._stop_local = None
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            if task.get_loop() is asyncio.get_running_loop():
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        self._loop = None

    async def _listen(self) -> None:
        import psycopg

        assert self._ready is not None
        delay = 0.5
        conninfo = await sync_to_async(_conninfo, thread_sensitive=False)()
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {bus.CHANNEL}")
                    if self._ready.is_set():
                        self.resync_all()  # a reconnection: what came meanwhile is lost
                    self._ready.set()
                    delay = 0.5
                    async for note in conn.notifies():
                        self.fan_out(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception:  # the connection broke: listen again, and let pages catch up
                log.warning("live: the LISTEN connection failed; retrying", exc_info=True)
                self._ready.set()  # pages may open meanwhile; they get a resync later
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30)

    async def _beat(self) -> None:
        touch = sync_to_async(_touch, thread_sensitive=False)
        while True:
            await asyncio.sleep(HEARTBEAT.total_seconds())
            tabs = [
                (sub.map_id, sub.tab)
                for room in self.rooms.values()
                for sub in room
                if sub.user_id is not None
            ]
            try:
                await touch(tabs)
            except Exception:
                log.warning("live: the presence heartbeat failed", exc_info=True)


hub = Hub()
