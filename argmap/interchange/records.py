"""The graph's records as plain dicts and back, with every field's type checked.

Used by the native JSON format and by Argdown's data elements (sources, scholars and
characterisations travel in Argdown's front matter). The field list is the dataclass's own, so a
field added to `argmap.graph` is carried by both formats without a change here; its annotation
must be one of the simple types in `_CHECKS`.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, TypeVar

from argmap.graph import (
    GraphCharacterisation,
    GraphLink,
    GraphNode,
    GraphScholar,
    GraphSource,
)
from argmap.interchange.base import InterchangeError

Record = GraphNode | GraphLink | GraphSource | GraphScholar | GraphCharacterisation
R = TypeVar("R", GraphNode, GraphLink, GraphSource, GraphScholar, GraphCharacterisation)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_text_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# annotation -> (test, what to say when it fails)
_CHECKS: dict[str, tuple[Any, str]] = {
    "str": (lambda v: isinstance(v, str), "text"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "str | None": (lambda v: v is None or isinstance(v, str), "text or null"),
    "int | None": (lambda v: v is None or _is_int(v), "a whole number or null"),
    "float | None": (lambda v: v is None or _is_number(v), "a number or null"),
    "list[str]": (_is_text_list, "a list of texts"),
    "list[dict[str, Any]]": (
        lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
        "a list of objects",
    ),
}

NAMES: dict[type, str] = {
    GraphNode: "node",
    GraphLink: "link",
    GraphSource: "source",
    GraphScholar: "scholar",
    GraphCharacterisation: "characterisation",
}


def field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def _required(cls: type) -> set[str]:
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


def from_dict(cls: type[R], data: object, *, where: str) -> R:  # noqa: UP047
    """Build a record from `data`, refusing unknown fields, missing ones and wrong types."""
    if not isinstance(data, dict):
        raise InterchangeError(f"a {NAMES[cls]} must be an object", where=where)
    known = {f.name: str(f.type) for f in dataclasses.fields(cls)}
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise InterchangeError(
            f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
            where=where,
        )
    missing = sorted(_required(cls) - set(data))
    if missing:
        raise InterchangeError(f"missing field {missing[0]!r}", where=where)
    for name, value in data.items():
        test, expected = _CHECKS[known[name]]
        if not test(value):
            raise InterchangeError(f"field {name!r} must be {expected}", where=where)
    values = dict(data)
    for name in (
        "extra_sources", "co_premises", "attested_in", "works", "counter_sources",
        "applies_to_evidence",
    ):  # fmt: skip
        if name in values:
            values[name] = list(values[name])
    if "quotes" in values:
        values["quotes"] = [dict(q) for q in values["quotes"]]
    if "base_score" in values and values["base_score"] is not None:
        values["base_score"] = float(values["base_score"])
    return cls(**values)


def to_dict(record: Record, *, skip_defaults: bool = False) -> dict[str, Any]:
    """The record as a dict in field order; with `skip_defaults`, only what differs from the
    default (the id and required fields are always there)."""
    out: dict[str, Any] = {}
    required = _required(type(record))
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, list):
            value = [dict(v) if isinstance(v, dict) else v for v in value]
        if skip_defaults and f.name not in required:
            default = (
                f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            )
            if value == default:
                continue
        out[f.name] = value
    return out


def where_of(cls: type, data: object, index: int) -> str:
    """'node 'n3'' when the item has a usable id, 'node #4' (1-based position) otherwise."""
    item_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(item_id, str) and item_id:
        return f"{NAMES[cls]} {item_id!r}"
    return f"{NAMES[cls]} #{index + 1}"
