"""Map checks: a linter for arguments, with messages a student can act on.

Each check is one pass over the nodes or links (duplicates through a dict, support cycles
through Tarjan's algorithm), so `check_map` is O(n + m). Findings come in a fixed order: by
check, in the order of `CHECKS`, then in the graph's order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from argmap.evaluation._scc import cyclic_components
from argmap.graph import Graph, GraphNode
from argmap.lib.dates import DateError, HistoricalDate, parse_date


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # one of CHECKS
    message: str
    nodes: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


def _name(node: GraphNode) -> str:
    text = " ".join((node.title or node.text).split())
    return f"“{text if len(text) <= 60 else text[:59].rstrip() + '…'}”"


def _unsupported_claims(graph: Graph) -> Iterator[Finding]:
    supported = {
        lk.target
        for lk in graph.links.values()
        if lk.kind == "supports" and lk.source in graph.nodes
    }
    for node in graph.nodes.values():
        if node.kind == "claim" and node.id not in supported:
            yield Finding(
                "unsupported-claim",
                f"{_name(node)} is a claim, but nothing in the map supports it. Add the "
                "evidence or the reasoning it rests on.",
                (node.id,),
            )


def _evidence_without_citation(graph: Graph) -> Iterator[Finding]:
    for node in graph.nodes.values():
        if node.kind == "evidence" and node.source is None:
            yield Finding(
                "evidence-without-citation",
                f"{_name(node)} has no source. Cite the document, book or article it comes from.",
                (node.id,),
            )


def _quotes_without_locator(graph: Graph) -> Iterator[Finding]:
    for node in graph.nodes.values():
        if node.quote.strip() and not node.locator.strip():
            yield Finding(
                "quote-without-locator",
                f"{_name(node)} quotes its source but does not say where: add the page, "
                "document number or other locator of the quote.",
                (node.id,),
            )


def _support_cycles(graph: Graph) -> Iterator[Finding]:
    ids = list(graph.nodes)
    index = {nid: i for i, nid in enumerate(ids)}
    succ: list[list[int]] = [[] for _ in ids]
    for lk in graph.links.values():
        if lk.kind == "supports" and lk.source in index and lk.target in index:
            succ[index[lk.source]].append(index[lk.target])
    for component in cyclic_components(len(ids), succ):
        members = {ids[i] for i in component}
        names = " → ".join(_name(graph.nodes[ids[i]]) for i in component[:4])
        if len(component) > 4:
            names += " → …"
        links = tuple(
            lk.id
            for lk in graph.links.values()
            if lk.kind == "supports" and lk.source in members and lk.target in members
        )
        yield Finding(
            "support-cycle",
            f"These statements support each other in a circle ({names}): each rests on the "
            "others, so the circle proves nothing. Break it by removing one of its supports.",
            tuple(ids[i] for i in component),
            links,
        )


def _dangling_undercuts(graph: Graph) -> Iterator[Finding]:
    for lk in graph.links.values():
        if lk.kind == "undercuts" and (lk.target_link is None or lk.target_link not in graph.links):
            source = graph.nodes.get(lk.source)
            who = _name(source) if source is not None else "a statement that is gone"
            yield Finding(
                "dangling-undercut",
                f"The undercut from {who} attacks a link that is no longer in the map. Remove "
                "it, or point it at the link it is meant to question.",
                (lk.source,) if source is not None else (),
                (lk.id,),
            )


def _orphans(graph: Graph) -> Iterator[Finding]:
    linked: set[str] = set()
    for lk in graph.links.values():
        linked.add(lk.source)
        if lk.target is not None:
            linked.add(lk.target)
        linked.update(lk.co_premises)
    for node in graph.nodes.values():
        if node.id not in linked:
            yield Finding(
                "orphan",
                f"{_name(node)} is not linked to anything. Connect it to what it bears on, or "
                "remove it.",
                (node.id,),
            )


def _dated(node: GraphNode, cache: dict[str, HistoricalDate | None]) -> HistoricalDate | None:
    if node.id not in cache:
        try:
            cache[node.id] = parse_date(node.date) if node.date.strip() else None
        except DateError:
            cache[node.id] = None  # a malformed date is the form's business, not this check's
    return cache[node.id]


def _evidence_after_event(graph: Graph) -> Iterator[Finding]:
    cache: dict[str, HistoricalDate | None] = {}
    for lk in graph.links.values():
        if lk.kind != "supports" or lk.target is None:
            continue
        evidence, event = graph.nodes.get(lk.source), graph.nodes.get(lk.target)
        if evidence is None or event is None or evidence.kind != "evidence":
            continue
        when, then = _dated(evidence, cache), _dated(event, cache)
        # Only when the evidence certainly comes later: it starts after the event's last day.
        if when is not None and then is not None and when.start > then.end:
            yield Finding(
                "evidence-after-event",
                f"{_name(evidence)} ({when.text}) is used to explain {_name(event)} "
                f"({then.text}), which happened before it. A later source can report an "
                "event but cannot have caused it: check what this link claims.",
                (evidence.id, event.id),
                (lk.id,),
            )


def _answers_older_than_the_use(graph: Graph) -> Iterator[Finding]:
    """An undercut citing a work older than the one the answered use cites cannot reply to it:
    the two readings are inconsistent, and the map words it so. Worth a look, since a map that
    says one historian answers another should not have the answer before the question."""
    for lk in graph.links.values():
        if lk.kind != "undercuts" or lk.target_link not in graph.links:
            continue
        answered = graph.links[lk.target_link]
        mine = graph.sources.get(lk.citation or "")
        theirs = graph.sources.get(answered.citation or "")
        if not (mine and theirs and mine.year and theirs.year and mine.year < theirs.year):
            continue
        source = graph.nodes.get(lk.source)
        target = graph.nodes.get(answered.source)
        if source is None or target is None:
            continue
        yield Finding(
            "answer-older-than-use",
            f"{_name(source)} is cited from a work of {mine.year}, older than the work of "
            f"{theirs.year} behind the use of {_name(target)} it answers: it cannot reply to it, "
            "so the map says it is inconsistent with it. Check that this is what you mean.",
            (source.id, target.id),
            (lk.id,),
        )


def normalise(text: str) -> str:
    """Text compared for duplicates: case, accents' encoding, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def _duplicates(graph: Graph) -> Iterator[Finding]:
    groups: dict[str, list[GraphNode]] = {}
    for node in graph.nodes.values():
        key = normalise(node.text)
        if key:
            groups.setdefault(key, []).append(node)
    for nodes in groups.values():
        if len(nodes) > 1:
            names = ", ".join(_name(n) for n in nodes[:4])
            yield Finding(
                "duplicate-statement",
                f"These statements say the same thing: {names}. Merge them, so that what "
                "supports or opposes one counts for all.",
                tuple(n.id for n in nodes),
            )


