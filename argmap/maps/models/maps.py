"""Maps, their statements (nodes) and the links between them."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from argmap.lib.dates import Chronology, DateError, chronological_key, parse_date
from argmap.maps.models.library import Scholar, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class MapQuerySet(models.QuerySet["Map"]):
    """Who may *read* a map is decided in `argmap.maps.visibility` (the classroom's roles take
    part in it); these methods only narrow a queryset the caller already scoped."""

    def owned_by(self, user: AbstractBaseUser | AnonymousUser) -> MapQuerySet:
        if not user.is_authenticated:
            return self.none()
        # A group's map belongs to the group, not to the member who happened to start it.
        return self.filter(owner=user, is_group_work=False)

    def working(self) -> MapQuerySet:
        """Maps one works on, without the frozen snapshots of submissions (those are reached
        from their assignment, not listed among one's maps)."""
        return self.filter(is_snapshot=False)


class AliveManager(models.Manager[Any]):
    """Hides soft-deleted rows."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class MapManager(AliveManager):
    def get_queryset(self) -> MapQuerySet:
        return MapQuerySet(self.model, using=self._db).filter(deleted_at__isnull=True)

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
    # A group's working map or one of its snapshots (argmap.classroom): its `owner` is only the
    # member who started or submitted it. Who reads and edits it follows the group's current
    # members (argmap.maps.visibility), so moving a student out of a group ends their access.
    is_group_work = models.BooleanField(default=False, editable=False)
    # For a shipped map (the demo), a checksum of the data last loaded into it: loading the same
    # data again changes nothing, loading a new version updates the map in place.
    data_version = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    # Counts every change to the map's statements and links (argmap.maps.services.history
    # bumps it): what a page shows of a map at one revision can be cached under it.
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    all_objects = models.Manager()  # deleted maps too: history, restore, admin
    objects = MapManager()
    loaded_revision: int | None = None  # set by from_db

    class Meta:
        default_manager_name = "objects"
        ordering = ["-updated"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("maps:map-detail", args=[self.pk])

    @classmethod
    def from_db(
        cls,
        db: str | None,
        field_names: Collection[str],
        values: Collection[Any],
        **kwargs: Any,
    ) -> Map:
        instance = super().from_db(db, field_names, values, **kwargs)
        # The revision the request read: an edit's answer compares what it changed with it.
        instance.loaded_revision = instance.__dict__.get("revision")
        return instance


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
    # When the date starts with a time and a UTC offset: that moment (for ordering events of one
    # day written on different clocks).
    instant = models.DateTimeField(null=True, blank=True, editable=False)
    place_time = models.CharField(
        "whose clock",
        max_length=300,
        blank=True,
        help_text="Whose clock the date is on, e.g. “Tokyo (UTC+9)”.",
    )
    order_hint = models.PositiveSmallIntegerField(
        "order within its day",
        null=True,
        blank=True,
        help_text="Its place among the events of its day (1, 2, 3…) when the hour is unknown.",
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
    # An argument given only by its gist (Argdown's `<Title>: text`): weighed as a claim,
    # exported to Argdown as an argument again.
    is_argument = models.BooleanField(default=False)
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

    @property
    def chronology(self) -> Chronology:
        """Its place in time, for every list in date order (`chronological_key`)."""
        return chronological_key(self.date_start, self.order_hint, self.instant, self.pk or 0)

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
                "place_time": "clock",
                "order_hint": "order within its day",
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
                self.instant = parsed.instant
        else:
            self.date_start = self.date_end = self.instant = None
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
    scheme = models.CharField(
        max_length=200, blank=True, help_text="The argumentation scheme, e.g. expert opinion."
    )
    # The reconstructed argument this link is an inference step of (its title); the last step's
    # rationale describes the argument.
    argument = models.CharField("part of the argument", max_length=300, blank=True)
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
