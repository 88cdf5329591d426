"""Comparing maps (pure Python, no Django): statements matched by origin, by source and date, or
by similar text (`matching`); the diff between two submissions (`diff`); the coverage of a
reference map (`coverage`)."""

from argmap.classroom.compare.coverage import (
    Coverage,
    Covered,
    Reference,
    ReferenceUse,
    StanceDifference,
    as_student_sees_it,
    coverage,
)
from argmap.classroom.compare.diff import Diff, LinkChange, NodeChange, diff
from argmap.classroom.compare.matching import (
    IDENTITY,
    MAX_TEXT_PAIRS,
    SOURCE_AND_DATE,
    TEXT,
    TEXT_THRESHOLD,
    Matching,
    Side,
    match_nodes,
)

__all__ = [
    "IDENTITY",
    "MAX_TEXT_PAIRS",
    "SOURCE_AND_DATE",
    "TEXT",
    "TEXT_THRESHOLD",
    "Coverage",
    "Covered",
    "Diff",
    "LinkChange",
    "Matching",
    "NodeChange",
    "Reference",
    "ReferenceUse",
    "Side",
    "StanceDifference",
    "as_student_sees_it",
    "coverage",
    "diff",
    "match_nodes",
]
