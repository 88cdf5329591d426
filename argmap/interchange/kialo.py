"""Kialo's text export, read (Kialo has no import, so argmap writes none).

    Discussion Title: Did the bombs end the war?

    1. The atomic bombs ended the war.
    1.1. Pro: The Emperor cited "a new and most cruel bomb" in his rescript.
    1.1.1. Con: The rescript to the army cites the Soviet entry instead.
    1.2. Con: -> See 1.1.1.

- the discussion title becomes the map's title and question; `1.` is the thesis (several
  top-level numbers are several theses; children labelled `Thesis:` under a question make the
  question the map's question and each of them a thesis);
- `N.M. Pro:` is a claim that supports its parent, `Con:` one that opposes it;
- `-> See 1.2.2.` reuses the claim numbered 1.2.2 (a Kialo link): it supports or opposes the
  parent as its label says, so the map stays a graph, not a copy-tree;
- lines without a number continue the claim above them (Kialo claims may span lines).

What it cannot express (not in Kialo's export): scholars, sources, citations, dates, evidence
(every claim is a claim), undercuts, co-premises, votes and impact ratings, and authorship. An
error names the line: a number whose parent is missing, a number used twice, a label other than
Pro/Con/Thesis, a link to a number that does not exist. Markdown's backslash escapes are read
as the characters they escape.
"""

from __future__ import annotations

import re

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.interchange.base import (
    DEFAULT_LIMITS,
    InterchangeError,
    Limits,
    ReadResult,
    check_size,
)
from argmap.interchange.checks import check_counts, check_graph

_TITLE = re.compile(r"^\s*Discussion Title:\s*(.*)$")
_ENTRY = re.compile(r"^\s*((?:\d+\.)+)\s*(?:(Pro|Con|Thesis)\s*:\s*)?(.*)$", re.IGNORECASE)
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)+)\s*$", re.IGNORECASE)


# Kialo escapes markdown's punctuation (`\(`, `\[`, `\*`…) in its export; CommonMark's rule
# says which characters a backslash escapes, so that `C:\Users` keeps its backslash.
_ESCAPED = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def looks_like(head: str) -> bool:
    first = next((line for line in head.splitlines() if line.strip()), "")
    return (
        bool(_TITLE.match(first))
        or bool(re.match(r"^\s*1\.\s+\S", first))
        and bool(re.search(r"^\s*1\.1\.\s+(Pro|Con):", head, re.MULTILINE | re.IGNORECASE))
    )


class _Entry:
    __slots__ = ("number", "label", "text", "line", "see")

    def __init__(self, number: str, label: str, text: str, line: int) -> None:
        self.number, self.label, self.text, self.line = number, label.lower(), text, line
        self.see: str | None = None


def _entries(text: str, limits: Limits) -> tuple[str, list[_Entry]]:
    title = ""
    entries: list[_Entry] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not entries and not title and (found := _TITLE.match(line)):
            title = _unescape(found.group(1).strip())
            continue
        match = _ENTRY.match(line)
        if match:
            depth = match.group(1).count(".")
            if depth > limits.max_depth:
                raise InterchangeError(
                    f"claims nest more than {limits.max_depth} levels deep", line=number
                )
            entries.append(_Entry(match.group(1), match.group(2) or "", match.group(3), number))
            if len(entries) > limits.max_statements:
                check_counts(limits, statements=len(entries))
        elif entries:
            entries[-1].text += "\n" + line
        elif line.strip():
            raise InterchangeError(
                "expected 'Discussion Title: …' or a numbered claim such as '1. …'", line=number
            )
    return title, entries


def read(text: str, *, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    check_size(text, limits)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InterchangeError("the text contains a NUL character", line=line)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    title, entries = _entries(text, limits)
    if not entries:
        raise InterchangeError("no numbered claims found: a Kialo export starts with '1. …'")
    graph = Graph(title=title, question=title)
    lines: dict[tuple[str, str], int] = {}
    by_number: dict[str, _Entry] = {}
    for entry in entries:
        entry.text = _unescape(entry.text.strip())
        if entry.number in by_number:
            raise InterchangeError(
                f"{entry.number} is used twice (first at line {by_number[entry.number].line})",
                line=entry.line,
            )
        parent = entry.number[: entry.number[:-1].rfind(".") + 1]
        if parent and parent not in by_number:
            raise InterchangeError(
                f"{entry.number} comes before its parent {parent}", line=entry.line
            )
        if parent and entry.label not in ("pro", "con", "thesis"):
            raise InterchangeError(f"{entry.number} needs 'Pro:' or 'Con:'", line=entry.line)
        see = _SEE.match(entry.text)
        if see:
            entry.see = see.group(1)
        by_number[entry.number] = entry
    question_root = {
        e.number[: e.number[:-1].rfind(".") + 1] for e in entries if e.label == "thesis"
    } - {""}
    for entry in entries:
        if entry.see is not None or entry.number in question_root:
            continue
        kind = "thesis" if entry.label == "thesis" or "." not in entry.number[:-1] else "claim"
        graph.add_node(GraphNode(id=entry.number, kind=kind, text=entry.text))
        lines[("node", entry.number)] = entry.line
    if question_root:
        graph.question = " ".join(by_number[n].text for n in sorted(question_root)) or title
    for entry in entries:
        parent = entry.number[: entry.number[:-1].rfind(".") + 1]
        if not parent or entry.label == "thesis":
            continue
        source = entry.see if entry.see is not None else entry.number
        if source not in graph.nodes:
            what = "a Kialo link" if source != entry.number else "a link"
            raise InterchangeError(
                f"{what} to {source}, which is not a claim here", line=entry.line
            )
        if parent not in graph.nodes:
            raise InterchangeError(f"{parent} is a link and cannot have children", line=entry.line)
        if source == parent:
            raise InterchangeError(f"{entry.number} links a claim to itself", line=entry.line)
        kind = "supports" if entry.label == "pro" else "opposes"
        link = GraphLink(id=entry.number, kind=kind, source=source, target=parent)
        graph.add_link(link)
        lines[("link", entry.number)] = entry.line
    return ReadResult(check_graph(graph, limits, locate=lambda k, i: lines.get((k, i))))
