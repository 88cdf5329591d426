"""The evidence matrix as CSV, safe to open in a spreadsheet (`argmap.lib.spreadsheet`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from argmap.lib.dates import describe
from argmap.lib.spreadsheet import Writable, safe_cell

__all__ = ["Writable", "matrix_rows", "safe_cell", "write_matrix_csv"]


class _Evidence(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def evidence_kind(self) -> str: ...
    @property
    def date_text(self) -> str: ...
    @property
    def place_time(self) -> str: ...


class _Square(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def indirect(self) -> bool: ...
    @property
    def attestation(self) -> str: ...
    @property
    def rationale(self) -> str: ...


class _Row(Protocol):
    """A row of the matrix: the paged matrix's (`argmap.debates.matrix`) or the API's
    (`argmap.debates.selectors.evidence_matrix`)."""

    @property
    def evidence(self) -> _Evidence: ...
    @property
    def cells(self) -> Sequence[_Square | None]: ...
    @property
    def users(self) -> int: ...


def matrix_rows(names: list[str], rows: Iterable[_Row]) -> Iterator[list[str]]:
    """The header (`names`: the theses') and one row per evidence item, in the matrix's order:
    the date in words, the date in ISO 8601 (a time with its UTC offset, a range as start/end),
    whose clock it is on, evidence, kind, how many theses use it, then for each thesis its
    stance, the attestation and the rationale."""
    header = ["date", "date (ISO 8601)", "whose clock", "evidence", "kind", "theses using it"]
    for name in names:
        header += [f"{name}: stance", f"{name}: attestation", f"{name}: rationale"]
    yield header
    for row in rows:
        node = row.evidence
        line = [
            describe(node.date_text) if node.date_text else "",
            node.date_text,
            node.place_time,
            node.label,
            node.evidence_kind,
            str(row.users),
        ]
        for cell in row.cells:
            if cell is None:
                line += ["", "", ""]
            else:
                stance = cell.label + (" (through other theses)" if cell.indirect else "")
                line += [stance, cell.attestation, cell.rationale]
        yield line


def write_matrix_csv(out: Writable, names: list[str], rows: Iterable[_Row]) -> None:
    writer = csv.writer(out)
    for line in matrix_rows(names, rows):
        writer.writerow([safe_cell(value) if value else "" for value in line])
