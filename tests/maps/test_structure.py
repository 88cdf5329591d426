"""A map's structure answers which statements the outline's sections show."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Map, Node
from argmap.maps.structure import Structure, load_structure, section_members, unattached
from tests.factories import MapFactory, build_map

pytestmark = pytest.mark.django_db


def every_section(structure: Structure) -> set[int]:
    shown: set[int] = set()
    for thesis in structure.theses():
        shown |= section_members(structure, thesis)
    return shown


def test_unattached_is_what_no_section_shows_on_the_demo_and_a_built_map(
    ada: User, demo: Map
) -> None:
    for map_ in (demo, build_map(ada, nodes=60)):
        structure = load_structure(map_.pk)
        assert unattached(structure) == set(structure.nodes) - every_section(structure)


def test_a_co_premise_in_one_section_is_still_expanded_in_another(ada: User) -> None:
    """B is only named in T's section (a co-premise), but argued for in U's: what supports B
    is shown, in U's section."""
    map_ = MapFactory(owner=ada)

    def node(kind: str, text: str) -> Node:
        return services.node_create(map=map_, kind=kind, text=text)

    t, u = node("thesis", "T"), node("thesis", "U")
    a, b, c = node("claim", "A"), node("claim", "B"), node("claim", "C")
    loose = node("claim", "Linked to nothing")
    services.link_create(map=map_, kind="supports", source=a, target=t, co_premises=[b])
    services.link_create(map=map_, kind="supports", source=c, target=b)
    services.link_create(map=map_, kind="supports", source=b, target=u)
    structure = load_structure(map_.pk)
    assert c.pk in section_members(structure, u.pk)
    assert c.pk not in section_members(structure, t.pk)
    assert unattached(structure) == {loose.pk}
