"""What every format shares: the one error type, the size limits, and the results of reading and
writing.

Every reader takes text and returns a `ReadResult` (a valid `Graph` plus notes on what it read
differently from the file) or raises `InterchangeError`; it raises nothing else. Every writer takes
a `Graph` and returns a `WriteResult` (the text plus what the format could not express). Nothing is
dropped silently in either direction: what is left out is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.graph import Graph


class InterchangeError(ValueError):
    """Input that cannot be read: the message names where (a line, a node id) and what is wrong."""

    def __init__(self, message: str, *, line: int | None = None, where: str | None = None) -> None:
        self.reason = message
        self.line = line
        if line is not None:
            where = f"line {line}" + (f" ({where})" if where else "")
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one import may hold. The defaults suit a class or a research map many times over
    (the demo debate has 190 statements); raise them for a bulk migration, not for the web."""

    max_statements: int = 20_000
    # Only a guard against what is not a map at all: an import is limited by its statements.
    # 64 MiB is 3.3 KiB a statement at the limit, five times what the demo's export spends on one
    # (a 20,000-statement map of its shape exports to about 13 MB of argmap JSON).
    max_bytes: int = 64 * 1024 * 1024
    max_links: int = 50_000
    max_sources: int = 20_000  # sources, scholars and characterisations, each
    max_depth: int = 40  # Argdown indentation, Kialo numbering, chains of undercuts of undercuts
    max_json_depth: int = 40  # nested arrays and objects in JSON and in YAML data


DEFAULT_LIMITS = Limits()


def check_size(text: str, limits: Limits) -> None:
    """Refuse text over the byte limit before any parsing starts."""
    # A character is at most 4 bytes in UTF-8: only long texts need the exact count.
    if len(text) * 4 > limits.max_bytes and len(text.encode("utf-8", "surrogatepass")) > (
        limits.max_bytes
    ):
        raise InterchangeError(
            f"the file is larger than {limits.max_bytes:,} bytes, the most one import may hold"
        )


MAX_PLACES = 8  # lines or node ids named per kind of note


class Notes:
    """What a reader read differently or left out, grouped by kind: each kind is one line of the
    import's report, with how many times it happened and where (the first few lines or ids)."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._places: dict[str, list[str]] = {}

    def add(self, what: str, *, line: int | None = None, where: str = "", count: int = 1) -> None:
        """One more `what` (e.g. "headings are not kept (argmap has no sections)"), at a line
        or a place named by `where`; `count` when one place holds several."""
        self._counts[what] = self._counts.get(what, 0) + count
        place = f"line {line}" if line is not None else where
        places = self._places.setdefault(what, [])
        if place and len(places) <= MAX_PLACES and place not in places:
            places.append(place)

    def __bool__(self) -> bool:
        return bool(self._counts)

    def lines(self) -> list[str]:
        """'3 × headings are not kept (argmap has no sections): lines 1, 14, 30', one a kind."""
        out = []
        for what, count in self._counts.items():
            places = self._places[what]
            shown = places[:MAX_PLACES] + (["…"] if len(places) > MAX_PLACES else [])
            if shown and all(p.startswith("line ") for p in shown[:MAX_PLACES]):
                where = "lines " if len(shown) > 1 else "line "
                where += ", ".join(p.removeprefix("line ") for p in shown)
            else:
                where = ", ".join(shown)
            out.append(f"{count} × {what}" + (f": {where}" if where else ""))
        return out


@dataclass(slots=True)
class ReadResult:
    graph: Graph
    # The import's report: what was read differently or left out, one line per kind, counted.
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class WriteResult:
    text: str
    lost: list[str] = field(default_factory=list)  # what this format cannot express of the map
