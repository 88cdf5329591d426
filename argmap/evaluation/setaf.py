"""The part of a map that the grounded labelling leaves open, as a framework with set attacks.

`grounded` reads a map through its attacking links: an opposes or undercuts link ``y -T-> target``
acts when ``y`` is IN and the link is enabled with all its co-premises IN, and fails when one of
them is OUT (or the link disabled); supports never attack. That reading is a framework with sets
of attacking arguments, a SETAF
(Nielsen & Parsons, "A generalization of Dung's abstract framework for argumentation", ArgMAS
2006), whose arguments are

- the nodes, and
- the links something undercuts: "enabled" is IN, "disabled" is OUT. A link nothing undercuts
  is always enabled, so it is left out of the sets below, as an IN member would be;

and in which every attacking link is a set attack on its target (a node, or the link an undercut
targets) by ``{y}``, its co-premises and itself when something undercuts it. An attack acts
exactly when every member of its set is IN, and fails exactly when one is OUT, so the
grounded labelling of `grounded` is the grounded labelling of this SETAF, and preferred, complete
and admissible mean what they mean for SETAFs (Flouris & Bikakis, "A comprehensive study of
argumentation frameworks with sets of attacking arguments", IJAR 109, 2019, give the labellings).

Every complete labelling agrees with the grounded one wherever the grounded one decides. So the
search for preferred labellings needs only the *core*: the arguments grounded leaves UNDECIDED,
with each attack on them that has no OUT member (such an attack fails in every complete
labelling), reduced to its UNDECIDED members (its IN members are IN in every complete
labelling). A complete labelling of the whole is the grounded labelling outside the core and a
complete labelling of the core inside it, and the other way round; so are preferred ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from argmap.evaluation.framework import OPPOSES, SUPPORTS, UNDERCUTS, Framework
from argmap.evaluation.grounded import IN, OUT, UNDEC, Grounded


@dataclass(slots=True, eq=False)
class Core:
    """Arguments 0 .. len(nodes) - 1 are the UNDECIDED nodes, then come the undecided links."""

    nodes: list[int]  # core argument -> node number
    links: list[int]  # core argument - len(nodes) -> general link number
    attacks: list[list[tuple[int, ...]]]  # per core argument: the member sets attacking it

    @property
    def size(self) -> int:
        return len(self.attacks)


def link_labels(fw: Framework, g: Grounded) -> bytearray:
    """Per general link, its grounded label as an argument: IN (enabled: every undercut of it
    fails, or it has none), OUT (disabled) or UNDEC."""
    count = len(fw.gen_ids)
    undercut = bytearray(count)  # 1 when some undercut of the link may still act
    for j in range(count):
        if fw.gen_kind[j] == UNDERCUTS and not g.dead[j]:
            undercut[fw.gen_tgt[j]] = 1
    return bytearray(OUT if g.disabled[k] else UNDEC if undercut[k] else IN for k in range(count))


def undecided_core(fw: Framework, g: Grounded, tick: Callable[[], None]) -> Core:
    """The core of `fw` left by `g` (see the module docstring); `tick` is called once per step
    of the walks, so that a budget can stop them."""
    label = g.label
    links = link_labels(fw, g)
    gen_kind, gen_src, gen_tgt, gen_cps = fw.gen_kind, fw.gen_src, fw.gen_tgt, fw.gen_cps
    nodes = [x for x in range(fw.n) if label[x] == UNDEC]
    open_links = [k for k in range(len(fw.gen_ids)) if links[k] == UNDEC]
    # Members are coded as node numbers (>= 0) and ~(general link number) (< 0) until the end.
    arg_of = {x: i for i, x in enumerate(nodes)}
    arg_of.update({~k: len(nodes) + i for i, k in enumerate(open_links)})

    def link_members(k: int) -> frozenset[int] | None:
        """The open members a general link adds to a chain; None when it makes the chain fail."""
        if links[k] == OUT or any(label[p] == OUT for p in gen_cps[k]):
            return None
        found = {p for p in gen_cps[k] if label[p] == UNDEC}
        if links[k] == UNDEC:
            found.add(~k)
        return frozenset(found)

    def chains_to(y: int) -> list[frozenset[int]]:
        """The open members the attacking statement `y` adds: none when it is IN, itself when it
        is UNDECIDED (an OUT one attacks nothing)."""
        if label[y] == OUT:
            return []
        return [frozenset({y}) if label[y] == UNDEC else frozenset()]

    attackers: list[list[tuple[int, frozenset[int]]]] = [[] for _ in range(len(arg_of))]
    for a, b in zip(fw.att_src, fw.att_tgt, strict=True):
        if label[b] == UNDEC:
            attackers[arg_of[b]].append((a, frozenset()))
    for k, kind in enumerate(gen_kind):
        if kind == SUPPORTS:
            continue
        # An opposes link targets a node, an undercut a link (coded ~k): open ones are in arg_of.
        target = arg_of.get(gen_tgt[k] if kind == OPPOSES else ~gen_tgt[k])
        if target is not None and (added := link_members(k)) is not None:
            attackers[target].append((gen_src[k], added))

    attacks: list[list[tuple[int, ...]]] = []
    for on_target in attackers:
        sets = {acc | more for y, more in on_target for acc in chains_to(y)}
        attacks.append([tuple(sorted(arg_of[m] for m in s)) for s in _smallest(sets)])
    return Core(nodes, open_links, attacks)


def _smallest(sets: set[frozenset[int]]) -> list[frozenset[int]]:
    """The sets none of which contains another of them."""
    kept: list[frozenset[int]] = []
    for s in sorted(sets, key=len):
        # An empty set would be a chain that acts: grounded would have put the target OUT.
        assert s, "an attack on an undecided argument has an undecided member"
        if not any(k <= s for k in kept):
            kept.append(s)
    return kept
