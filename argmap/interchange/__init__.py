"""Import and export of argument maps: Argdown, AIF JSON (OVA and AIFdb), Kialo text, native JSON.

Pure Python over the plain `argmap.graph.Graph` (no Django import; a test scans every module for
one). `read(format, text)` returns a `ReadResult` (a graph the app can store, plus notes on what
was read differently) or raises `InterchangeError` naming the line or node; `write(format, graph)`
returns a `WriteResult` (the text, plus what the format could not express). docs/interchange.md
describes each format and what it loses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from argmap.graph import Graph
from argmap.interchange import aif, argdown, kialo, native
from argmap.interchange.base import (
    DEFAULT_LIMITS,
    InterchangeError,
    Limits,
    ReadResult,
    WriteResult,
)

__all__ = [
    "DEFAULT_LIMITS",
    "EXPORT_FORMATS",
    "FORMATS",
    "IMPORT_FORMATS",
    "Format",
    "InterchangeError",
    "Limits",
    "ReadResult",
    "WriteResult",
    "detect",
    "read",
    "write",
]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str
    reader: Callable[..., ReadResult] | None
    writer: Callable[[Graph], WriteResult] | None
    losses: Callable[[Graph], list[str]] = lambda graph: []  # what an export would drop


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("argdown", "Argdown", "argdown", "text/plain", argdown.read, argdown.write),
        Format(
            "aif",
            "AIF JSON (AIFdb)",
            "aif.json",
            "application/json",
            aif.read,
            aif.write,
            aif.losses,
        ),
        Format(
            "ova",
            "AIF JSON (OVA)",
            "ova.json",
            "application/json",
            aif.read,
            aif.write_ova,
            aif.losses,
        ),
        Format("kialo", "Kialo text export", "txt", "text/plain", kialo.read, None),
        Format("json", "argmap JSON", "argmap.json", "application/json", native.read, native.write),
    )
}
IMPORT_FORMATS = [f for f in FORMATS.values() if f.reader is not None and f.name != "ova"]
EXPORT_FORMATS = [f for f in FORMATS.values() if f.writer is not None]


def detect(text: str, filename: str = "") -> str:
    """The likeliest format of `text`: by the file name's ending, else by its first characters."""
    name = filename.lower()
    if name.endswith(".argdown") or name.endswith(".ad"):
        return "argdown"
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if head.startswith("{"):
        return "json" if native.looks_like(head) else "aif"
    if kialo.looks_like(head):
        return "kialo"
    return "argdown"


def read(format: str, text: str, *, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    fmt = FORMATS.get(format)
    if fmt is None or fmt.reader is None:
        raise InterchangeError(f"argmap cannot import {format!r} files")
    return fmt.reader(text, limits=limits)


def write(format: str, graph: Graph) -> WriteResult:
    fmt = FORMATS.get(format)
    if fmt is None or fmt.writer is None:
        raise InterchangeError(f"argmap cannot export {format!r} files")
    return fmt.writer(graph)
