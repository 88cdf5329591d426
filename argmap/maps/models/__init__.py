"""The domain of maps, as one package: the shared library (sources, scholars), maps with their
statements and links, characterisations, and the history of changes.

Models hold data, field-level validation and cross-field rules (`clean`); every write goes
through `argmap.maps.services`, every read through the queryset methods here,
`argmap.maps.selectors` and `argmap.maps.visibility` (who may read what). Nodes, links and maps
are soft-deleted (`deleted_at`) so that a delete can be undone; the default managers hide deleted
rows and `all_objects` sees them.
"""

from argmap.maps.models.characterisations import (
    Characterisation,
    CharacterisationQuerySet,
    CharacterisationStatus,
)
from argmap.maps.models.history import Revision, RevisionAction
from argmap.maps.models.library import GlossaryTerm, Scholar, Source, SourceKind
from argmap.maps.models.maps import (
    AliveManager,
    Attestation,
    DatePrecision,
    EvidenceKind,
    Link,
    LinkKind,
    Map,
    MapManager,
    MapQuerySet,
    Node,
    NodeKind,
    Visibility,
)
from argmap.maps.models.stored import ColumnChange, PackedColumns

__all__ = [
    "AliveManager",
    "Attestation",
    "Characterisation",
    "CharacterisationQuerySet",
    "CharacterisationStatus",
    "ColumnChange",
    "DatePrecision",
    "EvidenceKind",
    "GlossaryTerm",
    "Link",
    "LinkKind",
    "Map",
    "MapManager",
    "MapQuerySet",
    "Node",
    "PackedColumns",
    "NodeKind",
    "Revision",
    "RevisionAction",
    "Scholar",
    "Source",
    "SourceKind",
    "Visibility",
]
