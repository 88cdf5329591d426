"""Who may change a map (django-rules predicates, autodiscovered at start-up).

Only the owner changes a map (for a group's map, its current members), and nobody changes a
snapshot. A group's map is deleted by nobody: it is the group's, not one member's. Who may
*read* one is decided in `argmap.maps.visibility`, which registers `maps.view_map`.
"""

from __future__ import annotations

from typing import Any

import rules

from argmap.maps.models import Map
from argmap.maps.visibility import is_group_member, is_map_owner


@rules.predicate
def is_snapshot(user: Any, map_: Map | None) -> bool:
    return map_ is not None and map_.is_snapshot


can_edit_map = (is_map_owner | is_group_member) & ~is_snapshot

rules.add_perm("maps.change_map", can_edit_map)
rules.add_perm("maps.delete_map", is_map_owner & ~is_snapshot)
rules.add_perm("maps.add_map", rules.is_authenticated)
