"""The gradebook of an assignment as CSV: one row per student, safe to open in a spreadsheet
(`argmap.lib.spreadsheet`: a student's name or a title starting with = is never run as a formula).

For group work each member has their own row, naming their group and carrying the group's
submission, status and scores: one review per group reaches every member.
"""

from __future__ import annotations

import csv

from argmap.classroom.peers import ReviewerTally
from argmap.classroom.selectors import Overview, StudentRow
from argmap.lib.spreadsheet import Writable, safe_cell


def gradebook_rows(
    overview: Overview, peer: dict[int, ReviewerTally] | None = None
) -> list[list[str]]:
    """One row per student; with `peer` (the round's tallies by reviewer id, when the assignment
    has a peer review) two more columns: the "peer review" score, the sum of the instructor's
    ratings of the student's reviews, and what it is out of (5 for every review given)."""
    header = [
        "username",
        "name",
        "email",
        "status",
        "group",
        "submissions",
        "last submitted (UTC)",
        "late",
        "statements",
        "links",
        "map checks",
        "coverage",
        "theses used",
        "key evidence used",
        "stance disagreements",
    ]
    header += [f"{c.title} (/{c.points})" for c in overview.criteria]
    header += ["total", "out of", "review released"]
    if peer is not None:
        header += ["peer review", "peer review out of"]
    rows = [header]
    for row in overview.rows:
        line = _row(overview, row)
        if peer is not None:
            tally = peer.get(row.student.pk)
            line += [str(tally.points), str(tally.out_of)] if tally else ["", ""]
        rows.append(line)
    return rows


def _row(overview: Overview, row: StudentRow) -> list[str]:
    latest, cover = row.latest, row.coverage
    # While grading is blind the row names the student's pseudonym only.
    line = [
        row.name,
        "" if overview.blind else row.student.get_full_name(),
        "" if overview.blind else row.student.email,
        row.status_label,
        str(row.group) if row.group else "",
        str(row.submissions),
        latest.submitted_at.strftime("%Y-%m-%d %H:%M") if latest else "",
        ("yes" if latest.late else "no") if latest else "",
        "" if row.statements is None else str(row.statements),
        "" if row.links is None else str(row.links),
        "" if row.checks is None else str(row.checks),
        f"{round(cover.ratio * 100)}%" if cover and cover.ratio is not None else "",
        f"{cover.theses_used}/{len(cover.theses)}" if cover else "",
        f"{cover.evidence_used}/{len(cover.evidence)}" if cover else "",
        str(len(cover.disagreements)) if cover else "",
    ]
    line += [str(row.scores[c.pk]) if c.pk in row.scores else "" for c in overview.criteria]
    line += [
        "" if row.score is None else str(row.score),
        str(overview.max_points),
        "yes" if row.released else "no",
    ]
    return line


def write_gradebook(
    out: Writable, overview: Overview, peer: dict[int, ReviewerTally] | None = None
) -> None:
    writer = csv.writer(out)
    for line in gradebook_rows(overview, peer):
        writer.writerow([safe_cell(value) for value in line])
