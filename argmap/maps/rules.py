"""Who may do what with a map: the one place that decides (django-rules predicates).

Views ask `request.user.has_perm("maps.view_map", map)`; querysets use
`Map.objects.visible_to(user)`, which a test keeps in agreement with these predicates.
"""

from __future__ import annotations

import rules

from argmap.maps.models import Map, Visibility


@rules.predicate
def is_map_owner(user: object, map_: Map | None) -> bool:
    return map_ is not None and getattr(user, "pk", None) is not None and map_.owner_id == user.pk  # type: ignore[attr-defined]


@rules.predicate
def is_public_map(user: object, map_: Map | None) -> bool:
    return map_ is not None and map_.visibility == Visibility.PUBLIC


can_view_map = is_public_map | is_map_owner
can_edit_map = is_map_owner

rules.add_perm("maps.view_map", can_view_map)
rules.add_perm("maps.change_map", can_edit_map)
rules.add_perm("maps.delete_map", can_edit_map)
rules.add_perm("maps.add_map", rules.is_authenticated)
