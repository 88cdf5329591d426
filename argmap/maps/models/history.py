"""The history of a map: every change recorded, so that it can be read, undone and reverted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from argmap.maps.models.maps import Map


class RevisionAction(models.TextChoices):
    CREATE = "create", "created"
    UPDATE = "update", "changed"
    DELETE = "delete", "deleted"
    RESTORE = "restore", "restored"
    REVERT = "revert", "reverted"


class Revision(models.Model):
    """One recorded change of a map, a node or a link: who, when, what, and the row before and
    after. Rows written by one user action share a `batch`, so that the action can be undone
    as a whole (deleting a statement deletes its links in the same batch)."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="revisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    batch = models.UUIDField(db_index=True)
    action = models.CharField(max_length=10, choices=RevisionAction)
    target_type = models.CharField(max_length=10)  # "map" | "node" | "link"
    target_id = models.BigIntegerField()
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["map", "-created"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_type} #{self.target_id}: {self.summary}"

    # What the history page calls each recorded field (`argmap.maps.revisions`).
    FIELD_LABELS = {
        "kind": "kind",
        "title": "short title",
        "text": "text",
        "school": "school",
        "evidence_kind": "kind of evidence",
        "locator": "locator",
        "quote": "quote",
        "date_text": "date",
        "place_time": "whose clock",
        "order_hint": "order within its day",
        "uncertainty": "uncertainty",
        "base_score": "base score",
        "rationale": "rationale",
        "citation_locator": "citation locator",
        "attestation": "attestation",
        "note": "note",
        "scheme": "scheme",
        "argument": "part of the argument",
        "question": "question",
        "description": "description",
        "visibility": "visibility",
        "scholar_id": "held by / used by",
        "source_id": "source",
        "citation_id": "citation",
        # Sets of related rows, recorded as readable text only by the edits that change them.
        "extra_sources": "also cited",
        "co_premises": "co-premises",
        "attested_in": "attested in",
    }

    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field name, before, after) for every recorded field this revision changed, as
        stored: related rows by their ids (`argmap.maps.revisions` names them for the page)."""
        before, after = self.before or {}, self.after or {}
        return [
            (name, before.get(name), after.get(name))
            for name in self.FIELD_LABELS
            if name in before and before.get(name) != after.get(name)
        ]
