"""Argdown's corpus through the database: each file that `@argdown/cli` reads, imported as a map
and exported again, is the very export whose reading by the CLI is pinned (the same text; a file
without a title gets the map's "Untitled map"), so the stored map keeps every statement, argument
and reconstructed argument (title, description, inference rule) that the CLI counted."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import User

from argmap.interchange import argdown
from argmap.interchange.argdown_census import census
from argmap.maps.exports import map_export
from argmap.maps.services.imports import map_import
from tests.interchange.test_argdown_corpus import CORPUS, FILES, PINNED

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("name", [n for n in FILES if PINNED[n]["cli_reads"]])
def test_corpus_file_stored_and_exported_is_the_export_the_cli_read(name: str, ada: User) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    stored = map_import(owner=ada, text=text, format="argdown").map
    export = map_export(map=stored, format="argdown").text
    read = argdown.read(text).graph
    if read.title:
        assert hashlib.sha256(export.encode()).hexdigest() == PINNED[name]["export"]["sha256"]
    read.title = stored.title
    assert export == argdown.write(read).text
    back = census(argdown.read(export).graph)
    pin = PINNED[name]
    assert (back.statements, back.arguments, back.reconstructed) == (
        pin["statements"], pin["arguments"], pin["reconstructed"],
    )  # fmt: skip
