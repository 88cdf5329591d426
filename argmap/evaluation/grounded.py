"""Grounded labelling (IN / OUT / UNDECIDED) of a map read as a bipolar argumentation framework.

Every node (thesis, claim, evidence) is an argument. An *opposes* link is an attack on a node, an
*undercuts* link an attack on a link; a *supports* link never defeats anything by itself but
turns into attacks as follows.

**Supports become supported attacks, and only those** (Cayrol & Lagasquie-Schiex, "Bipolarity
in argumentation graphs: towards a better understanding", IJAR 54(7), 2013, where the complex
attacks are defined):

- *supported attack*: if ``a`` supports ``x`` (directly or along a chain of supports) and ``x``
  attacks ``b``, then ``a`` attacks ``b``. A reason for a position is a reason against what that
  position denies: the Soviet build-up, cited for Hasegawa's thesis, counts against the theses
  Hasegawa's opposes. It counts whatever becomes of ``x`` itself: the attack is ``a``'s.
- *mediated attack* (``b`` supports ``x``, ``a`` attacks ``x``, hence ``a`` attacks ``b``) is
  **not** used. It is modus tollens on deductive support; a historian's support is evidential.
  Under it, every document cited for a contested thesis would be OUT as soon as a rival thesis
  stood, although nobody disputes that the document exists; disputing what it shows is said
  with an undercut of the link, which the map has.
- *secondary attack* (``a`` attacks ``x``, ``x`` supports ``b``, hence ``a`` attacks ``b``) is
  not used either: refuting one of several reasons for ``b`` leaves ``b`` with less support, not
  refuted. The gradual strength measures that loss, and the map checks flag unsupported claims.

**Undercuts.** An undercut from ``u`` targets a link; when it acts, the targeted link is
*disabled*: it acts no more, and nor does any supported attack running through it. Undercuts may
target undercuts. **Co-premises.** A link with co-premises acts only when all of them are IN (a
set attack, as in Nielsen & Parsons' SETAFs); one co-premise OUT blocks the link for good.

Putting it together, an *attack chain* on a target (a node, or a link for undercuts) is
``a -S1-> ... -Sk-> y -T-> target`` with supports ``S1..Sk`` (k >= 0) and an opposes or
undercuts link ``T``. It **acts** when ``a`` is IN and every link of it is enabled (not disabled)
with all its co-premises IN; it **fails** when ``a`` is OUT, or some link of it is disabled or has
a co-premise OUT. The grounded labelling is the least fixed point of: a node is IN when every
chain on it fails and OUT when some chain on it acts; a link is disabled when some chain on it
acts and enabled when every chain on it fails. Without supports, undercuts and co-premises this
is Dung's grounded semantics, computed the way `ref_grounded` in bench/evaluation.py does;
evidence that nothing attacks is IN.

**Linear time without enumerating chains.** The closure of supported attacks can be quadratic
in size (a long support chain under a node with many targets), so it is never built. Instead the
solver propagates two facts along support links: ``y`` is *backed* when some IN node reaches it
through enabled supports with IN co-premises (then every attack of ``y`` acts), and *unbacked*
when no node that is not OUT reaches it through supports that are not blocked (then every
attack of ``y`` fails). Backing spreads forwards from each new IN node, visiting each node
once. Unbacking is counted: a node waits for itself to be OUT and for each of its incoming
supports to fail. A support cycle whose members are all OUT never finishes that count, so
when the work runs out on a map whose supports contain a cycle, one reachability sweep marks
the nodes that no live node reaches, and the work resumes. The total is O(n + m), plus
O(n + m) per such sweep; a sweep finds something only when a whole support cycle has been
refuted, which is rare in real maps.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.evaluation.framework import OPPOSES, SUPPORTS, Framework

UNDEC, IN, OUT = 0, 1, 2


@dataclass(slots=True, eq=False)
class Grounded:
    """The solver's arrays, indexed like the framework (node numbers, general link numbers)."""

    label: bytearray  # UNDEC / IN / OUT per node
    backed: bytearray  # 1 when the node's attacks act (it is IN or supported from an IN node)
    unbacked: bytearray  # 1 when the node's attacks fail
    fired: bytearray  # general link acts
    dead: bytearray  # general link fails
    disabled: bytearray  # general link is disabled by an undercut that acts
    sweeps: int  # reachability sweeps needed for refuted support cycles


