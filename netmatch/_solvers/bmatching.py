r"""Bipartite *b*-matching of maximum coverage: who of the leaders supports which partner school.

:func:`max_coverage_assignment` takes the partnership graph as an edge list — partner schools
(ШНОР, ШНСУ) or their (school, subject) demands on the left, leader schools or their (leader,
subject) slots on the right — with node capacities, optional laminar group capacities on both
sides and fixed (required) edges. With :math:`x_e \in \{0, 1\}`, :math:`\delta(i)` the edges at
node :math:`i` and :math:`\delta(G)` the edges at the nodes of group :math:`G`:

.. math::

    \operatorname{lexmax}\ \Big(\sum_e x_e,\ \sum_e w_e x_e\Big) \quad\text{s.t.}\quad
    \sum_{e \in \delta(i)} x_e \le d_i,\ \sum_{e \in \delta(j)} x_e \le c_j,\
    \sum_{e \in \delta(G)} x_e \le C_G,\ x_e = 1 \ (e \text{ required}),

first the number of covered demand units, then the total score; optionally a bottleneck
(fairness) threshold in between. The constraint matrix is totally unimodular, so the problem is
a min-cost flow (:mod:`netmatch._solvers._network`), solved exactly by one of three methods:

* ``"flow"`` — successive shortest paths in the compiled extension ``netmatch._solvers._flow``
  (built at install time; :func:`compiled_solver` says whether it was), :mod:`~netmatch._solvers._ssp`;
* ``"matching"`` — a max flow and its minimum cut split the problem into two sparse minimum-weight
  full bipartite matchings (scipy's LAPJVsp), :mod:`~netmatch._solvers._lapjv`; the fallback;
* ``"lp"`` — the LP relaxation by HiGHS, whose vertices are integral.

Same input, same output: edges are put in a canonical order before solving and every tie is
broken by a stated rule.
"""

from __future__ import annotations

import functools
import math
import os
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from netmatch._base.params import Checks, invalid
from netmatch._solvers._lapjv import lex_optimum
from netmatch._solvers._network import Net, bottleneck, edge_flow, max_flow
from netmatch._solvers._ssp import flow_optimum
from netmatch._solvers.arrays import (
    Assignment,
    assignment_result,
    bad,
    bool_vector,
    float_vector,
    groups,
    int_vector,
)
from netmatch.exceptions import InfeasibleError, InvalidInputError, NetmatchError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from netmatch._solvers.arrays import BoolArray, FloatArray, Groups, IntArray

__all__ = [
    "INTEGRALITY_TOLERANCE",
    "Fairness",
    "Method",
    "compiled_solver",
    "max_coverage_assignment",
    "missing_solver_advice",
]

#: How far a solver's 0/1 value may stray from an integer before we refuse to round it.
INTEGRALITY_TOLERANCE = 1e-6
#: Problems from this many edges up say once that the compiled solver would be much faster.
_SLOW_FALLBACK_EDGES = 20_000

Fairness = Literal["maxmin", "minmax_cost"]
Method = Literal["auto", "flow", "matching", "lp"]


# --------------------------------------------------------------------------------------------
# the compiled solver, and the LP


_WARNED: set[str] = set()


def _compiler() -> str | None:
    """The C compiler this Python would build extensions with, if one is on the PATH."""
    import shlex
    import shutil
    import sysconfig

    configured = shlex.split(sysconfig.get_config_var("CC") or "")
    for name in [*configured[:1], "cc", "gcc", "clang"]:
        if shutil.which(name):
            return name
    return None


