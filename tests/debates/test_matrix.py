"""The evidence matrix: evidence × theses, sorted and filtered by URL, a cell's rationale and
citation, and a CSV a spreadsheet can open without running anything."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.debates.export import safe_cell
from argmap.maps import services
from argmap.maps.models import Map
from tests.debates.conftest import node
from tests.factories import MapFactory, SourceFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def row_titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)


def read_csv(response: object) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


def test_rows_are_chronological_with_undated_evidence_last(anon_client: Client, demo: Map) -> None:
    services.node_create(
        map=demo,
        kind="evidence",
        title="An undated memoir",
        text="Undated.",
        evidence_kind="document",
    )
    page = anon_client.get(f"/maps/{demo.pk}/matrix/")
    assert page.status_code == 200
    titles = [html.unescape(t) for t in row_titles(page.text)]
    assert len(titles) == 58
    assert titles[0].startswith("Tehran Conference") and titles[-1] == "An undated memoir"
    assert titles.index("Atomic bombing of Hiroshima") < titles.index(
        "Soviet declaration of war on Japan"
    )
    assert "19 theses" in page.text and "+</span> supports" in page.text
    assert "⤫</span> contests" in page.text


def test_sort_by_title_and_by_number_of_theses_using_it(anon_client: Client, demo: Map) -> None:
    by_title = row_titles(anon_client.get(f"/maps/{demo.pk}/matrix/?sort=title").text)
    assert by_title == sorted(by_title, key=str.lower)
    by_uses = anon_client.get(f"/maps/{demo.pk}/matrix/?sort=uses").text
    # Hiroshima and the Soviet declaration are used by nine theses each, more than anything else.
    assert set(row_titles(by_uses)[:2]) == {
        "Atomic bombing of Hiroshima",
        "Soviet declaration of war on Japan",
    }
    assert 'aria-current="true">number of theses using it</a>' in by_uses


def test_filter_by_kind_keeps_only_that_kind(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/matrix/?kind=statistic").text
    assert len(row_titles(page)) == 5
    assert all('<span class="kind">statistic</span>' in row for row in page.split("<tr>")[2:])
    assert len(row_titles(anon_client.get(f"/maps/{demo.pk}/matrix/?kind=event").text)) == 21


def test_an_unknown_sort_or_kind_falls_back_to_the_defaults(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/matrix/?sort=nonsense&kind=poem")
    assert page.status_code == 200 and len(row_titles(page.text)) == 57


def test_stances_through_other_theses_show_only_when_asked(anon_client: Client, demo: Map) -> None:
    plain = anon_client.get(f"/maps/{demo.pk}/matrix/").text
    wide = anon_client.get(f"/maps/{demo.pk}/matrix/?indirect=on").text
    assert "(indirect)" not in plain and "(indirect)" in wide
    assert wide.count('class="cell net-bg') > plain.count('class="cell net-bg')


def test_htmx_gets_just_the_table(anon_client: Client, demo: Map) -> None:
    page = anon_client.get(f"/maps/{demo.pk}/matrix/?sort=title", headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith('<div id="matrix-table"')
    assert 'name="sort" value="title" form="matrix-filters"' in page.text


def test_a_cell_opens_its_rationale_citation_and_path(anon_client: Client, demo: Map) -> None:
    hiroshima, frank = node(demo, "ev_hiroshima"), node(demo, "th_frank")
    cell_url = f"/maps/{demo.pk}/matrix/{hiroshima.pk}/{frank.pk}/"
    matrix = anon_client.get(f"/maps/{demo.pk}/matrix/").text
    assert f'href="{cell_url}" hx-get="{cell_url}"' in matrix
    page = anon_client.get(cell_url)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Frank on “Atomic bombing of Hiroshima”" in text
    assert "Atomic bombing of Hiroshima → supports → The bomb, not Soviet entry" in text
    assert "Frank’s use of Atomic bombing of Hiroshima" in text
    assert "attestation: summary" in text and "his main opponent describes him" in text
    assert "Ketsu Go" in text  # the citation
    assert "Attested in:" in text and "Hasegawa" in text
    partial = anon_client.get(cell_url, headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<h2 id="cell-title">')


def test_a_contest_cell_names_the_readings_it_undercuts(anon_client: Client, demo: Map) -> None:
    hiroshima, wilson = node(demo, "ev_hiroshima"), node(demo, "th_wilson")
    page = html.unescape(
        anon_client.get(f"/maps/{demo.pk}/matrix/{hiroshima.pk}/{wilson.pk}/").text
    )
    assert "Readings Wilson contests" in page
    assert "replies to Stimson’s and Asada’s use of Atomic bombing of Hiroshima" in page


def test_a_cell_of_nodes_that_are_not_evidence_and_thesis_is_404(
    anon_client: Client, demo: Map
) -> None:
    frank, hiroshima = node(demo, "th_frank"), node(demo, "ev_hiroshima")
    assert anon_client.get(f"/maps/{demo.pk}/matrix/{frank.pk}/{hiroshima.pk}/").status_code == 404
    assert anon_client.get(f"/maps/{demo.pk}/matrix/{hiroshima.pk}/999999/").status_code == 404


def test_csv_has_a_row_per_evidence_and_three_columns_per_thesis(
    anon_client: Client, demo: Map
) -> None:
    response = anon_client.get(f"/maps/{demo.pk}/matrix.csv?kind=event")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="why-did-japan-surrender-in-august-1945-evidence-matrix.csv"'
        in response["Content-Disposition"]
    )
    rows = read_csv(response)
    assert rows[0][:6] == [
        "date",
        "date (ISO 8601)",
        "whose clock",
        "evidence",
        "kind",
        "theses using it",
    ]
    assert len(rows[0]) == 6 + 3 * 19 and "Frank: stance" in rows[0]
    assert len(rows) == 1 + 21
    hiroshima = next(r for r in rows if r[3] == "Atomic bombing of Hiroshima")
    frank = rows[0].index("Frank: stance")
    wilson = rows[0].index("Wilson: stance")
    assert hiroshima[frank : frank + 2] == ["supports", "summary"]
    assert hiroshima[wilson] == "contests"
    assert hiroshima[:2] == ["6 August 1945, 08:15 UTC+9", "1945-08-06T08:15+09:00"]
    assert "Tokyo clock" in hiroshima[2] and "Washington" in hiroshima[2]


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(ada: User, ada_client: Client) -> None:
    map_ = MapFactory(owner=ada, title="Formulas")
    thesis = ThesisFactory(map=map_, text="@SUM(1+1) thesis")
    for title in ['=HYPERLINK("http://evil")', "+1", "-2", "@cmd", " =1+1", "\t=1", "Plain"]:
        evidence = services.node_create(
            map=map_, kind="evidence", title=title, text="x", source=SourceFactory()
        )
        services.link_create(
            map=map_, kind="supports", source=evidence, target=thesis, rationale="=1+2"
        )
    rows = read_csv(ada_client.get(f"/maps/{map_.pk}/matrix.csv?sort=title"))
    titles = {r[3] for r in rows[1:]}
    assert titles == {
        '\'=HYPERLINK("http://evil")',
        "'+1",
        "'-2",
        "'@cmd",
        "' =1+1",
        "'\t=1",
        "Plain",
    }
    assert all(r[-1] == "'=1+2" for r in rows[1:])  # the rationale
    assert rows[0][6] == "'@SUM(1+1) thesis: stance"


def test_safe_cell_leaves_ordinary_text_alone() -> None:
    assert safe_cell("Atomic bombing of Hiroshima") == "Atomic bombing of Hiroshima"
    assert safe_cell("") == "" and safe_cell(None) == "" and safe_cell(3) == "3"
    assert safe_cell("a = b") == "a = b"


@pytest.mark.parametrize("path", ["matrix/", "matrix.csv", "debate/", "timeline/"])
def test_every_page_of_a_private_map_is_404_for_an_outsider_and_an_anonymous_visitor(
    adas_map: Map, ada_client: Client, ben_client: Client, anon_client: Client, path: str
) -> None:
    address = f"/maps/{adas_map.pk}/{path}"
    assert ada_client.get(address).status_code == 200
    assert ben_client.get(address).status_code == 404
    assert anon_client.get(address).status_code == 404


def test_a_cell_of_a_private_map_is_404_for_others(
    adas_map: Map, ada_client: Client, ben_client: Client, anon_client: Client
) -> None:
    evidence = adas_map.nodes.filter(kind="evidence").first()
    thesis = adas_map.nodes.filter(kind="thesis").first()
    assert evidence is not None and thesis is not None
    address = f"/maps/{adas_map.pk}/matrix/{evidence.pk}/{thesis.pk}/"
    assert ada_client.get(address).status_code == 200
    assert ben_client.get(address).status_code == 404
    assert anon_client.get(address).status_code == 404
