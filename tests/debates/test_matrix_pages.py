"""The evidence matrix a page at a time: the demo's matrix and CSV are what the whole-map matrix
(`evidence_matrix`, which the API still serves) gives; pages cut the whole sorted and filtered
matrix in its order; a page of a larger map costs as many queries as one of a small map."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.debates import matrix as paged
from argmap.debates.export import write_matrix_csv
from argmap.debates.matrix import matrix_page
from argmap.debates.selectors import Matrix, Stances, evidence_matrix
from argmap.maps.models import Map
from argmap.maps.selectors import map_bundle
from tests.debates.test_matrix import read_csv
from tests.factories import build_map

pytestmark = pytest.mark.django_db

# (sort, kind, indirect): every sort, with and without a filter and the indirect stances
SETTINGS = [
    (sort, kind, indirect)
    for sort in ("date", "title", "uses")
    for kind in ("", "document")
    for indirect in (False, True)
]


def whole_matrix(demo: Map, sort: str = "date", kind: str = "", indirect: bool = False) -> Matrix:
    return evidence_matrix(Stances(map_bundle(demo)), sort=sort, kind=kind, indirect=indirect)


def address(sort: str, kind: str, indirect: bool) -> str:
    return f"sort={sort}&kind={kind}" + ("&indirect=on" if indirect else "")


def row_ids(page_html: str) -> list[int]:
    found = re.findall(r'<th scope="row"><a href="/maps/\d+/nodes/(\d+)/"', page_html)
    return [int(pk) for pk in found]


def all_rows(demo: Map) -> list[int]:
    return [r.evidence.pk for r in whole_matrix(demo).rows]


@pytest.mark.parametrize(("sort", "kind", "indirect"), SETTINGS)
def test_the_demo_matrix_on_one_page_is_the_whole_map_matrix(
    demo: Map, sort: str, kind: str, indirect: bool
) -> None:
    whole = whole_matrix(demo, sort, kind, indirect)
    page = matrix_page(demo, sort=sort, kind=kind, indirect=indirect)
    assert page.rows_page.paginator.num_pages == page.columns_page.paginator.num_pages == 1
    assert [(h.node.pk, h.name) for h in page.theses] == [(h.node.pk, h.name) for h in whole.theses]
    assert [r.evidence.pk for r in page.rows] == [r.evidence.pk for r in whole.rows]
    assert [r.users for r in page.rows] == [r.users for r in whole.rows]
    shown = [
        [
            (c.thesis_id, c.label, c.indirect, c.attestation, c.rationale) if c else None
            for c in r.cells
        ]
        for r in page.rows
    ]
    expected = [
        [
            (c.thesis.pk, c.label, c.indirect, c.attestation, c.rationale) if c else None
            for c in r.cells
        ]
        for r in whole.rows
    ]
    assert shown == expected
    assert any(c[1] == "contests" for row in shown for c in row if c)


@pytest.mark.parametrize(("sort", "kind", "indirect"), SETTINGS)
def test_the_demo_csv_is_the_whole_map_matrix_s_csv(
    anon_client: Client, demo: Map, sort: str, kind: str, indirect: bool
) -> None:
    whole = whole_matrix(demo, sort, kind, indirect)
    expected = io.StringIO()
    write_matrix_csv(expected, [h.name for h in whole.theses], whole.rows)
    rows = read_csv(anon_client.get(f"/maps/{demo.pk}/matrix.csv?{address(sort, kind, indirect)}"))
    assert rows == list(csv.reader(io.StringIO(expected.getvalue())))
    assert len(rows) == 1 + len(whole.rows) and len(rows[0]) == 6 + 3 * 19


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of seven rows and windows of five theses, so that the demo has several of each."""
    monkeypatch.setattr(paged, "ROWS_PER_PAGE", 7)
    monkeypatch.setattr(paged, "THESES_PER_PAGE", 5)


