"""manage.py load_demo: load the "Why did Japan surrender?" debate unless it is already there."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from argmap.maps.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo debate (idempotent: does nothing when it is already loaded)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo()
        if not report.created:
            self.stdout.write(
                f"The demo debate is already loaded (map {report.map.pk}); nothing to do."
            )
            return
        summary = ", ".join(
            f"{count} {name.replace('_', ' ')}" for name, count in sorted(report.counts.items())
        )
        self.stdout.write(
            self.style.SUCCESS(f"Loaded the demo debate as map {report.map.pk}: {summary}.")
        )
