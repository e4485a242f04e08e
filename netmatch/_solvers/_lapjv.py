r"""``method="matching"``: max flow, minimum cut, then sparse minimum-weight full bipartite matchings.

The pure scipy path of :func:`~netmatch._solvers.bmatching.max_coverage_assignment`, used where
the compiled extension is not built. A max flow (Dinic) and the minimum cut it leaves split the
problem (:func:`~netmatch._solvers._network.split_at_cut`) into forced edges and two *full*
b-matchings, each one a minimum-weight full bipartite matching on unit copies of the nodes,
solved by scipy's sparse Jonker–Volgenant (LAPJVsp) without any big-M weighting.

The matrix of one full problem (:func:`full_matching`): every unit of demand, capacity and
binding group capacity becomes a row (where flow leaves) or a column (where it arrives); a node
that flow passes through gets both, joined by a zero-cost "idle" arc. Layers: 0 left group,
1 left node, 2 edge, 3 right node, 4 right group. An arc from layer :math:`s` to layer :math:`t`
costs :math:`t - s`, plus the edge cost :math:`\bar w_e = (w_{\max} - w_e) / (w_{\max} - w_{\min})`
on the arc that picks edge :math:`e`; so every path costs :math:`4 + \bar w_e` and the total is
:math:`4 \cdot \text{entries} + \sum \bar w_e`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from netmatch._solvers._network import Net, binding, expand, max_flow, split_at_cut
from netmatch.exceptions import NetmatchError

if TYPE_CHECKING:
    from netmatch._solvers.arrays import BoolArray, FloatArray, IntArray

__all__ = ["GADGET_ROUNDS", "full_matching", "lex_optimum"]

#: Rounds of adding through nodes to edges used twice before giving every multi-unit edge one.
GADGET_ROUNDS = 8


def lex_optimum(net: Net, weight: FloatArray) -> BoolArray:
    """Maximum coverage, then maximum weight, exactly, by a max flow and sparse LAPJVsp.

    Every plan of maximum coverage is a maximum flow. Take X, the nodes reachable from the source
    in the residual graph of one max flow: by the max-flow min-cut theorem every maximum flow
    saturates each arc leaving X and leaves each arc entering X empty. So edges from X to the rest
    are in every optimal plan (forced), edges into X in none, and what remains splits into two
    independent problems in which one side is used to the full (see ``split_at_cut``). Each is
    a max-weight *full* b-matching, solved by ``full_matching``.
    """
    n_edges = net.left.shape[0]
    chosen = np.zeros(n_edges, bool)
    fl = max_flow(net)
    if fl.value == 0:
        return chosen
    from scipy.sparse.csgraph import breadth_first_order

    residual = (fl.graph - fl.flow).tocsr()
    residual.data[residual.data < 0] = 0
    residual.eliminate_zeros()
    in_x = np.zeros(fl.sink + 1, bool)
    in_x[breadth_first_order(residual, 0, directed=True, return_predecessors=False)] = True
    n_lg = 0 if net.lgroup is None else net.lgroup[1].shape[0]
    n_rg = 0 if net.rgroup is None else net.rgroup[1].shape[0]
    forced, parts = split_at_cut(net, in_x[fl.l0:fl.l0 + net.n_left], in_x[fl.r0:fl.r0 + net.n_right],
                                 in_x[fl.lg0:fl.lg0 + n_lg], in_x[fl.rg0:fl.rg0 + n_rg])
    chosen[forced] = True
    spread = float(weight.max() - weight.min())
    ecost = (weight.max() - weight) / spread if spread > 0 else np.zeros(n_edges)
    for mask, sub in parts:
        idx = np.flatnonzero(mask)
        if idx.shape[0]:
            chosen[idx[full_matching(sub.subset(mask), ecost[idx])]] = True
    return chosen


@dataclass(frozen=True)
class _Units:
    """The unit copies of a full problem's nodes and groups, and which of them flow passes through."""

    d_units: IntArray  # usable units of each left node
    c_units: IntArray  # usable units of each right node
    lg_cap: IntArray  # units of each binding left group (0 for the others)
    rg_cap: IntArray  # the same on the right
    l_owner: IntArray  # left node of each left unit
    r_owner: IntArray  # right node of each right unit
    l_start: IntArray  # first unit of each left node
    r_start: IntArray
    lg_start: IntArray
    rg_start: IntArray
    lu_transit: BoolArray  # left units under a binding group: flow passes through them
    ru_transit: BoolArray
    nl: IntArray  # units at the left end of each edge
    nr: IntArray  # units at the right end of each edge
    live: BoolArray  # edges with units at both ends
    lu_layer: FloatArray  # layer each left unit's row starts at: 1 (through) or 0 (entry)
    ru_layer: FloatArray  # layer each right unit's column ends at: 3 (through) or 4 (exit)
    lt_idx: IntArray  # the left transit units
    rt_idx: IntArray  # the right transit units
    n_lgu: int
    n_rgu: int


