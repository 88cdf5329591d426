"""The domain: sources and scholars (shared by every map), maps, their nodes and links.

Models hold data, field-level validation and cross-field rules (`clean`); every write goes
through `argmap.maps.services`, every read through the queryset methods here and
`argmap.maps.selectors`. Nodes, links and maps are soft-deleted (`deleted_at`) so that a delete
can be undone; the default managers hide deleted rows and `all_objects` sees them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from argmap.lib.dates import DateError, parse_date

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class SourceKind(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"


class Source(models.Model):
    """A bibliographic record, shared by every map that cites it."""

    key = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Stable external id, e.g. src_frank_ws_2005.",
    )
    authors = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500)
    container = models.CharField("journal, book or venue", max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.SECONDARY)
    url = models.URLField(max_length=1000, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    archive_locator = models.CharField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["authors", "year", "title"]

    def __str__(self) -> str:
        parts = [self.authors, f"({self.year})" if self.year else "", self.title]
        return " ".join(p for p in parts if p)

    def get_absolute_url(self) -> str:
        return reverse("maps:source-detail", args=[self.pk])


class Scholar(models.Model):
    """A historian, or an institution such as the Strategic Bombing Survey."""

    key = models.SlugField(max_length=100, unique=True, null=True, blank=True)
    name = models.CharField(max_length=200)
    role = models.TextField(blank=True)
    works = models.ManyToManyField(Source, related_name="scholars", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("maps:scholar-detail", args=[self.pk])


class MapQuerySet(models.QuerySet["Map"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> MapQuerySet:
        """Maps this user may read. Must agree with the `maps.view_map` rule (tested): their own,
        public ones except the reference maps of their courses as a student, and the working
        maps and snapshots of the courses they teach."""
        if not user.is_authenticated:
            return self.filter(visibility=Visibility.PUBLIC)
        # Imported here: the classroom's models import this module.
        from argmap.classroom.models import Assignment, Enrolment, Role, Submission, WorkingMap

        def courses(role: str) -> models.QuerySet[Enrolment, Any]:
            return Enrolment.objects.filter(user_id=user.pk, role=role).values("course_id")

        teaching = courses(Role.INSTRUCTOR)
        hidden_reference = Exists(
            Assignment.objects.filter(
                reference_map=OuterRef("pk"), course__in=courses(Role.STUDENT)
            )
        )
        coursework = Exists(
            WorkingMap.objects.filter(map=OuterRef("pk"), assignment__course__in=teaching)
        ) | Exists(
            Submission.objects.filter(snapshot=OuterRef("pk"), assignment__course__in=teaching)
        )
        return self.filter(
            Q(owner=user) | (Q(visibility=Visibility.PUBLIC) & ~hidden_reference) | coursework
        )

    def owned_by(self, user: AbstractBaseUser | AnonymousUser) -> MapQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class AliveManager(models.Manager[Any]):
    """Hides soft-deleted rows."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class MapManager(AliveManager):
    def get_queryset(self) -> MapQuerySet:
        return MapQuerySet(self.model, using=self._db).filter(deleted_at__isnull=True)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> MapQuerySet:
        return self.get_queryset().visible_to(user)

    def owned_by(self, user: AbstractBaseUser | AnonymousUser) -> MapQuerySet:
        return self.get_queryset().owned_by(user)


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private (only you; your instructors see your course work)"
    PUBLIC = "public", "Public (anyone can read)"


