"""The map page's long lists: the theses and each map check's findings are listed a part at a
time with their counts; "Show more" answers htmx with the next part alone and a plain request
with the page that lists it; both keep a constant number of queries; every text in them is
escaped."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.maps import services
from argmap.maps.models import Map, Node, NodeKind
from argmap.maps.paging import FINDINGS_SHOWN, MORE_FINDINGS, THESES_SHOWN, how_many
from argmap.maps.standing import CAPTION
from tests.factories import MapFactory, ScholarFactory, ThesisFactory, bulk_map

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
SECTION = 'class="thesis-section"'


def theses_of(map_: Map) -> list[int]:
    rows = Node.objects.filter(map=map_, kind=NodeKind.THESIS).order_by("pk")
    return list(rows.values_list("pk", flat=True))


@pytest.fixture
def sixty(ada: User) -> Map:
    """1,200 statements, 60 of them theses: two whole parts and one of ten."""
    return bulk_map(ada, nodes=1200)


def test_how_many_counts_whole_parts_and_never_more_than_there_are() -> None:
    def count(raw: str | None, including: list[int] | None = None, total: int = 60) -> int:
        return how_many(raw, total=total, first=25, step=25, including=including or [])

    assert count(None) == 25
    assert count("50") == count("26") == count("49") == 50
    assert count("999") == count("60") == 60
    assert count("abc") == count("-5") == count("0") == 25
    assert count(None, [54]) == 60 and count(None, [24]) == 25 and count(None, [25]) == 50
    assert count(None, total=10) == 10


def test_the_page_lists_the_first_theses_and_says_how_many_there_are(
    ada_client: Client, sixty: Map
) -> None:
    theses = theses_of(sixty)
    page = ada_client.get(sixty.get_absolute_url()).text
    assert page.count(SECTION) == THESES_SHOWN
    assert f'id="thesis-{theses[THESES_SHOWN - 1]}"' in page
    assert f'id="thesis-{theses[THESES_SHOWN]}"' not in page
    assert f"Theses 1–{THESES_SHOWN} of 60." in page and "Show 25 more" in page
    # Without JavaScript: the page with the next part, opened at its first thesis.
    assert f'href="{sixty.get_absolute_url()}?theses=50#thesis-{theses[25]}"' in page
    # With htmx: the next part alone, in place of the link.
    assert f'hx-get="/maps/{sixty.pk}/theses/?until={theses[24]}"' in page
    assert f'data-until="{theses[24]}"' in page
    # The counts of the whole map stay whole.
    assert "Of 60 theses" in page and "1200 statements" in page


def test_show_more_answers_htmx_with_the_next_part_and_the_list_s_new_end(
    ada_client: Client, sixty: Map
) -> None:
    theses = theses_of(sixty)
    url = f"/maps/{sixty.pk}/theses/?until={theses[24]}"
    part = ada_client.get(url, headers=HX).text
    assert "<html" not in part and part.count(SECTION) == 25
    assert f'id="thesis-{theses[25]}"' in part and f'id="thesis-{theses[49]}"' in part
    assert f'id="thesis-{theses[24]}"' not in part and f'id="thesis-{theses[50]}"' not in part
    # The first of them takes the keyboard (htmx focuses it); only the first.
    first = re.search(rf'id="thesis-title-{theses[25]}"><a [^>]*>', part)
    assert first and "autofocus" in first[0] and part.count("autofocus") == 1
    assert "Theses 1–50 of 60." in part and "Show 10 more" in part
    assert f'hx-get="/maps/{sixty.pk}/theses/?until={theses[49]}"' in part
    # The last part ends the list: no "Show more".
    last = ada_client.get(f"/maps/{sixty.pk}/theses/?until={theses[49]}", headers=HX).text
    assert last.count(SECTION) == 10 and 'id="theses-more"' not in last
    # A thesis deleted since the page was drawn does not shift the parts.
    services.node_delete(node=Node.objects.get(pk=theses[24]), actor=sixty.owner)
    again = ada_client.get(url, headers=HX).text
    assert f'id="thesis-{theses[25]}"' in again and again.count(SECTION) == 25


def test_show_more_without_htmx_is_the_page_that_lists_the_part(
    ada_client: Client, sixty: Map
) -> None:
    theses = theses_of(sixty)
    answer = ada_client.get(f"/maps/{sixty.pk}/theses/?until={theses[24]}")
    assert answer.status_code == 302
    assert answer["Location"] == f"{sixty.get_absolute_url()}?theses=50#thesis-{theses[25]}"
    page = ada_client.get(f"{sixty.get_absolute_url()}?theses=50").text
    assert page.count(SECTION) == 50 and "Theses 1–50 of 60." in page
    everything = ada_client.get(f"{sixty.get_absolute_url()}?theses=999").text
    assert everything.count(SECTION) == 60 and 'id="theses-more"' not in everything


def test_the_page_lists_far_enough_to_show_a_section_it_opens(
    ada_client: Client, sixty: Map
) -> None:
    theses = theses_of(sixty)
    page = ada_client.get(f"{sixty.get_absolute_url()}?open={theses[55]}").text
    assert page.count(SECTION) == 60
    assert re.search(rf'id="body-{theses[55]}" data-loaded', page)


def test_show_more_keeps_the_evidence_the_page_sets_aside(ada_client: Client, sixty: Map) -> None:
    evidence = Node.objects.filter(map=sixty, kind=NodeKind.EVIDENCE).first()
    assert evidence is not None
    page = ada_client.get(f"{sixty.get_absolute_url()}?aside={evidence.pk}").text
    assert f"?aside={evidence.pk}&amp;theses=50#thesis-" in page
    # htmx parts read it from the page they are asked from.
    current = f"http://testserver{sixty.get_absolute_url()}?aside={evidence.pk}"
    theses = theses_of(sixty)
    part = ada_client.get(
        f"/maps/{sixty.pk}/theses/?until={theses[24]}", headers={**HX, "HX-Current-URL": current}
    ).text
    assert f"?aside={evidence.pk}&amp;theses=60#thesis-{theses[50]}" in part


def queries(client: Client, url: str, headers: dict[str, str] | None = None) -> int:
    client.get(url, headers=headers or {})  # the results of this revision are cached
    # What building the page takes, not what showing the panes kept for this reader takes
    # (argmap/lib/revalidation.py: reader_part).
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


def test_the_parts_take_the_same_queries_whatever_the_size_of_the_map(
    ada: User, ada_client: Client
) -> None:
    small, large = bulk_map(ada, nodes=600), bulk_map(ada, nodes=3000)  # 30 and 150 theses
    for map_ in (small, large):
        assert len(theses_of(map_)) > THESES_SHOWN

    def counts(map_: Map) -> tuple[int, ...]:
        theses = theses_of(map_)
        return (
            queries(ada_client, map_.get_absolute_url()),
            queries(ada_client, f"{map_.get_absolute_url()}?theses=50"),
            queries(ada_client, f"/maps/{map_.pk}/theses/?until={theses[24]}", HX),
            queries(ada_client, f"/maps/{map_.pk}/checks/", HX),
            queries(ada_client, f"/maps/{map_.pk}/checks/?check=unsupported-claim&start=10", HX),
        )

    assert counts(small) == counts(large)


def unsupported(client: Client, map_: Map) -> str:
    return client.get(f"/maps/{map_.pk}/checks/", headers=HX).text


def test_each_map_check_lists_its_first_findings_with_its_count(
    ada_client: Client, sixty: Map
) -> None:
    checks = unsupported(ada_client, sixty)
    found = re.search(r"Unsupported claims \((\d+)\)", checks)
    assert found and int(found[1]) > FINDINGS_SHOWN + MORE_FINDINGS
    total = int(found[1])
    listed = re.findall(r'<li id="finding-unsupported-claim-(\d+)"', checks)
    assert listed == [str(i) for i in range(FINDINGS_SHOWN)]
    assert f"{FINDINGS_SHOWN} of {total} shown." in checks and "Show 50 more" in checks
    more = f"/maps/{sixty.pk}/checks/?check=unsupported-claim&amp;start={FINDINGS_SHOWN}"
    assert f'hx-get="{more}"' in checks
    assert (
        f'href="{sixty.get_absolute_url()}?checks=unsupported-claim&amp;findings=60'
        f'#finding-unsupported-claim-10"' in checks
    )
    # The summary still counts every finding.
    summary = re.search(r"Map checks: (\d+) things to look at", checks)
    assert summary and int(summary[1]) >= total


def test_show_more_findings_answers_htmx_with_the_next_part(ada_client: Client, sixty: Map) -> None:
    url = f"/maps/{sixty.pk}/checks/?check=unsupported-claim&start={FINDINGS_SHOWN}"
    part = ada_client.get(url, headers=HX).text
    assert "<details" not in part
    listed = re.findall(r'<li id="finding-unsupported-claim-(\d+)"', part)
    assert listed == [str(i) for i in range(FINDINGS_SHOWN, FINDINGS_SHOWN + MORE_FINDINGS)]
    assert part.count("autofocus") == 1
    assert '<li id="finding-unsupported-claim-10" tabindex="-1" autofocus>' in part
    assert "60 of " in part and 'id="check-more-unsupported-claim"' in part
    # Without htmx: the page, its checks shown, that check's list as long as asked.
    plain = ada_client.get(url)
    assert plain.status_code == 302
    assert plain["Location"] == (
        f"{sixty.get_absolute_url()}?checks=unsupported-claim&findings=60"
        "#finding-unsupported-claim-10"
    )
    page = ada_client.get(plain["Location"].split("#")[0]).text
    assert 'id="map-checks" open' in page and 'hx-trigger="load"' not in page
    assert len(re.findall(r'<li id="finding-unsupported-claim-\d+"', page)) == 60
    # A check that does not exist is not found.
    assert ada_client.get(f"/maps/{sixty.pk}/checks/?check=nonsense", headers=HX).status_code == 404


def test_the_page_shows_its_checks_when_asked_without_javascript(
    ada: User, ada_client: Client
) -> None:
    mine = MapFactory(owner=ada)
    services.node_create(map=mine, kind="claim", text="Nobody supports me", actor=ada)
    page = ada_client.get(mine.get_absolute_url()).text
    # Without JavaScript nothing asks for the checks: a link does.
    assert f'href="{mine.get_absolute_url()}?checks=1#map-checks"' in page
    shown = ada_client.get(f"{mine.get_absolute_url()}?checks=1").text
    assert 'id="map-checks" open' in shown and "Unsupported claims (1)" in shown


def test_user_text_in_the_lists_and_the_picture_s_views_is_escaped(
    ada: User, ada_client: Client
) -> None:
    mine = MapFactory(owner=ada)
    scholar = ScholarFactory(name="<b>Bold</b> Historian")
    for i in range(THESES_SHOWN + 1):
        ThesisFactory(map=mine, text=f"<script>alert({i})</script> thesis", scholar=scholar)
    theses = theses_of(mine)
    claim = services.node_create(map=mine, kind="claim", text="<script>claim()</script>")
    services.link_create(
        map=mine, kind="supports", source=claim, target=Node.objects.get(pk=theses[0])
    )
    page = ada_client.get(mine.get_absolute_url()).text
    part = ada_client.get(f"/maps/{mine.pk}/theses/?until={theses[24]}", headers=HX).text
    checks = unsupported(ada_client, mine)
    for html in (page, part, checks):
        assert "<script>alert" not in html and "<script>claim" not in html
        assert "<b>Bold" not in html
    # The picture's list of views, built in Python, names every thesis, escaped.
    assert '<option value="thesis:' in page
    assert f'<option value="thesis:{theses[25]}">Historian: &lt;script&gt;alert(25)' in page
    assert "&lt;script&gt;alert(25)&lt;/script&gt; thesis" in part
    assert "&lt;script&gt;claim()&lt;/script&gt;" in checks


def test_the_demo_lists_every_thesis_with_its_standing_and_what_a_standing_says(
    anon_client: Client, demo: Map
) -> None:
    page = anon_client.get(demo.get_absolute_url()).text
    theses = demo.nodes.filter(kind="thesis").count()
    assert page.count(SECTION) == theses and 'id="theses-more"' not in page
    assert f"Of {theses} theses, {CAPTION}" in page
    assert "never a verdict on a historian" in page
    assert page.count('<option value="thesis:') == theses
    assert '<option value="overview">All theses</option>' in page


def partials(answer: str) -> list[tuple[str, str]]:
    return re.findall(r'<hx-partial hx-target="([^"]+)" hx-swap="([^"]+)"', answer)


def test_an_edit_keeps_a_list_that_stops_short_as_it_is(ada_client: Client, sixty: Map) -> None:
    theses = theses_of(sixty)
    # The page lists the first part: a new thesis comes after it, with "Show more".
    page = {**HX, "X-Argmap-Theses": str(theses[24])}
    added = ada_client.post(
        f"/maps/{sixty.pk}/nodes/add/", {"kind": "thesis", "text": "A new thesis"}, headers=page
    ).text
    swaps = partials(added)
    assert ("#outline-theses", "beforeend") not in swaps
    assert ("#theses-more", "outerHTML") in swaps
    assert "Theses 1–25 of 61." in added and "Show 25 more" in added
    assert f'data-until="{theses[24]}"' in added
    # A claim made a thesis within the part listed joins it, before "Show more".
    claim = Node.objects.get(pk=theses[3])
    services.node_update(
        node=claim, actor=sixty.owner, version=claim.version, data={"kind": "claim"}
    )
    claim.refresh_from_db()
    made = ada_client.post(
        f"/maps/{sixty.pk}/nodes/{claim.pk}/edit/",
        {"kind": "thesis", "text": claim.text, "version": claim.version},
        headers=page,
    ).text
    assert ("#theses-more", "beforebegin") in partials(made)
    assert f'id="thesis-{claim.pk}"' in made


def test_an_edit_on_a_page_that_lists_every_thesis_adds_at_the_end(
    ada: User, ada_client: Client, sixty: Map
) -> None:
    # No "Show more" on the page (no header): the list is whole, and the new thesis ends it.
    added = ada_client.post(
        f"/maps/{sixty.pk}/nodes/add/", {"kind": "thesis", "text": "A new thesis"}, headers=HX
    ).text
    swaps = partials(added)
    assert ("#outline-theses", "beforeend") in swaps
    assert ("#theses-more", "outerHTML") not in swaps
