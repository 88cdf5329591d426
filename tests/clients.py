"""Clients as the tests need them: threads that start together at a barrier (the no-lost-edit
tests), and a client past its first page (the query counts)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections
from django.test import Client

from argmap.lib.revalidation import generation


def run_clients(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run `work(0)` … `work(count - 1)` in as many threads released at once; each thread closes
    its own database connection. Returns what the threads raised (a test expects none)."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def client_thread(number: int) -> None:
        try:
            barrier.wait()
            work(number)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client_thread, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def browsing(client: Client) -> Client:
    """The client as a browser is after its first page: it holds its CSRF cookie, and the
    site's generation is made (argmap/lib/revalidation.py), so that every page it asks for next
    takes the path it takes for a reader who is browsing."""
    assert client.get("/").status_code == 200
    generation()
    return client
