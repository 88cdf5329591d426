"""The live endpoints: who may connect, what the stream says, and the presence POST's rules."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.auth.models import User
from django.test import AsyncClient, Client
from django.urls import reverse

from argmap.live.hub import hub
from argmap.live.models import Presence
from argmap.maps import services
from argmap.maps.models import Map, Visibility
from tests.cast import client_for
from tests.factories import MapFactory, NodeFactory

TAB = "tab-0123456789"


def off_the_loop[T](call: Callable[[], T]) -> T:
    """Run `call` in a thread of its own: on an xdist worker that ran a browser test first,
    Playwright's event loop runs in this thread, where async_to_sync refuses to work."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result()


def stream_url(map_: Map, tab: str = TAB) -> str:
    return reverse("live:stream", args=[map_.pk]) + f"?tab={tab}"


def presence_url(map_: Map) -> str:
    return reverse("live:presence", args=[map_.pk])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["ben", "anon"])
def test_the_stream_of_a_private_map_is_404_to_anyone_who_may_not_read_it(
    ada: User, ben: User, who: str
) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PRIVATE)

    async def ask() -> int:
        client = AsyncClient()
        if who == "ben":
            await client.aforce_login(ben)
        return (await client.get(stream_url(map_))).status_code

    assert off_the_loop(async_to_sync(ask)) == 404
    assert not Presence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_stream_says_hello_carries_a_committed_change_and_clears_presence(
    ada: User,
) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PRIVATE)
    node = NodeFactory(map=map_, text="before")

    async def run() -> list[str]:
        client = AsyncClient()
        await client.aforce_login(ada)
        response = await client.get(stream_url(map_))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        events = aiter(response.streaming_content)
        got = [(await anext(events)).decode()]
        assert await sync_to_async(Presence.objects.filter(map=map_, tab=TAB).exists)()
        await sync_to_async(services.node_update)(
            node=node, actor=ada, version=node.version, data={"text": "after"}
        )
        # Her own presence first (the stream opened), then the edit.
        while not any("event: change" in g for g in got):
            got.append((await asyncio.wait_for(anext(events), 5)).decode())
        await response.streaming_content.aclose()  # the page goes away
        await hub.stop()
        return got

    got = off_the_loop(async_to_sync(run))
    assert got[0].startswith("event: hello")
    change = next(g for g in got if g.startswith("event: change"))
    data = json.loads(change.split("data: ", 1)[1])
    assert data["rev"] == Map.objects.get(pk=map_.pk).revision
    assert "ada" not in "".join(got)  # events name no one
    assert not Presence.objects.filter(map=map_).exists()


@pytest.mark.django_db
def test_presence_post_is_404_to_a_stranger_and_to_anonymous_on_a_private_map(
    ada: User, ben: User, anon_client: Client
) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PRIVATE)
    data = {"tab": TAB, "selecting": ""}
    assert client_for(ben).post(presence_url(map_), data).status_code == 404
    assert anon_client.post(presence_url(map_), data).status_code == 404
    assert client_for(ben).get(presence_url(map_)).status_code == 404


@pytest.mark.django_db
def test_presence_post_needs_the_csrf_token(ada: User) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PRIVATE)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.post(presence_url(map_), {"tab": TAB}).status_code == 403
    page = client.get(map_.get_absolute_url())
    token = page.cookies["csrftoken"].value
    answer = client.post(presence_url(map_), {"tab": TAB}, headers={"X-CSRFToken": token})
    assert answer.status_code == 204


@pytest.mark.django_db
def test_presence_get_lists_the_others_with_what_they_select(ada: User, ben: User) -> None:
    from argmap.live.services import presence_open

    map_ = MapFactory(owner=ada, visibility=Visibility.PUBLIC)
    node = NodeFactory(map=map_, text="The Soviet entry was decisive")
    presence_open(map=map_, user=ben, tab="ben-tab-0001")
    client_for(ben).post(presence_url(map_), {"tab": "ben-tab-0001", "selecting": node.pk})
    html = client_for(ada).get(presence_url(map_) + f"?tab={TAB}").content.decode()
    assert "ben" in html and "The Soviet entry was decisive" in html
    assert f'data-selecting="{node.pk}"' in html
    mine = client_for(ben).get(presence_url(map_) + "?tab=ben-tab-0001").content.decode()
    assert "Only you" in mine


@pytest.mark.django_db(transaction=True)
def test_under_wsgi_the_stream_says_no_content_instead_of_holding_a_thread(
    ada: User, ben: User
) -> None:
    """Django's test client is WSGI-like: the stream answers 204 to a reader, 404 to others."""
    map_ = MapFactory(owner=ada, visibility=Visibility.PRIVATE)
    ada_client, ben_client = client_for(ada), client_for(ben)
    assert off_the_loop(lambda: ada_client.get(stream_url(map_)).status_code) == 204
    assert off_the_loop(lambda: ben_client.get(stream_url(map_)).status_code) == 404
    assert not Presence.objects.exists()
