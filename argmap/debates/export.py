"""The evidence matrix as CSV, safe to open in a spreadsheet (`argmap.lib.spreadsheet`)."""

from __future__ import annotations

import csv

from argmap.debates.selectors import Matrix
from argmap.lib.dates import describe
from argmap.lib.spreadsheet import Writable, safe_cell

__all__ = ["Writable", "matrix_rows", "safe_cell", "write_matrix_csv"]


def matrix_rows(matrix: Matrix) -> list[list[str]]:
    """The header and one row per evidence item, in date order: the date in words, the date in
    ISO 8601 (a time with its UTC offset, a range as start/end), whose clock it is on, evidence,
    kind, how many theses use it, then for each thesis its stance, the attestation and the
    rationale."""
    header = ["date", "date (ISO 8601)", "whose clock", "evidence", "kind", "theses using it"]
    for head in matrix.theses:
        header += [f"{head.name}: stance", f"{head.name}: attestation", f"{head.name}: rationale"]
    rows = [header]
    for row in matrix.rows:
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
        rows.append(line)
    return rows


def write_matrix_csv(out: Writable, matrix: Matrix) -> None:
    writer = csv.writer(out)
    for line in matrix_rows(matrix):
        writer.writerow([safe_cell(value) for value in line])
