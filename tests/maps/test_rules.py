"""The rules predicates and the scoped querysets agree on who may read which map."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser, User

from argmap.maps.visibility import readable_maps
from tests.factories import MapFactory

pytestmark = pytest.mark.django_db


def test_visible_to_agrees_with_the_view_map_rule(ada: User, ben: User) -> None:
    maps = [
        MapFactory(owner=owner, visibility=vis)
        for owner, vis in itertools.product([ada, ben], ["private", "public"])
    ]
    for user in (ada, ben, AnonymousUser()):
        by_queryset = set(readable_maps(user))
        by_rule = {m for m in maps if user.has_perm("maps.view_map", m)}
        assert by_queryset == by_rule


def test_only_the_owner_may_change_a_map(ada: User, ben: User) -> None:
    public = MapFactory(owner=ada, visibility="public")
    assert ada.has_perm("maps.change_map", public)
    assert not ben.has_perm("maps.change_map", public)
    assert not AnonymousUser().has_perm("maps.change_map", public)
