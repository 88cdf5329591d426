"""The library's visibility querysets, compiled once per process for a stand-in user
(argmap/maps/visibility.py), select for each reader exactly what building them for that reader
selects: in the world of tests/security/test_private_markers.py, where private maps, a hidden
reference map, a working map and their library rows are spread across five users and two
courses."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from argmap.maps import visibility
from tests.security.test_private_markers import build_world

pytestmark = pytest.mark.django_db

PAIRS = (
    (visibility.readable_sources, visibility._sources),
    (visibility.readable_scholars, visibility._scholars),
    (visibility.readable_characterisations, visibility._characterisations),
)


def test_compiled_library_querysets_select_what_the_built_ones_do() -> None:
    world = build_world()
    readers = [*world.users.values(), AnonymousUser()]
    for reader in readers:
        for compiled, built in PAIRS:
            chosen = set(compiled(reader).values_list("pk", flat=True))
            assert chosen == set(built(reader).values_list("pk", flat=True)), (reader, built)
    # The readers do not all see the same: the comparison is not between empty sets.
    seen = {frozenset(visibility.readable_sources(r).values_list("pk", flat=True)) for r in readers}
    assert len(seen) >= 2


def test_the_stand_in_never_reaches_the_database() -> None:
    world = build_world()
    ada = world.users["ada"]
    sql, params = visibility.readable_sources(ada).query.sql_with_params()
    assert visibility._STAND_IN_ID not in params
    assert ada.pk in params
