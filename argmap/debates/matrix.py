"""The evidence matrix a page at a time: rows of evidence, a window of theses as columns.

Sorting and filtering apply to the whole matrix before the page is cut, on light rows: each
evidence item's id, kind and place in time (one query of plain values; for the title order, the
first characters of its label), and the number of theses using it, counted on the map's
structure (`argmap.debates.stances`). Only the page's evidence is then loaded, and only its
squares in the window of theses are searched and read. A page costs the structure plus what it
shows; the CSV (`matrix_lines`) is the whole matrix, in the same order, from the same parts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Value
from django.db.models.functions import Coalesce, Left, NullIf

from argmap.debates.selectors import ThesisHead
from argmap.debates.stances import Square, StructureStances, bearing_on, map_theses
from argmap.lib.dates import Chronology, chronological_key
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.structure import load_structure

# A hundred rows hold the demo's 57 dated items on one page, as before pages existed, and
# twenty columns its 19 theses; a page of a 10,000-statement map stays well under 2 MB.
ROWS_PER_PAGE = 100
THESES_PER_PAGE = 20
# The title order reads this many characters of each label, and reads the whole label only of
# items alike that far (so it is the order of the whole labels, without loading every text).
TITLE_PREFIX = 300


@dataclass(frozen=True, slots=True)
class Entry:
    """An evidence item as the order needs it."""

    pk: int
    chronology: Chronology
    title: str  # the first TITLE_PREFIX + 1 characters of its label (title order only)


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """An evidence item as the CSV writes it (plain values, not a model row)."""

    pk: int
    label: str
    evidence_kind: str
    date_text: str
    place_time: str


@dataclass
class Row:
    evidence: Node | EvidenceLine
    cells: list[Square | None]  # one per thesis shown; None: no stance shown
    users: int  # theses of the whole map whose argument uses it or contests a reading of it


@dataclass
class MatrixPage:
    theses: list[ThesisHead]  # the window of columns
    rows: list[Row]
    rows_page: Page  # of evidence ids, in the order asked for
    columns_page: Page  # of theses


def _entries(map_: Map, *, kind: str, by_title: bool) -> list[Entry]:
    rows = Node.objects.filter(map=map_, kind=NodeKind.EVIDENCE)
    if kind:
        rows = rows.filter(evidence_kind=kind)
    fields = ["pk", "date_start", "order_hint", "instant"]
    if by_title:
        label = Coalesce(NullIf("title", Value("")), "text")
        rows = rows.annotate(title_key=Left(label, TITLE_PREFIX + 1))
        fields.append("title_key")
    return [
        Entry(pk, chronological_key(start, hint, instant, pk), title[0] if title else "")
        for pk, start, hint, instant, *title in rows.values_list(*fields)
    ]


def _by_title(entries: list[Entry]) -> list[Entry]:
    """By label, ignoring case, then by id (`evidence_matrix`'s order)."""
    key = {e.pk: e.title.lower() for e in entries}
    alike: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        alike[key[entry.pk]].append(entry)
    cut = [
        e.pk
        for group in alike.values()
        if len(group) > 1 and any(len(e.title) > TITLE_PREFIX for e in group)
        for e in group
    ]
    if cut:
        for pk, title, text in Node.objects.filter(pk__in=cut).values_list("pk", "title", "text"):
            key[pk] = (title or text).lower()
    return sorted(entries, key=lambda e: (key[e.pk], e.pk))


def _ordered(entries: list[Entry], *, sort: str, users: Counter[int]) -> list[int]:
    if sort == "title":
        return [e.pk for e in _by_title(entries)]
    if sort == "uses":  # chronological within a count
        return [e.pk for e in sorted(entries, key=lambda e: (-users[e.pk], e.chronology))]
    return [e.pk for e in sorted(entries, key=lambda e: e.chronology)]


def matrix_page(
    map_: Map,
    *,
    sort: str = "date",
    kind: str = "",
    indirect: bool = False,
    page: int | str | None = 1,
    columns: int | str | None = 1,
) -> MatrixPage:
    """One page of `evidence_matrix` (same sorts, filter and squares): the rows of page `page`
    and the theses of window `columns` (each counted from 1; past the end, the last one)."""
    structure, theses = load_structure(map_.pk), map_theses(map_)
    entries = _entries(map_, kind=kind, by_title=sort == "title")
    # Ordering by use counts the users of every item, searching every thesis on the whole map.
    whole = StructureStances(map_, theses=theses, structure=structure) if sort == "uses" else None
    ids = _ordered(entries, sort=sort, users=whole.users() if whole else Counter())
    rows_page = Paginator(ids, ROWS_PER_PAGE).get_page(page)
    columns_page = Paginator(theses.nodes, THESES_PER_PAGE).get_page(columns)
    window: list[Node] = list(columns_page.object_list)
    shown: list[int] = list(rows_page.object_list)
    # Another order searches only the theses that bear on the page's items or are its columns,
    # on the part of the map that bears on them.
    stances = whole or StructureStances(
        map_,
        theses=theses,
        structure=structure,
        around=[
            *bearing_on(structure, [t.pk for t in theses.nodes], shown),
            *(t.pk for t in window),
        ],
    )
    users = stances.users(of=shown)
    nodes = Node.objects.in_bulk(shown)
    squares = stances.squares(
        [(e, t.pk) for e in shown for t in window if e in nodes], indirect=indirect
    )
    return MatrixPage(
        theses=[ThesisHead(t, stances.names[t.pk]) for t in window],
        rows=[
            Row(nodes[e], [squares.get((e, t.pk)) for t in window], users[e])
            for e in shown
            if e in nodes
        ],
        rows_page=rows_page,
        columns_page=columns_page,
    )


def matrix_lines(
    map_: Map, *, sort: str = "date", kind: str = "", indirect: bool = False
) -> tuple[list[str], Iterator[Row]]:
    """The whole matrix, for the CSV: the theses' names, and its rows one by one (every thesis
    a column), in the order `matrix_page` pages them."""
    stances = StructureStances(map_)
    users = stances.users()
    ids = _ordered(_entries(map_, kind=kind, by_title=sort == "title"), sort=sort, users=users)
    wanted = set(ids)
    # Only the pairs a thesis reaches can have a stance: a search per thesis, not a square per
    # evidence × thesis.
    pairs = [
        (node, thesis.pk)
        for thesis in stances.theses
        for node in stances.reached(thesis.pk)
        if node in wanted
    ]
    squares = stances.squares(pairs, indirect=indirect)
    fields = ("pk", "title", "text", "evidence_kind", "date_text", "place_time")
    evidence = Node.objects.filter(map=map_, kind=NodeKind.EVIDENCE).values_list(*fields)
    lines = {
        pk: EvidenceLine(pk, title or text, kind_, date_text, place_time)
        for pk, title, text, kind_, date_text, place_time in evidence
        if pk in wanted
    }

    def rows() -> Iterator[Row]:
        for pk in ids:
            cells = [squares.get((pk, t.pk)) for t in stances.theses]
            yield Row(lines[pk], cells, users[pk])

    return [stances.names[t.pk] for t in stances.theses], rows()
