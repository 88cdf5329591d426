"""Conditional GET on the map page and the debate view: a reader coming back to an unchanged map
gets 304 Not Modified after the access check, and never a page that is not the one they would
get now (argmap/lib/revalidation.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.lib import revalidation
from argmap.maps import services
from argmap.maps.models import Map
from tests.cast import PASSWORD, client_for
from tests.clients import browsing
from tests.factories import ScholarFactory, build_map

pytestmark = pytest.mark.django_db

PAGES: dict[str, Callable[[Map], str]] = {
    "map page": lambda m: m.get_absolute_url(),
    "debate view": lambda m: f"/maps/{m.pk}/debate/",
}


@pytest.fixture(params=list(PAGES))
def page(request: pytest.FixtureRequest) -> Callable[[Map], str]:
    return PAGES[request.param]


@pytest.fixture
def shared(ada: User) -> Map:
    """Ada's public map of forty statements (two theses)."""
    return build_map(ada, nodes=40, visibility="public")


def again(client: Client, url: str, first: HttpResponse, **headers: str) -> HttpResponse:
    """Ask for `url` as a browser holding `first` does."""
    return client.get(url, headers={"If-None-Match": first["ETag"], **headers})


def test_an_unchanged_map_answers_304_without_a_body_in_four_queries(
    page: Callable[[Map], str], shared: Map, ada_client: Client
) -> None:
    url = page(shared)
    first = browsing(ada_client).get(url)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert {p.strip() for p in first["Cache-Control"].split(",")} == {"private", "no-cache"}
    assert {"Cookie", "HX-Request"} <= {v.strip() for v in first["Vary"].split(",")}
    with CaptureQueriesContext(connection) as queries:
        unchanged = again(ada_client, url, first)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert "no-store" not in unchanged["Cache-Control"]
    # the session, the user, the map (with the access check), the generation
    assert len(queries) == 4, [q["sql"][:80] for q in queries.captured_queries]


def test_an_edit_changes_the_tag(
    page: Callable[[Map], str], shared: Map, ada: User, ada_client: Client
) -> None:
    client = browsing(ada_client)
    url = page(shared)
    first = client.get(url)
    services.node_create(map=shared, kind="thesis", text="A third thesis", actor=ada)
    edited = again(client, url, first)
    assert edited.status_code == 200 and edited["ETag"] != first["ETag"]
    assert "A third thesis" in edited.text
    assert again(client, url, edited).status_code == 304


def test_another_reader_never_gets_the_first_readers_304(
    page: Callable[[Map], str], shared: Map, ada_client: Client, ben_client: Client
) -> None:
    url = page(shared)
    adas = browsing(ada_client).get(url)
    bens = again(browsing(ben_client), url, adas)
    assert bens.status_code == 200 and bens["ETag"] != adas["ETag"]
    assert 'Signed in as <a href="/accounts/"><strong>ben</strong>' in bens.text


def test_a_reader_who_lost_access_gets_404_not_304(
    page: Callable[[Map], str], shared: Map, ada: User, ben_client: Client
) -> None:
    url = page(shared)
    first = browsing(ben_client).get(url)
    assert again(ben_client, url, first).status_code == 304
    services.map_update(
        map=shared, actor=ada, version=shared.version, data={"visibility": "private"}
    )
    assert again(ben_client, url, first).status_code == 404


def test_another_time_zone_changes_the_tag(
    page: Callable[[Map], str], shared: Map, ada_client: Client
) -> None:
    url = page(shared)
    first = browsing(ada_client).get(url)
    ada_client.cookies["argmap_tz"] = "Asia/Tokyo"
    in_tokyo = again(ada_client, url, first)
    assert in_tokyo.status_code == 200 and in_tokyo["ETag"] != first["ETag"]


def test_logging_in_again_changes_the_tag(
    page: Callable[[Map], str], shared: Map, ben: User
) -> None:
    """Django gives a new CSRF secret at every log-in: a page kept from before carries a token
    that no longer works, so it is never confirmed as current."""
    client = browsing(Client())
    credentials = {"username": "ben", "password": PASSWORD}
    assert client.post("/accounts/login/", credentials).status_code == 302
    first = client.get(page(shared))
    client.post("/accounts/logout/")
    client.post("/accounts/login/", credentials)
    later = again(client, page(shared), first)
    assert later.status_code == 200 and later["ETag"] != first["ETag"]


def test_the_query_and_htmx_change_the_tag(shared: Map, ada_client: Client) -> None:
    """An htmx request for the same address gets a part of the page: never the whole page's
    304, and the answers say that they vary by the header."""
    url = PAGES["debate view"](shared)
    whole = browsing(ada_client).get(url)
    part = again(ada_client, url, whole, **{"HX-Request": "true"})
    assert part.status_code == 200 and part["ETag"] != whole["ETag"]
    assert "<html" not in part.text and "HX-Request" in part["Vary"]
    asked = again(ada_client, f"{url}?compare=1", whole)
    assert asked.status_code == 200 and asked["ETag"] != whole["ETag"]


def test_the_map_pages_htmx_answer_is_never_conditional(shared: Map, ada_client: Client) -> None:
    """Setting evidence aside through htmx answers the same address with the standings it
    changes, always built, never kept."""
    url = shared.get_absolute_url()
    whole = browsing(ada_client).get(url)
    part = again(ada_client, url, whole, **{"HX-Request": "true"})
    assert part.status_code == 200 and not part.has_header("ETag")
    assert "no-store" in part["Cache-Control"]


