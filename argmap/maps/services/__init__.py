"""Writes: keyword-only, typed, one transaction each, validated before anything is saved.

A `ValidationError` raised by a service carries a message a user can read; because each service
runs inside `transaction.atomic()`, nothing it started to write survives the error.
"""

from argmap.maps.services.copy import map_fork
from argmap.maps.services.core import (
    FROZEN,
    NewSource,
    Quote,
    characterisation_create,
    check_not_frozen,
    link_create,
    map_create,
    node_create,
    scholar_create,
    source_create,
    undercut_create,
)
from argmap.maps.services.editing import (
    LinkData,
    MapData,
    NodeData,
    StaleEdit,
    batch_undo,
    link_delete,
    link_update,
    map_delete,
    map_restore,
    map_update,
    node_delete,
    node_revert,
    node_update,
)
from argmap.maps.services.graph import map_create_from_graph

__all__ = [
    "FROZEN",
    "NewSource",
    "LinkData",
    "MapData",
    "NodeData",
    "StaleEdit",
    "batch_undo",
    "Quote",
    "characterisation_create",
    "check_not_frozen",
    "link_delete",
    "link_update",
    "map_delete",
    "map_restore",
    "map_update",
    "node_delete",
    "node_revert",
    "node_update",
    "link_create",
    "map_create",
    "map_create_from_graph",
    "map_fork",
    "node_create",
    "scholar_create",
    "source_create",
    "undercut_create",
]
