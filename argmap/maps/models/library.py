"""The library every map shares: sources (bibliographic records) and scholars."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


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
        return reverse("debates:source-detail", args=[self.pk])


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
        return reverse("debates:scholar-detail", args=[self.pk])


class GlossaryTerm(models.Model):
    """A term a reader of the debate needs explained (Big Six, kokutai, Ketsu-Go…), with the
    sources the definition rests on. Statement and evidence texts mark the terms they use."""

    term = models.CharField(max_length=200, unique=True)
    # Other ways a text writes it ("seidan" for "Sacred decision"), one per line.
    also = models.TextField("also written", blank=True)
    definition = models.TextField()
    sources = models.ManyToManyField(Source, blank=True, related_name="glossary_terms")
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("debates:glossary") + f"#{self.slug}"

    @property
    def spellings(self) -> list[str]:
        return [self.term, *(w.strip() for w in self.also.splitlines() if w.strip())]
