"""An edit's round trip at 10 and 1,000 statements, side by side: server time (median),
queries and the size of the answer, for the editor's four commonest actions.

An edit answers with only what it changed on the page (argmap/maps/delta.py): the rows of the
statement, the standings that changed, the sections of the outline the page has loaded that
show the change, the picture's current view, the statement panel. The requests carry what a
reader's page sends (one thesis's section loaded, the picture's overview), so the figures are
what a student's click costs. Goal: every action at 1,000 statements within 1.5 times
the same action at 10. Run: scripts/bench.sh edit.
"""

from __future__ import annotations

from typing import Any

from harness import QueryCount, build_map_fast, django_on_postgres, median_ms, table

SIZES = [10, 1000]
REPEAT = 21
GOAL = 1.5


def measure(client: Any, map_: Any, n: int, base: dict[str, float]) -> list[list[str]]:
    """The four actions on one map, as table rows; `base` keeps the smallest map's medians."""
    from django.db import connection

    from argmap.maps.models import Node

    thesis = Node.objects.filter(map=map_, kind="thesis").first()
    node = Node.objects.filter(map=map_, kind="claim").first()
    assert thesis is not None and node is not None
    page = f"http://testserver/maps/{map_.pk}/"
    hx = {
        "HX-Request": "true",
        "HX-Current-URL": page,
        "X-Argmap-Sections": str(thesis.pk),
        "X-Argmap-View": "overview",
    }
    client.get(page)  # a reader's page: the results of this revision are cached
    edit_url = f"/maps/{map_.pk}/nodes/{node.pk}/edit/"
    add_url = f"/maps/{map_.pk}/nodes/add/"
    link_url = f"/maps/{map_.pk}/nodes/{node.pk}/links/add/"
    sizes: dict[str, int] = {}

    def post(url: str, data: dict[str, object], name: str) -> None:
        response = client.post(url, data, headers=hx)
        assert response.status_code == 200, (name, response.status_code)
        sizes[name] = len(response.content)

    def edit() -> None:
        node.refresh_from_db()
        text = f"Edited {node.version}"
        post(edit_url, {"kind": "claim", "text": text, "version": node.version}, "edit text")

    def add() -> None:
        post(add_url, {"kind": "claim", "text": "Added"}, "add statement")

    def link() -> None:
        others = Node.objects.filter(map=map_, kind="claim").exclude(pk=node.pk)
        target = others.order_by("?").first()
        assert target is not None
        post(link_url, {"kind": "supports", "target": target.pk}, "add link")

    def form() -> None:
        response = client.get(link_url + "?kind=supports", headers=hx)
        assert response.status_code == 200
        sizes["open link form"] = len(response.content)

    rows = []
    actions = (("edit text", edit), ("add statement", add), ("add link", link),
               ("open link form", form))  # fmt: skip
    for name, action in actions:
        action()  # warm up
        queries = QueryCount()
        with connection.execute_wrapper(queries):
            action()
        ms = median_ms(action, REPEAT)
        base.setdefault(name, ms)
        goal = f"≤ {GOAL}x" if n != SIZES[0] else ""
        rows.append([name, f"{n:,}", f"{ms:.1f}", f"{ms / base[name]:.2f}x", goal,
                     str(len(queries)), f"{sizes[name] / 1024:.1f}"])  # fmt: skip
    return rows


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.test import Client

        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        rows: list[list[str]] = []
        base: dict[str, float] = {}
        for n in SIZES:
            rows += measure(client, build_map_fast(owner, n), n, base)
        print("Edit round trip through the htmx view (PostgreSQL, in process, medians of 21)")
        print(table(["action", "statements", "median ms", "vs 10", "goal", "queries", "KiB"], rows))


if __name__ == "__main__":
    main()
