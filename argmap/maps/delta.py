"""An edit's answer: only what it changed on the reader's page.

After a write, the page needs the rows of the statements that changed, the standings that
changed (every mark of them), the sections of the outline that show a changed link (among
those the page has loaded), the theses that came or went, the counts, the picture's current
view, the statement panel and a message. `Edit` says what the view changed; `delta` works out
the rest from the map's structure and its results before and after (`argmap.maps.results`),
so that the answer's cost follows the size of the change and of what the page shows, not of
the map (bench/edit.py measures it at 10 and 1,000 statements).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.outline_html import statement_row, status_mark
from argmap.maps.page_state import PageState, map_urls, page_query
from argmap.maps.pages import (
    UNATTACHED,
    Body,
    Section,
    drawing_context,
    node_panel,
    section_bodies,
    theses_more,
)
from argmap.maps.picture import view_elements, view_members
from argmap.maps.results import MapResults, before_revision, changed, compute, store
from argmap.maps.selectors import part_bundle
from argmap.maps.structure import (
    Structure,
    counts_into,
    load_structure,
    section_members,
    theses_reaching,
    unattached,
)


@dataclass
class Edit:
    """What a write changed, as the view that made it knows it.

    `rows`: statements whose own fields changed (text, date, source…); `around`: statements
    next to a link that came or went (its ends, a deleted statement's neighbours); `created`
    and `removed` statements; `structural`: whether standings may have changed (a link, a
    base score, a kind, a deletion). Without `around`, every section the page has loaded is
    drawn again (an undo or a revert may touch anything)."""

    rows: set[int] = field(default_factory=set)
    around: set[int] | None = None
    created: set[int] = field(default_factory=set)
    removed: set[int] = field(default_factory=set)
    kinds_changed: set[int] = field(default_factory=set)
    structural: bool = True
    marks: bool = False  # redraw every standing shown (the evidence set aside changed)


def remote_edit(structure: Structure, listed: set[int]) -> Edit:
    """What a page that lists the theses `listed` must draw again after changes it did not make
    and knows nothing of: every section it has loaded, every standing, the head of every thesis
    it lists, and the theses that came or went since."""
    theses = set(structure.theses())
    return Edit(
        rows=theses,
        around=None,
        created=theses - listed,
        removed=listed - theses,
        structural=True,
        marks=True,
    )


def current_revision(map_: Map) -> int:
    value = Map.all_objects.filter(pk=map_.pk).values_list("revision", flat=True).first()
    map_.revision = int(value or 0)
    return map_.revision


def _results_after(
    map_: Map, structure: Structure, before: MapResults | None, edit: Edit
) -> MapResults:
    """The results at the new revision: worked out again when the edit could change standings;
    otherwise those before, with the new statements (which nothing links yet) holding."""
    if edit.structural or before is None:
        after = compute(structure, map_.revision)
    else:
        nodes = {pk: r for pk, r in before.nodes.items() if pk in structure.nodes}
        for pk in edit.created:
            row = structure.nodes.get(pk)
            if row is not None:
                base = row.base_score if row.base_score is not None else 0.5
                nodes[pk] = ("in", base, True, True)
        after = MapResults(map_.revision, before.semantics, nodes)
    store(map_.pk, after)
    return after


def delta(
    request: HttpRequest,
    map_: Map,
    edit: Edit,
    *,
    focus: Node | None = None,
    message: str,
    undo: Any = None,
    on_page: set[int] | None = None,
) -> dict[str, Any]:
    """The context of `maps/map_detail.html#changes` after an edit of `map_`.

    `on_page`: for a change made elsewhere (by another reader, `remote_edit`), the theses the
    page lists; `edit` is then worked out from them and the map as it is now."""
    before = before_revision(map_.pk, map_.loaded_revision or 0)
    current_revision(map_)
    structure = load_structure(map_.pk)
    if on_page is not None:
        edit = remote_edit(structure, on_page)
    after = _results_after(map_, structure, before, edit)
    state = PageState.of(request, structure)
    shown = compute(structure, map_.revision, state.aside) if state.aside else after
    # With evidence set aside, the page shows results no cache holds: redraw every mark.
    moved = changed(None if state.aside or edit.marks else before, shown)
    urls = map_urls(map_)
    can_edit = request.user.has_perm("maps.change_map", map_)
    ctx = drawing_context(shown, urls, can_edit)
    theses = set(structure.theses())

    # Sections to draw again: those the page has loaded that show the change.
    loaded = {t for t in state.loaded if t == UNATTACHED or t in theses}
    if edit.around is None:
        redraw = set(loaded)
    else:
        redraw = loaded & theses_reaching(structure, edit.around | edit.created | edit.rows)
        if UNATTACHED in loaded and (edit.around or edit.created or edit.removed):
            redraw.add(UNATTACHED)
    bodies = section_bodies(
        map_, structure, shown, sorted(redraw), urls=urls, can_edit=can_edit, terms=ctx.gloss
    )

    # Rows of statements whose own fields changed, wherever they appear.
    rows_wanted = {pk for pk in edit.rows | edit.created if pk in structure.nodes}
    loaded_rows = part_bundle(map_, rows_wanted).nodes if rows_wanted else {}
    rows = [(pk, mark_safe(statement_row(n, ctx))) for pk, n in loaded_rows.items()]  # noqa: S308 - built from escaped parts

    # Every standing the page shows that changed (marks inside redrawn parts come with them).
    shown_now: set[int] = set(theses)
    for thesis in loaded:
        shown_now |= section_members(structure, thesis) if thesis else unattached(structure)
    shown_now |= view_members(structure, state.view)
    marks = [
        (pk, mark_safe(status_mark(shown.result(pk), pk, ctx.urls)))  # noqa: S308 - escaped parts
        for pk in sorted(moved & shown_now)
        if pk not in rows_wanted
    ]

    # Theses whose heading changed, theses that came (new, or a claim made a thesis) and went.
    heads = [
        Section(node, shown.result(pk), *counts_into(structure, pk))
        for pk, node in loaded_rows.items()
        if pk in theses
    ]
    arrived = (edit.created | edit.kinds_changed) & theses
    gone = sorted((edit.removed | edit.kinds_changed) - theses)
    # A page whose list of theses stops short (`paging`) keeps it as it is: a thesis that
    # arrives within it is added at its end; one beyond it comes with "Show more".
    until = state.theses_until
    listed = sorted(theses)
    arriving = [h for h in heads if h.thesis.pk in arrived]
    within = [h for h in arriving if until is not None and h.thesis.pk <= until]

    panel = None
    if focus is not None and focus.pk in structure.nodes:
        panel = node_panel(request, map_, focus, loaded=(shown, structure))
    return {
        "map": map_,
        "urls": urls,
        "can_edit": can_edit,
        "message": message,
        "undo": undo,
        "marks": marks,
        "rows": rows,
        "bodies": [Body(pk, node, body, chars) for pk, (body, chars, node) in bodies.items()],
        "heads": [h for h in heads if h.thesis.pk not in arrived],
        "new_theses": arriving if until is None else [],
        "listed_theses": within,
        "paged": until is not None,
        "theses_more": None
        if until is None
        else theses_more(map_, listed, bisect_right(listed, until), page_query(request)),
        "gone": gone,
        "counts": shown.counts(structure),
        "aside": sorted(state.aside),
        "thesis_count": len(theses),
        "node_count": len(structure.nodes),
        "link_count": len(structure.links),
        "unattached_count": len(unattached(structure)),
        "picture": view_elements(map_, structure, shown, state.view),
        "view": state.view,
        "panel": panel,
        "cleared": focus is None,
        "focus": focus,
        "kinds": NodeKind,
    }
