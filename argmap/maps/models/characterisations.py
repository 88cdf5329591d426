"""Characterisations: what one writer says another scholar's view is."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from argmap.maps.models.library import Scholar, Source
from argmap.maps.models.maps import Node, NodeKind


class CharacterisationStatus(models.TextChoices):
    # What a reader needs to know about the description itself, in words a student follows.
    ACCEPTED = "accepted", "Accepted: the scholar or the field accepts this description"
    CRITIC = "critic", "A critic's description, not accepted by the scholar described"
    DISPUTED = "disputed", "Disputed: the attribution itself is questioned"


class CharacterisationQuerySet(models.QuerySet["Characterisation"]):
    """Which characterisations a reader may see follows the maps they may read: see
    `argmap.maps.visibility.readable_characterisations`."""


class Characterisation(models.Model):
    """Source X characterises scholar Y's view as Z: historiography about historiography."""

    scholar = models.ForeignKey(Scholar, on_delete=models.CASCADE, related_name="characterisations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="characterisations")
    text = models.TextField("characterisation")
    status = models.CharField(
        max_length=20, choices=CharacterisationStatus, default=CharacterisationStatus.ACCEPTED
    )
    status_note = models.TextField(blank=True)
    thesis = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.CASCADE, related_name="characterisations"
    )
    evidence = models.ForeignKey(
        Node,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="characterised_uses",
        help_text="The evidence the scholar is said to use, if one.",
    )
    counter_sources = models.ManyToManyField(Source, blank=True, related_name="counters")
    note = models.TextField(blank=True)
    # For a disputed attribution: the words side by side, what is wrong in one plain line, how
    # it probably happened, and the evidence on whose pages the dispute is shown too.
    quotes = models.JSONField(
        default=list,
        blank=True,
        help_text="Exact words side by side: a list of {source id, text, paraphrase}.",
    )
    explanation = models.TextField(blank=True)
    likely_cause = models.TextField(blank=True)
    applies_to_evidence = models.ManyToManyField(
        Node, blank=True, related_name="characterisations_shown"
    )

    objects = CharacterisationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source} on {self.scholar}: {self.text[:60]}"

    def quoted(self) -> list[tuple[Source, str, bool]]:
        """The quotes side by side with their sources: (source, text, paraphrase). Quotes come
        from the characterising source or a counter-source, so prefetching `counter_sources`
        makes this free of queries."""
        known = {self.source_id: self.source, **{s.pk: s for s in self.counter_sources.all()}}
        return [
            (known[q["source"]], q["text"], bool(q.get("paraphrase", False)))
            for q in self.quotes
            if q.get("source") in known
        ]

    def clean(self) -> None:
        if self.thesis is not None and self.thesis.kind != NodeKind.THESIS:
            raise ValidationError({"thesis": "Choose a thesis node."})
        if self.evidence is not None and self.evidence.kind != NodeKind.EVIDENCE:
            raise ValidationError({"evidence": "Choose an evidence node."})
        thesis, evidence = self.thesis, self.evidence
        if thesis is not None and evidence is not None and thesis.map_id != evidence.map_id:
            raise ValidationError("The thesis and the evidence must be in the same map.")