def test_a_write_to_the_shared_library_changes_the_tag(
    page: Callable[[Map], str],
    shared: Map,
    ada_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A scholar, a source or a characterisation is shown on a map's pages without being part
    of its revision: any such write starts a new generation once it commits."""
    url = page(shared)
    first = browsing(ada_client).get(url)
    with django_capture_on_commit_callbacks(execute=True):
        ScholarFactory(name="Someone new")
    later = again(ada_client, url, first)
    assert later.status_code == 200 and later["ETag"] != first["ETag"]


def test_a_page_with_a_message_to_show_is_always_built(shared: Map, ben_client: Client) -> None:
    browsing(ben_client)
    copied = ben_client.post(f"/maps/{shared.pk}/fork/", follow=True)
    assert "This is your own copy" in copied.text and not copied.has_header("ETag")
    shown = ben_client.get(copied.redirect_chain[-1][0])
    assert shown.status_code == 200 and shown.has_header("ETag")
    assert "This is your own copy" not in shown.text


def test_log_out_empties_the_browsers_cache_of_the_site(ada_client: Client) -> None:
    out = browsing(ada_client).post("/accounts/logout/")
    assert out.status_code == 302 and out["Clear-Site-Data"] == '"cache"'


def test_the_debate_view_is_built_once_for_every_reader(
    shared: Map, ada_client: Client, ben_client: Client
) -> None:
    """Its comparison shows nothing of its reader: a second reader is shown the same, under
    their own header, without the map being loaded again."""
    theses = list(shared.nodes.filter(kind="thesis").values_list("pk", flat=True))
    url = f"/maps/{shared.pk}/debate/?" + "&".join(f"thesis={pk}" for pk in theses)
    adas = browsing(ada_client).get(url)
    browsing(ben_client)
    with CaptureQueriesContext(connection) as queries:
        bens = ben_client.get(url)
    # the session, ben, the map, whether it is a hidden reference to him, the generation
    assert len(queries) == 5, [q["sql"][:80] for q in queries.captured_queries]
    assert "<strong>ben</strong>" in bens.text and "<strong>ada</strong>" not in bens.text
    body = adas.text.split('<main id="main">')[1].split("</main>")[0]
    assert "Rests on" in body or "Standing" in body
    assert body == bens.text.split('<main id="main">')[1].split("</main>")[0]


def test_the_shared_debate_view_follows_the_map(shared: Map, ada: User, ada_client: Client) -> None:
    url = f"/maps/{shared.pk}/debate/"
    assert "A third thesis" not in browsing(ada_client).get(url).text
    services.node_create(map=shared, kind="thesis", text="A third thesis", actor=ada)
    assert "A third thesis" in ada_client.get(url).text
    hx = ada_client.get(f"{url}?compare=1", headers={"HX-Request": "true"})
    assert hx.text.lstrip().startswith('<div id="debate">')


def test_a_change_to_the_original_of_a_copy_changes_the_copys_tag(
    shared: Map, ada: User, ben: User, ben_client: Client
) -> None:
    """A copy's page names its original while the reader may read it: the original made
    private (a change to its own row, counted in its revision alone) must show."""
    copy = services.map_fork(map=shared, owner=ben)
    url = copy.get_absolute_url()
    first = browsing(ben_client).get(url)
    assert f'copied from <a href="{shared.get_absolute_url()}">' in first.text
    private = {"visibility": "private"}
    services.map_update(map=shared, actor=ada, version=shared.version, data=private)
    later = again(ben_client, url, first)
    assert later.status_code == 200 and "copied from a map you cannot open" in later.text


def test_a_readers_other_session_is_shown_the_panes_built_for_the_first(
    shared: Map, ada: User
) -> None:
    """The map page's panes (outline, standings, picture) hold no CSRF token: Ada's second
    browser is shown the ones built for her first without the map being read again, and the
    forms around them carry the second browser's own token, which works."""
    url = shared.get_absolute_url()
    first = browsing(client_for(ada)).get(url)
    second = Client(enforce_csrf_checks=True)
    second.force_login(ada)
    browsing(second)
    with CaptureQueriesContext(connection) as queries:
        page = second.get(url)
    assert page.status_code == 200 and page["ETag"] != first["ETag"]
    # the map (with its owner), the session, the user, the generation, the map's course work:
    # no statement, link or result
    assert len(queries) == 5, [q["sql"][:80] for q in queries.captured_queries]
    assert panes(page) == panes(first) and 'class="editor-toolbar"' in panes(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None and token[1] not in first.text
    out = second.post("/accounts/logout/", {"csrfmiddlewaretoken": token[1]})
    assert out.status_code == 302


def test_another_reader_never_gets_the_panes_built_for_the_owner(
    shared: Map, ada_client: Client, ben_client: Client
) -> None:
    url = shared.get_absolute_url()
    adas = browsing(ada_client).get(url)
    bens = browsing(ben_client).get(url)
    assert 'class="editor-toolbar"' in panes(adas)
    assert bens.status_code == 200 and 'class="editor-toolbar"' not in panes(bens)
    assert "edit it and link it" not in panes(bens)


def test_the_panes_of_a_huge_map_are_built_every_time(
    shared: Map, ada: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Panes longer than READER_PART_LIMIT are not kept: a few pages of huge maps would
    otherwise fill each process's memory."""
    monkeypatch.setattr(revalidation, "READER_PART_LIMIT", 1000)
    url = shared.get_absolute_url()
    browsing(client_for(ada)).get(url)
    second = browsing(client_for(ada))
    with CaptureQueriesContext(connection) as queries:
        page = second.get(url)
    assert page.status_code == 200 and 'class="editor-toolbar"' in panes(page)
    assert len(queries) > 5


def panes(page: HttpResponse) -> str:
    return page.text.split('<div class="workspace">')[1].split('<dialog id="shortcuts-dialog"')[0]
