r"""``method="flow"``: maximum coverage, then maximum weight, by compiled successive shortest paths.

The fast path of :func:`~netmatch._solvers.bmatching.max_coverage_assignment`. The network of
:mod:`netmatch._solvers._network` goes to the compiled extension ``netmatch._solvers._flow``
(built at install time from ``_flow.pyx``), which sends the supply of the left side along
shortest paths of the lexicographic cost ``(primary, secondary)``: primary 0 on every arc of the
network, secondary :math:`\bar w_e = (w_{\max} - w_e) / (w_{\max} - w_{\min})` on edge
:math:`e`. One pass gives a maximum flow of least cost for the supply it sends, and the nodes
the unsent supply can still reach: the source side of a minimum cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from netmatch._solvers._network import Net, entry_units, split_at_cut, trim
from netmatch.exceptions import NetmatchError

if TYPE_CHECKING:
    from netmatch._solvers.arrays import BoolArray, FloatArray, IntArray

__all__ = ["flow_optimum", "ssp"]


def ssp(net: Net, ecost: FloatArray,
         first: IntArray | None = None) -> tuple[BoolArray, tuple[BoolArray, BoolArray, BoolArray, BoolArray]]:
    """Run the compiled solver on a trimmed net: the edges it uses, and its dead nodes.

    The dead nodes come as masks of the left nodes, right nodes, left groups and right groups,
    the arguments of ``split_at_cut``.

    Nodes: left groups, left nodes, right nodes, right groups, sink (the source is implicit:
    supply sits at the binding left groups and at the other left nodes). With ``first``, each
    supply node also gets "uncovered" arcs straight to the sink, costing ``(1, 0)`` per unit and
    ``(1 + total supply, 0)`` for its first ``first[i]`` units, so that covering first units
    comes before covering any other; nothing is ever dead then.
    """
    from netmatch._solvers import _flow  # the compiled extension (grimp sees the package, not the .so)

    n_lg = 0 if net.lgroup is None else net.lgroup[1].shape[0]
    n_rg = 0 if net.rgroup is None else net.rgroup[1].shape[0]
    l0, r0 = n_lg, n_lg + net.n_left
    rg0 = r0 + net.n_right
    sink = rg0 + n_rg
    lg = np.full(net.n_left, -1, np.int64) if net.lgroup is None else net.lgroup[0]
    rg = np.full(net.n_right, -1, np.int64) if net.rgroup is None else net.rgroup[0]
    grouped = np.flatnonzero((lg >= 0) & (net.demand > 0))
    direct = np.flatnonzero((lg < 0) & (net.demand > 0))
    groups = np.flatnonzero(net.lgroup[1] > 0) if net.lgroup is not None else np.zeros(0, np.int64)
    sources = np.concatenate([groups, l0 + direct])
    supply = np.concatenate([net.lgroup[1][groups] if net.lgroup is not None else groups, net.demand[direct]])
    rights = np.flatnonzero(net.capacity > 0)
    r_groups = np.flatnonzero(net.rgroup[1] > 0) if net.rgroup is not None else np.zeros(0, np.int64)
    n_edges = net.left.shape[0]
    parts = [  # (tail, head, capacity, primary cost); edges first
        (l0 + net.left, r0 + net.right, np.ones(n_edges, np.int64), 0),
        (lg[grouped], l0 + grouped, net.demand[grouped], 0),
        (r0 + rights, np.where(rg[rights] >= 0, rg0 + rg[rights], sink), net.capacity[rights], 0),
        (rg0 + r_groups, np.full(r_groups.shape[0], sink),
         net.rgroup[1][r_groups] if net.rgroup is not None else r_groups, 0),
    ]
    if first is not None:  # first units cost more to leave uncovered; direct sources only
        f = np.minimum(first[direct], net.demand[direct])
        parts.append((l0 + direct, np.full(direct.shape[0], sink), net.demand[direct] - f, 1))
        parts.append((l0 + direct, np.full(direct.shape[0], sink), f, 1 + int(supply.sum())))
    tail = np.concatenate([p[0] for p in parts]).astype(np.int64)
    head = np.concatenate([p[1] for p in parts]).astype(np.int64)
    cap = np.concatenate([p[2] for p in parts]).astype(np.int64)
    primary = np.concatenate([np.full(p[0].shape[0], p[3], np.int64) for p in parts])
    secondary = np.zeros(tail.shape[0])
    secondary[:n_edges] = ecost
    flow, dead, _ = _flow.min_cost_flow(sink + 1, sink, tail, head, cap, primary, secondary,
                                  sources.astype(np.int64), supply.astype(np.int64))
    return flow[:n_edges] > 0, (dead[l0:r0], dead[r0:rg0], dead[:n_lg], dead[rg0:sink])


def flow_optimum(net: Net, weight: FloatArray, first: IntArray | None = None) -> BoolArray:
    """Maximum coverage, then maximum weight, by the compiled successive-shortest-path solver.

    One pass of successive shortest paths gives a maximum flow, of least cost for the supply it
    sends, and the source side X of a minimum cut (the nodes the unsent supply can reach). When
    everything was sent the flow is optimal. Otherwise which units stay uncovered is still open:
    ``split_at_cut`` fixes the edges leaving X and keeps the flow outside X (its supply is fixed
    there, and a least-cost flow has no negative cycle), while inside X, where the right side
    is full, a second pass routes the right side's units mirrored — every one of them reaches
    the sink, so no search there fails. ``first`` (ungrouped left nodes only) makes the first
    ``first[i]`` units of node i come before all others, through priced "uncovered" arcs.
    """
    n_edges = net.left.shape[0]
    chosen = np.zeros(n_edges, bool)
    tnet, live = trim(net)
    if tnet.left.shape[0] == 0:
        return chosen
    spread = float(weight.max() - weight.min())
    ecost = ((weight.max() - weight) / spread if spread > 0 else np.zeros(n_edges))[live]
    # Searches are short when they start on the scarce side: most of them then find room at
    # once. So when the right side has fewer units than the left, solve the mirror image.
    if first is None and entry_units(tnet.capacity, tnet.rgroup) < entry_units(tnet.demand, tnet.lgroup):
        tnet = tnet.mirror()
    pick, dead = ssp(tnet, ecost, first)
    if any(mask.any() for mask in dead):
        forced, ((outside, _), (inside, mirrored)) = split_at_cut(tnet, *dead)
        pick = forced | (outside & pick)
        idx = np.flatnonzero(inside)
        if idx.shape[0]:
            sub, sub_live = trim(mirrored.subset(inside))
            sub_pick, sub_dead = ssp(sub, ecost[idx][sub_live])
            if any(mask.any() for mask in sub_dead):  # pragma: no cover - inside X every right unit is routed
                raise NetmatchError("internal error in max_coverage_assignment: the mirrored part is not full")
            pick[idx[np.flatnonzero(sub_live)[sub_pick]]] = True
    chosen[live] = pick
    return chosen


#: Problems from this many edges up say once that the compiled solver would be much faster.
_SLOW_FALLBACK_EDGES = 20_000

