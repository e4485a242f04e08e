"""Exact assignment solvers on sparse edge lists: who of the leaders supports which partner school.

The pairing layer turns the partnership graph — partner schools (ШНОР, ШНСУ) or their
(school, subject) demands on one side, leader schools or their (leader, subject) slots on the
other — into plain arrays and calls one of these solvers:

* :func:`max_coverage_assignment` — bipartite *b*-matching with node capacities, optional
  laminar group capacities on both sides and fixed (required) edges. Lexicographic objective:
  first the number of covered demand units, then the total score; optional bottleneck
  fairness. Exact: successive shortest paths in the compiled extension ``netmatch._solvers._flow``
  (built at install time); without it, a max flow and its minimum cut split the problem into
  two sparse minimum-weight full bipartite matchings (scipy's LAPJVsp); on request the totally
  unimodular LP is solved by HiGHS instead.
* :func:`greedy_assignment` — the baseline: best edges first while both ends have room.
* :func:`generalized_assignment` — the generalised assignment problem (leaders with a budget of
  mentor hours, schools that cost different hours at different leaders), exact MILP by HiGHS
  with a time limit that keeps the incumbent and reports the proven gap.
* :func:`deferred_acceptance` and :func:`blocking_pairs` — stable pairing from preference lists
  (hospitals/residents with leader capacities), school- or leader-proposing.
* :func:`check_assignment` — the checker beside the solvers: every violated constraint of a plan.

Solvers here take arrays, never files or data frames, and return frozen results whose arrays
are read-only. Same input, same output: edges are put in a canonical order before solving and
every tie is broken by a stated rule.
"""

from __future__ import annotations

import functools
import heapq
import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

    IntArray = NDArray[np.int64]
    FloatArray = NDArray[np.float64]
    BoolArray = NDArray[np.bool_]

__all__ = [
    "Assignment",
    "GapResult",
    "blocking_pairs",
    "check_assignment",
    "deferred_acceptance",
    "generalized_assignment",
    "greedy_assignment",
    "max_coverage_assignment",
]

#: How far a solver's 0/1 value may stray from an integer before we refuse to round it.
INTEGRALITY_TOLERANCE = 1e-6
#: Rounds of adding through nodes to edges used twice before giving every multi-unit edge one.
_GADGET_ROUNDS = 8

Fairness = Literal["maxmin", "minmax_cost"]
Method = Literal["auto", "flow", "matching", "lp"]


# --------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True, eq=False)
class Assignment:
    """A chosen set of edges and what it achieves.

    Attributes
    ----------
    chosen : ndarray of bool, shape (n_edges,)
        ``chosen[e]`` is true when edge ``e`` (in the caller's order) is used.
    covered : int
        Number of chosen edges, i.e. of covered demand units.
    demand : int
        Total demand ``sum(left_demand)``; ``demand - covered`` units stay uncovered.
    total_weight : float
        Sum of the weights of the chosen edges.
    left_load, right_load : ndarray of int
        Chosen edges at each left and each right node.
    min_weight : float or None
        Smallest weight among the chosen edges (``None`` when nothing is chosen).
    max_cost : float or None
        Largest ``cost`` among the chosen edges, when a ``cost`` array was given.
    status : str
        ``"optimal"``, ``"time_limit"`` (HiGHS stopped: the plan has maximum coverage but its
        weight is not proven optimal) or ``"heuristic"`` (greedy).
    gap : float
        Proven relative optimality gap of the weight: ``0.0`` for an exact solve, ``nan`` when
        unknown.
    fairness : str or None
        The fairness rule applied, if any.
    method : str
        ``"flow"``, ``"matching"``, ``"lp"`` or ``"greedy"``.
    """

    chosen: BoolArray
    covered: int
    demand: int
    total_weight: float
    left_load: IntArray
    right_load: IntArray
    min_weight: float | None
    max_cost: float | None
    status: str
    gap: float
    fairness: str | None
    method: str

    @property
    def uncovered(self) -> int:
        """Demand units left without a partner."""
        return self.demand - self.covered


@dataclass(frozen=True, eq=False)
class GapResult:
    """The plan found for a generalised assignment problem and how good it is proven to be.

    Attributes
    ----------
    assignment : ndarray of int, shape (n_jobs,)
        Agent of each job, ``-1`` for an unassigned job.
    objective : float
        Total cost (or profit, when maximising) of the assigned jobs.
    bound : float
        Best proven bound on ``objective`` (a lower bound when minimising, an upper bound when
        maximising) among plans assigning ``n_assigned`` jobs; ``nan`` when even the number of
        assigned jobs is not proven optimal.
    gap : float
        ``|objective - bound| / max(1, |objective|)``, the HiGHS convention; ``0.0`` when proven
        optimal, ``inf`` when there is no finite bound.
    status : str
        ``"optimal"`` or ``"time_limit"`` (the best plan found in time, with its proven gap).
    seconds : float
        Wall-clock time of the solve.
    n_assigned : int
        Jobs that received an agent.
    assigned_bound : int or None
        Proven upper bound on the number of jobs that can be assigned; ``None`` when the number
        assigned is not an objective (``allow_unassigned=True, coverage_first=False``).
    load_used : ndarray of float, shape (n_agents,)
        Load each agent carries in the plan.
    """

    assignment: IntArray
    objective: float
    bound: float
    gap: float
    status: str
    seconds: float
    n_assigned: int
    assigned_bound: int | None
    load_used: FloatArray


# --------------------------------------------------------------------------------------------
# validation: one message template for every parameter


def _bad(func: str, name: str, expected: str, got: object) -> InvalidInputError:
    return InvalidInputError([f"The {name!r} parameter of {func} must be {expected}. Got {got} instead."])


def _first_bad(values: np.ndarray, bad: np.ndarray) -> str:
    i = int(np.flatnonzero(bad)[0])
    return f"{values.flat[i].item()!r} at position {i}"


def _vector(func: str, name: str, value: ArrayLike, *, size: int | None = None) -> np.ndarray:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise _bad(func, name, "a one-dimensional array", f"an array of shape {arr.shape}")
    if size is not None and arr.shape[0] != size:
        raise _bad(func, name, f"an array of length {size} (one entry per edge)", f"length {arr.shape[0]}")
    return arr


def _int_vector(func: str, name: str, value: ArrayLike, *, size: int | None = None,
                low: int = 0, high: int | None = None, what: str = "non-negative integers") -> IntArray:
    arr = _vector(func, name, value, size=size)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or arr.size == 0):
        whole = np.issubdtype(arr.dtype, np.floating) and np.all(np.isfinite(arr))
        if whole and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise _bad(func, name, f"an array of {what}", f"dtype {arr.dtype}")
    out = arr.astype(np.int64)
    bad = out < low
    if high is not None:
        bad |= out >= high
    if bad.any():
        raise _bad(func, name, f"an array of {what}", _first_bad(out, bad))
    return out


def _float_vector(func: str, name: str, value: ArrayLike, *, size: int) -> FloatArray:
    arr = _vector(func, name, value, size=size)
    try:
        out = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise _bad(func, name, "an array of finite numbers", f"dtype {arr.dtype}") from None
    if not np.all(np.isfinite(out)):
        raise _bad(func, name, "an array of finite numbers", _first_bad(out, ~np.isfinite(out)))
    return out


def _bool_vector(func: str, name: str, value: ArrayLike, *, size: int) -> BoolArray:
    arr = _vector(func, name, value, size=size)
    if arr.dtype != bool:
        raise _bad(func, name, "a boolean mask over the edges", f"dtype {arr.dtype}")
    return arr


def _groups(func: str, group_name: str, cap_name: str, group: ArrayLike | None,
            cap: ArrayLike | None, n_nodes: int) -> tuple[IntArray, IntArray] | None:
    if group is None and cap is None:
        return None
    if group is None or cap is None:
        missing = group_name if group is None else cap_name
        raise _bad(func, missing, f"given together with {cap_name if group is None else group_name!r}",
                   "None")
    caps = _int_vector(func, cap_name, cap)
    groups = _int_vector(func, group_name, group, size=None, low=-1, high=caps.shape[0],
                         what=f"group indices from 0 to {caps.shape[0] - 1} (or -1 for no group)")
    if groups.shape[0] != n_nodes:
        raise _bad(func, group_name, f"an array of length {n_nodes} (one entry per node)",
                   f"length {groups.shape[0]}")
    return groups, caps


def _group_kwargs(rgroup: tuple[IntArray, IntArray] | None,
                  lgroup: tuple[IntArray, IntArray] | None) -> dict[str, IntArray | None]:
    return {"right_group": None if rgroup is None else rgroup[0],
            "group_capacity": None if rgroup is None else rgroup[1],
            "left_group": None if lgroup is None else lgroup[0],
            "left_group_capacity": None if lgroup is None else lgroup[1]}


def _readonly(arr: np.ndarray) -> Any:
    arr.setflags(write=False)
    return arr


