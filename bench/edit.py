"""An edit's round trip at 10 and 1,000 statements: server time (median) and queries.

An edit answers with every part of the page it changed (outline, picture data, panel, status),
so its cost grows with the size of the map's outline, not its number of queries. Run: make bench.
"""

from __future__ import annotations

from harness import build_map_fast, django_on_postgres, median_ms, table

SIZES = [10, 1000]
REPEAT = 15


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from argmap.maps.models import Node

        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        hx = {"HX-Request": "true"}
        rows, base = [], {}
        for n in SIZES:
            map_ = build_map_fast(owner, n)
            node = Node.objects.filter(map=map_, kind="claim").first()
            assert node is not None
            edit_url = f"/maps/{map_.pk}/nodes/{node.pk}/edit/"
            add_url = f"/maps/{map_.pk}/nodes/add/"

            def edit(node: Node = node, url: str = edit_url) -> None:
                node.refresh_from_db()
                data = {"kind": "claim", "text": f"Edited {node.version}", "version": node.version}
                assert client.post(url, data, headers=hx).status_code == 200

            def add(url: str = add_url) -> None:
                assert (
                    client.post(url, {"kind": "claim", "text": "Added"}, headers=hx).status_code
                    == 200
                )

            for name, action in (("edit text", edit), ("add statement", add)):
                action()  # warm up
                with CaptureQueriesContext(connection) as queries:
                    action()
                count = len(queries)  # before the next request resets the query log
                ms = median_ms(action, REPEAT)
                base.setdefault(name, ms)
                rows.append([name, f"{n:,}", f"{ms:.1f}", f"{ms / base[name]:.1f}x", str(count)])
        print("Edit round trip through the htmx view (PostgreSQL, in process)")
        print(table(["edit", "statements", "median ms", "vs 10", "queries"], rows))


if __name__ == "__main__":
    main()
