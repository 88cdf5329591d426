"""manage.py import_map FILE --owner USERNAME: import a map file as a new private map."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from argmap import interchange
from argmap.maps.services.imports import map_import


class Command(BaseCommand):
    help = "Import an Argdown, AIF/OVA JSON, Kialo text or argmap JSON file as a new map."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the file to import, or - for standard input")
        parser.add_argument("--owner", required=True, help="username of the new map's owner")
        parser.add_argument(
            "--format",
            default="auto",
            choices=["auto", *(f.name for f in interchange.IMPORT_FORMATS)],
            help="the file's format (default: detect it)",
        )
        parser.add_argument("--title", default="", help="the map's title (default: the file's)")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"There is no user {options['owner']!r}.")
        name = options["file"]
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            text = raw.decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{name} is not UTF-8 text.") from None
        fmt = options["format"]
        if fmt == "auto":
            fmt = interchange.detect(text, "" if name == "-" else name)
        try:
            imported = map_import(owner=owner, text=text, format=fmt, title=options["title"])
        except ValidationError as exc:
            raise CommandError(f"Nothing was imported: {'; '.join(exc.messages)}") from None
        for note in imported.notes:
            self.stderr.write(f"note: {note}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {name} ({fmt}) as map {imported.map.pk}: “{imported.map.title}”."
            )
        )