# --------------------------------------------------------------------------------------------
# the checker beside the solvers


def check_assignment(left: ArrayLike, right: ArrayLike, left_demand: ArrayLike, right_capacity: ArrayLike,
                     chosen: ArrayLike, *, required: ArrayLike | None = None,
                     right_group: ArrayLike | None = None, group_capacity: ArrayLike | None = None,
                     left_group: ArrayLike | None = None,
                     left_group_capacity: ArrayLike | None = None) -> list[str]:
    """Every constraint a plan of chosen edges violates; an empty list means the plan is valid.

    Parameters
    ----------
    left, right, left_demand, right_capacity, required, right_group, group_capacity, left_group, \
left_group_capacity
        As in :func:`max_coverage_assignment`.
    chosen : array of bool, shape (n_edges,)
        The plan to check.

    Returns
    -------
    list of str
        One sentence per violated constraint, naming the node or group and the numbers.

    Examples
    --------
    >>> check_assignment([0, 1], [0, 0], [1, 1], [1], [True, True])
    ['right node 0 has 2 chosen edges but capacity 1']
    >>> check_assignment([0, 1], [0, 0], [1, 1], [1], [True, False])
    []
    """
    func = "check_assignment"
    lft = _int_vector(func, "left", left)
    n_edges = lft.shape[0]
    demand = _int_vector(func, "left_demand", left_demand)
    capacity = _int_vector(func, "right_capacity", right_capacity)
    lft = _int_vector(func, "left", lft, high=demand.shape[0], what="left node indices")
    rgt = _int_vector(func, "right", right, size=n_edges, high=capacity.shape[0], what="right node indices")
    plan = _bool_vector(func, "chosen", chosen, size=n_edges)
    problems: list[str] = []
    l_load = np.bincount(lft[plan], minlength=demand.shape[0])
    r_load = np.bincount(rgt[plan], minlength=capacity.shape[0])
    for i in np.flatnonzero(l_load > demand):
        problems.append(f"left node {i} has {l_load[i]} chosen edges but demand {demand[i]}")
    for j in np.flatnonzero(r_load > capacity):
        problems.append(f"right node {j} has {r_load[j]} chosen edges but capacity {capacity[j]}")
    for side, load, grp in (
        ("left", l_load, _groups(func, "left_group", "left_group_capacity", left_group,
                                 left_group_capacity, demand.shape[0])),
        ("right", r_load, _groups(func, "right_group", "group_capacity", right_group,
                                  group_capacity, capacity.shape[0])),
    ):
        if grp is None:
            continue
        g, gcap = grp
        member = g >= 0
        g_load = np.bincount(g[member], weights=load[member], minlength=gcap.shape[0]).astype(np.int64)
        for h in np.flatnonzero(g_load > gcap):
            problems.append(f"{side} group {h} has {g_load[h]} chosen edges but group capacity {gcap[h]}")
    if required is not None:
        req = _bool_vector(func, "required", required, size=n_edges)
        for e in np.flatnonzero(req & ~plan):
            problems.append(f"required edge {e} (left {lft[e]}, right {rgt[e]}) is not chosen")
    return problems


# --------------------------------------------------------------------------------------------
# max coverage assignment


@dataclass(frozen=True)
class _Net:
    """A validated b-matching instance on a subset of edges, with residual capacities."""

    n_left: int
    n_right: int
    left: IntArray
    right: IntArray
    demand: IntArray
    capacity: IntArray
    lgroup: tuple[IntArray, IntArray] | None
    rgroup: tuple[IntArray, IntArray] | None

    def subset(self, keep: BoolArray) -> _Net:
        return _Net(self.n_left, self.n_right, self.left[keep], self.right[keep], self.demand,
                    self.capacity, self.lgroup, self.rgroup)

    def mirror(self) -> _Net:
        """The same problem with the sides swapped (edges keep their order)."""
        return _Net(self.n_right, self.n_left, self.right, self.left, self.capacity, self.demand,
                    self.rgroup, self.lgroup)


class _Flow(NamedTuple):
    """A max flow on source → (left group) → left node → right node → (right group) → sink."""

    value: int
    flow: Any  # scipy csr_array of arc flows (antisymmetric), or None without edges
    graph: Any  # scipy csr_array of integer capacities
    lg0: int  # first left group node; then left nodes, right nodes, right groups, sink
    l0: int
    r0: int
    rg0: int
    sink: int


def _max_flow(net: _Net) -> _Flow:
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
        return _Flow(0, None, None, lg0, l0, r0, rg0, sink)
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
    return _Flow(int(res.flow_value), res.flow, graph, lg0, l0, r0, rg0, sink)


def _edge_flow(net: _Net, fl: _Flow) -> BoolArray:
    """The edges a max flow uses: a plan of maximum coverage (weights ignored)."""
    if fl.flow is None:
        return np.zeros(net.left.shape[0], bool)
    return np.asarray(fl.flow[fl.l0 + net.left, fl.r0 + net.right]).ravel() > 0


