"""Grounded labelling (IN / OUT / UNDECIDED) of a map read as an argumentation framework.

Every node (thesis, claim, evidence) is an argument. An *opposes* link is an attack on a node;
an *undercuts* link an attack on a link. A *supports* link never defeats anything: it makes its
target stronger (the gradual strength measures by how much), but a reason for a position counts
against what that position denies only through the position itself. Were the supporters of an
attacker attackers too (the "supported attacks" of Cayrol & Lagasquie-Schiex, IJAR 54(7), 2013),
two rival theses that oppose each other, each with evidence nobody disputes, would knock each
other out in every semantics: the map would rule against both historians although nothing it
records decides between them. Read this way they are each UNDECIDED, and under preferred
semantics (`argmap.evaluation.preferred`) each is defensible.

**Undercuts.** An undercut from ``u`` targets a link; when it acts, the targeted link is
*disabled*: it acts no more. Undercuts may target undercuts. **Co-premises.** A link with
co-premises acts only when all of them are IN (a set attack, as in Nielsen & Parsons' SETAFs);
one co-premise OUT blocks the link for good.

So an attacking link (opposes or undercuts) **acts** when its source and all its co-premises are
IN and every undercut of it fails; it **fails** when its source or a co-premise is OUT, or some
undercut of it acts. The grounded labelling is the least fixed point of: a node is IN when every
attack on it fails and OUT when some attack on it acts; a link is disabled when some undercut of
it acts. Without undercuts and co-premises this is Dung's grounded semantics, computed the way
`ref_grounded` in bench/evaluation.py computes it; evidence that nothing attacks is IN.

**Linear time.** Work lists propagate each fact once: a node turned IN fires its attacks, a node
turned OUT makes its attacks fail; a link's counters (co-premises still missing, undercuts still
alive) decide when it acts or fails. O(n + m).
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.evaluation.framework import OPPOSES, UNDERCUTS, Framework

UNDEC, IN, OUT = 0, 1, 2


@dataclass(slots=True, eq=False)
class Grounded:
    """The solver's arrays, indexed like the framework (node numbers, general link numbers)."""

    label: bytearray  # UNDEC / IN / OUT per node
    backed: bytearray  # 1 when the node's attacks act (it is IN)
    unbacked: bytearray  # 1 when the node's attacks fail (it is OUT)
    fired: bytearray  # general link acts
    dead: bytearray  # general link fails
    disabled: bytearray  # general link is disabled by an undercut that acts


def grounded(fw: Framework) -> Grounded:
    """Label every node of `fw`; see the module docstring for the semantics."""
    n = fw.n
    # Every node starts IN and backed; the attacked ones are set back to UNDECIDED below. Most
    # nodes are neither attacked nor attack anything: they are IN at once and never touched
    # again, so the loop below visits only the nodes that take part in some attack (on a large
    # map a quarter of them or fewer; bench/graph_path.py).
    label = bytearray(b"\x01") * n  # IN == 1
    unbacked = bytearray(n)  # the node is OUT: its attacks fail

    attacks: dict[int, list[int]] = {}  # the plain attacks each attacker makes
    live = [0] * n  # attacks on the node (plain or general links) that have not failed yet
    for a, b in zip(fw.att_src, fw.att_tgt, strict=True):
        attacks.setdefault(a, []).append(b)
        live[b] += 1

    g = len(fw.gen_ids)
    gen_kind, gen_src, gen_tgt = fw.gen_kind, fw.gen_src, fw.gen_tgt
    gen_out: dict[int, list[int]] = {}  # the general links each node is the source of
    cop_of: dict[int, list[int]] = {}  # the general links each node is a co-premise of
    cp_missing = [0] * g  # co-premises not yet IN
    undercuts_live = [0] * g  # undercuts of the link that have not failed yet
    for k in range(g):
        gen_out.setdefault(gen_src[k], []).append(k)
        for p in fw.gen_cps[k]:
            cop_of.setdefault(p, []).append(k)
        cp_missing[k] = len(fw.gen_cps[k])
        if gen_kind[k] == OPPOSES:
            live[gen_tgt[k]] += 1
        elif gen_kind[k] == UNDERCUTS:
            undercuts_live[gen_tgt[k]] += 1
    fired = bytearray(g)
    dead = bytearray(g)
    disabled = bytearray(g)

    for t in set(fw.att_tgt).union(gen_tgt[k] for k in range(g) if gen_kind[k] == OPPOSES):
        label[t] = UNDEC
    backed = bytearray(label)  # the node is IN: its attacks act
    # The nodes IN from the start whose attacks must act: those that attack or are a premise.
    ins: list[int] = []  # nodes all of whose attacks failed, still to be turned IN
    outs: list[int] = []  # nodes newly OUT, whose attacks now fail
    fire: list[int] = []  # general links that act
    kill: list[int] = []  # general links that fail
    acting = [x for x in set(attacks).union(gen_out, cop_of) if label[x] == IN]

    def beaten(t: int) -> None:
        if label[t] == UNDEC:
            label[t] = OUT
            unbacked[t] = 1
            outs.append(t)

    # One loop over four work lists; the order between them does not matter for the result
    # (each step derives a fact of the least fixed point from facts already derived).
    while True:
        if ins or acting:
            if ins:
                x = ins.pop()
                if label[x] != UNDEC:
                    continue
                label[x] = IN
                backed[x] = 1
            else:
                x = acting.pop()  # IN from the start; its attacks act now
            for t in attacks.get(x, ()):
                beaten(t)
            if g:
                for k in gen_out.get(x, ()):
                    if cp_missing[k] == 0 and undercuts_live[k] == 0:
                        fire.append(k)
                for k in cop_of.get(x, ()):
                    left = cp_missing[k] - 1
                    cp_missing[k] = left
                    if left == 0 and undercuts_live[k] == 0 and backed[gen_src[k]]:
                        fire.append(k)
        elif outs:
            y = outs.pop()
            for t in attacks.get(y, ()):
                left = live[t] - 1
                live[t] = left
                if left == 0 and label[t] == UNDEC:
                    ins.append(t)
            if g:
                kill.extend(gen_out.get(y, ()))
                kill.extend(cop_of.get(y, ()))
        elif fire:
            k = fire.pop()
            if fired[k] or dead[k]:
                continue
            fired[k] = 1
            kind = gen_kind[k]
            if kind == OPPOSES:
                beaten(gen_tgt[k])
            elif kind == UNDERCUTS and not disabled[gen_tgt[k]]:
                disabled[gen_tgt[k]] = 1
                kill.append(gen_tgt[k])
        elif kill:
            k = kill.pop()
            if dead[k] or fired[k]:
                continue
            dead[k] = 1
            t = gen_tgt[k]
            kind = gen_kind[k]
            if kind == OPPOSES:
                left = live[t] - 1
                live[t] = left
                if left == 0 and label[t] == UNDEC:
                    ins.append(t)
            elif kind == UNDERCUTS:
                left = undercuts_live[t] - 1
                undercuts_live[t] = left
                if left == 0 and cp_missing[t] == 0 and backed[gen_src[t]]:
                    fire.append(t)
        else:
            break
    return Grounded(label, backed, unbacked, fired, dead, disabled)
