"""manage.py load_demo: load the "Why did Japan surrender?" debate unless it is already there."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from argmap.maps.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo debate, or update an installed one to the shipped data "
        "(idempotent: does nothing when it already holds that data)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo()
        if not report.created and not report.upgraded:
            self.stdout.write(
                f"The demo debate is already loaded (map {report.map.pk}); nothing to do."
            )
            return
        summary = ", ".join(f"{n} {what}" for what, n in sorted(report.counts.items()) if n)
        done = "Updated the demo debate in" if report.upgraded else "Loaded the demo debate as"
        self.stdout.write(self.style.SUCCESS(f"{done} map {report.map.pk}: {summary}."))
