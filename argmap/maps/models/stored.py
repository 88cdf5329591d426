"""A large map's columns kept packed in the database, and the rows written since.

Reading a map of 100,000 statements row by row costs PostgreSQL alone several times what
evaluating it costs, so a large map's columns (`argmap.maps.columns`) are also kept as one packed
value (`argmap.maps.packed`) under the revision they were read at. Triggers on the tables of
statements, links and co-premises (migration 0011, PostgreSQL only) list every row of such a map
whose structure a write changes (`ColumnChange`), so a reader applies those few rows to the packed
value instead of reading the map again (`argmap.maps.stored`).
"""

from __future__ import annotations

from django.db import models

from argmap.maps.models.maps import Map


class PackedColumns(models.Model):
    """A map's columns as they stood at `revision` (every row changed since has its
    `ColumnChange`)."""

    map = models.OneToOneField(Map, on_delete=models.CASCADE, primary_key=True, related_name="+")
    revision = models.PositiveBigIntegerField()
    payload = models.BinaryField()

    def __str__(self) -> str:
        return f"packed columns of map {self.map_id} at revision {self.revision}"


class ColumnChange(models.Model):
    """A statement (`is_link` false) or link of a packed map whose structure was written while
    the map was at `revision`. Written by the triggers only; `map_id` is no foreign key because
    they write while a map's rows are being deleted with it."""

    map_id = models.BigIntegerField()
    revision = models.BigIntegerField()
    is_link = models.BooleanField()
    row_id = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["map_id", "revision"], name="maps_change_map_revision")]

    def __str__(self) -> str:
        return f"{'link' if self.is_link else 'statement'} {self.row_id} of map {self.map_id}"
