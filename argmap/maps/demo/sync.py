"""Make the stored demo map hold what its spec says, keeping every row that stays.

Statements and links are matched by key: one that is still in the data keeps its row (so forks,
whose statements name the demo's as their origin, and coursework built on them keep matching),
its changed fields are written and its version goes up; a new one is created; one the data no
longer has is deleted softly, as a user's delete would be. Sources, scholars and glossary terms
are matched by key (or term) and shared, never duplicated. Characterisations describe the theses
and are written afresh. Rows are validated like the services validate them and written in bulk,
so that loading costs a few dozen queries, not one per row. Everything runs in the caller's
transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Any

from django.db.models import Model
from django.utils import timezone

from argmap.maps.demo.spec import DemoSpec, LinkSpec, NodeSpec
from argmap.maps.models import (
    Characterisation,
    GlossaryTerm,
    Link,
    Map,
    Node,
    Scholar,
    Source,
)

_NODE_FIELDS = [
    "kind", "title", "text", "school", "evidence_kind", "locator", "quote", "date_text",
    "place_time", "order_hint", "uncertainty", "scholar", "source",
]  # fmt: skip
_LINK_FIELDS = [
    "kind", "rationale", "citation_locator", "attestation", "note", "source_node",
    "target_node", "target_link", "scholar", "citation",
]  # fmt: skip
# Checked by the loader itself (every reference is resolved from the spec), not row by row.
_FOREIGN = ["map", "scholar", "source", "origin", "source_node", "target_node", "target_link",
            "citation", "extra_sources", "co_premises", "attested_in"]  # fmt: skip


def _clean(row: Model) -> None:
    row.full_clean(exclude=_FOREIGN, validate_unique=False, validate_constraints=False)


def _upsert(
    model: type[Model], found: dict[str, Any], wanted: dict[str, dict[str, Any]], by: str
) -> int:
    """Create the rows of `wanted` (name -> fields) missing from `found` and bring the others'
    fields up to date; `by` is the field the name is stored in. Returns how many were written."""
    new, changed = [], []
    for name, fields in wanted.items():
        row = found.get(name)
        if row is None:
            row = model(**{by: name}, **fields)
            new.append(row)
            found[name] = row
        elif any(getattr(row, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(row, f, v)
            changed.append(row)
        else:
            continue
        row.full_clean(validate_unique=False)
    model._default_manager.bulk_create(new)
    if changed:
        model._default_manager.bulk_update(changed, list(next(iter(wanted.values()))))
    return len(new) + len(changed)


def _set_many(manager: Any, owner: str, other: str, wanted: dict[int, set[int]]) -> None:
    """Make a many-to-many relation hold `wanted` (owner id -> other ids) for those owners."""
    through = manager.through
    rows = through.objects.filter(**{f"{owner}__in": list(wanted)})
    have: dict[int, set[int]] = defaultdict(set)
    for a, b in rows.values_list(f"{owner}_id", f"{other}_id"):
        have[a].add(b)
    stale = [(a, b) for a, bs in have.items() for b in bs - wanted.get(a, set())]
    for a, b in stale:
        through.objects.filter(**{f"{owner}_id": a, f"{other}_id": b}).delete()
    through.objects.bulk_create(
        [
            through(**{f"{owner}_id": a, f"{other}_id": b})
            for a, bs in wanted.items()
            for b in bs - have.get(a, set())
        ]  # fmt: skip
    )


def sync_sources(data: dict[str, Any], counts: Counter[str]) -> dict[str, Source]:
    wanted = {
        item["id"]: {
            "authors": item["author"] or "",
            "title": item["title"],
            "container": item.get("venue") or "",
            "year": item.get("year"),
            "kind": item["kind"],
            "url": item.get("url") or "",
            "notes": item.get("notes") or "",
        }
        for item in data["sources"]
    }
    found: dict[str, Source] = {s.key or "": s for s in Source.objects.filter(key__in=wanted)}
    counts["sources"] += _upsert(Source, found, wanted, "key")
    return found


def sync_scholars(
    data: dict[str, Any], sources: dict[str, Source], counts: Counter[str]
) -> dict[str, Scholar]:
    wanted = {i["id"]: {"name": i["name"], "role": i.get("role", "")} for i in data["scholars"]}
    found: dict[str, Scholar] = {s.key or "": s for s in Scholar.objects.filter(key__in=wanted)}
    counts["scholars"] += _upsert(Scholar, found, wanted, "key")
    works = {
        found[i["id"]].pk: {sources[w].pk for w in i.get("works", [])} for i in data["scholars"]
    }
    _set_many(Scholar.works, "scholar", "source", works)
    return found


def sync_glossary(spec: DemoSpec, sources: dict[str, Source], counts: Counter[str]) -> None:
    wanted = {
        t.term: {"also": "\n".join(t.also), "definition": t.definition, "slug": t.slug}
        for t in spec.glossary
    }
    found: dict[str, GlossaryTerm] = {
        t.term: t for t in GlossaryTerm.objects.filter(term__in=wanted)
    }
    counts["glossary terms"] += _upsert(GlossaryTerm, found, wanted, "term")
    cited = {found[t.term].pk: {sources[s].pk for s in t.sources} for t in spec.glossary}
    _set_many(GlossaryTerm.sources, "glossaryterm", "source", cited)


class MapSync:
    """Brings one map's statements and links to a `DemoSpec`."""

    def __init__(self, map_: Map, spec: DemoSpec, sources: dict[str, Source],
                 scholars: dict[str, Scholar]) -> None:  # fmt: skip
        self.map, self.spec, self.sources, self.scholars = map_, spec, sources, scholars
        self.counts: Counter[str] = Counter()
        self.now = timezone.now()

    def run(self) -> Counter[str]:
        nodes = self._nodes()
        self._links(nodes)
        self._characterisations(nodes)
        return self.counts

    def _rows(self, model: type[Model], stored: dict[str, Any], wanted: dict[str, dict[str, Any]],
              fields: Sequence[str], what: str) -> None:  # fmt: skip
        """Create, update (version + 1) and restore rows of this map by key."""
        new, changed = [], []
        for key, values in wanted.items():
            row = stored.get(key)
            if row is None:
                row = model(map=self.map, key=key, **values)
                new.append(row)
                stored[key] = row
            elif row.deleted_at is not None or any(getattr(row, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(row, f, v)
                row.deleted_at = None
                row.version += 1
                changed.append(row)
            else:
                continue
            _clean(row)
        # The base manager sees soft-deleted rows too, which a restore writes.
        model._base_manager.bulk_create(new)
        if changed:
            # `clean()` fills derived fields (a statement's dates): write them too.
            derived = (
                ["date_start", "date_end", "date_precision", "instant"] if model is Node else []
            )
            model._base_manager.bulk_update(changed, [*fields, *derived, "deleted_at", "version"])
        self.counts[f"{what} added"] += len(new)
        self.counts[f"{what} changed"] += len(changed)

    def _retire(self, model: type[Model], stored: dict[str, Any], keep: Iterable[str],
                what: str) -> None:  # fmt: skip
        kept = set(keep)
        gone = [row.pk for key, row in stored.items() if key not in kept and not row.deleted_at]
        self.counts[f"{what} removed"] += model._base_manager.filter(pk__in=gone).update(
            deleted_at=self.now
        )

    # --- statements ------------------------------------------------------------------------

    def _node_values(self, spec: NodeSpec) -> dict[str, Any]:
        values = {name: getattr(spec, name) for name in _NODE_FIELDS}
        values["scholar"] = self.scholars[spec.scholar] if spec.scholar else None
        values["source"] = self.sources[spec.source] if spec.source else None
        return values

    def _nodes(self) -> dict[str, Node]:
        stored = {n.key: n for n in Node.all_objects.filter(map=self.map) if n.key}
        wanted = {key: self._node_values(spec) for key, spec in self.spec.nodes.items()}
        self._rows(Node, stored, wanted, _NODE_FIELDS, "statements")
        self._retire(Node, stored, wanted, "statements")
        nodes = {key: stored[key] for key in wanted}
        extra = {
            nodes[key].pk: {self.sources[s].pk for s in spec.extra_sources}
            for key, spec in self.spec.nodes.items()
        }
        _set_many(Node.extra_sources, "node", "source", extra)
        return nodes

    # --- links -----------------------------------------------------------------------------

    def _link_values(self, spec: LinkSpec, nodes: dict[str, Node],
                     links: dict[str, Link]) -> dict[str, Any]:  # fmt: skip
        values: dict[str, Any] = {name: getattr(spec, name) for name in _LINK_FIELDS[:5]}
        values["source_node"] = nodes[spec.source]
        values["target_node"] = nodes[spec.target] if spec.target else None
        values["target_link"] = links[spec.target_link] if spec.target_link else None
        values["scholar"] = self.scholars[spec.scholar] if spec.scholar else None
        values["citation"] = self.sources[spec.citation] if spec.citation else None
        return values

    def _links(self, nodes: dict[str, Node]) -> None:
        stored = {ln.key: ln for ln in Link.all_objects.filter(map=self.map) if ln.key}
        # Undercuts name the links they attack, which must be saved first: one layer at a time.
        layers: list[list[str]] = [[], []]
        for key, spec in self.spec.links.items():
            layers[1 if spec.target_link else 0].append(key)
        for layer in layers:
            wanted = {key: self._link_values(self.spec.links[key], nodes, stored) for key in layer}
            self._rows(Link, stored, wanted, _LINK_FIELDS, "links")
        self._retire(Link, stored, self.spec.links, "links")
        attested = {
            stored[key].pk: {self.sources[s].pk for s in spec.attested_in}
            for key, spec in self.spec.links.items()
        }
        _set_many(Link.attested_in, "link", "source", attested)

    # --- characterisations -----------------------------------------------------------------

    def _characterisations(self, nodes: dict[str, Node]) -> None:
        """Written afresh: they hang on the theses and nothing refers to them."""
        Characterisation.objects.filter(thesis__map=self.map).delete()
        made = []
        for spec in self.spec.characterisations:
            item = Characterisation(
                scholar=self.scholars[spec.scholar],
                source=self.sources[spec.source],
                thesis=nodes[spec.thesis],
                evidence=nodes[spec.evidence] if spec.evidence else None,
                text=spec.text,
                status=spec.status,
                status_note=spec.status_note,
                note=spec.note,
                quotes=[{**asdict(q), "source": self.sources[q.source].pk} for q in spec.quotes],
                explanation=spec.explanation,
                likely_cause=spec.likely_cause,
            )
            item.full_clean(exclude=["scholar", "source", "thesis", "evidence"])
            made.append(item)
        Characterisation.objects.bulk_create(made)
        specs = self.spec.characterisations
        _set_many(Characterisation.counter_sources, "characterisation", "source",
                  {c.pk: {self.sources[s].pk for s in spec.counter_sources}
                   for c, spec in zip(made, specs, strict=True)})  # fmt: skip
        _set_many(Characterisation.applies_to_evidence, "characterisation", "node",
                  {c.pk: {nodes[e].pk for e in spec.applies_to_evidence}
                   for c, spec in zip(made, specs, strict=True)})  # fmt: skip
        self.counts["characterisations"] += len(made)
