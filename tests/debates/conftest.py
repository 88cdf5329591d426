"""The debate pages' stage: Ada's private map that only she may read (the demo debate is the
cast's, tests/cast.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from argmap.maps.models import Map, Node
from tests.factories import build_map


@pytest.fixture
def adas_map(ada: User) -> Map:
    return build_map(ada, nodes=40, visibility="private")


def node(map_: Map, key: str) -> Node:
    """A node of a map by its stable key, e.g. node(demo, "th_frank")."""
    return Node.objects.get(map=map_, key=key)
