"""Concurrent clients for the no-lost-edit tests: threads that start together at a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


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
