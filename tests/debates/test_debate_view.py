"""The debate view: a reader picks two to four theses and sees them side by side, with the
evidence they share and where one's support is the other's objection."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from argmap.maps.models import Map
from tests.debates.conftest import node

pytestmark = pytest.mark.django_db


def url(map_: Map, *theses: int) -> str:
    query = "&".join(f"thesis={pk}" for pk in theses)
    return f"/maps/{map_.pk}/debate/" + (f"?{query}" if query else "")


def shared_row(html: str, title: str) -> str:
    """The <tr> of the shared-evidence tables whose row header names `title`."""
    rows = re.findall(r'<tr class="shared-row.*?</tr>', html, flags=re.S)
    found = [row for row in rows if f">{title}</a>" in row]
    assert found, f"{title!r} is not among the shared evidence"
    return found[0]


def test_first_visit_shows_the_picker_with_a_checkbox_per_thesis(
    anon_client: Client, demo: Map
) -> None:
    page = anon_client.get(url(demo))
    assert page.status_code == 200
    assert page.text.count('type="checkbox" name="thesis"') == 19
    assert "Tick two to four theses" in page.text
    assert 'role="alert"' not in page.text


def test_frank_and_wilson_side_by_side_share_and_contest_evidence(
    anon_client: Client, demo: Map
) -> None:
    frank, wilson = node(demo, "th_frank"), node(demo, "th_wilson")
    page = anon_client.get(url(demo, frank.pk, wilson.pk))
    assert page.status_code == 200
    html = unescape(page.text)
    assert html.count('<article class="column"') == 2
    assert 'id="shared-evidence"' in html
    # Each column: the thesis, its supports with attribution and attestation, what opposes it.
    assert "Japan was not ready to surrender" in html and "Soviet entry, not the bomb" in html
    assert "used by <a" in html and "attestation: characterization" in html
    # The encyclopedia's wording of Frank, side by side with what he wrote.
    assert "Disputed attribution" in html
    # Each standing says what it rests on.
    assert "given only the objections recorded in this map" in html
    # Hiroshima: Frank's support, Wilson's contest of that reading.
    hiroshima = shared_row(html, "Atomic bombing of Hiroshima")
    assert "is-contested" in hiroshima
    assert re.search(r'data-thesis="Frank">.*?\+</span> supports', hiroshima, re.S)
    assert re.search(r'data-thesis="Wilson">.*?⤫</span> contests', hiroshima, re.S)
    assert "Wilson’s reading ‘Wilson argues the Hiroshima bombing" in hiroshima
    assert "replies to Stimson’s and Asada’s use of Atomic bombing of Hiroshima" in hiroshima
    # The Soviet declaration the other way round.
    declaration = shared_row(html, "Soviet declaration of war on Japan")
    assert re.search(r'data-thesis="Frank">.*?⤫</span> contests', declaration, re.S)
    assert re.search(r'data-thesis="Wilson">.*?\+</span> supports', declaration, re.S)
    assert "Frank’s reading" in declaration and "is inconsistent with" in declaration
    # The rescripts reach Frank only through the theses that argue with his.
    aug17 = shared_row(html, "Imperial Rescript to Soldiers and Sailors")
    assert "→ supports → Hasegawa → opposes → Frank" in aug17
    assert "is-contested" in aug17
    aug15 = shared_row(html, "Imperial Rescript on the Termination of the War")
    assert "→ supports → Asada → opposes → Hasegawa → opposes → Frank" in aug15
    assert re.search(r'data-thesis="Wilson">.*?⤫</span> contests', aug15, re.S)


def test_evidence_both_use_the_same_way_is_shared_but_not_contested(
    anon_client: Client, demo: Map
) -> None:
    frank, wilson = node(demo, "th_frank"), node(demo, "th_wilson")
    html = anon_client.get(url(demo, frank.pk, wilson.pk)).text
    assert "is-contested" not in shared_row(html, "Atomic bombing of Nagasaki")


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["th_frank"], "Choose at least 2 theses to compare (you chose 1)."),
        ([], "Choose at least 2 theses to compare (you chose 0)."),
        (
            ["th_frank", "th_wilson", "th_asada", "th_hasegawa", "th_bix"],
            "Choose at most 4 theses",
        ),
    ],
)
def test_too_few_or_too_many_theses_get_a_clear_message(
    anon_client: Client, demo: Map, keys: list[str], message: str
) -> None:
    pks = [node(demo, key).pk for key in keys]
    page = anon_client.get(url(demo, *pks) + ("" if pks else "?compare=1"))
    assert page.status_code == 200
    assert message in page.text and 'role="alert"' in page.text
    assert 'class="column"' not in page.text


def test_a_thesis_of_another_map_is_refused(ada_client: Client, demo: Map, adas_map: Map) -> None:
    mine = adas_map.nodes.filter(kind="thesis").first()
    assert mine is not None
    page = ada_client.get(url(demo, node(demo, "th_frank").pk, mine.pk))
    assert "is not a thesis of this map" in page.text


def test_htmx_gets_just_the_comparison(anon_client: Client, demo: Map) -> None:
    frank, wilson = node(demo, "th_frank"), node(demo, "th_wilson")
    page = anon_client.get(url(demo, frank.pk, wilson.pk), headers={"HX-Request": "true"})
    assert page.text.lstrip().startswith('<div id="debate">')
    assert "<html" not in page.text


def test_a_students_map_works_for_its_owner_and_is_404_for_others(
    adas_map: Map, ada_client: Client, ben_client: Client, anon_client: Client
) -> None:
    theses = list(adas_map.nodes.filter(kind="thesis")[:2])
    address = url(adas_map, *(t.pk for t in theses))
    page = ada_client.get(address)
    assert page.status_code == 200 and page.text.count('<article class="column"') == 2
    assert ben_client.get(address).status_code == 404
    assert anon_client.get(address).status_code == 404
