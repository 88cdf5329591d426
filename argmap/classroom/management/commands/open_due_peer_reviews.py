"""Open the peer reviews planned to open at their assignment's due date (run it every few minutes
from a scheduler; pages also open a due round when they are first visited)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from argmap.classroom.services import peer_rounds_open_due


class Command(BaseCommand):
    help = "Open the peer reviews planned to open at their assignment's due date."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = peer_rounds_open_due()
        for round_ in opened:
            self.stdout.write(f"opened: {round_}")
        self.stdout.write(f"{len(opened)} peer review(s) opened.")