def _units(net: Net) -> _Units:
    """Units cut to degree, binding groups found, and the unit copies laid out (see :class:`_Units`)."""
    d_units = np.minimum(net.demand, np.bincount(net.left, minlength=net.n_left))
    c_units = np.minimum(net.capacity, np.bincount(net.right, minlength=net.n_right))
    l_bind, lg_cap, d_units = binding(net.lgroup, d_units)
    r_bind, rg_cap, c_units = binding(net.rgroup, c_units)
    l_owner, _ = expand(d_units)
    r_owner, _ = expand(c_units)
    lu_transit = l_bind[l_owner]
    ru_transit = r_bind[r_owner]
    nl, nr = d_units[net.left], c_units[net.right]
    return _Units(
        d_units=d_units, c_units=c_units, lg_cap=lg_cap, rg_cap=rg_cap, l_owner=l_owner, r_owner=r_owner,
        l_start=np.cumsum(d_units) - d_units, r_start=np.cumsum(c_units) - c_units,
        lg_start=np.cumsum(lg_cap) - lg_cap, rg_start=np.cumsum(rg_cap) - rg_cap,
        lu_transit=lu_transit, ru_transit=ru_transit, nl=nl, nr=nr, live=(nl > 0) & (nr > 0),
        lu_layer=np.where(lu_transit, 1.0, 0.0), ru_layer=np.where(ru_transit, 3.0, 4.0),
        lt_idx=np.flatnonzero(lu_transit), rt_idx=np.flatnonzero(ru_transit),
        n_lgu=int(lg_cap.sum()), n_rgu=int(rg_cap.sum()))


class _Layout(NamedTuple):
    """Where each kind of unit sits among the rows and columns of the matrix."""

    row_lu: IntArray  # rows: left group units | left node units | gadget edges | right transit units
    row_gad0: int
    row_rt: IntArray
    n_rows: int
    col_lt: IntArray  # columns: left transit units | gadget edges | right node units | right group units
    col_gad0: int
    col_ru: IntArray
    col_rg0: int
    n_cols: int


def _layout(u: _Units, n_gad: int) -> _Layout:
    """The rows and columns of the matrix with ``n_gad`` through nodes for edges."""
    n_lu, n_ru = u.l_owner.shape[0], u.r_owner.shape[0]
    row_lu = u.n_lgu + np.arange(n_lu)
    row_gad0 = u.n_lgu + n_lu
    row_rt = np.full(n_ru, -1, np.int64)
    row_rt[u.rt_idx] = row_gad0 + n_gad + np.arange(u.rt_idx.shape[0])
    col_lt = np.full(n_lu, -1, np.int64)
    col_lt[u.lt_idx] = np.arange(u.lt_idx.shape[0])
    col_gad0 = u.lt_idx.shape[0]
    col_rg0 = col_gad0 + n_gad + n_ru
    return _Layout(row_lu, row_gad0, row_rt, row_gad0 + n_gad + u.rt_idx.shape[0], col_lt, col_gad0,
                   col_gad0 + n_gad + np.arange(n_ru), col_rg0, col_rg0 + u.n_rgu)


