"""Importing a file as a new map: parse it, check it, write it whole or not at all."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from argmap import interchange
from argmap.graph import Graph
from argmap.interchange import DEFAULT_LIMITS, InterchangeError, Limits
from argmap.maps.models import Map
from argmap.maps.services.graph import map_create_from_graph

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Imported:
    map: Map
    notes: list[str] = field(default_factory=list)  # what was read differently or left out


def map_import(
    *,
    owner: User,
    text: str,
    format: str,
    title: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported:
    """Read `text` in `format` and write it as a new private map of `owner`; all or nothing.

    Raises ValidationError with a message naming the line or node of the first problem, or for a
    `title` longer than a map's; nothing is written then. Sources are matched to existing ones
    by key, scholars by key or name (see `map_create_from_graph`).
    """
    most = Map._meta.get_field("title").max_length or 200
    if title and len(title) > most:
        # The file's own title is shortened with a note; a title given here is refused instead.
        raise ValidationError(f"The title is longer than {most} characters ({len(title):,}).")
    try:
        result = interchange.read(format, text, limits=limits)
    except InterchangeError as exc:
        raise ValidationError(str(exc)) from None
    notes = [*result.notes, *_fit_map_fields(result.graph, title)]
    try:
        with transaction.atomic():
            # The reader ended with check_graph (with these limits): the one validation.
            map_ = map_create_from_graph(
                owner=owner, graph=result.graph, title=title or None, limits=limits, checked=True
            )
            if result.graph.description:
                map_.description = result.graph.description
                map_.full_clean(validate_unique=False, validate_constraints=False)
                map_.save(update_fields=["description"])
    except DatabaseError:
        # The checks in argmap.interchange.checks should make this unreachable; if the database
        # still refuses a row, the import is rolled back and reported, not a server error.
        logger.exception("import of a %s file refused by the database", format)
        raise ValidationError(
            "The database refused this map; nothing was imported. Please report the file."
        ) from None
    return Imported(map_, notes)


def _fit_map_fields(graph: Graph, title: str | None) -> list[str]:
    """Keep a title or question longer than the map's fields whole, in the description, and say
    so: nothing is cut silently."""
    notes = []
    longest = {"title": Map._meta.get_field("title").max_length or 200,
               "question": Map._meta.get_field("question").max_length or 500}  # fmt: skip
    for name, most in longest.items():
        value = getattr(graph, name)
        if len(value) <= most or (name == "title" and title):
            continue
        setattr(graph, name, value[: most - 1].rstrip() + "…")
        graph.description = f"{name.capitalize()}: {value}" + (
            f"\n\n{graph.description}" if graph.description else ""
        )
        notes.append(f"1 × the map's {name} is longer than {most} characters: shortened, and "
                     "kept whole at the start of the description")  # fmt: skip
    return notes