def missing_solver_advice(package: str | None = None) -> str:
    """Why the compiled solver is missing here and what builds it: a source tree, an install, no compiler.

    >>> "compiled" in missing_solver_advice()
    True
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) if package is None else str(package)
    root = os.path.dirname(package)
    if all(os.path.isfile(os.path.join(root, f)) for f in ("setup.py", "pyproject.toml")):
        return (f"netmatch was imported from the source tree {package} (Python started in the repository folder "
                f"imports it before any installed copy), where the compiled solver netmatch/_solvers/_flow is not "
                f"built: build it in place with `pip install -e .` in {root}, or start Python outside that folder "
                "to use the installed netmatch.")
    cc = _compiler()
    if cc is not None:
        return (f"the compiled solver was not built when netmatch was installed, although a C compiler ({cc}) is "
                "here: reinstall netmatch (pip install --force-reinstall --no-cache-dir netmatch, or pip install -e "
                ". from a checkout) and read the build output.")
    return ("the compiled solver needs a C compiler at install time and none was found: install one (Debian: "
            "apt-get install build-essential), then reinstall netmatch.")


def _warn_fallback(n_edges: int) -> None:
    """Say once per process that the scipy fallback solves a big problem (warned at the caller's line)."""
    if "fallback" in _WARNED:  # once per process
        return
    _WARNED.add("fallback")
    warnings.warn(
        f"netmatch's compiled pairing solver is not available, so {n_edges:,} candidate edges are solved by the "
        f"pure scipy fallback: the same optimum, about ten times slower. Why: {missing_solver_advice()}",
        RuntimeWarning, stacklevel=4)  # _warn_fallback, _method, max_coverage_assignment


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


def _solve_lp(net: Net, weight: FloatArray, coverage: int, time_limit: float | None) -> BoolArray | None:
    """Max weight subject to the b-matching constraints and ``sum(x) == coverage``, by HiGHS."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    n_edges = net.left.shape[0]
    if n_edges == 0:
        return np.zeros(0, bool)
    idx = np.arange(n_edges)
    ones = np.ones(n_edges)
    blocks, rhs = [], []
    # one row per node and one per group, left side first: x(δ(i)) <= d_i, x(δ(G)) <= C_G
    for ends, n_nodes, bound, group in ((net.left, net.n_left, net.demand, net.lgroup),
                                        (net.right, net.n_right, net.capacity, net.rgroup)):
        blocks.append(sp.csr_array((ones, (ends, idx)), shape=(n_nodes, n_edges)))
        rhs.append(bound)
        if group is not None:
            g, gcap = group
            ge = g[ends]
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


# --------------------------------------------------------------------------------------------
# max coverage assignment: inputs, required edges, fairness, then one of the three methods


@dataclass(frozen=True)
class _Edges:
    """The validated arrays of one call, in the caller's edge order."""

    lft: IntArray
    rgt: IntArray
    w: FloatArray
    req: BoolArray
    demand: IntArray
    capacity: IntArray
    rgroup: Groups | None
    lgroup: Groups | None


def _edges(func: str, left: ArrayLike, right: ArrayLike, weight: ArrayLike, left_demand: ArrayLike,
           right_capacity: ArrayLike, required: ArrayLike | None, right_group: ArrayLike | None,
           group_capacity: ArrayLike | None, left_group: ArrayLike | None,
           left_group_capacity: ArrayLike | None) -> _Edges:
    lft = int_vector(func, "left", left, what="left node indices")
    n_edges = lft.shape[0]
    demand = int_vector(func, "left_demand", left_demand)
    capacity = int_vector(func, "right_capacity", right_capacity)
    n_left, n_right = demand.shape[0], capacity.shape[0]
    lft = int_vector(func, "left", lft, high=n_left, what=f"left node indices below {n_left}")
    rgt = int_vector(func, "right", right, size=n_edges, high=n_right,
                     what=f"right node indices below {n_right}")
    w = float_vector(func, "weight", weight, size=n_edges)
    req = np.zeros(n_edges, bool) if required is None else bool_vector(func, "required", required,
                                                                       size=n_edges)
    rgroup = groups(func, "right_group", "group_capacity", right_group, group_capacity, n_right)
    lgroup = groups(func, "left_group", "left_group_capacity", left_group, left_group_capacity, n_left)
    return _Edges(lft, rgt, w, req, demand, capacity, rgroup, lgroup)


def _method(func: str, fairness: object, method: object, n_edges: int) -> str:
    """The method that will run: ``"auto"`` resolved, ``"flow"`` refused without the compiled solver."""
    checks = Checks(func)
    if fairness not in (None, "maxmin", "minmax_cost"):
        checks.fail("fairness", "None, 'maxmin' or 'minmax_cost'", fairness)
    if method not in ("auto", "flow", "matching", "lp"):
        checks.fail("method", "'auto', 'flow', 'matching' or 'lp'", method)
    checks.done()
    if method == "auto":
        method = "flow" if compiled_solver() else "matching"
        if method == "matching" and n_edges >= _SLOW_FALLBACK_EDGES:
            _warn_fallback(n_edges)
    elif method == "flow" and not compiled_solver():
        raise NetmatchError("method='flow' needs netmatch's compiled solver, which is not available: "
                            f"{missing_solver_advice()} Or use method='matching' (same optimum, slower).")
    return str(method)


def _left_first(func: str, left_first: ArrayLike | None, edges: _Edges, fairness: Fairness | None,
                method: str) -> IntArray | None:
    """The validated ``left_first`` units, which need the flow method and no left groups or fairness."""
    if left_first is None:
        return None
    demand = edges.demand
    first = int_vector(func, "left_first", left_first, size=demand.shape[0])
    if (first > demand).any():
        over = int(np.flatnonzero(first > demand)[0])
        raise bad(func, "left_first", "at most left_demand for every node",
                  f"{first[over]} for left node {over} whose demand is {demand[over]}")
    if edges.lgroup is not None:
        raise bad(func, "left_group", "None when left_first is given", "a left_group array")
    if fairness is not None:
        raise invalid("fairness", func, "None when left_first is given", fairness)
    if method != "flow":  # "auto" has become "flow" exactly when the compiled solver is built
        raise NetmatchError("left_first needs method='flow' and netmatch's compiled solver "
                            f"(method={method!r}, compiled solver built: {compiled_solver()}).")
    return first


def _canonical_order(func: str, lft: IntArray, rgt: IntArray, n_right: int) -> IntArray:
    """Edges sorted by (left, right), so that the plan does not depend on the edge list's order.

    One int64 key: timsort is linear on the usual input, already grouped by left node.
    """
    order: IntArray = np.argsort(lft * max(n_right, 1) + rgt, kind="stable")
    sl, sr = lft[order], rgt[order]
    dup = (sl[1:] == sl[:-1]) & (sr[1:] == sr[:-1])
    if dup.any():
        k = int(np.flatnonzero(dup)[0])
        a, b = sorted((int(order[k]), int(order[k + 1])))
        # two parameters at once: the house template names one, so this one is worded here
        raise InvalidInputError([
            f"The 'left' and 'right' parameters of {func} must list each (left, right) pair once. "
            f"Got edges {a} and {b} both joining left {sl[k]} to right {sr[k]} instead; merge them."
        ])
    return order


def _free_net(edges: _Edges, sl: IntArray, sr: IntArray, sreq: BoolArray) -> Net:
    """The network of the free edges, after the required ones have used their capacity first."""
    demand, capacity = edges.demand, edges.capacity
    n_left, n_right = demand.shape[0], capacity.shape[0]
    l_res = demand - np.bincount(sl[sreq], minlength=n_left)
    r_res = capacity - np.bincount(sr[sreq], minlength=n_right)
    problems: list[str] = []
    for i in np.flatnonzero(l_res < 0):
        problems.append(f"left node {i} has {demand[i] - l_res[i]} required edges but demand {demand[i]}")
    for j in np.flatnonzero(r_res < 0):
        problems.append(f"right node {j} has {capacity[j] - r_res[j]} required edges "
                        f"but capacity {capacity[j]}")
    residual: dict[str, Groups | None] = {"left": None, "right": None}
    for side, grp, nodes in (("left", edges.lgroup, sl), ("right", edges.rgroup, sr)):
        if grp is None:
            continue
        g, gcap = grp
        ge = g[nodes[sreq]]
        used = np.bincount(ge[ge >= 0], minlength=gcap.shape[0])
        for h in np.flatnonzero(used > gcap):
            problems.append(f"{side} group {h} has {used[h]} required edges but group capacity {gcap[h]}")
        residual[side] = (g, gcap - used)
    if problems:
        raise InfeasibleError("the required edges do not fit: " + "; ".join(problems))
    free = ~sreq
    # no node or group can use more edges than there are: capped, every count stays exact in int32
    n_free = int(free.sum())
    lg_res, rg_res = residual["left"], residual["right"]
    return Net(n_left, n_right, sl[free], sr[free], np.minimum(l_res, n_free), np.minimum(r_res, n_free),
               None if lg_res is None else (lg_res[0], np.minimum(lg_res[1], n_free)),
               None if rg_res is None else (rg_res[0], np.minimum(rg_res[1], n_free)))


def _fair_keep(net: Net, sw: FloatArray, scost: FloatArray | None, sreq: BoolArray, fairness: Fairness | None,
               target: int) -> BoolArray:
    """The free edges on the good side of the fairness threshold (all of them without fairness).

    The threshold is the bottleneck of the free edges, relaxed so that every required edge
    passes it: ``"maxmin"`` on the weight, ``"minmax_cost"`` on the cost.
    """
    free = ~sreq
    if fairness is None or target <= 0:
        return np.ones(int(free.sum()), bool)
    largest = fairness == "maxmin"
    values: FloatArray = sw if largest else scost  # type: ignore[assignment]
    fv = values[free]
    t = bottleneck(net, fv, target, largest=largest)
    if sreq.any():
        t = min(t, float(values[sreq].min())) if largest else max(t, float(values[sreq].max()))
    keep: BoolArray = fv >= t if largest else fv <= t
    return keep


def _solve(method: str, sub: Net, weight: FloatArray, first: IntArray | None, target: int,
           time_limit: float | None) -> tuple[BoolArray, str, float]:
    """The chosen free edges by ``method``, the status and the gap."""
    if method == "flow":
        return flow_optimum(sub, weight, first), "optimal", 0.0
    if method == "matching":
        return lex_optimum(sub, weight), "optimal", 0.0
    lp_pick = _solve_lp(sub, weight, target, time_limit)
    if lp_pick is None:
        return edge_flow(sub, max_flow(sub)), "time_limit", math.nan
    return lp_pick, "optimal", 0.0


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
    edges = _edges(func, left, right, weight, left_demand, right_capacity, required, right_group,
                   group_capacity, left_group, left_group_capacity)
    n_edges, n_left = edges.lft.shape[0], edges.demand.shape[0]
    how = _method(func, fairness, method, n_edges)
    first = _left_first(func, left_first, edges, fairness, how)
    cst = None if cost is None else float_vector(func, "cost", cost, size=n_edges)
    if fairness == "minmax_cost" and cst is None:
        raise bad(func, "cost", "an array of edge costs when fairness='minmax_cost'", "None")
    if time_limit is not None and not (isinstance(time_limit, (int, float)) and time_limit > 0):
        raise invalid("time_limit", func, "a positive number of seconds or None", time_limit)

    order = _canonical_order(func, edges.lft, edges.rgt, edges.capacity.shape[0])
    sl, sr, sw, sreq = edges.lft[order], edges.rgt[order], edges.w[order], edges.req[order]
    net = _free_net(edges, sl, sr, sreq)  # required edges use capacity first
    free = ~sreq
    fw = sw[free]
    # the flow solver finds the maximum coverage itself; the others start from a max flow
    target = -1 if how == "flow" and fairness is None else max_flow(net).value
    keep = _fair_keep(net, sw, None if cst is None else cst[order], sreq, fairness, target)
    first_left = None if first is None else np.maximum(first - np.bincount(sl[sreq], minlength=n_left), 0)
    pick, status, gap = _solve(how, net.subset(keep), fw[keep], first_left, target, time_limit)

    free_chosen = np.zeros(fw.shape[0], bool)
    free_chosen[np.flatnonzero(keep)[pick]] = True
    if target >= 0 and int(free_chosen.sum()) != target:  # pragma: no cover - guards the reduction's arithmetic
        raise NetmatchError(f"internal error in {func}: covered {int(free_chosen.sum())} units "
                            f"but the max flow is {target}")
    s_chosen = sreq.copy()
    s_chosen[np.flatnonzero(free)[free_chosen]] = True
    chosen = np.zeros(n_edges, bool)
    chosen[order] = s_chosen
    return assignment_result(edges.lft, edges.rgt, edges.w, cst, edges.demand, edges.capacity, chosen,
                             status=status, gap=gap, fairness=fairness, method=how,
                             check=(edges.req, edges.rgroup, edges.lgroup))
