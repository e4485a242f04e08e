r"""The b-matching network and what the exact solvers share: max flow, minimum cut, trimming.

A b-matching instance (see :mod:`netmatch._solvers.arrays`) is a flow network:

.. math::

    s \to \text{left groups} \to \text{left nodes} \to \text{right nodes}
    \to \text{right groups} \to t,

with capacity :math:`d_i` into left node :math:`i` (from its group, or from the source when it
has none), :math:`C_G` into a left group, 1 on every edge, :math:`c_j` out of right node
:math:`j` and :math:`C_H` out of a right group. The plans of maximum coverage are exactly the
maximum flows. Take X, the nodes reachable from the source in the residual graph of one maximum
flow: by the max-flow min-cut theorem every maximum flow saturates each arc leaving X and leaves
each arc entering X empty. So edges from X to the rest are in every optimal plan (forced), edges
into X in none, and what remains splits into two independent problems (:func:`split_at_cut`)
in which one side is used to the full. The solvers of :mod:`netmatch._solvers.bmatching` solve
those *full* problems by successive shortest paths (:mod:`netmatch._solvers._ssp`) or by sparse
LAPJVsp (:mod:`netmatch._solvers._lapjv`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from netmatch.exceptions import NetmatchError

if TYPE_CHECKING:
    from netmatch._solvers.arrays import BoolArray, FloatArray, Groups, IntArray

__all__ = [
    "Flow",
    "Net",
    "binding",
    "bottleneck",
    "edge_flow",
    "entry_units",
    "expand",
    "max_flow",
    "split_at_cut",
    "trim",
]


@dataclass(frozen=True)
class Net:
    """A validated b-matching instance on a subset of edges, with residual capacities."""

    n_left: int
    n_right: int
    left: IntArray
    right: IntArray
    demand: IntArray
    capacity: IntArray
    lgroup: Groups | None
    rgroup: Groups | None

    def subset(self, keep: BoolArray) -> Net:
        return Net(self.n_left, self.n_right, self.left[keep], self.right[keep], self.demand,
                    self.capacity, self.lgroup, self.rgroup)

    def mirror(self) -> Net:
        """The same problem with the sides swapped (edges keep their order)."""
        return Net(self.n_right, self.n_left, self.right, self.left, self.capacity, self.demand,
                    self.rgroup, self.lgroup)


class Flow(NamedTuple):
    """A max flow on source → (left group) → left node → right node → (right group) → sink."""

    value: int
    flow: Any  # scipy csr_array of arc flows (antisymmetric), or None without edges
    graph: Any  # scipy csr_array of integer capacities
    lg0: int  # first left group node; then left nodes, right nodes, right groups, sink
    l0: int
    r0: int
    rg0: int
    sink: int


def max_flow(net: Net) -> Flow:
    """Integer max flow (Dinic) of the b-matching network; node 0 is the source."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import maximum_flow

    n_edges = net.left.shape[0]
    n_lg = 0 if net.lgroup is None else net.lgroup[1].shape[0]
    n_rg = 0 if net.rgroup is None else net.rgroup[1].shape[0]
    lg0 = 1
    l0 = lg0 + n_lg
    r0 = l0 + net.n_left
    rg0 = r0 + net.n_right
    sink = rg0 + n_rg
    if n_edges == 0:
        return Flow(0, None, None, lg0, l0, r0, rg0, sink)
    tails: list[np.ndarray] = []
    heads: list[np.ndarray] = [l0 + np.arange(net.n_left)]
    caps: list[np.ndarray] = [net.demand]
    if net.lgroup is None:
        tails.append(np.zeros(net.n_left, np.int64))
    else:
        g, gcap = net.lgroup
        tails.append(np.where(g >= 0, lg0 + g, 0))
        tails.append(np.zeros(n_lg, np.int64))
        heads.append(lg0 + np.arange(n_lg))
        caps.append(gcap)
    tails += [l0 + net.left, r0 + np.arange(net.n_right)]
    caps += [np.ones(n_edges, np.int64), net.capacity]
    if net.rgroup is None:
        heads += [r0 + net.right, np.full(net.n_right, sink, np.int64)]
    else:
        g, gcap = net.rgroup
        heads += [r0 + net.right, np.where(g >= 0, rg0 + g, sink), np.full(n_rg, sink, np.int64)]
        tails.append(rg0 + np.arange(n_rg))
        caps.append(gcap)
    tail = np.concatenate(tails)
    head = np.concatenate(heads)
    # no arc can carry more than the number of edges: keeps the capacities within int32
    cap = np.minimum(np.concatenate(caps), n_edges).astype(np.int32)
    keep = cap > 0
    graph = sp.csr_array((cap[keep], (tail[keep], head[keep])), shape=(sink + 1, sink + 1))
    res = maximum_flow(graph, 0, sink, method="dinic")
    return Flow(int(res.flow_value), res.flow, graph, lg0, l0, r0, rg0, sink)


