"""Fork, starting an assignment from a starter map and submitting, at 1,000 and 10,000
statements: the copy inside the database (argmap/maps/services/copy.py) beside the former path,
which loaded the map into a `Graph` and wrote it back with bulk inserts.

The former path is kept here only, as `graph_fork`; starting and submitting are timed with it
by putting it in the place of `map_fork` for the "before" runs. Each run happens in a
transaction that is rolled back afterwards (so every start is a first start and every
submission the first), and ends with `SET CONSTRAINTS ALL IMMEDIATE`, so that the foreign keys
a commit would check are checked, and timed, too. Goal: each at most 1 s at 10,000 statements.
Run: scripts/bench.sh copies. (Not `copy.py`: run from bench/, that name would hide the standard
library's `copy` module.)
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from harness import QueryCount, build_map_fast, django_on_postgres, table

SIZES = [1000, 10_000]
REPEAT = {1000: 7, 10_000: 3}
GOAL_MS = 1000.0


def graph_fork(*, map: Any, owner: Any, title: str | None = None) -> Any:
    """The former `map_fork`: the map read into a Graph and written back, row by row in Python."""
    from django.db import transaction

    from argmap.interchange.base import Limits
    from argmap.maps.graphs import bundle_graph
    from argmap.maps.selectors import map_bundle
    from argmap.maps.services import map_create_from_graph

    unlimited = Limits(max_bytes=2**62, max_statements=2**62, max_links=2**62,
                       max_sources=2**62, max_depth=2**62)  # fmt: skip
    with transaction.atomic():
        bundle = map_bundle(map)
        return map_create_from_graph(
            owner=owner,
            graph=bundle_graph(bundle),
            title=title or f"{map.title} (copy)",
            forked_from=map,
            reuse_ids=True,
            origins={str(pk): node.origin_id or pk for pk, node in bundle.nodes.items()},
            with_characterisations=False,
            limits=unlimited,
        )


@contextmanager
def forking_with(fork: Callable[..., Any]) -> Iterator[None]:
    """Starting and submitting call `argmap.maps.services.map_fork`: this one, meanwhile."""
    from argmap.maps import services

    saved = services.map_fork
    services.map_fork = fork  # type: ignore[assignment]
    try:
        yield
    finally:
        services.map_fork = saved  # type: ignore[assignment]


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, int]:
    """The median in ms of `action` run in a rolled-back transaction, and its queries."""
    from django.db import connection, transaction

    times, queries = [], QueryCount()
    for i in range(repeat):
        with transaction.atomic():
            with connection.execute_wrapper(queries):
                start = time.perf_counter()
                action()
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                times.append((time.perf_counter() - start) * 1000)
            if i == 0:
                per_run, queries.n = queries.n - 1, 0  # without SET CONSTRAINTS
            transaction.set_rollback(True)
    times.sort()
    return times[len(times) // 2], per_run


def richer(map_: Any, n: int) -> Any:
    """The benchmark map with what a fork also copies: undercuts (some of undercuts), extra
    sources, co-premises and attestations."""
    from argmap.maps.models import Link, Node, Source

    rng = random.Random(n)
    nodes = list(Node.objects.filter(map=map_))
    links = list(Link.objects.filter(map=map_))
    extra = Source.objects.create(title=f"Extra source {n}")
    cuts = [Link(map=map_, kind="undercuts", source_node=rng.choice(nodes), target_link=link)
            for link in rng.sample(links, n // 50)]  # fmt: skip
    Link.objects.bulk_create(cuts)
    Link.objects.bulk_create([Link(map=map_, kind="undercuts", source_node=rng.choice(nodes),
                                   target_link=cut) for cut in cuts[: len(cuts) // 4]])  # fmt: skip
    Node.extra_sources.through.objects.bulk_create(
        [
            Node.extra_sources.through(node=node, source=extra)
            for node in nodes[::10]
            if node.kind == "evidence"
        ]
    )
    Link.attested_in.through.objects.bulk_create(
        [Link.attested_in.through(link=link, source=extra) for link in links[::10]]
    )
    Link.co_premises.through.objects.bulk_create(
        [Link.co_premises.through(link=link, node=nodes[0]) for link in links[5::20]
         if nodes[0].pk not in (link.source_node_id, link.target_node_id)]
    )  # fmt: skip
    return map_


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.utils import timezone

        from argmap.classroom.models import Enrolment, Role
        from argmap.classroom.services import (
            assignment_create,
            course_create,
            submission_submit,
            work_start,
        )
        from argmap.maps import services

        iris = User.objects.create_user("iris", password="bench-password-1945")
        course = course_create(owner=iris, title="Bench course")
        rows: list[list[str]] = []
        for n in SIZES:
            starter = richer(build_map_fast(iris, n, title=f"Starter of {n}"), n)
            student = User.objects.create_user(f"student{n}", password="bench-password-1945")
            Enrolment.objects.create(course=course, user=student, role=Role.STUDENT)
            assignment = assignment_create(
                course=course, actor=iris, title=f"Assignment at {n}", starter_map=starter,
                due_at=timezone.now() + datetime.timedelta(days=7),
            )  # fmt: skip
            second = assignment_create(
                course=course, actor=iris, title=f"Submitted at {n}", starter_map=starter,
                due_at=timezone.now() + datetime.timedelta(days=7),
            )  # fmt: skip
            work_start(assignment=second, student=student)  # the map submitted below, kept

            actions: dict[str, Callable[[], Any]] = {
                "fork": lambda: services.map_fork(map=starter, owner=student),  # noqa: B023
                "start": lambda: work_start(assignment=assignment, student=student),  # noqa: B023
                "submit": lambda: submission_submit(assignment=second, student=student),  # noqa: B023
            }
            for name, action in actions.items():
                after, queries = timed(action, REPEAT[n])
                with forking_with(graph_fork):
                    before, old_queries = timed(action, REPEAT[n])
                goal = f"≤ {GOAL_MS:.0f}" if n == SIZES[-1] else ""
                ratio = f"{before / after:.1f}x"
                rows.append([name, f"{n:,}", f"{before:.0f}", f"{after:.0f}", ratio, goal,
                             f"{old_queries} → {queries}"])  # fmt: skip
        small, large = SIZES[0], SIZES[-1]
        print("Copies of a map (PostgreSQL, in process; medians of "
              f"{REPEAT[small]} at {small:,} and {REPEAT[large]} at {large:,})")  # fmt: skip
        print(table(["action", "statements", "before ms", "after ms", "faster", "goal ms",
                     "queries"], rows))  # fmt: skip


if __name__ == "__main__":
    main()
