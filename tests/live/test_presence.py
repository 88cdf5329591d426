"""Presence: rows come and go with the pages, stale ones are ignored, names come from one place,
and only people who may read the map are listed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse
from django.utils import timezone

from argmap.live.models import Presence
from argmap.live.selectors import present, shown_name
from argmap.live.services import presence_close, presence_open, presence_touch, presence_update
from argmap.maps.models import Visibility
from tests.cast import client_for
from tests.factories import MapFactory, NodeFactory

pytestmark = pytest.mark.django_db


def test_a_page_opens_says_what_it_selects_and_closes(ada: User, ben: User) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PUBLIC)
    node = NodeFactory(map=map_, text="The Soviet entry")
    presence_open(map=map_, user=ben, tab="ben-tab-0001")
    assert presence_update(map=map_, user=ben, tab="ben-tab-0001", selecting=node.pk)
    [seen] = present(map=map_, viewer=ada)
    assert seen.name == "ben" and seen.selecting == node and seen.editing is None
    assert present(map=map_, viewer=ben) == []  # nobody sees themselves
    presence_close(map=map_, user_id=ben.pk, tab="ben-tab-0001")
    assert present(map=map_, viewer=ada) == []


def test_an_id_of_another_map_counts_as_nothing(ada: User, ben: User) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PUBLIC)
    elsewhere = NodeFactory(map=MapFactory(owner=ada))
    presence_open(map=map_, user=ben, tab="ben-tab-0001")
    presence_update(map=map_, user=ben, tab="ben-tab-0001", editing_node=elsewhere.pk)
    assert Presence.objects.get().editing_node is None


def test_a_row_without_heartbeat_is_ignored_then_swept(ada: User, ben: User) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PUBLIC)
    presence_open(map=map_, user=ben, tab="ben-tab-0001")
    Presence.objects.update(seen_at=timezone.now() - datetime.timedelta(seconds=61))
    assert present(map=map_, viewer=ada) == []
    # A heartbeat of the server that holds the page brings it back.
    assert presence_touch(tabs=[(map_.pk, "ben-tab-0001")]) == 1
    assert len(present(map=map_, viewer=ada)) == 1
    Presence.objects.update(seen_at=timezone.now() - datetime.timedelta(hours=1))
    presence_touch(tabs=[])
    assert not Presence.objects.exists()


def test_only_people_who_may_read_the_map_are_listed(ada: User, ben: User) -> None:
    """A row of someone who lost access (the map went private) shows nobody."""
    map_ = MapFactory(owner=ada, visibility=Visibility.PUBLIC)
    presence_open(map=map_, user=ben, tab="ben-tab-0001")
    map_.visibility = Visibility.PRIVATE
    map_.save(update_fields=["visibility"])
    assert present(map=map_, viewer=ada) == []


def test_one_person_with_two_pages_is_listed_once(ada: User, ben: User) -> None:
    map_ = MapFactory(owner=ada, visibility=Visibility.PUBLIC)
    presence_open(map=map_, user=ben, tab="ben-tab-0001")
    presence_open(map=map_, user=ben, tab="ben-tab-0002")
    assert [p.name for p in present(map=map_, viewer=ada)] == ["ben"]


def test_shown_name_is_the_name_until_anonymity_applies(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    assert shown_name(viewer=AnonymousUser(), person=ada, map=map_) == "ada"
    ada.first_name, ada.last_name = "Ada", "Lovelace"
    assert shown_name(viewer=AnonymousUser(), person=ada, map=map_) == "Ada Lovelace"


def test_anonymous_group_members_are_members_by_number_to_each_other(
    groups: Any, ada: User, ben: User, iris: User
) -> None:
    """On a group's map of an assignment with anonymous students, Ada sees Ben as "Member 2"
    (he joined the group second) and never his name, as on the group's pages; their instructor
    sees his name."""
    map_ = groups.map
    groups.assignment.students_anonymous = True
    groups.assignment.save(update_fields=["students_anonymous"])
    presence_open(map=map_, user=ben, tab="tab-b-00000001")
    assert [p.name for p in present(map=map_, viewer=ada)] == ["Member 2"]
    # Her own line is numbered as on the group's pages (argmap/classroom/naming.py).
    assert shown_name(viewer=ada, person=ada, map=map_) == "Member 1 (you)"
    assert shown_name(viewer=iris, person=ben, map=map_) == "ben"
    html = client_for(ada).get(reverse("live:presence", args=[map_.pk])).content.decode()
    assert "Member 2" in html and "ben" not in html


def test_a_group_without_anonymity_shows_names(groups: Any, ada: User, ben: User) -> None:
    presence_open(map=groups.map, user=ben, tab="ben-tab-0001")
    assert [p.name for p in present(map=groups.map, viewer=ada)] == ["ben"]
