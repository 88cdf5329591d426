"""Gradual strength in [0, 1]: DF-QuAD on acyclic maps, quadratic energy where there are cycles.

Every node starts from its base score (0.5 unless `GraphNode.base_score` says otherwise, e.g. for
a source judged more or less reliable) and is pushed down by what opposes it and up by what
supports it.

**DF-QuAD** (Rago, Toni, Aurisicchio & Baroni, "Discontinuity-free decision support with
quantitative argumentation debates", KR 2016, Defs. 1-3): the attackers' strengths are combined
by probabilistic sum ``va = 1 - prod(1 - s_i)``, the supporters' likewise into ``vs``, and the
strength is ``v0 - v0 * (va - vs)`` when ``va >= vs`` and ``v0 + (1 - v0) * (vs - va)`` otherwise.
Each node is computed once its attackers and supporters are, in topological order: O(n + m).
DF-QuAD is defined on acyclic graphs only.

**Quadratic energy** (Potyka, "Continuous dynamical systems for weighted bipolar
argumentation", KR 2018): the energy ``E = sum(supporters) - sum(attackers)`` moves the strength
towards ``f = v0 - v0 * h(-E) + (1 - v0) * h(E)`` with ``h(x) = max(0, x)^2 / (1 + max(0, x)^2)``.
Potyka defines the strengths as the limit of ``ds/dt = f(s) - s``; we integrate it with explicit
Euler steps of `STEP` from the base scores until the residual ``max |f(s) - s|`` (and the change
of every link weight) is at most `TOLERANCE`, or `MAX_STEPS` steps have passed. There is no
general convergence proof for cyclic graphs, so the result says whether it converged.

**Links with co-premises and undercuts** (our extension, the same in both semantics). A link
contributes ``w * min(s(source), s(co-premise)...)``: a joint reason is as strong as its weakest
premise (the minimum, rather than a product, so that repeating a premise changes nothing), and
``w``, the link's weight, is 1 unless the link is undercut, in which case it is
``prod(1 - contribution of each undercut)``: an undercut as strong as 1 cancels the link, and
undercuts combine like attackers. Undercuts of undercuts weaken the undercut in turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from argmap.evaluation.framework import OPPOSES, SUPPORTS, UNDERCUTS, Framework

Semantics = Literal["df-quad", "quadratic-energy"]
TOLERANCE = 1e-6  # residual at which quadratic energy stops; strengths are shown to 2 decimals
STEP = 0.5  # Euler step: 1 is the plain (discrete) iteration, which can oscillate on cycles
MAX_STEPS = 2000


@dataclass(slots=True, frozen=True)
class Strengths:
    values: list[float]  # node number -> strength
    semantics: Semantics
    converged: bool
    iterations: int  # Euler steps (0 for DF-QuAD, computed in one pass)
    residual: float


def strengths(fw: Framework, semantics: Semantics | Literal["auto"] = "auto") -> Strengths:
    """Strengths of every node. "auto" is DF-QuAD when the map is acyclic, else quadratic energy;
    DF-QuAD on a cyclic map is refused (ValueError)."""
    if semantics == "quadratic-energy":
        return quadratic_energy(fw)
    result = df_quad(fw)
    if result is None:
        if semantics == "df-quad":
            raise ValueError("DF-QuAD needs an acyclic map; this one has a cycle.")
        return quadratic_energy(fw)
    return result


def df_quad(fw: Framework) -> Strengths | None:
    """DF-QuAD in one forward pass; None when the map has a cycle.

    Kahn's topological order and the computation are one loop: when a node's strength is known
    it is pushed into its successors' running products ``prod(1 - s)`` of attackers and of
    supporters, so a node is ready exactly when its in-degree drops to 0. General links are
    items of their own (numbered n + k) that wait for their source, co-premises and undercuts.
    """
    n, g = fw.n, len(fw.gen_ids)
    # Plain successors, one list per node as in grounded: t >= 0 attacked, ~t supported.
    adj: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * (n + g)  # inputs not yet known
    for a, b in zip(fw.att_src, fw.att_tgt, strict=True):
        adj[a].append(b)
        waiting[b] += 1
    for a, b in zip(fw.sup_src, fw.sup_tgt, strict=True):
        adj[a].append(~b)
        waiting[b] += 1
    gen_kind, gen_src, gen_tgt, gen_cps = fw.gen_kind, fw.gen_src, fw.gen_tgt, fw.gen_cps
    feeds: list[list[int]] = [[] for _ in range(n)] if g else []  # node -> links it is an input of
    for k in range(g):
        for p in (gen_src[k], *gen_cps[k]):
            feeds[p].append(k)
            waiting[n + k] += 1
        waiting[gen_tgt[k] + (n if gen_kind[k] == UNDERCUTS else 0)] += 1
    keep_a = [1.0] * n  # prod(1 - attacker strength) so far
    keep_s = [1.0] * n  # prod(1 - supporter strength) so far
    keep_w = [1.0] * g  # a link's weight: prod(1 - undercut contribution) so far
    base = fw.base
    s = [0.0] * n
    ready = [i for i in range(n + g) if waiting[i] == 0]
    done = 0
    while ready:
        x = ready.pop()
        done += 1
        if x >= n:
            k = x - n
            joint = s[gen_src[k]]
            for p in gen_cps[k]:
                joint = min(joint, s[p])
            contrib = keep_w[k] * joint
            t = gen_tgt[k]
            kind = gen_kind[k]
            if kind == UNDERCUTS:
                keep_w[t] *= 1.0 - contrib
                t += n
            elif kind == OPPOSES:
                keep_a[t] *= 1.0 - contrib
            else:
                keep_s[t] *= 1.0 - contrib
            waiting[t] -= 1
            if waiting[t] == 0:
                ready.append(t)
            continue
        v0 = base[x]
        diff = keep_a[x] - keep_s[x]  # = (1 - keep_s) - (1 - keep_a) = vs - va
        sx = v0 + v0 * diff if diff <= 0.0 else v0 + (1.0 - v0) * diff
        s[x] = sx
        drop = 1.0 - sx
        for t in adj[x]:
            if t >= 0:
                keep_a[t] *= drop
            else:
                t = ~t
                keep_s[t] *= drop
            left = waiting[t] - 1
            waiting[t] = left
            if left == 0:
                ready.append(t)
        if g:
            for k in feeds[x]:
                waiting[n + k] -= 1
                if waiting[n + k] == 0:
                    ready.append(n + k)
    return Strengths(s, "df-quad", True, 0, 0.0) if done == n + g else None


def _incoming(fw: Framework) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
    """Per node: plain attacker nodes, plain supporter nodes, general links into it."""
    n = fw.n
    att_in: list[list[int]] = [[] for _ in range(n)]
    sup_in: list[list[int]] = [[] for _ in range(n)]
    gen_in: list[list[int]] = [[] for _ in range(n)]
    for a, b in zip(fw.att_src, fw.att_tgt, strict=True):
        att_in[b].append(a)
    for a, b in zip(fw.sup_src, fw.sup_tgt, strict=True):
        sup_in[b].append(a)
    for k, kind in enumerate(fw.gen_kind):
        if kind != UNDERCUTS:
            gen_in[fw.gen_tgt[k]].append(k)
    return att_in, sup_in, gen_in


def _undercuts_of(fw: Framework) -> list[list[int]]:
    under: list[list[int]] = [[] for _ in fw.gen_ids]
    for k, kind in enumerate(fw.gen_kind):
        if kind == UNDERCUTS:
            under[fw.gen_tgt[k]].append(k)
    return under


def _h(x: float) -> float:
    if x <= 0.0:
        return 0.0
    sq = x * x
    return sq / (1.0 + sq)


def quadratic_energy(fw: Framework) -> Strengths:
    """Potyka's quadratic energy model, integrated with Euler steps (see the module doc)."""
    n, g = fw.n, len(fw.gen_ids)
    att_in, sup_in, gen_in = _incoming(fw)
    under = _undercuts_of(fw)
    gen_kind, gen_src, gen_cps = fw.gen_kind, fw.gen_src, fw.gen_cps
    base = fw.base
    s = list(base)
    contrib = [0.0] * g
    residual = 0.0
    for step in range(MAX_STEPS + 1):
        # Link contributions from the current strengths; undercut weights use the previous
        # contributions (undercuts may form cycles too), which are part of the state.
        new_contrib = [0.0] * g
        residual = 0.0
        for k in range(g):
            weight = 1.0
            for u in under[k]:
                weight *= 1.0 - contrib[u]
            joint = s[gen_src[k]]
            for p in gen_cps[k]:
                joint = min(joint, s[p])
            value = weight * joint
            residual = max(residual, abs(value - contrib[k]))
            new_contrib[k] = value
        target = [0.0] * n
        for x in range(n):
            energy = 0.0
            for y in sup_in[x]:
                energy += s[y]
            for y in att_in[x]:
                energy -= s[y]
            for k in gen_in[x]:
                energy += new_contrib[k] if gen_kind[k] == SUPPORTS else -new_contrib[k]
            v0 = base[x]
            f = v0 - v0 * _h(-energy) + (1.0 - v0) * _h(energy)
            residual = max(residual, abs(f - s[x]))
            target[x] = f
        if residual <= TOLERANCE or step == MAX_STEPS:
            return Strengths(s, "quadratic-energy", residual <= TOLERANCE, step, residual)
        s = [v + STEP * (t - v) for v, t in zip(s, target, strict=True)]
        contrib = [c + STEP * (nc - c) for c, nc in zip(contrib, new_contrib, strict=True)]
    raise AssertionError("unreachable")  # pragma: no cover
