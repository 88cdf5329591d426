"""Who has a map open, and what each is selecting or editing: one row per open page (tab).

Kept in the database, not in an app server's memory, so that every app server shows the same
people: a row is made when a page's live stream opens, stamped by its app server's heartbeat
(`argmap.live.hub`) and deleted when the stream closes. A row whose heartbeat stopped (its
app server was killed) is ignored after `STALE` and swept later.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from argmap.maps.models import Map

HEARTBEAT = datetime.timedelta(seconds=20)
STALE = datetime.timedelta(seconds=60)


class Presence(models.Model):
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A random id the page makes for itself (static/argmap/live.js); opaque to other readers.
    tab = models.CharField(max_length=40)
    # Statement ids of the same map (checked when set); none when nothing is selected or edited.
    selecting = models.PositiveBigIntegerField(null=True, blank=True)
    editing_node = models.PositiveBigIntegerField(null=True, blank=True)
    editing_link = models.PositiveBigIntegerField(null=True, blank=True)
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["map", "tab"], name="live_presence_one_row_per_tab")
        ]
        indexes = [models.Index(fields=["map", "seen_at"], name="live_presence_map_seen")]

    def __str__(self) -> str:
        return f"{self.user_id} on map {self.map_id} ({self.tab})"
