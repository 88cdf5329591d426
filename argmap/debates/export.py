"""The evidence matrix as CSV, safe to open in a spreadsheet (`argmap.lib.spreadsheet`)."""

from __future__ import annotations

import csv

from argmap.debates.selectors import Matrix
from argmap.lib.dates import describe
from argmap.lib.spreadsheet import Writable, safe_cell

__all__ = ["Writable", "matrix_rows", "safe_cell", "write_matrix_csv"]


def matrix_rows(matrix: Matrix) -> list[list[str]]:
    """The header and one row per evidence item: date, evidence, kind, how many theses use it,
    then for each thesis its stance, the attestation and the rationale."""
    header = ["date", "evidence", "kind", "theses using it"]
    for head in matrix.theses:
        header += [f"{head.name}: stance", f"{head.name}: attestation", f"{head.name}: rationale"]
    rows = [header]
    for row in matrix.rows:
        node = row.evidence
        line = [
            describe(node.date_text) if node.date_text else "",
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
