"""Creating single rows: sources, scholars, maps, nodes, links, characterisations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.maps.models import (
    Characterisation,
    CharacterisationStatus,
    Link,
    LinkKind,
    Map,
    Node,
    NodeKind,
    Scholar,
    Source,
    SourceKind,
    Visibility,
)
from argmap.maps.services.history import record_created
from argmap.maps.visibility import readable_scholars, readable_sources

if TYPE_CHECKING:
    from argmap.maps.services.history import Actor


FROZEN = (
    "This map is a submitted snapshot: it stays exactly as it was handed in and cannot be "
    "changed. Change your working map instead."
)


def check_not_frozen(map_: Map) -> None:
    """Every editing service calls this first: a snapshot (`Map.is_snapshot`) never changes."""
    if map_.is_snapshot:
        raise ValidationError(FROZEN)


def check_library(
    map_: Map,
    *,
    scholars: Iterable[Scholar | None] = (),
    sources: Iterable[Source | None] = (),
) -> None:
    """A map cites only the scholars and sources its owner may read: citing someone else's
    private record would publish it with the map (argmap.maps.visibility). An unknown id and
    an unreadable one are refused alike."""
    checks = (
        (Source, readable_sources, "source", {s.pk for s in sources if s is not None}),
        (Scholar, readable_scholars, "scholar", {s.pk for s in scholars if s is not None}),
    )
    for model, readable, field, wanted in checks:
        if not wanted:
            continue
        # The shared library's rows and the owner's own are readable without asking the maps.
        creators = dict(model.objects.filter(pk__in=wanted).values_list("pk", "created_by_id"))
        others = {pk for pk, by in creators.items() if by not in (None, map_.owner_id)}
        if len(creators) != len(wanted) or (
            others and readable(map_.owner).filter(pk__in=others).count() != len(others)
        ):
            raise ValidationError({field: f"No {field} you can read has this id."})


class NewSource(TypedDict, total=False):
    title: str
    authors: str
    year: int | None
    kind: str


@transaction.atomic
def source_create(
    *,
    title: str,
    authors: str = "",
    container: str = "",
    year: int | None = None,
    kind: str = SourceKind.SECONDARY,
    url: str = "",
    doi: str = "",
    archive_locator: str = "",
    notes: str = "",
    key: str | None = None,
    created_by: User | None = None,
) -> Source:
    source = Source(
        title=title,
        authors=authors,
        container=container,
        year=year,
        kind=kind,
        url=url,
        doi=doi,
        archive_locator=archive_locator,
        notes=notes,
        key=key or None,
        created_by=created_by,
    )
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def scholar_create(
    *,
    name: str,
    role: str = "",
    works: Iterable[Source] = (),
    key: str | None = None,
    created_by: User | None = None,
) -> Scholar:
    scholar = Scholar(name=name, role=role, key=key or None, created_by=created_by)
    scholar.full_clean()
    scholar.save()
    scholar.works.set(list(works))
    return scholar


@transaction.atomic
def map_create(
    *,
    owner: User,
    title: str,
    question: str = "",
    description: str = "",
    visibility: str = Visibility.PRIVATE,
    key: str | None = None,
) -> Map:
    map_ = Map(
        owner=owner,
        title=title,
        question=question,
        description=description,
        visibility=visibility,
        key=key or None,
    )
    map_.full_clean()
    map_.save()
    record_created(map=map_, actor=owner, obj=map_)
    return map_


@transaction.atomic
def node_create(
    *,
    map: Map,
    kind: str,
    text: str,
    title: str = "",
    scholar: Scholar | None = None,
    school: str = "",
    evidence_kind: str = "",
    source: Source | None = None,
    extra_sources: Iterable[Source] = (),
    locator: str = "",
    quote: str = "",
    date_text: str = "",
    place_time: str = "",
    order_hint: int | None = None,
    uncertainty: str = "",
    base_score: float | None = None,
    key: str = "",
    is_argument: bool = False,
    actor: Actor = None,
    new_source: NewSource | None = None,
) -> Node:
    """Add a statement; with an `actor`, the creation is recorded in the map's history.

    `new_source` describes a source to create and cite in the same transaction (a student adding
    evidence with a citation that is not in the bibliography yet)."""
    check_not_frozen(map)
    extra = list(extra_sources)
    check_library(map, scholars=[scholar], sources=[source, *extra])
    if new_source is not None:
        # The typed source is its author's (the owner's, for a write without one) until a map
        # others can read cites it.
        creator = actor if isinstance(actor, User) else map.owner
        source = source_create(**new_source, created_by=creator)
    node = Node(
        map=map,
        kind=kind,
        text=text,
        title=title,
        scholar=scholar,
        school=school,
        evidence_kind=evidence_kind,
        source=source,
        locator=locator,
        quote=quote,
        date_text=date_text,
        place_time=place_time,
        order_hint=order_hint,
        uncertainty=uncertainty,
        base_score=base_score,
        key=key,
        is_argument=is_argument,
    )
    node.full_clean()
    node.save()
    if extra:
        if kind != NodeKind.EVIDENCE:
            raise ValidationError({"extra_sources": "Only evidence cites sources."})
        node.extra_sources.set(extra)
    if actor is not None:
        record_created(map=map, actor=actor, obj=node)
    return node


def check_co_premises(link: Link, co_premises: list[Node]) -> None:
    for premise in co_premises:
        if premise.map_id != link.map_id:
            raise ValidationError({"co_premises": "Co-premises must be in the same map."})
        if premise.pk in (link.source_node_id, link.target_node_id):
            raise ValidationError(
                {"co_premises": "A co-premise is a further statement, not an end of the link."}
            )
    if co_premises and link.kind == LinkKind.UNDERCUTS:
        raise ValidationError({"co_premises": "Co-premises belong to supports and opposes links."})


@transaction.atomic
def link_create(
    *,
    map: Map,
    kind: str,
    source: Node,
    target: Node | None = None,
    target_link: Link | None = None,
    co_premises: Iterable[Node] = (),
    scholar: Scholar | None = None,
    rationale: str = "",
    citation: Source | None = None,
    citation_locator: str = "",
    attestation: str = "",
    attested_in: Iterable[Source] = (),
    note: str = "",
    key: str = "",
    scheme: str = "",
    argument: str = "",
    actor: Actor = None,
) -> Link:
    """Link `source` to a node (supports / opposes) or to a link (undercuts); with an `actor`,
    the creation is recorded in the map's history."""
    check_not_frozen(map)
    sources = list(attested_in)
    check_library(map, scholars=[scholar], sources=[citation, *sources])
    link = Link(
        map=map,
        kind=kind,
        source_node=source,
        target_node=target,
        target_link=target_link,
        scholar=scholar,
        rationale=rationale,
        citation=citation,
        citation_locator=citation_locator,
        attestation=attestation,
        note=note,
        key=key,
        scheme=scheme,
        argument=argument,
    )
    link.full_clean()
    premises = list(co_premises)
    check_co_premises(link, premises)
    link.save()
    if premises:
        link.co_premises.set(premises)
    if sources:
        link.attested_in.set(sources)
    if actor is not None:
        record_created(map=map, actor=actor, obj=link)
    return link