def grounded(fw: Framework) -> Grounded:
    """Label every node of `fw`; see the module docstring for the semantics."""
    n = fw.n
    label = bytearray(n)
    backed = bytearray(n)
    unbacked = bytearray(n)

    # One adjacency list per node for both kinds of plain link, as in the reference: a target
    # t >= 0 is attacked, ~t (< 0) is supported. A second list per node would double the
    # containers allocated, and with them the garbage collector's work on a large map.
    adj: list[list[int]] = [[] for _ in range(n)]
    live = [0] * n  # attacks on the node (plain or general links) that have not failed yet
    for a, b in zip(fw.att_src, fw.att_tgt, strict=True):
        adj[a].append(b)
        live[b] += 1
    # 1 for "the node is not OUT" plus the supports into it that have not failed yet.
    pending = [1] * n
    for a, b in zip(fw.sup_src, fw.sup_tgt, strict=True):
        adj[a].append(~b)
        pending[b] += 1

    g = len(fw.gen_ids)
    gen_kind, gen_src, gen_tgt = fw.gen_kind, fw.gen_src, fw.gen_tgt
    gen_out: list[list[int]] = [[] for _ in range(n)] if g else []
    cop_of: list[list[int]] = [[] for _ in range(n)] if g else []
    cp_missing = [0] * g  # co-premises not yet IN
    undercuts_live = [0] * g  # undercuts of the link that have not failed yet
    for k in range(g):
        gen_out[gen_src[k]].append(k)
        for p in fw.gen_cps[k]:
            cop_of[p].append(k)
        cp_missing[k] = len(fw.gen_cps[k])
        kind = gen_kind[k]
        if kind == OPPOSES:
            live[gen_tgt[k]] += 1
        elif kind == SUPPORTS:
            pending[gen_tgt[k]] += 1
        else:
            undercuts_live[gen_tgt[k]] += 1
    fired = bytearray(g)
    dead = bytearray(g)
    disabled = bytearray(g)

    ins = [i for i in range(n) if live[i] == 0]  # nodes all of whose attacks failed
    bk: list[int] = []  # nodes newly backed, to propagate
    ub: list[int] = []  # nodes newly unbacked, to propagate
    fire: list[int] = []  # general links that act
    kill: list[int] = []  # general links that fail
    cyclic = _supports_have_cycle(fw)
    sweeps = 0

    # One loop over five work lists; the order between them does not matter for the result
    # (each step derives a fact of the least fixed point from facts already derived).
    while True:
        if bk:
            y = bk.pop()
            for t in adj[y]:
                if t >= 0:
                    if label[t] == UNDEC:
                        label[t] = OUT
                        left = pending[t] - 1
                        pending[t] = left
                        if left == 0:
                            unbacked[t] = 1
                            ub.append(t)
                        if g:
                            kill.extend(cop_of[t])
                elif not backed[~t]:
                    backed[~t] = 1
                    bk.append(~t)
            if g:
                for k in gen_out[y]:
                    if cp_missing[k] == 0 and undercuts_live[k] == 0 and not fired[k]:
                        fire.append(k)
        elif ub:
            y = ub.pop()
            for t in adj[y]:
                if t >= 0:
                    left = live[t] - 1
                    live[t] = left
                    if left == 0 and label[t] == UNDEC:
                        ins.append(t)
                else:
                    t = ~t
                    left = pending[t] - 1
                    pending[t] = left
                    # A sweep may have marked t already (its count was stuck on a cycle).
                    if left == 0 and not unbacked[t]:
                        unbacked[t] = 1
                        ub.append(t)
            if g:
                kill.extend(gen_out[y])
        elif ins:
            x = ins.pop()
            if label[x] != UNDEC:
                continue
            label[x] = IN
            if g:
                for k in cop_of[x]:
                    left = cp_missing[k] - 1
                    cp_missing[k] = left
                    if left == 0 and undercuts_live[k] == 0 and backed[gen_src[k]]:
                        fire.append(k)
            if not backed[x]:
                backed[x] = 1
                bk.append(x)
        elif fire:
            k = fire.pop()
            if fired[k] or dead[k]:
                continue
            fired[k] = 1
            t = gen_tgt[k]
            kind = gen_kind[k]
            if kind == SUPPORTS:
                if not backed[t]:
                    backed[t] = 1
                    bk.append(t)
            elif kind == OPPOSES:
                if label[t] == UNDEC:
                    label[t] = OUT
                    left = pending[t] - 1
                    pending[t] = left
                    if left == 0:
                        unbacked[t] = 1
                        ub.append(t)
                    kill.extend(cop_of[t])
            elif not disabled[t]:
                disabled[t] = 1
                kill.append(t)
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
            elif kind == SUPPORTS:
                left = pending[t] - 1
                pending[t] = left
                if left == 0 and not unbacked[t]:
                    unbacked[t] = 1
                    ub.append(t)
            else:
                left = undercuts_live[t] - 1
                undercuts_live[t] = left
                if left == 0 and cp_missing[t] == 0 and backed[gen_src[t]]:
                    fire.append(t)
        elif cyclic and _sweep(fw, label, unbacked, dead, disabled, adj, ub):
            sweeps += 1
        else:
            break
    return Grounded(label, backed, unbacked, fired, dead, disabled, sweeps)


