"""Independent oracles for preferred semantics, written from the definitions, not from the solver.

- `brute_force` reads a small map as a framework with set attacks (a SETAF, Nielsen & Parsons,
  ArgMAS 2006): its arguments are the nodes and the links some undercut targets; every attack
  chain that `attack_chains` (tests/evaluation/oracle.py) enumerates is a set attack on its
  target by its start, its co-premises and those of its links that are arguments (a link no
  undercut targets is always enabled). It then tries every subset of arguments and keeps the
  admissible ones straight from the definitions:
  - S is *conflict-free* when no attack (B, x) has B and x all in S;
  - S *defends* x when for every attack (B, x) some member of B is attacked by a subset of S;
  - S is *admissible* when it is conflict-free and defends each of its members;
  - the *preferred* extensions are the admissible sets no other admissible set strictly contains.
- `clingo_preferred` enumerates the preferred extensions of a plain attack graph with the
  ASPARTIX encoding (Egly, Gaggl & Woltran, "Answer-set programming encodings for argumentation
  frameworks", Argument & Computation 1(2), 2010): admissible sets, made subset-maximal by
  clingo's domain heuristic (``--heuristic=Domain --enum-mode=domRec``).
"""

from __future__ import annotations

from dataclasses import dataclass

import clingo

from argmap.graph import Graph
from tests.evaluation.oracle import attack_chains


@dataclass(frozen=True)
class Acceptance:
    credulous: set[str]  # nodes in some preferred extension
    sceptical: set[str]  # nodes in every preferred extension
    extensions: int  # how many preferred extensions (over nodes and links together)


def setaf(graph: Graph) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """(arguments as ("node", id) / ("link", id), attacks as (member bitmask, target number))."""
    chains = list(attack_chains(graph))
    undercut = sorted({target for _m, _u, kind, target in chains if kind == "link"})
    arguments = [("node", nid) for nid in graph.nodes] + [("link", lid) for lid in undercut]
    number = {arg: i for i, arg in enumerate(arguments)}
    attacks = set()
    for members, used, kind, target in chains:
        mask = 0
        for m in members:
            mask |= 1 << number["node", m]
        for lid in used:
            if ("link", lid) in number:
                mask |= 1 << number["link", lid]
        attacks.add((mask, number[kind, target]))
    return arguments, sorted(attacks)


def admissible_sets(count: int, attacks: list[tuple[int, int]]) -> list[int]:
    """Every admissible set of the SETAF, as bitmasks over its `count` arguments."""

    def attacked_by(s: int) -> int:
        hit = 0
        for members, target in attacks:
            if members & ~s == 0:
                hit |= 1 << target
        return hit

    # Every subset of a conflict-free set is conflict-free, so growing them one argument at a
    # time finds all of them without trying the 2^count subsets that are not.
    free = [0]
    for a in range(count):
        bit = 1 << a
        free += [
            s | bit
            for s in free
            if not any((members | 1 << t) & ~(s | bit) == 0 for members, t in attacks)
        ]
    found = []
    for s in free:
        hit = attacked_by(s)
        if all(members & hit for members, t in attacks if s >> t & 1):
            found.append(s)
    return found


def brute_force(graph: Graph) -> Acceptance:
    arguments, attacks = setaf(graph)
    admissible = admissible_sets(len(arguments), attacks)
    preferred = [s for s in admissible if not any(s != t and s & t == s for t in admissible)]
    nodes = [(i, arg[1]) for i, arg in enumerate(arguments) if arg[0] == "node"]
    credulous = {nid for i, nid in nodes if any(s >> i & 1 for s in preferred)}
    sceptical = {nid for i, nid in nodes if all(s >> i & 1 for s in preferred)}
    return Acceptance(credulous, sceptical, len(preferred))


def argument_count(graph: Graph) -> int:
    return len(setaf(graph)[0])


PREFERRED_ASPARTIX = """
in(X) :- arg(X), not out(X).
out(X) :- arg(X), not in(X).
:- in(X), in(Y), att(X,Y).
defeated(X) :- in(Y), att(Y,X).
:- in(X), att(Y,X), not defeated(Y).
#heuristic in(X) : arg(X). [1,true]
"""


def clingo_preferred(n: int, attacks: list[tuple[int, int]]) -> list[set[int]]:
    """The preferred extensions of a plain attack graph on arguments 0 .. n - 1."""
    facts = [f"arg({i})." for i in range(n)] + [f"att({a},{b})." for a, b in attacks]
    ctl = clingo.Control(["--warn=none", "--heuristic=Domain", "--enum-mode=domRec", "0"])
    ctl.add("base", [], PREFERRED_ASPARTIX + "\n".join(facts))
    ctl.ground([("base", [])])
    found: list[set[int]] = []

    def on_model(model: clingo.Model) -> None:
        found.append(
            {
                sym.arguments[0].number
                for sym in model.symbols(atoms=True)
                if sym.name == "in" and len(sym.arguments) == 1
            }
        )

    ctl.solve(on_model=on_model)
    return found
