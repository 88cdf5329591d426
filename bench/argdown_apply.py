"""Apply an edited Argdown text to the demo map: the server time of the Apply request (median),
and of its parts. The edit adds a statement with a link and changes another statement.
Run: scripts/bench.sh argdown_apply (aim: under 500 ms).
"""

from __future__ import annotations

import time

from harness import django_on_postgres, median_ms, table

REPEAT = 9


def main() -> None:
    with django_on_postgres():
        from django.contrib.auth.models import User
        from django.test import Client

        from argmap.maps.demo import load_demo
        from argmap.maps.services import map_fork
        from argmap.maps.services.rewrite import map_rewrite_plan, map_text

        owner = User.objects.create_user("bench", password="bench-password-1945")
        client = Client()
        client.force_login(owner)
        demo = load_demo().map
        timings: list[float] = []
        for round_ in range(REPEAT):
            mine = map_fork(map=demo, owner=owner)
            opened = map_text(mine).text
            lines = opened.splitlines()
            first = next(i for i, ln in enumerate(lines) if ln.startswith("[") and "#" not in ln)
            lines[first] = lines[first].replace("]: ", "]: Edited. ", 1)
            text = "\n".join(lines) + (
                f'\n\n[Bench {round_}]: A new statement. {{"kind": "claim"}}\n'
                f"    +> {lines[first].split(':', 1)[0]}\n"
            )
            start = time.perf_counter()
            answer = client.post(f"/maps/{mine.pk}/argdown/apply/", {"text": text, "base": opened},
                                 headers={"HX-Request": "true"})  # fmt: skip
            timings.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 200, answer.content[:300]
        demo_text = map_text(demo).text
        plan_ms = median_ms(lambda: map_rewrite_plan(map=demo, text=demo_text), REPEAT)
        text_ms = median_ms(lambda: map_text(demo), REPEAT)
        nodes = demo.nodes.count()
        rows = [
            [f"Apply (request; {nodes} statements; 1 added with its link, 1 changed)",
             f"{sorted(timings)[REPEAT // 2]:,.0f} ({min(timings):,.0f} to {max(timings):,.0f})"],
            ["  of which: the map as Argdown (load + write)", f"{text_ms:,.0f}"],
            ["Review (the map as Argdown + read the text + plan the changes)",
             f"{plan_ms:,.0f}"],
        ]  # fmt: skip
        print(table(["demo map", "median ms"], rows))


if __name__ == "__main__":
    main()
