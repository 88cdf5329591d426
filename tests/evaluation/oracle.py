"""Independent oracles for the grounded labelling, written from the definitions, not the solver.

- `clingo_grounded` enumerates every attack chain of a small map explicitly (exponential, fine
  for a dozen nodes) and lets clingo compute the least model of a positive program: for plain
  attack graphs it is exactly the ASPARTIX-style grounded encoding (`GROUNDED_ASPARTIX`).
- `derived_attacks` builds the attack relation of a map with only supports and opposes (the
  closure of supported attacks) so that Dung's definitions can be checked on it directly.

Test-only: nothing in argmap/ imports clingo.
"""

from __future__ import annotations

from collections.abc import Iterator

import clingo

from argmap.graph import Graph

# A chain acts when all its members are IN and all its links enabled; it fails when a member is
# OUT or a link is disabled. Node and link statuses are the least model, i.e. the grounded one.
GROUNDED_CHAINS = """
effective(C) :- chain(C), in(A) : member(C,A); enabled(L) : uses(C,L).
dead(C) :- member(C,A), out(A).
dead(C) :- uses(C,L), disabled(L).
out(B) :- tnode(C,B), effective(C).
in(B) :- node(B), dead(C) : tnode(C,B).
disabled(L) :- tlink(C,L), effective(C).
enabled(L) :- link(L), dead(C) : tlink(C,L).
"""

# The ASPARTIX grounded encoding (Egly, Gaggl & Woltran), for plain attack graphs.
GROUNDED_ASPARTIX = """
defeated(X) :- in(Y), att(Y,X).
in(X) :- arg(X), defeated(Y) : att(Y,X).
"""


def _valid_links(graph: Graph) -> dict[str, tuple[str, str, str | None, str | None, list[str]]]:
    """Links that take part: ends present, and (for undercuts) a target link that takes part."""
    links = {}
    for lk in graph.links.values():
        if lk.source in graph.nodes and all(p in graph.nodes for p in lk.co_premises):
            links[lk.id] = (lk.kind, lk.source, lk.target, lk.target_link, list(lk.co_premises))
    changed = True
    while changed:
        changed = False
        for lid, (kind, _src, tgt, tlink, _cps) in list(links.items()):
            broken = (
                tlink not in links
                if kind == "undercuts"
                else (tgt is None or tgt not in graph.nodes)
            )
            if broken:
                del links[lid]
                changed = True
    return links


def attack_chains(graph: Graph) -> Iterator[tuple[frozenset[str], frozenset[str], str, str]]:
    """Every (members, links, target kind, target) of the attacks of `graph`: each opposes or
    undercuts link with its source and co-premises. Supports never attack: a supporter of an
    attacker is not an attacker itself."""
    links = _valid_links(graph)
    supports_into: dict[str, list[str]] = {}
    for lid, (kind, _src, tgt, _t, _c) in links.items():
        if kind == "supports":
            assert tgt is not None
            supports_into.setdefault(tgt, []).append(lid)
    for lid, (kind, src, tgt, tlink, cps) in links.items():
        if kind == "supports":
            continue
        target = ("link", tlink) if kind == "undercuts" else ("node", tgt)
        # Walk backwards from the attacking link's source along supports, simple paths only.
        stack = [(src, frozenset([src]), frozenset(cps), frozenset([lid]))]
        while stack:
            start, visited, premises, used = stack.pop()
            assert target[1] is not None
            yield premises | {start}, used, target[0], target[1]


def clingo_grounded(graph: Graph) -> tuple[set[str], set[str]]:
    """(IN nodes, OUT nodes) of the grounded labelling, computed by clingo from the chains."""
    names = {nid: f"n{i}" for i, nid in enumerate(graph.nodes)}
    link_names = {lid: f"l{i}" for i, lid in enumerate(graph.links)}
    facts = [f"node({names[nid]})." for nid in graph.nodes]
    facts += [f"link({link_names[lid]})." for lid in _valid_links(graph)]
    for c, (members, used, kind, target) in enumerate(attack_chains(graph)):
        facts.append(f"chain(c{c}).")
        facts += [f"member(c{c},{names[m]})." for m in members]
        facts += [f"uses(c{c},{link_names[u]})." for u in used]
        if kind == "node":
            facts.append(f"tnode(c{c},{names[target]}).")
        else:
            facts.append(f"tlink(c{c},{link_names[target]}).")
    return _solve(GROUNDED_CHAINS + "\n".join(facts), names)


def clingo_aspartix(n: int, attacks: list[tuple[int, int]]) -> set[int]:
    """Grounded extension of a plain attack graph with the ASPARTIX encoding."""
    facts = [f"arg({i})." for i in range(n)] + [f"att({a},{b})." for a, b in attacks]
    names = {str(i): str(i) for i in range(n)}
    found, _ = _solve(GROUNDED_ASPARTIX + "\n".join(facts), names)
    return {int(x) for x in found}


def _solve(program: str, names: dict[str, str]) -> tuple[set[str], set[str]]:
    back = {v: k for k, v in names.items()}
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    models: list[tuple[set[str], set[str]]] = []

    def on_model(model: clingo.Model) -> None:
        ins, outs = set(), set()
        for sym in model.symbols(atoms=True):
            if sym.name in ("in", "out") and len(sym.arguments) == 1:
                (ins if sym.name == "in" else outs).add(back[str(sym.arguments[0])])
        models.append((ins, outs))

    ctl.solve(on_model=on_model)
    assert len(models) == 1, "a positive program has exactly one (least) model"
    return models[0]


def derived_attacks(graph: Graph) -> set[tuple[str, str]]:
    """Attack relation of a map of supports and opposes: the opposes links alone (supports
    never attack)."""
    supporters: dict[str, set[str]] = {}
    attacks: list[tuple[str, str]] = []
    for lk in graph.links.values():
        assert lk.target is not None and not lk.co_premises and lk.kind != "undercuts"
        if lk.kind == "supports":
            supporters.setdefault(lk.target, set()).add(lk.source)
        else:
            attacks.append((lk.source, lk.target))
    return set(attacks)