@dataclass(frozen=True)
class Quote:
    """Exact words of a source, for a characterisation (`paraphrase` when they could not be
    checked against the text)."""

    source: Source
    text: str
    paraphrase: bool = False


@transaction.atomic
def characterisation_create(
    *,
    scholar: Scholar,
    source: Source,
    text: str,
    status: str = CharacterisationStatus.ACCEPTED,
    status_note: str = "",
    thesis: Node | None = None,
    evidence: Node | None = None,
    counter_sources: Iterable[Source] = (),
    note: str = "",
    quotes: Iterable[Quote] = (),
    explanation: str = "",
    likely_cause: str = "",
    applies_to_evidence: Iterable[Node] = (),
    map: Map | None = None,
) -> Characterisation:
    """Source `source` characterises `scholar`'s view as `text`. A disputed one may set the
    exact words side by side (`quotes`, each from `source` or a counter-source), say in one
    plain line what is wrong (`explanation`) and how it probably arose (`likely_cause`), and
    name the evidence on whose pages it is shown too (`applies_to_evidence`, of the thesis's
    map). `map`: the map it comes with when it names no statement of it; it is then read by
    whoever may read that map (argmap.maps.visibility)."""
    counters = list(counter_sources)
    shown = list(applies_to_evidence)
    quoted = list(quotes)
    for node in (thesis, evidence, *shown):
        if node is not None:
            check_not_frozen(node.map)
    quotable = {source.pk, *(c.pk for c in counters)}
    if any(q.source.pk not in quotable for q in quoted):
        raise ValidationError(
            {"quotes": "Quote the characterising source or one of its counter-sources."}
        )
    if any(n.kind != NodeKind.EVIDENCE or (thesis and n.map_id != thesis.map_id) for n in shown):
        raise ValidationError(
            {"applies_to_evidence": "Choose evidence of the same map as the thesis."}
        )
    item = Characterisation(
        map=map,
        scholar=scholar,
        source=source,
        text=text,
        status=status,
        status_note=status_note,
        thesis=thesis,
        evidence=evidence,
        note=note,
        quotes=[
            {"source": q.source.pk, "text": q.text, "paraphrase": q.paraphrase} for q in quoted
        ],
        explanation=explanation,
        likely_cause=likely_cause,
    )
    item.full_clean()
    item.save()
    if counters:
        item.counter_sources.set(counters)
    if shown:
        item.applies_to_evidence.set(shown)
    return item


@transaction.atomic
def undercut_create(
    *,
    map: Map,
    target_link: Link,
    source: Node | None = None,
    new_claim: str = "",
    scholar: Scholar | None = None,
    rationale: str = "",
    actor: Actor = None,
) -> Node:
    """Attack `target_link` with an existing statement or a new claim; returns the attacker."""
    check_not_frozen(map)
    if (source is None) == (not new_claim.strip()):
        raise ValidationError("Choose an existing statement or write a new claim (one of the two).")
    if source is None:
        source = node_create(
            map=map, kind=NodeKind.CLAIM, text=new_claim, scholar=scholar, actor=actor
        )
    link_create(
        map=map,
        kind=LinkKind.UNDERCUTS,
        source=source,
        target_link=target_link,
        scholar=scholar,
        rationale=rationale,
        actor=actor,
    )
    return source