def _supports_have_cycle(fw: Framework) -> bool:
    """Whether the support links (plain and general) contain a directed cycle (Kahn, O(n + m))."""
    edges = list(zip(fw.sup_src, fw.sup_tgt, strict=True))
    edges += [
        (fw.gen_src[k], fw.gen_tgt[k]) for k in range(len(fw.gen_ids)) if fw.gen_kind[k] == SUPPORTS
    ]
    if not edges:
        return False
    indegree = [0] * fw.n
    out: list[list[int]] = [[] for _ in range(fw.n)]
    for a, b in edges:
        out[a].append(b)
        indegree[b] += 1
    stack = [i for i in range(fw.n) if indegree[i] == 0]
    seen = 0
    while stack:
        x = stack.pop()
        seen += 1
        for t in out[x]:
            indegree[t] -= 1
            if indegree[t] == 0:
                stack.append(t)
    return seen < fw.n


def _sweep(
    fw: Framework,
    label: bytearray,
    unbacked: bytearray,
    dead: bytearray,
    disabled: bytearray,
    adj: list[list[int]],
    ub: list[int],
) -> bool:
    """Mark unbacked every node that no node which is not OUT reaches through supports that are
    not blocked (disabled, or with a co-premise OUT); True when it found any."""
    cp_out = [any(label[p] == OUT for p in cps) for cps in fw.gen_cps]
    gen_sup_out: list[list[int]] = [[] for _ in range(fw.n)]
    for k, kind in enumerate(fw.gen_kind):
        if kind == SUPPORTS and not disabled[k] and not cp_out[k] and not dead[k]:
            gen_sup_out[fw.gen_src[k]].append(fw.gen_tgt[k])
    reached = bytearray(fw.n)
    stack = [i for i in range(fw.n) if label[i] != OUT]
    for i in stack:
        reached[i] = 1
    while stack:
        x = stack.pop()
        for t in adj[x]:
            if t < 0 and not reached[~t]:
                reached[~t] = 1
                stack.append(~t)
        for t in gen_sup_out[x]:
            if not reached[t]:
                reached[t] = 1
                stack.append(t)
    found = False
    for i in range(fw.n):
        if not reached[i] and not unbacked[i]:
            unbacked[i] = 1
            ub.append(i)
            found = True
    return found