class Map(models.Model):
    """An argument map answering one question."""

    title = models.CharField(max_length=200)
    question = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="maps"
    )
    visibility = models.CharField(max_length=20, choices=Visibility, default=Visibility.PRIVATE)
    forked_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forks"
    )
    key = models.SlugField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Stable id of a shipped map, e.g. the demo debate.",
    )
    # A frozen copy made when a student submits (argmap.classroom): the rules and every editing
    # service refuse to change it, so a submission is what the student handed in, for ever.
    is_snapshot = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    all_objects = models.Manager()  # deleted maps too: history, restore, admin
    objects = MapManager()

    class Meta:
        default_manager_name = "objects"
        ordering = ["-updated"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("maps:map-detail", args=[self.pk])


class NodeKind(models.TextChoices):
    THESIS = "thesis", "Thesis"
    CLAIM = "claim", "Claim"
    EVIDENCE = "evidence", "Evidence"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    EVENT = "event", "Event"
    STATISTIC = "statistic", "Statistic"


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"
    TIME = "time", "Day and time"
    RANGE = "range", "Range"


class Node(models.Model):
    """A statement in a map: a thesis, an intermediate claim, or a piece of evidence."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(max_length=20, choices=NodeKind)
    title = models.CharField("short title", max_length=300, blank=True)
    text = models.TextField()
    scholar = models.ForeignKey(
        Scholar,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nodes",
        help_text="Who holds this thesis or claim.",
    )
    school = models.CharField(max_length=200, blank=True)
    # Evidence: what it is, where it is cited from, and when it happened.
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="cited_by_nodes"
    )
    extra_sources = models.ManyToManyField(Source, blank=True, related_name="also_cited_by_nodes")
    locator = models.CharField(max_length=300, blank=True, help_text="Page, document number…")
    quote = models.TextField("exact quote", blank=True)
    date_text = models.CharField(
        "date",
        max_length=100,
        blank=True,
        help_text="1945-08-06, 1945-08, or a range 1945-08-09/1945-08-10",
    )
    date_start = models.DateField(null=True, blank=True, editable=False)
    date_end = models.DateField(null=True, blank=True, editable=False)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision, blank=True, editable=False
    )
    uncertainty = models.TextField(blank=True)
    base_score = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="Initial strength in [0, 1]; empty means 0.5.",
    )
    key = models.SlugField(max_length=100, blank=True)
    # The statement this one was copied from when its map was forked: always the first of the
    # chain, so copies of copies still match the reference map they descend from.
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    all_objects = models.Manager()  # deleted rows too: history and restore
    objects = AliveManager()

    class Meta:
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        ordering = ["id"]
        indexes = [models.Index(fields=["map", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["map", "key"],
                condition=~Q(key=""),
                name="node_key_unique_per_map",
                violation_error_message="Another statement of this map already has this key.",
            ),
            models.CheckConstraint(
                condition=Q(base_score__isnull=True) | Q(base_score__gte=0, base_score__lte=1),
                name="node_base_score_in_unit_interval",
                violation_error_message="The base score must be between 0 and 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("maps:node-detail", args=[self.map_id, self.pk])

    @property
    def label(self) -> str:
        return self.title or self.text

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.text.strip():
            errors["text"] = "A statement needs some text."
        if self.kind != NodeKind.EVIDENCE:
            evidence_only = {
                "evidence_kind": "kind of evidence",
                "source": "source",
                "locator": "locator",
                "quote": "quote",
                "date_text": "date",
            }
            for name, label in evidence_only.items():
                if getattr(self, name):
                    errors[name] = f"Only evidence carries a {label}; this is a {self.kind}."
        if self.quote and not self.source_id:
            errors["quote"] = "A quote needs the source it is quoted from."
        if self.date_text:
            try:
                parsed = parse_date(self.date_text)
            except DateError as exc:
                errors["date_text"] = str(exc)
            else:
                self.date_text = parsed.text
                self.date_start, self.date_end = parsed.start, parsed.end
                self.date_precision = parsed.precision
        else:
            self.date_start = self.date_end = None
            self.date_precision = ""
        if errors:
            raise ValidationError(errors)


class LinkKind(models.TextChoices):
    SUPPORTS = "supports", "supports"
    OPPOSES = "opposes", "opposes"
    UNDERCUTS = "undercuts", "undercuts"


class Attestation(models.TextChoices):
    DIRECT = "direct", "direct: in the scholar's own text"
    SUMMARY = "summary", "summary: in a reliable summary or review"
    CHARACTERIZATION = "characterization", "characterisation: in another writer's description"
    INFERRED = "inferred", "inferred: consistent with the thesis, not seen"
    DISPUTED = "disputed-attribution", "disputed attribution"


class Link(models.Model):
    """A directed relation: a node supports or opposes a node, or undercuts another link."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind)
    source_node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="outgoing")
    target_node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.CASCADE, related_name="incoming"
    )
    target_link = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="undercutters"
    )
    co_premises = models.ManyToManyField(Node, blank=True, related_name="co_premise_of")
    scholar = models.ForeignKey(
        Scholar,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="links",
        help_text="Who makes this use.",
    )
    rationale = models.TextField(blank=True)
    citation = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="cited_by_links"
    )
    citation_locator = models.CharField(max_length=300, blank=True)
    attestation = models.CharField(max_length=30, choices=Attestation, blank=True)
    attested_in = models.ManyToManyField(Source, blank=True, related_name="attests_links")
    note = models.TextField(blank=True)
    key = models.SlugField(max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    all_objects = models.Manager()  # deleted rows too: history and restore
    objects = AliveManager()

    class Meta:
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        ordering = ["id"]
        constraints = [
            # Exactly one target, of the right type for the kind.
            models.CheckConstraint(
                condition=(
                    Q(kind="undercuts", target_node__isnull=True, target_link__isnull=False)
                    | (
                        ~Q(kind="undercuts")
                        & Q(target_node__isnull=False, target_link__isnull=True)
                    )
                ),
                name="link_exactly_one_target_of_the_right_type",
                violation_error_message="A link needs exactly one target: a statement for "
                "supports and opposes, a link for undercuts.",
            ),
            models.CheckConstraint(
                condition=~Q(source_node=models.F("target_node")),
                name="link_not_to_itself",
                violation_error_message="A statement cannot support or oppose itself.",
            ),
        ]

    def __str__(self) -> str:
        target = self.target_node or (
            f"link #{self.target_link_id}" if self.target_link_id else "?"
        )
        return f"{self.source_node} {self.kind} {target}"

    def clean(self) -> None:
        """The graph rules that one row can check; co-premises are checked by the service."""
        if self.kind == LinkKind.UNDERCUTS:
            if self.target_node_id is not None or self.target_link_id is None:
                raise ValidationError(
                    {
                        "target_link": "An undercut attacks a link: choose the link it undercuts "
                        "(and no target statement)."
                    }
                )
            if self.pk is not None and self.target_link_id == self.pk:
                raise ValidationError({"target_link": "A link cannot undercut itself."})
        else:
            if self.target_link_id is not None or self.target_node_id is None:
                raise ValidationError(
                    {
                        "target_node": f"A {self.kind} link needs exactly one target statement "
                        "(and no target link)."
                    }
                )
            if self.target_node_id == self.source_node_id:
                raise ValidationError(
                    {"target_node": "A statement cannot support or oppose itself."}
                )
        ends = [self.source_node, self.target_node, self.target_link]
        if any(end is not None and end.map_id != self.map_id for end in ends):
            raise ValidationError("Both ends of a link must be in the same map as the link.")


class CharacterisationStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DISPUTED = "disputed", "Disputed"


class CharacterisationQuerySet(models.QuerySet["Characterisation"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CharacterisationQuerySet:
        """Those this user may read: about no statement, or about live statements of maps they
        can read. Both ends count: a characterisation naming only the evidence of a private map
        is that map's content too."""
        visible = Map.objects.visible_to(user)
        return self.filter(
            Q(thesis__isnull=True) | Q(thesis__map__in=visible, thesis__deleted_at__isnull=True)
        ).filter(
            Q(evidence__isnull=True)
            | Q(evidence__map__in=visible, evidence__deleted_at__isnull=True)
        )


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

    objects = CharacterisationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source} on {self.scholar}: {self.text[:60]}"

    def clean(self) -> None:
        if self.thesis is not None and self.thesis.kind != NodeKind.THESIS:
            raise ValidationError({"thesis": "Choose a thesis node."})
        if self.evidence is not None and self.evidence.kind != NodeKind.EVIDENCE:
            raise ValidationError({"evidence": "Choose an evidence node."})
        both = self.thesis is not None and self.evidence is not None
        if both and self.thesis.map_id != self.evidence.map_id:  # type: ignore[union-attr]
            raise ValidationError("The thesis and the evidence must be in the same map.")


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

    _LABELS = {
        "kind": "kind",
        "title": "short title",
        "text": "text",
        "school": "school",
        "evidence_kind": "kind of evidence",
        "locator": "locator",
        "quote": "quote",
        "date_text": "date",
        "uncertainty": "uncertainty",
        "base_score": "base score",
        "rationale": "rationale",
        "citation_locator": "citation locator",
        "attestation": "attestation",
        "note": "note",
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

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for every field this revision changed."""
        before, after = self.before or {}, self.after or {}
        found = []
        for name, label in self._LABELS.items():
            if name in before and before.get(name) != after.get(name):
                old, new = before.get(name), after.get(name)
                if name.endswith("_id"):
                    old, new = ("(another)" if old else ""), ("(another)" if new else "")
                found.append((label, old, new))
        return found