class _Arcs:
    """The arcs of the matrix, collected in a fixed order (LAPJVsp's tie-breaking depends on it)."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.costs: list[np.ndarray] = []
        self.edge_of: list[np.ndarray] = []

    def add(self, r: np.ndarray, c: np.ndarray, cost: np.ndarray | float, edge: np.ndarray | int = -1) -> None:
        self.rows.append(r)
        self.cols.append(c)
        self.costs.append(np.broadcast_to(np.asarray(cost, np.float64), r.shape))
        self.edge_of.append(np.broadcast_to(np.asarray(edge, np.int64), r.shape))


def _arcs(net: Net, u: _Units, lay: _Layout, ecost: FloatArray, gadget: BoolArray) -> _Arcs:
    """Every arc of the relaxation in which only the ``gadget`` edges are capped at one use."""
    out = _Arcs()
    gad_edges = np.flatnonzero(gadget)
    n_gad = gad_edges.shape[0]
    if u.lt_idx.shape[0]:  # left group units -> left transit units of their group; and idle
        grp = net.lgroup[0][u.l_owner[u.lt_idx]]  # type: ignore[index]
        unit, k = expand(u.lg_cap[grp])
        out.add(u.lg_start[grp][unit] + k, lay.col_lt[u.lt_idx][unit], 1.0)
        out.add(lay.row_lu[u.lt_idx], lay.col_lt[u.lt_idx], 0.0)
    direct = np.flatnonzero(u.live & ~gadget)
    if direct.shape[0]:  # every unit of the left end to every unit of the right end
        e, k = expand(u.nl[direct] * u.nr[direct])
        e = direct[e]
        lu = u.l_start[net.left[e]] + k // u.nr[e]
        ru = u.r_start[net.right[e]] + k % u.nr[e]
        out.add(lay.row_lu[lu], lay.col_ru[ru], u.ru_layer[ru] - u.lu_layer[lu] + ecost[e], e)
    if n_gad:  # a through node per edge: the edge is used at most once
        g_idx, k = expand(u.nl[gad_edges])
        lu = u.l_start[net.left[gad_edges[g_idx]]] + k
        out.add(lay.row_lu[lu], lay.col_gad0 + g_idx, 2.0 - u.lu_layer[lu])
        g_idx, k = expand(u.nr[gad_edges])
        e = gad_edges[g_idx]
        ru = u.r_start[net.right[e]] + k
        out.add(lay.row_gad0 + g_idx, lay.col_ru[ru], u.ru_layer[ru] - 2.0 + ecost[e], e)
        out.add(lay.row_gad0 + np.arange(n_gad), lay.col_gad0 + np.arange(n_gad), 0.0)
    if u.rt_idx.shape[0]:  # right transit units: idle, or on to the units of their group
        out.add(lay.row_rt[u.rt_idx], lay.col_ru[u.rt_idx], 0.0)
        grp = net.rgroup[0][u.r_owner[u.rt_idx]]  # type: ignore[index]
        unit, k = expand(u.rg_cap[grp])
        out.add(lay.row_rt[u.rt_idx][unit], lay.col_rg0 + u.rg_start[grp][unit] + k, 1.0)
    return out


def _edge_uses(net: Net, u: _Units, ecost: FloatArray, gadget: BoolArray) -> IntArray:
    """Uses of each edge in an optimal matching where only ``gadget`` edges are capped at one."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n_edges = net.left.shape[0]
    lay = _layout(u, int(gadget.sum()))
    arcs = _arcs(net, u, lay, ecost, gadget)
    n_rows, n_cols = lay.n_rows, lay.n_cols
    if n_rows == 0:
        return np.zeros(n_edges, np.int64)
    row = np.concatenate(arcs.rows)
    col = np.concatenate(arcs.cols)
    cost = np.concatenate(arcs.costs) + 1.0  # scipy drops explicit zeros; every row pays the 1 once
    edge = np.concatenate(arcs.edge_of)
    # LAPJVsp augments row by row; through rows first settle on their idle arcs cheaply and
    # the entries' searches then run along short chains (2x faster with groups, measured)
    entry = np.zeros(n_rows, bool)
    entry[:u.n_lgu] = True
    entry[lay.row_lu[~u.lu_transit]] = True
    first = np.concatenate([np.flatnonzero(~entry), np.flatnonzero(entry)])
    place = np.empty(n_rows, np.int64)
    place[first] = np.arange(n_rows)
    try:
        p_rows, m_cols = min_weight_full_bipartite_matching(
            csr_array((cost, (place[row], col)), shape=(n_rows, n_cols)))
    except ValueError as exc:  # pragma: no cover - the max flow guarantees a full matching
        raise NetmatchError(f"internal error in max_coverage_assignment: {exc}") from exc
    m_rows = first[p_rows]
    key = row * n_cols + col
    order = np.argsort(key, kind="stable")
    used = edge[order[np.searchsorted(key, m_rows * n_cols + m_cols, sorter=order)]]
    return np.bincount(used[used >= 0], minlength=n_edges)


def full_matching(net: Net, ecost: FloatArray) -> BoolArray:
    """Min total ``ecost`` over plans that use every left entry unit, by sparse LAPJVsp.

    Every unit of demand, capacity and binding group capacity becomes a matrix row (where flow
    leaves) or column (where it arrives); a node that flow passes through (a left node under a
    binding group, an edge whose two ends both have several units and so could otherwise be used
    twice, a right node under a binding group) gets both, joined by a zero-cost "idle" arc.
    Layers: 0 left group, 1 left node, 2 edge, 3 right node, 4 right group. An arc from layer s to
    layer t costs ``t - s``, plus ``ecost[e]`` on the arc that picks edge e; an ungrouped left unit
    counts as starting at 0 and an ungrouped right unit as ending at 4, so every path costs 4 plus
    its edge cost and the total is ``4 * entries + sum of edge costs``. A through node that leaves
    its idle arc without receiving flow would only add cost, so optimal matchings are flows.
    """
    n_edges = net.left.shape[0]
    u = _units(net)
    # Direct arcs let an edge whose two ends both have several units be used twice. Through nodes
    # make the search slow, so they go only where needed: first to each left node's d + 1 best such
    # edges (where doubling tempts), then to every edge an optimum still used twice. A plan that is
    # optimal for such a relaxation and feasible for the real problem is optimal for it.
    multi = np.flatnonzero(u.live & (u.nl >= 2) & (u.nr >= 2))
    by_left = multi[np.lexsort((ecost[multi], net.left[multi]))]
    first = np.searchsorted(net.left[by_left], np.arange(net.n_left))
    rank = np.arange(by_left.shape[0]) - first[net.left[by_left]]
    gadget = np.zeros(n_edges, bool)
    gadget[by_left[rank <= u.nl[by_left]]] = True
    for _ in range(GADGET_ROUNDS):
        uses = _edge_uses(net, u, ecost, gadget)
        twice = uses > 1
        if not twice.any():
            return uses > 0
        gadget |= twice
    gadget[multi] = True
    return _edge_uses(net, u, ecost, gadget) > 0