def _binding(group: tuple[IntArray, IntArray] | None,
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


def _expand(counts: IntArray) -> tuple[IntArray, IntArray]:
    """For counts c: the owner of each of sum(c) copies and the copy's rank within its owner."""
    owner = np.repeat(np.arange(counts.shape[0]), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(owner.shape[0]) - starts[owner]
    return owner, rank


def _lex_optimum(net: _Net, weight: FloatArray) -> BoolArray:
    """Maximum coverage, then maximum weight, exactly, by a max flow and sparse LAPJVsp.

    Every plan of maximum coverage is a maximum flow. Take X, the nodes reachable from the source
    in the residual graph of one max flow: by the max-flow min-cut theorem every maximum flow
    saturates each arc leaving X and leaves each arc entering X empty. So edges from X to the rest
    are in every optimal plan (forced), edges into X in none, and what remains splits into two
    independent problems in which one side is used to the full (see ``_split_at_cut``). Each is
    a max-weight *full* b-matching, solved by ``_full_matching``.
    """
    n_edges = net.left.shape[0]
    chosen = np.zeros(n_edges, bool)
    fl = _max_flow(net)
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
    forced, parts = _split_at_cut(net, in_x[fl.l0:fl.l0 + net.n_left], in_x[fl.r0:fl.r0 + net.n_right],
                                  in_x[fl.lg0:fl.lg0 + n_lg], in_x[fl.rg0:fl.rg0 + n_rg])
    chosen[forced] = True
    spread = float(weight.max() - weight.min())
    ecost = (weight.max() - weight) / spread if spread > 0 else np.zeros(n_edges)
    for mask, sub in parts:
        idx = np.flatnonzero(mask)
        if idx.shape[0]:
            chosen[idx[_full_matching(sub.subset(mask), ecost[idx])]] = True
    return chosen


def _split_at_cut(net: _Net, xl: BoolArray, xr: BoolArray, xg: BoolArray,
                  xh: BoolArray) -> tuple[BoolArray, list[tuple[BoolArray, _Net]]]:
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
        (outside, _Net(n_left, n_right, net.left, net.right, d_out, c_out, lg_out, rg_out)),
        # inside X the full side is the right one: solve it mirrored, flow reversed
        (inside, _Net(n_left, n_right, net.left, net.right, d_in, c_in, lg_in, rg_in).mirror()),
    ]


def _full_matching(net: _Net, ecost: FloatArray) -> BoolArray:
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
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    n_edges = net.left.shape[0]
    d_units = np.minimum(net.demand, np.bincount(net.left, minlength=net.n_left))
    c_units = np.minimum(net.capacity, np.bincount(net.right, minlength=net.n_right))
    l_bind, lg_cap, d_units = _binding(net.lgroup, d_units)
    r_bind, rg_cap, c_units = _binding(net.rgroup, c_units)

    l_owner, _ = _expand(d_units)  # left node units
    r_owner, _ = _expand(c_units)  # right node units
    l_start = np.cumsum(d_units) - d_units
    r_start = np.cumsum(c_units) - c_units
    lg_start = np.cumsum(lg_cap) - lg_cap
    rg_start = np.cumsum(rg_cap) - rg_cap
    n_lu, n_ru = l_owner.shape[0], r_owner.shape[0]
    n_lgu = int(lg_cap.sum())

    lu_transit = l_bind[l_owner]
    ru_transit = r_bind[r_owner]
    nl_, nr_ = d_units[net.left], c_units[net.right]
    live = (nl_ > 0) & (nr_ > 0)
    lu_layer = np.where(lu_transit, 1.0, 0.0)
    ru_layer = np.where(ru_transit, 3.0, 4.0)
    rt_idx = np.flatnonzero(ru_transit)
    lt_idx = np.flatnonzero(lu_transit)
    n_rgu = int(rg_cap.sum())

    def solve(gadget: BoolArray) -> IntArray:
        """Uses of each edge in an optimal matching where only ``gadget`` edges are capped at one."""
        gad_edges = np.flatnonzero(gadget)
        n_gad = gad_edges.shape[0]
        # rows: left group units | left node units | gadget edges | right transit units
        row_lu = n_lgu + np.arange(n_lu)
        row_gad0 = n_lgu + n_lu
        row_rt = np.full(n_ru, -1, np.int64)
        row_rt[rt_idx] = row_gad0 + n_gad + np.arange(rt_idx.shape[0])
        n_rows = row_gad0 + n_gad + rt_idx.shape[0]
        # columns: left transit units | gadget edges | right node units | right group units
        col_lt = np.full(n_lu, -1, np.int64)
        col_lt[lt_idx] = np.arange(lt_idx.shape[0])
        col_gad0 = lt_idx.shape[0]
        col_ru = col_gad0 + n_gad + np.arange(n_ru)
        col_rg0 = col_gad0 + n_gad + n_ru
        n_cols = col_rg0 + n_rgu
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        costs: list[np.ndarray] = []
        edge_of: list[np.ndarray] = []

        def arcs(r: np.ndarray, c: np.ndarray, cost: np.ndarray | float, edge: np.ndarray | int = -1) -> None:
            rows.append(r)
            cols.append(c)
            costs.append(np.broadcast_to(np.asarray(cost, np.float64), r.shape))
            edge_of.append(np.broadcast_to(np.asarray(edge, np.int64), r.shape))

        if lt_idx.shape[0]:  # left group units -> left transit units of their group; and idle
            grp = net.lgroup[0][l_owner[lt_idx]]  # type: ignore[index]
            unit, k = _expand(lg_cap[grp])
            arcs(lg_start[grp][unit] + k, col_lt[lt_idx][unit], 1.0)
            arcs(row_lu[lt_idx], col_lt[lt_idx], 0.0)
        direct = np.flatnonzero(live & ~gadget)
        if direct.shape[0]:  # every unit of the left end to every unit of the right end
            e, k = _expand(nl_[direct] * nr_[direct])
            e = direct[e]
            lu = l_start[net.left[e]] + k // nr_[e]
            ru = r_start[net.right[e]] + k % nr_[e]
            arcs(row_lu[lu], col_ru[ru], ru_layer[ru] - lu_layer[lu] + ecost[e], e)
        if n_gad:  # a through node per edge: the edge is used at most once
            g_idx, k = _expand(nl_[gad_edges])
            lu = l_start[net.left[gad_edges[g_idx]]] + k
            arcs(row_lu[lu], col_gad0 + g_idx, 2.0 - lu_layer[lu])
            g_idx, k = _expand(nr_[gad_edges])
            e = gad_edges[g_idx]
            ru = r_start[net.right[e]] + k
            arcs(row_gad0 + g_idx, col_ru[ru], ru_layer[ru] - 2.0 + ecost[e], e)
            arcs(row_gad0 + np.arange(n_gad), col_gad0 + np.arange(n_gad), 0.0)
        if rt_idx.shape[0]:  # right transit units: idle, or on to the units of their group
            arcs(row_rt[rt_idx], col_ru[rt_idx], 0.0)
            grp = net.rgroup[0][r_owner[rt_idx]]  # type: ignore[index]
            unit, k = _expand(rg_cap[grp])
            arcs(row_rt[rt_idx][unit], col_rg0 + rg_start[grp][unit] + k, 1.0)
        if n_rows == 0:
            return np.zeros(n_edges, np.int64)
        row = np.concatenate(rows)
        col = np.concatenate(cols)
        cost = np.concatenate(costs) + 1.0  # scipy drops explicit zeros; every row pays the 1 once
        edge = np.concatenate(edge_of)
        # LAPJVsp augments row by row; through rows first settle on their idle arcs cheaply and
        # the entries' searches then run along short chains (2x faster with groups, measured)
        entry = np.zeros(n_rows, bool)
        entry[:n_lgu] = True
        entry[row_lu[~lu_transit]] = True
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

    # Direct arcs let an edge whose two ends both have several units be used twice. Through nodes
    # make the search slow, so they go only where needed: first to each left node's d + 1 best such
    # edges (where doubling tempts), then to every edge an optimum still used twice. A plan that is
    # optimal for such a relaxation and feasible for the real problem is optimal for it.
    multi = np.flatnonzero(live & (nl_ >= 2) & (nr_ >= 2))
    by_left = multi[np.lexsort((ecost[multi], net.left[multi]))]
    first = np.searchsorted(net.left[by_left], np.arange(net.n_left))
    rank = np.arange(by_left.shape[0]) - first[net.left[by_left]]
    gadget = np.zeros(n_edges, bool)
    gadget[by_left[rank <= nl_[by_left]]] = True
    for _ in range(_GADGET_ROUNDS):
        uses = solve(gadget)
        twice = uses > 1
        if not twice.any():
            return uses > 0
        gadget |= twice
    gadget[multi] = True
    return solve(gadget) > 0


def _trim(net: _Net) -> tuple[_Net, BoolArray]:
    """The same problem with units cut to degree, non-binding groups dropped and dead edges removed.

    Returns the trimmed net (on the live edges only) and the mask of live edges; every plan of
    the original is a plan of the trimmed one and back.
    """
    d_units = np.minimum(net.demand, np.bincount(net.left, minlength=net.n_left))
    c_units = np.minimum(net.capacity, np.bincount(net.right, minlength=net.n_right))
    l_bind, lg_cap, d_units = _binding(net.lgroup, d_units)
    r_bind, rg_cap, c_units = _binding(net.rgroup, c_units)
    live = (d_units[net.left] > 0) & (c_units[net.right] > 0)
    lgroup = None if net.lgroup is None else (np.where(l_bind, net.lgroup[0], -1), lg_cap)
    rgroup = None if net.rgroup is None else (np.where(r_bind, net.rgroup[0], -1), rg_cap)
    return _Net(net.n_left, net.n_right, net.left[live], net.right[live], d_units, c_units, lgroup, rgroup), live


def _entry_units(units: IntArray, group: tuple[IntArray, IntArray] | None) -> int:
    """Units that can enter (or leave) one side of a trimmed net: its groups' and its ungrouped nodes'."""
    if group is None:
        return int(units.sum())
    return int(group[1].sum() + units[group[0] < 0].sum())


def _ssp(net: _Net, ecost: FloatArray,
         first: IntArray | None = None) -> tuple[BoolArray, tuple[BoolArray, BoolArray, BoolArray, BoolArray]]:
    """Run the compiled solver on a trimmed net: the edges it uses, and its dead nodes.

    The dead nodes come as masks of the left nodes, right nodes, left groups and right groups,
    the arguments of ``_split_at_cut``.

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


def _flow_optimum(net: _Net, weight: FloatArray, first: IntArray | None = None) -> BoolArray:
    """Maximum coverage, then maximum weight, by the compiled successive-shortest-path solver.

    One pass of successive shortest paths gives a maximum flow, of least cost for the supply it
    sends, and the source side X of a minimum cut (the nodes the unsent supply can reach). When
    everything was sent the flow is optimal. Otherwise which units stay uncovered is still open:
    ``_split_at_cut`` fixes the edges leaving X and keeps the flow outside X (its supply is fixed
    there, and a least-cost flow has no negative cycle), while inside X, where the right side
    is full, a second pass routes the right side's units mirrored — every one of them reaches
    the sink, so no search there fails. ``first`` (ungrouped left nodes only) makes the first
    ``first[i]`` units of node i come before all others, through priced "uncovered" arcs.
    """
    n_edges = net.left.shape[0]
    chosen = np.zeros(n_edges, bool)
    tnet, live = _trim(net)
    if tnet.left.shape[0] == 0:
        return chosen
    spread = float(weight.max() - weight.min())
    ecost = ((weight.max() - weight) / spread if spread > 0 else np.zeros(n_edges))[live]
    # Searches are short when they start on the scarce side: most of them then find room at
    # once. So when the right side has fewer units than the left, solve the mirror image.
    if first is None and _entry_units(tnet.capacity, tnet.rgroup) < _entry_units(tnet.demand, tnet.lgroup):
        tnet = tnet.mirror()
    pick, dead = _ssp(tnet, ecost, first)
    if any(mask.any() for mask in dead):
        forced, ((outside, _), (inside, mirrored)) = _split_at_cut(tnet, *dead)
        pick = forced | (outside & pick)
        idx = np.flatnonzero(inside)
        if idx.shape[0]:
            sub, sub_live = _trim(mirrored.subset(inside))
            sub_pick, sub_dead = _ssp(sub, ecost[idx][sub_live])
            if any(mask.any() for mask in sub_dead):  # pragma: no cover - inside X every right unit is routed
                raise NetmatchError("internal error in max_coverage_assignment: the mirrored part is not full")
            pick[idx[np.flatnonzero(sub_live)[sub_pick]]] = True
    chosen[live] = pick
    return chosen


#: Problems from this many edges up say once that the compiled solver would be much faster.
_SLOW_FALLBACK_EDGES = 20_000


_WARNED: set[str] = set()


def _warn_fallback(n_edges: int) -> None:
    if "fallback" in _WARNED:  # once per process
        return
    _WARNED.add("fallback")
    warnings.warn(
        f"netmatch's compiled pairing solver is not built, so {n_edges:,} candidate edges are solved by the "
        "pure scipy fallback: the same optimum, about ten times slower. Reinstall netmatch where a C "
        "compiler is available (pip install --force-reinstall netmatch) to build it.",
        RuntimeWarning, stacklevel=3)


@functools.cache
def compiled_solver() -> bool:
    """Whether the compiled min-cost-flow solver (``method="flow"``) was built at install time.

    Examples
    --------
    >>> isinstance(compiled_solver(), bool)
    True
    """
    try:
        from netmatch._solvers import _flow  # noqa: F401
    except ImportError:
        return False
    return True


def _solve_lp(net: _Net, weight: FloatArray, coverage: int, time_limit: float | None) -> BoolArray | None:
    """Max weight subject to the b-matching constraints and ``sum(x) == coverage``, by HiGHS."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    n_edges = net.left.shape[0]
    if n_edges == 0:
        return np.zeros(0, bool)
    idx = np.arange(n_edges)
    ones = np.ones(n_edges)
    blocks = [sp.csr_array((ones, (net.left, idx)), shape=(net.n_left, n_edges))]
    rhs = [net.demand]
    if net.lgroup is not None:
        g, gcap = net.lgroup
        ge = g[net.left]
        keep = ge >= 0
        blocks.append(sp.csr_array((ones[keep], (ge[keep], idx[keep])), shape=(gcap.shape[0], n_edges)))
        rhs.append(gcap)
    blocks.append(sp.csr_array((ones, (net.right, idx)), shape=(net.n_right, n_edges)))
    rhs.append(net.capacity)
    if net.rgroup is not None:
        g, gcap = net.rgroup
        ge = g[net.right]
        keep = ge >= 0
        blocks.append(sp.csr_array((ones[keep], (ge[keep], idx[keep])), shape=(gcap.shape[0], n_edges)))
        rhs.append(gcap)
    a_ub = sp.vstack(blocks, format="csc")
    options: dict[str, Any] = {"presolve": False, "simplex_dual_edge_weight_strategy": "devex"}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    res = linprog(-weight, A_ub=a_ub, b_ub=np.concatenate(rhs).astype(np.float64),
                  A_eq=sp.csr_array(np.ones((1, n_edges))), b_eq=[float(coverage)],
                  bounds=(0.0, 1.0), method="highs-ds", options=options)
    if res.status == 1:
        return None
    if res.status != 0:  # pragma: no cover - the face {sum x = max coverage} is never empty
        raise NetmatchError(f"internal error in max_coverage_assignment: HiGHS says {res.message}")
    x: FloatArray = np.asarray(res.x, dtype=np.float64)
    off = float(np.abs(x - np.rint(x)).max())
    if off > INTEGRALITY_TOLERANCE:  # pragma: no cover - a basic solution of a TU system is integral
        raise NetmatchError(f"internal error in max_coverage_assignment: LP vertex is fractional by {off:g}")
    chosen: BoolArray = np.rint(x) > 0.5
    return chosen


def _bottleneck(net: _Net, values: FloatArray, target: int, *, largest: bool) -> float:
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
        if _max_flow(net.subset(keep)).value == target:
            lo = mid
        else:
            hi = mid - 1
    return float(levels[lo])


def max_coverage_assignment(
    left: ArrayLike,
    right: ArrayLike,
    weight: ArrayLike,
    left_demand: ArrayLike,
    right_capacity: ArrayLike,
    *,
    required: ArrayLike | None = None,
    right_group: ArrayLike | None = None,
    group_capacity: ArrayLike | None = None,
    left_group: ArrayLike | None = None,
    left_group_capacity: ArrayLike | None = None,
    left_first: ArrayLike | None = None,
    fairness: Fairness | None = None,
    cost: ArrayLike | None = None,
    method: Method = "auto",
    time_limit: float | None = None,
) -> Assignment:
    r"""Cover as much partner demand as possible, then with the best total score.

    Edge ``e`` joins left node ``left[e]`` (a partner school, or a (school, subject) demand) to right
    node ``right[e]`` (a leader school, or a (leader, subject) slot) with score ``weight[e]``.

    Parameters
    ----------
    left, right : array of int, shape (n_edges,)
        End points of the candidate edges. A (left, right) pair may appear only once.
    weight : array of float, shape (n_edges,)
        Finite scores; higher is better. Negative scores are allowed: coverage comes first, so a
        negative edge is still used when it is the only way to cover a demand unit — drop such
        edges beforehand if they are unacceptable.
    left_demand : array of int, shape (n_left,)
        How many partners each left node needs (usually 1).
    right_capacity : array of int, shape (n_right,)
        How many partners each right node can take.
    required : array of bool, shape (n_edges,), optional
        Edges that must be chosen (existing agreements).
    right_group, group_capacity : arrays of int, optional
        A second level on the right: ``right_group[j]`` is the group of right node ``j`` (``-1``
        for none) and ``group_capacity[g]`` caps the chosen edges of group ``g`` — e.g. the total
        capacity of a leader whose right nodes are its (leader, subject) slots.
    left_group, left_group_capacity : arrays of int, optional
        The same on the left — e.g. at most two leaders for a school whose left nodes are its
        (school, subject) demands.
    left_first : array of int, shape (n_left,), optional
        Units of each left node that come first: the objective becomes most of these covered,
        then most units in all, then the best weight — e.g. every school gets one leader before
        any school gets a second. Needs ``method="flow"`` (or ``"auto"`` with the compiled
        solver) and no ``left_group`` or ``fairness``; required edges count towards them.
    fairness : {"maxmin", "minmax_cost"}, optional
        After maximum coverage, first maximise the smallest weight among the chosen edges
        (``"maxmin"``) or minimise the largest ``cost`` (``"minmax_cost"``), then the total weight.
    cost : array of float, shape (n_edges,), optional
        Edge cost for ``fairness="minmax_cost"`` (e.g. distance in km); reported as ``max_cost``.
    method : {"auto", "flow", "matching", "lp"}
        ``"flow"``: successive shortest paths in netmatch's compiled extension, one pass for
        coverage and weight together; a few hundredths of a second for 100,000 edges.
        ``"matching"``: max flow, min cut, then sparse minimum-weight full bipartite matchings
        (scipy's LAPJVsp), in pure Python and scipy; about ten times slower. ``"lp"``: the totally
        unimodular LP by HiGHS dual simplex — the same optimum, slower still, but it honours
        ``time_limit``. ``"auto"`` (default) is ``"flow"`` when the extension was built at
        install time and ``"matching"`` otherwise (see :func:`compiled_solver`). All three are
        exact; among tied optima they may pick different plans.
    time_limit : float, optional
        Seconds for the HiGHS LP (``method="lp"`` only). On time-out the plan is a maximum
        coverage plan from the max flow, with ``status="time_limit"`` and ``gap=nan``.

    Returns
    -------
    Assignment

    Raises
    ------
    InvalidInputError
        Malformed arrays, a duplicated (left, right) pair, or ``fairness="minmax_cost"`` without
        ``cost``.
    InfeasibleError
        The required edges alone exceed a demand or a capacity; the message gives the numbers.

    Notes
    -----
    With :math:`x_e \in \{0, 1\}`, :math:`\delta(i)` the edges at node :math:`i` and :math:`\delta(G)`
    the edges at the nodes of group :math:`G`:

    .. math::

        \operatorname{lexmax}\ \Big(\sum_e x_e,\ \sum_e w_e x_e\Big) \quad\text{s.t.}\quad
        \sum_{e \in \delta(i)} x_e \le d_i,\ \sum_{e \in \delta(j)} x_e \le c_j,\
        \sum_{e \in \delta(G)} x_e \le C_G,\ x_e = 1 \ (e \text{ required}).

    Each side's node and group edge sets form a laminar family, and the incidence matrix of two
    laminar families is totally unimodular (Edmonds; Schrijver, *Combinatorial Optimization*,
    Thm. 41.11), so the LP relaxation has integral vertices. Fixing the required edges and then
    ``sum x = max coverage`` keeps us on faces of that polytope, so every vertex met is integral.
    It is a min-cost flow: source → left groups → left nodes → edges → right nodes → right groups
    → sink, and the plans of maximum coverage are exactly its maximum flows. The maximum coverage
    comes from an integer max flow (Dinic). ``method="matching"``: the nodes X reachable from the
    source in the residual graph form a minimum cut, which every maximum flow saturates (edges
    leaving X are in every optimal plan) and never crosses backwards (edges entering X are in
    none); inside X the right side is used to the full, outside X the left side, so each part is
    a minimum-weight *full* matching on unit copies of the nodes, solved by scipy's sparse
    Jonker–Volgenant (LAPJVsp) without any big-M weighting. Weights enter only as
    ``(w_max - w_e) / (w_max - w_min)``, so ties and scale cannot upset the order. The plan's
    coverage is checked against the max flow. ``method="lp"`` adds ``sum x = max coverage`` and
    maximises the weight with HiGHS (dual simplex, presolve off, Devex pricing: measured fastest),
    then rounds after checking every value is within 1e-6 of 0 or 1.

    A (school, subject) model works as follows: left nodes are (school, subject) demands, right
    nodes (leader, subject) slots with the leader as right group, edges only join equal subjects.
    A school then gets at most one leader per weak subject (demand 1), possibly different leaders
    for different subjects, and the same leader may serve it in several subjects — a cap on the
    number of subjects one leader serves one school would cross the two laminar families and
    break total unimodularity, so it is not offered.

    Fairness: ``"maxmin"`` finds the largest threshold t such that the edges with weight ≥ t still
    reach maximum coverage (binary search over distinct weights, one max flow per probe, capped by
    the smallest required weight), then maximises the weight on those edges. ``"minmax_cost"`` is
    the mirror image on ``cost``.

    Determinism: edges are solved in the canonical order sorted by (left, right), so the plan
    does not depend on the order of the edge list; among several optimal plans the one returned
    is the one the solver reaches from that order (scipy documents that this may differ between
    scipy versions). No perturbation is added, so ties never change the optimum.

    Examples
    --------
    Two partners, two leaders with one place each. Partner 0 prefers leader 0, but only
    partner 0 can use leader 1, so covering both partners wins over the best single score:

    >>> res = max_coverage_assignment(left=[0, 0, 1], right=[0, 1, 0], weight=[5.0, 1.0, 2.0],
    ...                               left_demand=[1, 1], right_capacity=[1, 1])
    >>> res.chosen.tolist(), res.covered, res.total_weight
    ([False, True, True], 2, 3.0)
    >>> max_coverage_assignment([0, 0, 1], [0, 1, 0], [5.0, 1.0, 2.0], [1, 1], [1, 1],
    ...                         fairness="maxmin").min_weight
    1.0
    """
    func = "max_coverage_assignment"
    lft = _int_vector(func, "left", left, what="left node indices")
    n_edges = lft.shape[0]
    demand = _int_vector(func, "left_demand", left_demand)
    capacity = _int_vector(func, "right_capacity", right_capacity)
    n_left, n_right = demand.shape[0], capacity.shape[0]
    lft = _int_vector(func, "left", lft, high=n_left, what=f"left node indices below {n_left}")
    rgt = _int_vector(func, "right", right, size=n_edges, high=n_right,
                      what=f"right node indices below {n_right}")
    w = _float_vector(func, "weight", weight, size=n_edges)
    req = np.zeros(n_edges, bool) if required is None else _bool_vector(func, "required", required,
                                                                        size=n_edges)
    rgroup = _groups(func, "right_group", "group_capacity", right_group, group_capacity, n_right)
    lgroup = _groups(func, "left_group", "left_group_capacity", left_group, left_group_capacity, n_left)
    if fairness not in (None, "maxmin", "minmax_cost"):
        raise _bad(func, "fairness", "None, 'maxmin' or 'minmax_cost'", repr(fairness))
    if method not in ("auto", "flow", "matching", "lp"):
        raise _bad(func, "method", "'auto', 'flow', 'matching' or 'lp'", repr(method))
    if method == "auto":
        method = "flow" if compiled_solver() else "matching"
        if method == "matching" and n_edges >= _SLOW_FALLBACK_EDGES:
            _warn_fallback(n_edges)
    elif method == "flow" and not compiled_solver():
        raise NetmatchError("method='flow' needs netmatch's compiled solver, which this installation lacks "
                            "(it is built at install time with a C compiler): reinstall netmatch where a "
                            "C compiler is available, or use method='matching' (same optimum, slower).")
    first = None if left_first is None else _int_vector(func, "left_first", left_first, size=n_left)
    if first is not None:
        if (first > demand).any():
            over = int(np.flatnonzero(first > demand)[0])
            raise _bad(func, "left_first", "at most left_demand for every node",
                       f"{first[over]} for left node {over} whose demand is {demand[over]}")
        for name, value in (("left_group", lgroup), ("fairness", fairness)):
            if value is not None:
                raise _bad(func, name, "None when left_first is given", repr(value) if name == "fairness"
                           else "a left_group array")
        if method != "flow":  # "auto" has become "flow" exactly when the compiled solver is built
            raise NetmatchError("left_first needs method='flow' and netmatch's compiled solver "
                                f"(method={method!r}, compiled solver built: {compiled_solver()}).")
    cst = None if cost is None else _float_vector(func, "cost", cost, size=n_edges)
    if fairness == "minmax_cost" and cst is None:
        raise _bad(func, "cost", "an array of edge costs when fairness='minmax_cost'", "None")
    if time_limit is not None and not (isinstance(time_limit, (int, float)) and time_limit > 0):
        raise _bad(func, "time_limit", "a positive number of seconds or None", repr(time_limit))

    # canonical order: the plan does not depend on how the edge list was ordered
    # one int64 key: timsort is linear on the usual input, already grouped by left node
    order = np.argsort(lft * max(n_right, 1) + rgt, kind="stable")
    sl, sr = lft[order], rgt[order]
    dup = (sl[1:] == sl[:-1]) & (sr[1:] == sr[:-1])
    if dup.any():
        k = int(np.flatnonzero(dup)[0])
        a, b = sorted((int(order[k]), int(order[k + 1])))
        raise InvalidInputError([
            f"The 'left' and 'right' parameters of {func} must list each (left, right) pair once. "
            f"Got edges {a} and {b} both joining left {sl[k]} to right {sr[k]} instead; merge them."
        ])
    sw, sreq = w[order], req[order]
    scost = None if cst is None else cst[order]

    # required edges use capacity first
    l_res = demand - np.bincount(sl[sreq], minlength=n_left)
    r_res = capacity - np.bincount(sr[sreq], minlength=n_right)
    problems: list[str] = []
    for i in np.flatnonzero(l_res < 0):
        problems.append(f"left node {i} has {demand[i] - l_res[i]} required edges but demand {demand[i]}")
    for j in np.flatnonzero(r_res < 0):
        problems.append(f"right node {j} has {capacity[j] - r_res[j]} required edges "
                        f"but capacity {capacity[j]}")
    lg_res = rg_res = None
    for side, grp, nodes in (("left", lgroup, sl), ("right", rgroup, sr)):
        if grp is None:
            continue
        g, gcap = grp
        ge = g[nodes[sreq]]
        used = np.bincount(ge[ge >= 0], minlength=gcap.shape[0])
        for h in np.flatnonzero(used > gcap):
            problems.append(f"{side} group {h} has {used[h]} required edges but group capacity {gcap[h]}")
        if side == "left":
            lg_res = (g, gcap - used)
        else:
            rg_res = (g, gcap - used)
    if problems:
        raise InfeasibleError("the required edges do not fit: " + "; ".join(problems))

    free = ~sreq
    # no node or group can use more edges than there are: capped, every count stays exact in int32
    n_free = int(free.sum())
    net = _Net(n_left, n_right, sl[free], sr[free], np.minimum(l_res, n_free), np.minimum(r_res, n_free),
               None if lg_res is None else (lg_res[0], np.minimum(lg_res[1], n_free)),
               None if rg_res is None else (rg_res[0], np.minimum(rg_res[1], n_free)))
    fw = sw[free]
    # the flow solver finds the maximum coverage itself; the others start from a max flow
    target = -1 if method == "flow" and fairness is None else _max_flow(net).value

    keep = np.ones(fw.shape[0], bool)
    if fairness == "maxmin" and target > 0:
        t = _bottleneck(net, fw, target, largest=True)
        if sreq.any():
            t = min(t, float(sw[sreq].min()))
        keep = fw >= t
    elif fairness == "minmax_cost" and target > 0:
        fc = scost[free]  # type: ignore[index]
        t = _bottleneck(net, fc, target, largest=False)
        if sreq.any():
            t = max(t, float(scost[sreq].max()))  # type: ignore[index]
        keep = fc <= t
    sub = net.subset(keep)

    status, gap = "optimal", 0.0
    if method == "flow":
        pick = _flow_optimum(sub, fw[keep], None if first is None else
                             np.maximum(first - np.bincount(sl[sreq], minlength=n_left), 0))
    elif method == "matching":
        pick = _lex_optimum(sub, fw[keep])
    else:
        lp_pick = _solve_lp(sub, fw[keep], target, time_limit)
        if lp_pick is None:
            status, gap = "time_limit", math.nan
            pick = _edge_flow(sub, _max_flow(sub))
        else:
            pick = lp_pick
    free_chosen = np.zeros(fw.shape[0], bool)
    free_chosen[np.flatnonzero(keep)[pick]] = True
    if target >= 0 and int(free_chosen.sum()) != target:  # pragma: no cover - guards the reduction's arithmetic
        raise NetmatchError(f"internal error in {func}: covered {int(free_chosen.sum())} units "
                            f"but the max flow is {target}")
    s_chosen = sreq.copy()
    s_chosen[np.flatnonzero(free)[free_chosen]] = True
    chosen = np.zeros(n_edges, bool)
    chosen[order] = s_chosen
    return _result(lft, rgt, w, cst, demand, capacity, chosen, status=status, gap=gap,
                   fairness=fairness, method=method, check=(req, rgroup, lgroup))


def _result(lft: IntArray, rgt: IntArray, w: FloatArray, cst: FloatArray | None, demand: IntArray,
            capacity: IntArray, chosen: BoolArray, *, status: str, gap: float, fairness: str | None,
            method: str, check: tuple[Any, Any, Any]) -> Assignment:
    req, rgroup, lgroup = check
    problems = check_assignment(lft, rgt, demand, capacity, chosen, required=req,
                                **_group_kwargs(rgroup, lgroup))
    if problems:  # pragma: no cover - every solver here builds feasible plans
        raise NetmatchError(f"internal error: the {method} plan violates " + "; ".join(problems))
    cw = w[chosen]
    return Assignment(
        chosen=_readonly(chosen),
        covered=int(chosen.sum()),
        demand=int(demand.sum()),
        total_weight=float(cw.sum()),
        left_load=_readonly(np.bincount(lft[chosen], minlength=demand.shape[0])),
        right_load=_readonly(np.bincount(rgt[chosen], minlength=capacity.shape[0])),
        min_weight=float(cw.min()) if cw.size else None,
        max_cost=float(cst[chosen].max()) if cst is not None and cw.size else None,
        status=status,
        gap=gap,
        fairness=fairness,
        method=method,
    )


def greedy_assignment(
    left: ArrayLike,
    right: ArrayLike,
    weight: ArrayLike,
    left_demand: ArrayLike,
    right_capacity: ArrayLike,
    *,
    required: ArrayLike | None = None,
    right_group: ArrayLike | None = None,
    group_capacity: ArrayLike | None = None,
    left_group: ArrayLike | None = None,
    left_group_capacity: ArrayLike | None = None,
) -> Assignment:
    """The baseline plan: take edges from the highest weight down while both ends have room.

    Parameters
    ----------
    left, right, weight, left_demand, right_capacity, required, right_group, group_capacity, \
left_group, left_group_capacity
        As in :func:`max_coverage_assignment`.

    Returns
    -------
    Assignment
        With ``status="heuristic"`` and ``gap=nan``.

    Raises
    ------
    InfeasibleError
        The required edges alone exceed a demand or a capacity.

    Notes
    -----
    Required edges are taken first; then the others by weight, highest first, equal weights in
    input order (a stable ``np.lexsort``), so the plan is deterministic. An edge is taken when its
    left node, its right node and their groups all have room left. Greedy is a 1/2-approximation
    of the maximum weight for plain matchings and has no coverage guarantee; it never violates a
    capacity. The visit is one sequential pass over the sorted edges (a Python loop, the only one
    over edges in this module: acceptable for a baseline, about 0.3 s per million edges).

    Examples
    --------
    >>> res = greedy_assignment([0, 0, 1], [0, 1, 0], [5.0, 1.0, 2.0], [1, 1], [1, 1])
    >>> res.chosen.tolist(), res.covered, res.total_weight
    ([True, False, False], 1, 5.0)
    """
    func = "greedy_assignment"
    lft = _int_vector(func, "left", left, what="left node indices")
    n_edges = lft.shape[0]
    demand = _int_vector(func, "left_demand", left_demand)
    capacity = _int_vector(func, "right_capacity", right_capacity)
    lft = _int_vector(func, "left", lft, high=demand.shape[0], what="left node indices")
    rgt = _int_vector(func, "right", right, size=n_edges, high=capacity.shape[0], what="right node indices")
    w = _float_vector(func, "weight", weight, size=n_edges)
    rgroup = _groups(func, "right_group", "group_capacity", right_group, group_capacity, capacity.shape[0])
    lgroup = _groups(func, "left_group", "left_group_capacity", left_group, left_group_capacity,
                     demand.shape[0])
    req = np.zeros(n_edges, bool) if required is None else _bool_vector(func, "required", required,
                                                                        size=n_edges)
    if req.any():
        problems = check_assignment(lft, rgt, demand, capacity, req, **_group_kwargs(rgroup, lgroup))
        if problems:
            raise InfeasibleError("the required edges do not fit: " + "; ".join(problems))
    order = np.lexsort((np.arange(n_edges), -w, ~req))
    l_room = demand.tolist()
    r_room = capacity.tolist()
    lg_of = [-1] * demand.shape[0] if lgroup is None else lgroup[0].tolist()
    rg_of = [-1] * capacity.shape[0] if rgroup is None else rgroup[0].tolist()
    lg_room = [] if lgroup is None else lgroup[1].tolist()
    rg_room = [] if rgroup is None else rgroup[1].tolist()
    chosen = np.zeros(n_edges, bool)
    taken: list[int] = []
    for e, i, j in zip(order.tolist(), lft[order].tolist(), rgt[order].tolist(), strict=True):
        gi, gj = lg_of[i], rg_of[j]
        if l_room[i] <= 0 or r_room[j] <= 0:
            continue
        if (gi >= 0 and lg_room[gi] <= 0) or (gj >= 0 and rg_room[gj] <= 0):
            continue
        l_room[i] -= 1
        r_room[j] -= 1
        if gi >= 0:
            lg_room[gi] -= 1
        if gj >= 0:
            rg_room[gj] -= 1
        taken.append(e)
    chosen[taken] = True
    return _result(lft, rgt, w, None, demand, capacity, chosen, status="heuristic", gap=math.nan,
                   fairness=None, method="greedy", check=(req, rgroup, lgroup))


# --------------------------------------------------------------------------------------------
# generalised assignment


def _matrix(func: str, name: str, value: ArrayLike, shape: tuple[int, int] | None) -> FloatArray:
    arr = np.asarray(value)
    if arr.ndim != 2:
        raise _bad(func, name, "a two-dimensional (agents × jobs) array", f"an array of shape {arr.shape}")
    if shape is not None and arr.shape != shape:
        raise _bad(func, name, f"an array of shape {shape} like 'cost'", f"shape {arr.shape}")
    try:
        return arr.astype(np.float64)
    except (TypeError, ValueError):
        raise _bad(func, name, "an array of numbers", f"dtype {arr.dtype}") from None


def generalized_assignment(
    cost: ArrayLike,
    load: ArrayLike,
    capacity: ArrayLike,
    *,
    maximize: bool = False,
    allow_unassigned: bool = False,
    coverage_first: bool = True,
    time_limit: float = 60.0,
    mip_rel_gap: float = 0.0,
    mask: ArrayLike | None = None,
) -> GapResult:
    r"""Assign jobs (partner schools) to agents (leaders) within each agent's load budget.

    Parameters
    ----------
    cost : array of float, shape (n_agents, n_jobs)
        Cost (or profit, with ``maximize=True``) of giving job ``j`` to agent ``i``. OR-Library
        layout: agents are rows.
    load : array of float, shape (n_agents, n_jobs)
        Non-negative load (e.g. mentor hours per week) job ``j`` puts on agent ``i``.
    capacity : array of float, shape (n_agents,)
        Load budget of each agent.
    maximize : bool
        Maximise the total instead of minimising it.
    allow_unassigned : bool
        Let jobs stay unassigned (an unassigned job adds nothing to the objective).
    coverage_first : bool
        With ``allow_unassigned``: first maximise the number of assigned jobs, then optimise the
        objective. Ignored otherwise.
    time_limit : float
        Seconds for HiGHS. On time-out the best plan found is returned with its proven gap.
    mip_rel_gap : float
        Relative gap at which HiGHS may stop; 0 (the default) asks for a proven optimum.
    mask : array of bool, shape (n_agents, n_jobs), optional
        Allowed pairs (a sparse candidate graph); entries of ``cost`` and ``load`` outside the
        mask are ignored and may be ``nan``.

    Returns
    -------
    GapResult

    Raises
    ------
    InvalidInputError
        Malformed arrays or parameters.
    InfeasibleError
        Without ``allow_unassigned``: a job fits no allowed agent, the jobs' smallest loads exceed
        the total capacity, or HiGHS proves there is no plan. The message gives the numbers.
    NetmatchError
        Without ``allow_unassigned``: no plan found within ``time_limit`` (nothing is proven
        infeasible; raise the limit or allow unassigned jobs).

    Notes
    -----
    With :math:`x_{ij} \in \{0,1\}` over the allowed pairs with :math:`a_{ij} \le b_i`:

    .. math::

        \min\ \sum_{ij} c_{ij} x_{ij} \quad\text{s.t.}\quad \sum_i x_{ij} = 1 \ (\le 1 \text{ with }
        \texttt{allow\_unassigned}),\qquad \sum_j a_{ij} x_{ij} \le b_i,

    solved as a MILP by HiGHS (``scipy.optimize.milp``, presolve on: it helps the branch and
    bound). ``maximize`` negates the costs. With ``allow_unassigned`` and ``coverage_first``
    the objective becomes :math:`\sum (c_{ij} - M) x_{ij}` with :math:`M = U - L + 1`, where
    :math:`U` (:math:`L`) sums each job's largest positive (smallest negative) cost: one more
    assigned job lowers the objective by at least :math:`M - (U - L) = 1` more than any change in
    cost can raise it, so the optimum is lexicographic (most jobs, then best cost). The proven
    bound :math:`B` of HiGHS is split back: at most :math:`\lfloor (U - B) / M \rfloor` jobs can
    be assigned, and when that equals the plan's count :math:`k`, :math:`B + Mk` bounds its cost.

    Examples
    --------
    Two leaders with 10 mentor hours each; three schools:

    >>> res = generalized_assignment(cost=[[4, 2, 5], [3, 6, 1]], load=[[6, 5, 4], [5, 4, 7]],
    ...                              capacity=[10, 10])
    >>> res.assignment.tolist(), res.objective, res.status
    ([1, 0, 0], 10.0, 'optimal')
    """
    func = "generalized_assignment"
    t_start = time.perf_counter()
    c = _matrix(func, "cost", cost, None)
    m, n = c.shape
    a = _matrix(func, "load", load, (m, n))
    b = _float_vector(func, "capacity", capacity, size=m) if m else np.zeros(0)
    if np.asarray(capacity).shape != (m,):
        raise _bad(func, "capacity", f"an array of length {m} (one budget per agent)",
                   f"shape {np.asarray(capacity).shape}")
    if (b < 0).any():
        raise _bad(func, "capacity", "an array of non-negative numbers", _first_bad(b, b < 0))
    if mask is None:
        allowed = np.ones((m, n), bool)
    else:
        allowed = np.asarray(mask)
        if allowed.shape != (m, n) or allowed.dtype != bool:
            raise _bad(func, "mask", f"a boolean array of shape {(m, n)}",
                       f"dtype {allowed.dtype} and shape {allowed.shape}")
    for name, arr in (("cost", c), ("load", a)):
        bad = allowed & ~np.isfinite(arr)
        if bad.any():
            i, j = (int(v[0]) for v in np.nonzero(bad))
            raise _bad(func, name, "finite on every allowed pair",
                       f"{arr[i, j].item()!r} at agent {i}, job {j}")
    if (allowed & (a < 0)).any():
        i, j = (int(v[0]) for v in np.nonzero(allowed & (a < 0)))
        raise _bad(func, "load", "non-negative", f"{a[i, j].item()!r} at agent {i}, job {j}")
    if not (isinstance(time_limit, (int, float)) and time_limit > 0):
        raise _bad(func, "time_limit", "a positive number of seconds", repr(time_limit))
    if not (isinstance(mip_rel_gap, (int, float)) and 0 <= mip_rel_gap < 1):
        raise _bad(func, "mip_rel_gap", "a number from 0 (proven optimum) to below 1", repr(mip_rel_gap))

    fits = allowed & (a <= b[:, None])
    if not allow_unassigned:
        _gap_precheck(a, b, allowed, fits)

    agent, job = np.nonzero(fits)  # agent-major order: deterministic variable order
    n_var = agent.shape[0]
    sign = -1.0 if maximize else 1.0
    obj = sign * c[agent, job]
    lexicographic = allow_unassigned and coverage_first
    big_m = upper = 0.0
    if lexicographic and n_var:
        hi = np.zeros(n)
        lo = np.zeros(n)
        np.maximum.at(hi, job, obj)
        np.minimum.at(lo, job, obj)
        upper, lower = float(hi.sum()), float(lo.sum())
        big_m = upper - lower + 1.0
        obj = obj - big_m

    assignment = np.full(n, -1, np.int64)
    status = "optimal"
    if n_var == 0:
        # nothing can be assigned: only reachable with allow_unassigned (or n == 0)
        dual = 0.0
    else:
        import scipy.sparse as sp
        from scipy.optimize import Bounds, LinearConstraint, milp

        idx = np.arange(n_var)
        a_job = sp.csr_array((np.ones(n_var), (job, idx)), shape=(n, n_var))
        a_agent = sp.csr_array((a[agent, job], (agent, idx)), shape=(m, n_var))
        constraints = [
            LinearConstraint(a_job, 0.0 if allow_unassigned else 1.0, 1.0),
            LinearConstraint(a_agent, -np.inf, b),
        ]
        res = milp(obj, integrality=np.ones(n_var), bounds=Bounds(0.0, 1.0), constraints=constraints,
                   options={"time_limit": float(time_limit), "mip_rel_gap": float(mip_rel_gap),
                            "presolve": True, "disp": False})
        if res.status == 2:
            raise InfeasibleError(
                f"no plan assigns all {n} jobs within the agents' capacities (proven by HiGHS; the "
                f"simple checks on single jobs and on total load passed). Pass allow_unassigned=True "
                f"to assign as many as fit.")
        if res.status not in (0, 1):  # pragma: no cover - unbounded cannot happen with 0/1 bounds
            raise NetmatchError(f"HiGHS failed on {func}: {res.message}")
        if res.status == 1:
            status = "time_limit"
        dual = float(getattr(res, "mip_dual_bound", math.nan))
        if res.x is None:
            if not allow_unassigned:
                raise NetmatchError(
                    f"no plan found within time_limit={time_limit} s for {n} jobs and {m} agents (not "
                    f"proven infeasible; best bound {sign * dual:g}). Raise time_limit or pass "
                    f"allow_unassigned=True.")
            # with allow_unassigned the empty plan is feasible: it stands when HiGHS found nothing
        else:
            pick = np.asarray(res.x) > 0.5
            assignment[job[pick]] = agent[pick]
    seconds = time.perf_counter() - t_start

    assigned = assignment >= 0
    n_assigned = int(assigned.sum())
    objective = float(c[assignment[assigned], np.flatnonzero(assigned)].sum())
    load_used = np.zeros(m)
    np.add.at(load_used, assignment[assigned], a[assignment[assigned], np.flatnonzero(assigned)])
    over = load_used > b + 1e-6 * np.maximum(1.0, b)
    if over.any():  # pragma: no cover - HiGHS feasibility tolerance is far below this
        i = int(np.flatnonzero(over)[0])
        raise NetmatchError(f"internal error in {func}: agent {i} carries {load_used[i]} > {b[i]}")

    assigned_bound: int | None
    if status == "optimal" and n_var == 0:
        bound_min = sign * objective
        assigned_bound = 0 if allow_unassigned else n
    elif lexicographic:
        assigned_bound = min(n, math.floor((upper - dual) / big_m + 1e-9)) if math.isfinite(dual) else n
        bound_min = dual + big_m * n_assigned if assigned_bound <= n_assigned else math.nan
    else:
        assigned_bound = None if allow_unassigned else n
        bound_min = dual
    bound = sign * bound_min if math.isfinite(bound_min) else math.nan
    gap = abs(objective - bound) / max(1.0, abs(objective)) if math.isfinite(bound) else math.inf
    if status == "optimal" and gap <= 1e-6:
        # HiGHS stops once |primal - dual| is within its tolerance; the plan is the proven optimum
        bound, gap = objective, 0.0
    return GapResult(
        assignment=_readonly(assignment),
        objective=objective,
        bound=bound,
        gap=gap,
        status=status,
        seconds=seconds,
        n_assigned=n_assigned,
        assigned_bound=assigned_bound,
        load_used=_readonly(load_used),
    )


def _gap_precheck(a: FloatArray, b: FloatArray, allowed: BoolArray, fits: BoolArray) -> None:
    """Obvious infeasibility, found before solving, with the numbers."""
    m, n = a.shape
    if n == 0:
        return
    if m == 0:
        raise InfeasibleError(f"there are {n} jobs but no agent to take them")
    homeless = np.flatnonzero(~fits.any(axis=0))
    if homeless.shape[0]:
        parts = []
        for j in homeless[:5]:
            agents = np.flatnonzero(allowed[:, j])
            if agents.shape[0] == 0:
                parts.append(f"job {j} has no allowed agent")
            else:
                parts.append(f"job {j} needs at least {a[agents, j].min():g} load units but the largest "
                             f"capacity among its {agents.shape[0]} allowed agents is {b[agents].max():g}")
        more = f" (and {homeless.shape[0] - 5} more jobs)" if homeless.shape[0] > 5 else ""
        raise InfeasibleError("; ".join(parts) + more
                              + ". Pass allow_unassigned=True to leave such jobs out.")
    need = float(np.where(fits, a, np.inf).min(axis=0).sum())
    have = float(b.sum())
    if need > have:
        raise InfeasibleError(f"the jobs need at least {need:g} load units in total (each at its lightest "
                              f"agent) but the agents have {have:g}. Pass allow_unassigned=True to assign "
                              f"as many as fit.")


# --------------------------------------------------------------------------------------------
# stable pairing


def _prefs(func: str, name: str, prefs: Sequence[Sequence[int]], n_other: int, other: str) -> list[list[int]]:
    out: list[list[int]] = []
    for k, lst in enumerate(prefs):
        row = [int(v) for v in lst]
        bad = [v for v in row if not 0 <= v < n_other]
        if bad:
            raise _bad(func, name, f"lists of {other} indices from 0 to {n_other - 1}",
                       f"{bad[0]} in list {k}")
        if len(set(row)) != len(row):
            raise _bad(func, name, "lists without repeats (strict preferences)", f"a repeat in list {k}")
        out.append(row)
    return out


def _stable_input(func: str, school_prefs: Sequence[Sequence[int]], leader_prefs: Sequence[Sequence[int]],
                  capacity: ArrayLike) -> tuple[list[list[int]], list[list[int]], list[int]]:
    cap = _int_vector(func, "capacity", capacity)
    n_leaders = cap.shape[0]
    if len(leader_prefs) != n_leaders:
        raise _bad(func, "leader_prefs", f"one list per leader ({n_leaders}, the length of 'capacity')",
                   f"{len(leader_prefs)} lists")
    s = _prefs(func, "school_prefs", school_prefs, n_leaders, "leader")
    ell = _prefs(func, "leader_prefs", leader_prefs, len(s), "school")
    return s, ell, cap.tolist()


def deferred_acceptance(
    school_prefs: Sequence[Sequence[int]],
    leader_prefs: Sequence[Sequence[int]],
    capacity: ArrayLike,
    *,
    proposing: Literal["school", "leader"] = "school",
) -> IntArray:
    """Stable pairing of schools with leaders by deferred acceptance (Gale and Shapley, 1962).

    Parameters
    ----------
    school_prefs : sequence of sequences of int
        ``school_prefs[s]``: the leaders school ``s`` accepts, best first.
    leader_prefs : sequence of sequences of int
        ``leader_prefs[j]``: the schools leader ``j`` accepts, best first. A pair is acceptable only
        when each appears in the other's list.
    capacity : array of int, shape (n_leaders,)
        How many schools each leader can take; every school takes one leader.
    proposing : {"school", "leader"}
        ``"school"`` gives the school-optimal stable matching (every school gets its best partner
        over all stable matchings), ``"leader"`` the leader-optimal one.

    Returns
    -------
    ndarray of int, shape (n_schools,)
        The leader of each school, ``-1`` when unmatched.

    Notes
    -----
    The hospitals/residents (college admissions) problem with responsive preferences. Preferences
    must be strict; the pairing layer breaks ties deterministically before calling. Each leader
    keeps its accepted schools in a heap keyed by its rank of them and each player's ranks are a
    dictionary, so the run is O(L log c) for total list length L and largest capacity c. The stable
    matching for a given side is unique, so it does not depend on the order of proposals.

    Examples
    --------
    School 1 accepts only leader 0, who prefers the two other schools:

    >>> deferred_acceptance([[0, 1], [0], [0, 1]], [[2, 0, 1], [0, 2]], [1, 1]).tolist()
    [1, -1, 0]
    >>> deferred_acceptance([[0, 1], [0], [0, 1]], [[2, 0, 1], [0, 2]], [1, 1], proposing="leader").tolist()
    [1, -1, 0]
    """
    func = "deferred_acceptance"
    s_prefs, l_prefs, cap = _stable_input(func, school_prefs, leader_prefs, capacity)
    if proposing not in ("school", "leader"):
        raise _bad(func, "proposing", "'school' or 'leader'", repr(proposing))
    n_s = len(s_prefs)
    match = [-1] * n_s
    if proposing == "school":
        l_rank = [{s: r for r, s in enumerate(lst)} for lst in l_prefs]
        held: list[list[tuple[int, int]]] = [[] for _ in l_prefs]  # max-heap on rank: (-rank, school)
        nxt = [0] * n_s
        free = list(range(n_s - 1, -1, -1))
        while free:
            s = free.pop()
            prefs = s_prefs[s]
            while nxt[s] < len(prefs):
                j = prefs[nxt[s]]
                nxt[s] += 1
                r = l_rank[j].get(s)
                if r is None or cap[j] == 0:
                    continue
                heap = held[j]
                if len(heap) < cap[j]:
                    heapq.heappush(heap, (-r, s))
                    match[s] = j
                    break
                if r < -heap[0][0]:
                    _, worst = heapq.heapreplace(heap, (-r, s))
                    match[worst] = -1
                    free.append(worst)
                    match[s] = j
                    break
    else:
        s_rank = [{j: r for r, j in enumerate(lst)} for lst in s_prefs]
        count = [0] * len(l_prefs)
        nxt = [0] * len(l_prefs)
        queue = [j for j in range(len(l_prefs) - 1, -1, -1) if cap[j] > 0]
        queued = [cap[j] > 0 for j in range(len(l_prefs))]
        while queue:
            j = queue.pop()
            queued[j] = False
            prefs = l_prefs[j]
            while count[j] < cap[j] and nxt[j] < len(prefs):
                s = prefs[nxt[j]]
                nxt[j] += 1
                r = s_rank[s].get(j)
                if r is None:
                    continue
                cur = match[s]
                if cur == -1:
                    match[s] = j
                    count[j] += 1
                elif r < s_rank[s][cur]:
                    match[s] = j
                    count[j] += 1
                    count[cur] -= 1
                    if not queued[cur]:
                        queued[cur] = True
                        queue.append(cur)
    return np.array(match, dtype=np.int64)


def blocking_pairs(
    school_prefs: Sequence[Sequence[int]],
    leader_prefs: Sequence[Sequence[int]],
    capacity: ArrayLike,
    match: ArrayLike,
) -> list[tuple[int, int]]:
    """Every (school, leader) pair that would rather be together than keep its matching.

    Parameters
    ----------
    school_prefs, leader_prefs, capacity
        As in :func:`deferred_acceptance`.
    match : array of int, shape (n_schools,)
        The leader of each school, ``-1`` when unmatched.

    Returns
    -------
    list of (int, int)
        Pairs ``(s, j)``, mutually acceptable, where school ``s`` is unmatched or prefers ``j`` to
        its leader, and leader ``j`` has a free place or prefers ``s`` to its worst school. Ordered
        by school, then by the school's preference. Empty means ``match`` is stable.

    Raises
    ------
    InvalidInputError
        ``match`` pairs a school with a leader that is not mutually acceptable, or fills a leader
        beyond its capacity.

    Examples
    --------
    >>> blocking_pairs([[0, 1], [0], [0, 1]], [[2, 0, 1], [0, 2]], [1, 1], [0, -1, 1])
    [(2, 0)]
    """
    func = "blocking_pairs"
    s_prefs, l_prefs, cap = _stable_input(func, school_prefs, leader_prefs, capacity)
    n_s = len(s_prefs)
    mt = _int_vector(func, "match", match, size=None, low=-1, high=len(l_prefs),
                     what=f"leader indices below {len(l_prefs)} or -1").tolist()
    if len(mt) != n_s:
        raise _bad(func, "match", f"an array of length {n_s} (one entry per school)", f"length {len(mt)}")
    l_rank = [{s: r for r, s in enumerate(lst)} for lst in l_prefs]
    s_rank = [{j: r for r, j in enumerate(lst)} for lst in s_prefs]
    count = [0] * len(l_prefs)
    worst = [-1] * len(l_prefs)
    for s, j in enumerate(mt):
        if j < 0:
            continue
        if j not in s_rank[s] or s not in l_rank[j]:
            raise _bad(func, "match", "a matching of mutually acceptable pairs",
                       f"school {s} matched to leader {j}")
        count[j] += 1
        worst[j] = max(worst[j], l_rank[j][s])
    for j, k in enumerate(count):
        if k > cap[j]:
            raise _bad(func, "match", "within the leaders' capacities", f"{k} schools at leader {j} "
                       f"(capacity {cap[j]})")
    out: list[tuple[int, int]] = []
    for s, prefs in enumerate(s_prefs):
        stop = s_rank[s][mt[s]] if mt[s] >= 0 else len(prefs)
        for j in prefs[:stop]:
            r = l_rank[j].get(s)
            if r is not None and cap[j] > 0 and (count[j] < cap[j] or r < worst[j]):
                out.append((s, j))
    return out