def edge_flow(net: Net, fl: Flow) -> BoolArray:
    """The edges a max flow uses: a plan of maximum coverage (weights ignored)."""
    if fl.flow is None:
        return np.zeros(net.left.shape[0], bool)
    return np.asarray(fl.flow[fl.l0 + net.left, fl.r0 + net.right]).ravel() > 0


def binding(group: Groups | None,
             units: IntArray) -> tuple[BoolArray, IntArray, IntArray]:
    """Which nodes sit in a group whose capacity binds, the trimmed group capacities and node units."""
    n = units.shape[0]
    if group is None:
        return np.zeros(n, bool), np.zeros(0, np.int64), units
    g, gcap = group
    member = g >= 0
    gm = g[member]
    total = np.bincount(gm, weights=units[member], minlength=gcap.shape[0]).astype(np.int64)
    cap = np.minimum(gcap, total)
    units = units.copy()
    units[member] = np.minimum(units[member], cap[gm])
    total = np.bincount(gm, weights=units[member], minlength=gcap.shape[0]).astype(np.int64)
    binding_group = cap < total
    in_binding = np.zeros(n, bool)
    in_binding[member] = binding_group[gm]
    return in_binding, np.where(binding_group, cap, 0), units


def expand(counts: IntArray) -> tuple[IntArray, IntArray]:
    """For counts c: the owner of each of sum(c) copies and the copy's rank within its owner."""
    owner = np.repeat(np.arange(counts.shape[0]), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(owner.shape[0]) - starts[owner]
    return owner, rank



def split_at_cut(net: Net, xl: BoolArray, xr: BoolArray, xg: BoolArray,
                  xh: BoolArray) -> tuple[BoolArray, list[tuple[BoolArray, Net]]]:
    """The forced edges and the two full subproblems left by a minimum cut.

    ``xl``, ``xr``, ``xg``, ``xh`` say which left nodes, right nodes, left groups and right
    groups lie on the source side X of a minimum cut of the b-matching network. Edges from X to
    the rest are in every optimal plan (forced), edges into X in none. Outside X every unit
    entering from X is routed on (the left side is full); inside X every unit leaving X is
    supplied (the right side is full), so that part is returned mirrored, right nodes as left.
    Returns the forced mask and ``[(outside mask, outside net), (inside mask, mirrored net)]``.
    """
    n_left, n_right = net.n_left, net.n_right
    forced = xl[net.left] & ~xr[net.right]
    inside = xl[net.left] & xr[net.right]
    outside = ~xl[net.left] & ~xr[net.right]
    f_left = np.bincount(net.left[forced], minlength=n_left)
    f_right = np.bincount(net.right[forced], minlength=n_right)
    # inside X: the right side is full
    d_in = np.where(xl, net.demand - f_left, 0)
    c_in = np.where(xr, net.capacity, 0)
    # outside X: the left side is full
    d_out = np.where(xl, 0, net.demand)
    c_out = np.where(xr, 0, net.capacity - f_right)
    lg_in = lg_out = rg_in = rg_out = None
    if net.lgroup is not None:
        g, gcap = net.lgroup
        member = g >= 0
        gx = np.where(member, xg[np.where(member, g, 0)], False)
        used = (np.bincount(g[member & ~xl], weights=net.demand[member & ~xl], minlength=gcap.shape[0])
                + np.bincount(g[member & xl], weights=f_left[member & xl], minlength=gcap.shape[0]))
        lg_in = (np.where(gx, g, -1), np.where(xg, gcap - used.astype(np.int64), 0))
        # a left node outside X under a group inside X receives its whole demand: a full entry
        lg_out = (np.where(member & ~gx, g, -1), np.where(xg, 0, gcap))
    if net.rgroup is not None:
        g, gcap = net.rgroup
        member = g >= 0
        hx = np.where(member, xh[np.where(member, g, 0)], False)
        # a right node inside X under a group outside X sends its whole capacity: a full exit
        rg_in = (np.where(hx, g, -1), np.where(xh, gcap, 0))
        used = (np.bincount(g[member & xr], weights=net.capacity[member & xr], minlength=gcap.shape[0])
                + np.bincount(g[member & ~xr], weights=f_right[member & ~xr], minlength=gcap.shape[0]))
        rg_out = (np.where(member & ~hx, g, -1), np.where(xh, 0, gcap - used.astype(np.int64)))
        c_out = np.where(hx, 0, c_out)  # its group takes nothing from outside X
    for arr in (d_in, c_out, *(x[1] for x in (lg_in, lg_out, rg_in, rg_out) if x is not None)):
        if (arr < 0).any():  # pragma: no cover - a max flow respects every capacity
            raise NetmatchError("internal error in max_coverage_assignment: negative residual capacity")

    return forced, [
        (outside, Net(n_left, n_right, net.left, net.right, d_out, c_out, lg_out, rg_out)),
        # inside X the full side is the right one: solve it mirrored, flow reversed
        (inside, Net(n_left, n_right, net.left, net.right, d_in, c_in, lg_in, rg_in).mirror()),
    ]



def trim(net: Net) -> tuple[Net, BoolArray]:
    """The same problem with units cut to degree, non-binding groups dropped and dead edges removed.

    Returns the trimmed net (on the live edges only) and the mask of live edges; every plan of
    the original is a plan of the trimmed one and back.
    """
    d_units = np.minimum(net.demand, np.bincount(net.left, minlength=net.n_left))
    c_units = np.minimum(net.capacity, np.bincount(net.right, minlength=net.n_right))
    l_bind, lg_cap, d_units = binding(net.lgroup, d_units)
    r_bind, rg_cap, c_units = binding(net.rgroup, c_units)
    live = (d_units[net.left] > 0) & (c_units[net.right] > 0)
    lgroup = None if net.lgroup is None else (np.where(l_bind, net.lgroup[0], -1), lg_cap)
    rgroup = None if net.rgroup is None else (np.where(r_bind, net.rgroup[0], -1), rg_cap)
    return Net(net.n_left, net.n_right, net.left[live], net.right[live], d_units, c_units, lgroup, rgroup), live


def entry_units(units: IntArray, group: Groups | None) -> int:
    """Units that can enter (or leave) one side of a trimmed net: its groups' and its ungrouped nodes'."""
    if group is None:
        return int(units.sum())
    return int(group[1].sum() + units[group[0] < 0].sum())



def bottleneck(net: Net, values: FloatArray, target: int, *, largest: bool) -> float:
    """The best threshold t on ``values`` with max flow ``target`` using edges on its good side.

    ``largest=True``: the largest t with flow(values >= t) == target (max-min weight);
    ``largest=False``: the smallest t with flow(values <= t) == target (min-max cost).
    Binary search over the distinct values; each probe is one integer max flow.
    """
    levels = np.unique(values)
    if not largest:
        levels = levels[::-1]
    lo, hi = 0, levels.shape[0] - 1  # levels[lo] is always feasible (it keeps every edge)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        keep = values >= levels[mid] if largest else values <= levels[mid]
        if max_flow(net.subset(keep)).value == target:
            lo = mid
        else:
            hi = mid - 1
    return float(levels[lo])