CHECKS: dict[str, tuple[str, Callable[[Graph], Iterator[Finding]]]] = {
    "unsupported-claim": ("Unsupported claims", _unsupported_claims),
    "evidence-without-citation": ("Evidence without a citation", _evidence_without_citation),
    "quote-without-locator": ("Quotes without a locator", _quotes_without_locator),
    "support-cycle": ("Support cycles", _support_cycles),
    "dangling-undercut": ("Undercuts of missing links", _dangling_undercuts),
    "orphan": ("Statements linked to nothing", _orphans),
    "evidence-after-event": ("Evidence dated after what it explains", _evidence_after_event),
    "answer-older-than-use": ("Answers older than what they answer", _answers_older_than_the_use),
    "duplicate-statement": ("Duplicate statements", _duplicates),
}


def check_map(graph: Graph) -> list[Finding]:
    """Every finding of every check on `graph`."""
    return [finding for _, run in CHECKS.values() for finding in run(graph)]


def inherited(
    mine: list[Finding],
    idents: dict[str, str],
    theirs: list[Finding],
    their_idents: dict[str, str],
) -> list[bool]:
    """For each of `mine`, whether the map it was copied from (a starter) already had it: the
    same check about the same statements, statements told apart by identity (`idents`: node id
    -> the id of the statement it was copied from, for both maps). A student is shown what they
    added or changed, and the starter's own findings apart, once."""

    def key(finding: Finding, table: dict[str, str]) -> tuple[str, frozenset[str]]:
        return finding.code, frozenset(table.get(n, f"new {n}") for n in finding.nodes)

    known = {key(f, their_idents) for f in theirs}
    return [key(f, idents) in known for f in mine]