@pytest.mark.parametrize(
    ("sort", "kind", "indirect"),
    [("date", "", False), ("title", "", False), ("uses", "", True), ("uses", "event", False)],
)
def test_the_pages_cut_the_whole_sorted_and_filtered_matrix_in_its_order(
    anon_client: Client, demo: Map, small_pages: None, sort: str, kind: str, indirect: bool
) -> None:
    whole = whole_matrix(demo, sort, kind, indirect)
    everything = [r.evidence.pk for r in whole.rows]
    pages = -(-len(everything) // 7)
    assert pages > 1
    seen = []
    for number in range(1, pages + 1):
        url = f"/maps/{demo.pk}/matrix/?{address(sort, kind, indirect)}&page={number}"
        page = anon_client.get(url).text
        seen += row_ids(page)
        first, last = 7 * (number - 1) + 1, min(7 * number, len(everything))
        assert f"Rows {first}–{last} of {len(everything)}" in page
        # Its use counts and squares are the whole matrix's, though only the theses that may
        # bear on the page's items are searched.
        cut = matrix_page(demo, sort=sort, kind=kind, indirect=indirect, page=number, columns=2)
        expected = whole.rows[first - 1 : last]
        assert [r.users for r in cut.rows] == [r.users for r in expected]
        assert [[(c.thesis_id, c.label) if c else None for c in r.cells] for r in cut.rows] == [
            [(c.thesis.pk, c.label) if c else None for c in r.cells[5:10]] for r in expected
        ]
    assert seen == everything


def test_a_window_of_theses_keeps_the_rows_and_their_use_counts(
    anon_client: Client, demo: Map, small_pages: None
) -> None:
    whole = whole_matrix(demo, "uses")
    second = matrix_page(demo, sort="uses", page=2, columns=2)
    assert [h.node.pk for h in second.theses] == [h.node.pk for h in whole.theses[5:10]]
    assert [r.evidence.pk for r in second.rows] == [r.evidence.pk for r in whole.rows[7:14]]
    # "Uses" counts every thesis of the map, not only those in the window.
    assert [r.users for r in second.rows] == [r.users for r in whole.rows[7:14]]
    assert [[c.thesis_id if c else None for c in r.cells] for r in second.rows] == [
        [c.thesis.pk if c else None for c in r.cells[5:10]] for r in whole.rows[7:14]
    ]
    page = anon_client.get(f"/maps/{demo.pk}/matrix/?sort=uses&page=2&columns=2").text
    assert "Theses 6–10 of 19" in page and "Rows 8–14 of 57" in page
    # The links keep the sort and the other window; the first page's address has no number.
    for rows_link in ("?sort=uses&amp;columns=2", "?sort=uses&amp;columns=2&amp;page=3"):
        assert f'href="{rows_link}"' in page
    for theses_link in ("?sort=uses&amp;page=2", "?sort=uses&amp;page=2&amp;columns=3"):
        assert f'href="{theses_link}"' in page
    # A new order starts at its first row, in the same window of theses.
    assert 'href="?sort=title&amp;columns=2"' in page
    # So does a new filter: the form carries the sort and the window, not the row page.
    assert 'name="columns" value="2" form="matrix-filters"' in page


def test_a_page_past_the_end_is_the_last_page_and_a_bad_one_the_first(
    anon_client: Client, demo: Map, small_pages: None
) -> None:
    everything = all_rows(demo)
    last = anon_client.get(f"/maps/{demo.pk}/matrix/?page=99").text
    assert row_ids(last) == everything[56:] and "Rows 57–57 of 57" in last
    assert row_ids(anon_client.get(f"/maps/{demo.pk}/matrix/?page=x").text) == everything[:7]
    assert row_ids(anon_client.get(f"/maps/{demo.pk}/matrix/?page=-3").text) == everything[56:]
    assert "Theses 16–19 of 19" in anon_client.get(f"/maps/{demo.pk}/matrix/?columns=9").text


def test_one_page_shows_no_pager(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/matrix/").text
    assert 'class="pager"' not in page
    assert "57 pieces of evidence × 19 theses, sorted by date</caption>" in page


def test_htmx_pages_replace_just_the_table(
    anon_client: Client, demo: Map, small_pages: None
) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/matrix/?page=2", headers={"HX-Request": "true"}).text
    assert page.lstrip().startswith('<div id="matrix-table"')
    assert (
        'hx-get="?sort=date&amp;page=3" hx-target="#matrix-table" hx-swap="outerHTML" '
        'hx-push-url="true" id="rows-next"'
    ) in page
    assert 'id="rows-status" tabindex="-1" data-focus-here' in page


PAGES = ["", "?page=3", "?sort=title&page=2", "?sort=uses&kind=event&indirect=on&page=2&columns=2"]


def test_a_page_costs_as_many_queries_on_a_larger_map(
    ada: User, ada_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paged, "ROWS_PER_PAGE", 5)
    monkeypatch.setattr(paged, "THESES_PER_PAGE", 2)
    small, large = build_map(ada, nodes=60), build_map(ada, nodes=400)
    for map_ in (small, large):
        for page in PAGES:
            with CaptureQueriesContext(connection) as captured:
                answer = ada_client.get(f"/maps/{map_.pk}/matrix/{page}")
            # Session, user, the map; the structure (3), the theses, the order's rows, the page's
            # evidence; and the links of its squares, when it shows any.
            shows_squares = 'class="cell net-bg' in answer.text
            assert len(captured.captured_queries) == 9 + shows_squares, (map_.pk, page)
    assert "Rows 11–15 of" in ada_client.get(f"/maps/{large.pk}/matrix/?page=3").text
