"""CSV that is safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with = + - or @ as a formula (and a tab or carriage return
can hide such a start), so a title such as "=HYPERLINK(…)" written by a student would run on the
reader's machine. Such cells get a leading apostrophe, which spreadsheets show as text
(OWASP's advice on CSV injection).
"""

from __future__ import annotations

from typing import Protocol

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS[:4]):
        return "'" + text
    return text
