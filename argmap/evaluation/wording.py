"""Statements, links and stances in words, for the debate pages and the classroom's diffs.

Pure Python over the plain graph. An answer to a reading is worded by the years of the works
cited on both sides (`answer_verb`): an older work cannot reply to a newer one.
"""

from __future__ import annotations

from collections.abc import Iterable

from argmap.evaluation.stance import Path, Undercut
from argmap.graph import Graph


def short_name(name: str) -> str:
    """What a debate calls a scholar: "Richard B. Frank" → "Frank", "United States Strategic
    Bombing Survey (Chairman's Office)" → "USSBS", "Soviet official framing" → "Soviet"."""
    words = name.split("(")[0].split()
    if not words:
        return name
    # A person: a short name, or one with initials ("Robert J. C. Butow") goes by the surname.
    if len(words) <= 3 or any(len(w) == 2 and w.endswith(".") for w in words):
        return words[-1]
    capitals = [w[0] for w in words if w[0].isupper()]
    return "".join(capitals) if len(capitals) >= 2 else words[0]


def node_name(graph: Graph, node_id: str, limit: int = 70) -> str:
    """A thesis by its scholar's short name ("Frank"), anything else by its title or text."""
    node = graph.nodes[node_id]
    if node.kind == "thesis" and node.scholar in graph.scholars:
        return short_name(graph.scholars[node.scholar].name)
    text = node.title or node.text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_path(graph: Graph, path: Path) -> str:
    """ "Atomic bombing of Hiroshima → supports → Frank"."""
    if not path.steps:
        return ""
    parts = [node_name(graph, path.steps[0].source)]
    for step in path.steps:
        parts += [step.kind, node_name(graph, step.target)]
    return " → ".join(parts)


def describe_link(graph: Graph, link_id: str, depth: int = 0) -> str:
    """ "Atomic bombing of Hiroshima → supports → Frank"; an undercut names the link it attacks
    (two levels deep at most: undercuts of undercuts may form a cycle)."""
    link = graph.links[link_id]
    if link.target is not None:
        target = node_name(graph, link.target)
    elif link.target_link in graph.links and depth < 2:
        target = f"({describe_link(graph, link.target_link, depth + 1)})"
    else:
        target = "a link"
    return f"{node_name(graph, link.source)} → {link.kind} → {target}"


def answer_verb(mine: int | None, theirs: int | None) -> str:
    """How an answer stands to the reading it answers, by the years of the two works cited
    (`mine`, the answer's; `theirs`, the answered reading's): an older work cannot reply to a
    newer one, it only "is inconsistent with" it."""
    if mine is not None and theirs is not None and mine < theirs:
        return "is inconsistent with"
    return "replies to"


def graph_answer_verb(graph: Graph, undercut_id: str) -> str:
    """`answer_verb` for an undercut of the plain graph, by its sources' years."""
    undercut = graph.links[undercut_id]
    answered = graph.links.get(undercut.target_link or "")
    mine = graph.sources.get(undercut.citation or "")
    theirs = graph.sources.get(answered.citation or "") if answered is not None else None
    return answer_verb(mine.year if mine else None, theirs.year if theirs else None)


def _whose(graph: Graph, node_id: str | None) -> str:
    node = graph.nodes.get(node_id or "")
    scholar = graph.scholars.get(node.scholar or "") if node is not None else None
    return f"{short_name(scholar.name)}’s" if scholar is not None else "the"


def describe_use(graph: Graph, link_id: str) -> str:
    """A use of a statement by whoever makes it: "Frank’s use of Atomic bombing of Hiroshima";
    a link that names nobody in words, "Atomic bombing of Hiroshima → supports → …"."""
    link = graph.links[link_id]
    scholar = graph.scholars.get(link.scholar or "")
    if scholar is None:
        return describe_link(graph, link_id)
    return f"{short_name(scholar.name)}’s use of {node_name(graph, link.source)}"


def describe_undercut(graph: Graph, undercut: Undercut) -> str:
    """ "Wilson’s reading ‘Hiroshima played virtually no role’ replies to Frank’s use of Atomic
    bombing of Hiroshima"."""
    verb = graph_answer_verb(graph, undercut.link)
    return f"{_maker(graph, undercut.by)} {verb} {describe_use(graph, undercut.target)}"


def _maker(graph: Graph, node_id: str) -> str:
    node = graph.nodes[node_id]
    text = node.text if len(node.text) <= 90 else node.text[:89].rstrip() + "…"
    owner = _whose(graph, node_id)
    what = "reading" if node.kind == "claim" else node.kind
    return f"{owner} {what} ‘{text}’" if owner != "the" else f"the {what} ‘{text}’"


def describe_readings(graph: Graph, link_ids: Iterable[str]) -> list[str]:
    """The uses of one statement, merged: "Stimson’s, Frank’s and Asada’s use of Atomic
    bombing of Hiroshima"; links that name nobody are described one by one."""
    grouped: dict[str, list[str]] = {}
    plain: list[str] = []
    for link_id in link_ids:
        link = graph.links[link_id]
        scholar = graph.scholars.get(link.scholar or "")
        if scholar is None:
            plain.append(describe_link(graph, link_id))
        else:
            grouped.setdefault(link.source, []).append(f"{short_name(scholar.name)}’s")
    return [
        f"{_listed(list(dict.fromkeys(whose)))} use of {node_name(graph, source)}"
        for source, whose in grouped.items()
    ] + plain


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def describe_contests(graph: Graph, contests: Iterable[Undercut]) -> list[str]:
    """Contests grouped by the reading making them and how it stands to what it answers:
    "Wilson’s reading ‘…’ replies to Stimson’s, Frank’s and Asada’s use of Atomic bombing of
    Hiroshima"."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for contest in contests:
        verb = graph_answer_verb(graph, contest.link)
        grouped.setdefault((contest.by, verb), []).append(contest.target)
    return [
        f"{_maker(graph, by)} {verb} {reading}"
        for (by, verb), targets in grouped.items()
        for reading in describe_readings(graph, targets)
    ]
