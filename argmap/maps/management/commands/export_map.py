"""manage.py export_map MAP_ID --format argdown: write a map as a file (or to standard output)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from argmap import interchange
from argmap.maps.exports import map_export
from argmap.maps.models import Map


class Command(BaseCommand):
    help = "Export a map as Argdown, AIF (AIFdb), OVA or argmap JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("map_id", type=int)
        parser.add_argument(
            "--format", default="json", choices=[f.name for f in interchange.EXPORT_FORMATS]
        )
        parser.add_argument(
            "--output", default="-", help="file to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        map_ = Map.objects.filter(pk=options["map_id"]).first()
        if map_ is None:
            raise CommandError(f"There is no map {options['map_id']}.")
        export = map_export(map=map_, format=options["format"])
        for item in export.lost:
            self.stderr.write(f"not kept in {options['format']}: {item}")
        if options["output"] == "-":
            self.stdout.write(export.text, ending="")
            return
        try:
            Path(options["output"]).write_text(export.text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        self.stderr.write(f"Wrote {options['output']} ({len(export.text.encode()):,} bytes).")
