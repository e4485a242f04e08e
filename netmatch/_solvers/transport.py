r"""The lexicographic transportation problem on plain arrays: demands served by capacitated resources.

The sharing layer turns a registry into arcs ``(d, r)`` between demands and resources and calls
:func:`lexicographic_lp` (a demand may be split between hosts) or :func:`lexicographic_milp`
(each demand has at most one host). Arrays in, arrays out: no registry, no pandas, no files.

The model
---------
With ``x_a ≥ 0`` units (group-hours a week) on each arc ``a = (d_a, r_a)``, demand ``q_d`` and
capacity ``c_r``::

    sum over arcs of d   x_a <= q_d        (every demand d)
    sum over arcs of r   x_a <= c_r        (every resource r)

:func:`lexicographic_lp` maximises ``Σ w_a x_a`` (weights 1 and 3 put priority demand first;
exact for a transportation problem: an augmenting path changes a priority and a total amount by
at most one unit each), then minimises ``Σ κ_a x_a`` over the optimal face of the first level,
cut out by complementary slackness (arcs with a positive reduced cost fixed at zero, rows with a
non-zero dual held tight), so no big-M weights are involved. Both levels are solved by HiGHS'
dual simplex (``scipy.optimize.linprog(method="highs-ds")``) on a sparse matrix. The matrix is
totally unimodular, so the flows are whole whenever ``q`` and ``c`` are.

:func:`lexicographic_milp` adds binaries ``y_dh`` choosing at most one host ``h`` per demand
(``x_a ≤ q_d y_{d, h_a}``, ``Σ_h y_dh ≤ 1``; only demands with two or more hosts need them) and
solves the levels — priority units served (when some but not all arcs are priority), units
served, cost — in turn as MILPs (:func:`scipy.optimize.milp`) under one time limit, each level
holding the values of the earlier ones. On a time-out the best plan found is kept with its proven
relative gap; when the first level runs out before HiGHS has a plan (or with a worse one), the
greedy plan of :func:`one_host_greedy` stands in, so a plan comes back however short the limit.

>>> x, notes = lexicographic_lp(np.array([0, 1]), np.array([0, 0]), np.array([2.0, 2.0]), np.array([3.0]),
...                             np.array([3.0, 1.0]), np.array([1.0, 1.0]))
>>> x.tolist(), notes
([2.0, 1.0], [])
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from netmatch.exceptions import NetmatchError

__all__ = [
    "DUAL_TOL",
    "FLOW_TOL",
    "LEVEL_TOL",
    "MilpOutcome",
    "amount_slack",
    "clean_flows",
    "lexicographic_lp",
    "lexicographic_milp",
    "one_host_greedy",
    "transport_matrix",
]

#: Reduced costs and duals closer to zero than this are zero (the LP data are small integers).
DUAL_TOL = 1e-7
#: How far a later level may move an earlier level's value, relative (HiGHS' tolerances are 1e-7).
LEVEL_TOL = 1e-9
#: Flows below this many units are rounding noise.
FLOW_TOL = 1e-9


def amount_slack(x: np.ndarray | float) -> Any:
    """Tolerance for comparing amounts of size ``x`` (relative 1e-6, at least 1e-6).

    >>> float(amount_slack(10.0))
    1e-05
    """
    return 1e-6 * np.maximum(1.0, np.abs(x))


def transport_matrix(arc_d: np.ndarray, arc_r: np.ndarray) -> tuple[Any, np.ndarray, np.ndarray]:
    """The constraint matrix (a demand row per demand, then a row per resource the arcs touch).

    Returns the sparse matrix and the demands and resources of its rows.

    >>> a, ud, ur = transport_matrix(np.array([0, 0, 2]), np.array([1, 3, 1]))
    >>> a.toarray().tolist(), ud.tolist(), ur.tolist()
    ([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]], [0, 2], [1, 3])
    """
    import scipy.sparse as sp

    ud, di = np.unique(arc_d, return_inverse=True)
    ur, ri = np.unique(arc_r, return_inverse=True)
    m = len(arc_d)
    cols = np.arange(m)
    a = sp.csc_array((np.ones(2 * m), (np.r_[di, len(ud) + ri], np.r_[cols, cols])),
                     shape=(len(ud) + len(ur), m))
    return a, ud, ur


def lexicographic_lp(arc_d: np.ndarray, arc_r: np.ndarray, q: np.ndarray, cap: np.ndarray, weight: np.ndarray,
                     cost: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Max ``weight @ x``, then min ``cost @ x`` on the optimal face; the flows and notes.

    Parameters
    ----------
    arc_d, arc_r : int arrays
        Demand and resource of each arc.
    q, cap : float arrays
        Demand amounts and resource capacities (indexed by ``arc_d`` and ``arc_r``).
    weight, cost : float arrays
        Per arc: the first level's weight, the second level's cost.

    Returns
    -------
    x : float array
        The flow on each arc.
    notes : list of str
        Non-empty when the second level could not be solved (the first level's plan is kept).

    Examples
    --------
    >>> lexicographic_lp(np.array([0]), np.array([0]), np.array([1.0]), np.array([5.0]), np.ones(1), np.ones(1))
    (array([1.]), [])
    """
    from scipy.optimize import linprog

    m = len(arc_d)
    notes: list[str] = []
    if m == 0:
        return np.zeros(0), notes
    a, ud, ur = transport_matrix(arc_d, arc_r)
    b = np.r_[q[ud], cap[ur]]
    first = linprog(-weight, A_ub=a, b_ub=b, bounds=(0, None), method="highs-ds")
    if first.status != 0:  # pragma: no cover - bounded and feasible (x = 0) by construction
        raise NetmatchError(f"HiGHS failed on the sharing LP: {first.message}")
    best = -float(first.fun)
    y = np.asarray(first.ineqlin.marginals, dtype=float)  # <= 0 for a minimisation with <= rows
    reduced = -weight - a.T @ y
    keep = reduced <= DUAL_TOL
    tight = y < -DUAL_TOL
    x = np.zeros(m)
    if keep.any():
        sub = a[:, keep]
        sub_ub, sub_eq = sub[~tight, :], sub[tight, :]
        second = linprog(cost[keep], A_ub=sub_ub if sub_ub.shape[0] else None,
                         b_ub=b[~tight] if sub_ub.shape[0] else None, A_eq=sub_eq if sub_eq.shape[0] else None,
                         b_eq=b[tight] if sub_eq.shape[0] else None, bounds=(0, None), method="highs-ds")
        if second.status == 0:
            x[keep] = second.x
    if float(weight @ x) >= best - float(amount_slack(best)):
        return x, notes
    # numerically doubtful face: hold the weighted served amount with one dense row instead
    import scipy.sparse as sp

    rows = sp.vstack([a, sp.csc_array(-weight.reshape(1, -1))], format="csc")
    third = linprog(cost, A_ub=rows, b_ub=np.r_[b, -(best - LEVEL_TOL * max(1.0, best))], bounds=(0, None),
                    method="highs-ds")
    if third.status == 0:
        return np.asarray(third.x, dtype=float), notes
    notes.append(f"travel time was not minimised (HiGHS: {third.message}); the served demand is optimal")
    return np.asarray(first.x, dtype=float), notes


@dataclass(frozen=True)
class MilpOutcome:
    """The plan of :func:`lexicographic_milp`: flows, ``"optimal"`` or ``"time_limit"``, proven gap, notes."""

    x: np.ndarray
    status: str
    gap: float
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Model:
    """The MILP's constraints shared by every level."""

    base: Any  # LinearConstraint
    integrality: np.ndarray
    bounds: Any  # Bounds
    n_y: int


def _one_host_model(arc_d: np.ndarray, arc_r: np.ndarray, arc_host: np.ndarray, q: np.ndarray,
                    cap: np.ndarray) -> _Model:
    """Transportation rows plus one binary per (demand, host) for demands with two or more hosts."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint

    m = len(arc_d)
    a, ud, ur = transport_matrix(arc_d, arc_r)
    b = np.r_[q[ud], cap[ur]]
    pair = arc_d * (int(arc_host.max()) + 1) + arc_host
    upair, pair_of = np.unique(pair, return_inverse=True)
    pair_d = upair // (int(arc_host.max()) + 1)
    hosts = np.bincount(pair_d, minlength=len(q))
    multi_pair = hosts[pair_d] >= 2
    y_of_pair = np.cumsum(multi_pair) - 1
    n_y = int(multi_pair.sum())
    arcs_y = np.flatnonzero(multi_pair[pair_of])
    n_var = m + n_y
    blocks = [sp.hstack([a, sp.csc_array((a.shape[0], n_y))], format="csc")]
    lower = [np.full(a.shape[0], -np.inf)]
    upper = [b]
    if n_y:
        k = len(arcs_y)
        link = sp.csc_array((np.r_[np.ones(k), -q[arc_d[arcs_y]]],
                             (np.r_[np.arange(k), np.arange(k)], np.r_[arcs_y, m + y_of_pair[pair_of[arcs_y]]])),
                            shape=(k, n_var))
        yd = pair_d[multi_pair]
        ud_y, row_y = np.unique(yd, return_inverse=True)
        one = sp.csc_array((np.ones(n_y), (row_y, m + np.arange(n_y))), shape=(len(ud_y), n_var))
        blocks += [link, one]
        lower += [np.full(k, -np.inf), np.full(len(ud_y), -np.inf)]
        upper += [np.zeros(k), np.ones(len(ud_y))]
    base = LinearConstraint(sp.vstack(blocks, format="csc"), np.concatenate(lower), np.concatenate(upper))
    return _Model(base, np.r_[np.zeros(m), np.ones(n_y)], Bounds(np.zeros(n_var), np.r_[q[arc_d], np.ones(n_y)]),
                  n_y)


def lexicographic_milp(arc_d: np.ndarray, arc_r: np.ndarray, arc_host: np.ndarray, q: np.ndarray, cap: np.ndarray,
                       prio: np.ndarray, cost: np.ndarray, *, priority: bool, time_limit: float,
                       mip_rel_gap: float) -> MilpOutcome:
    """No demand split between hosts: priority served, served, then cost, in turn under one time limit.

    Parameters
    ----------
    arc_d, arc_r, arc_host : int arrays
        Demand, resource and host of each arc.
    q, cap : float arrays
        Demand amounts and resource capacities.
    prio : bool array
        Per arc: whether its demand has priority (a level of its own when ``priority``).
    cost : float array
        Per arc: the cost of a unit.
    priority : bool
    time_limit : float
        Seconds for all levels together. When they run out, the plan in hand is returned with
        ``status="time_limit"``: HiGHS's best on the level being optimised, the previous level's
        plan, or — on the first level, when HiGHS has no plan yet or a worse one — the greedy
        plan of :func:`one_host_greedy`. Its gap is measured on that level against the bound
        HiGHS proved (``inf``, with "no bound yet" in the notes, when it proved none).
    mip_rel_gap : float
        Relative gap at which HiGHS may stop.

    Returns
    -------
    MilpOutcome

    Examples
    --------
    >>> out = lexicographic_milp(np.array([0, 0]), np.array([0, 1]), np.array([5, 6]), np.array([4.0]),
    ...                          np.array([2.0, 3.0]), np.zeros(2, bool), np.array([1.0, 2.0]),
    ...                          priority=True, time_limit=10, mip_rel_gap=0)
    >>> out.x.round(6).tolist(), out.status
    ([0.0, 3.0], 'optimal')
    """
    import scipy.sparse as sp
    from scipy.optimize import LinearConstraint, milp

    m = len(arc_d)
    if m == 0:
        return MilpOutcome(np.zeros(0), "optimal", 0.0, ())
    start = time.perf_counter()
    model = _one_host_model(arc_d, arc_r, arc_host, q, cap)
    n_y = model.n_y
    levels = _levels(prio, cost, priority=priority)
    extra: list[Any] = []
    x = np.zeros(m)
    gap = 0.0
    for name, c in levels:
        left = time_limit - (time.perf_counter() - start)
        res = milp(np.r_[c, np.zeros(n_y)], integrality=model.integrality, bounds=model.bounds,
                   constraints=[model.base, *extra],
                   options={"time_limit": max(left, 1e-3), "mip_rel_gap": mip_rel_gap, "presolve": True,
                            "disp": False})
        if res.status not in (0, 1):  # pragma: no cover - the plan of the previous level is feasible
            raise NetmatchError(f"HiGHS failed on the sharing MILP ({name}): {res.message}")
        if res.x is not None:
            x = np.asarray(res.x[:m], dtype=float)
        found = "the best plan found" if res.x is not None else "the plan of the previous level"
        if res.status == 1 and not extra:  # nothing to hold yet: the greedy plan is feasible here
            greedy = one_host_greedy(arc_d, arc_r, arc_host, q, cap, prio if priority else None, cost)
            x, found = _better(x if res.x is not None else None, found, greedy, c,
                               "ШНОР/ШНСУ first, " if priority and prio.any() else "")
        # the plan kept satisfies every level so far: its value on this level against the proven bound
        value = float(c @ x)
        bound = _dual_bound(res)
        level_gap = abs(value - bound) / max(1.0, abs(value)) if math.isfinite(bound) else math.inf
        if res.status == 1:
            return _timed_out(x, level_gap if gap == 0 else gap, level_gap, name, found, time_limit)
        if mip_rel_gap > 0 and gap == 0 and level_gap > 1e-6:
            gap = level_gap  # stopped within mip_rel_gap: the first level not proven exactly
        # hold this level's value for the next ones (a looser hold would be traded for travel)
        extra.append(LinearConstraint(sp.csc_array(np.r_[c, np.zeros(n_y)].reshape(1, -1)), -np.inf,
                                      value + LEVEL_TOL * max(1.0, abs(value))))
    return MilpOutcome(x, "optimal", gap, ())


def _levels(prio: np.ndarray, cost: np.ndarray, *, priority: bool) -> list[tuple[str, np.ndarray]]:
    """The levels in turn, each a name and costs to minimise: priority served (when it differs), served, travel."""
    m = len(cost)
    levels: list[tuple[str, np.ndarray]] = []
    if priority and prio.any() and not prio.all():
        levels.append(("served ШНОР/ШНСУ demand", -prio.astype(float)))
    return [*levels, ("served demand", -np.ones(m)), ("travel", cost.astype(float))]


def _timed_out(x: np.ndarray, gap: float, level_gap: float, name: str, found: str, time_limit: float) -> MilpOutcome:
    """The outcome when the time ran out while optimising level ``name``, with the notes that say so."""
    proven = (f"with a proven relative gap of {level_gap:.3g} on that level" if math.isfinite(level_gap)
              else "with no bound yet on that level (gap inf)")
    return MilpOutcome(x, "time_limit", gap, (
        f"time_limit={time_limit:g} s ran out while optimising {name}: {found} is kept, {proven}; "
        "later levels were not optimised",))


def _dual_bound(res: Any) -> float:
    """The bound HiGHS proved on a level; nan when none.

    ``mip_dual_bound`` is None without integer variables (HiGHS solved an LP: its optimum is the
    bound) or when HiGHS stopped before its first bound (in presolve, at a short time limit).
    """
    raw = getattr(res, "mip_dual_bound", None)
    if raw is None:
        raw = res.fun if res.status == 0 else math.nan
    return float(raw)


def _better(x: np.ndarray | None, found: str, greedy: np.ndarray, c: np.ndarray,
            first: str) -> tuple[np.ndarray, str]:
    """HiGHS's plan ``x`` or the greedy one, whichever is lower on ``c``, and its words for the notes."""
    if x is not None and not float(c @ greedy) < float(c @ x) - float(amount_slack(c @ x)):
        return x, found
    return greedy, f"the greedy plan (one host per demand, {first}the host with the most room)"


def one_host_greedy(arc_d: np.ndarray, arc_r: np.ndarray, arc_host: np.ndarray, q: np.ndarray, cap: np.ndarray,
                    prio: np.ndarray | None, cost: np.ndarray) -> np.ndarray:
    """A plan with one host per demand, fast: each demand in turn takes the host that can serve it most.

    Demands go in turn — priority ones first when ``prio`` (per arc: a demand with a priority arc
    is a priority demand) is given, then those with the fewest arcs, then by index; each takes
    the host whose resources with room can serve most of it (ties to the cheapest arc), filling
    that host's arcs cheapest first. It never exceeds a
    demand or a capacity and never splits a demand, so it is feasible for
    :func:`lexicographic_milp`; one pass in Python over the sorted arcs (about a second per
    million arcs).

    Examples
    --------
    Demand 0 (3 units) can use resource 0 at host 5 or resources 1 and 2 at host 6; host 6 has
    more room, so it takes all of demand 0 there, cheapest first:

    >>> one_host_greedy(np.array([0, 0, 0]), np.array([0, 1, 2]), np.array([5, 6, 6]), np.array([3.0]),
    ...                 np.array([2.0, 1.0, 4.0]), None, np.array([1.0, 2.0, 3.0])).tolist()
    [0.0, 1.0, 2.0]
    """
    n_arcs = len(arc_d)
    # per demand (any priority arc makes it a priority demand), so that a demand's arcs stay together
    later = np.zeros(n_arcs, bool)
    if prio is not None:
        later = (np.bincount(arc_d, weights=prio.astype(float), minlength=len(q)) == 0)[arc_d]
    n_arcs_of = np.bincount(arc_d, minlength=len(q))[arc_d]
    order = np.lexsort((np.arange(n_arcs), cost, arc_host, arc_d, n_arcs_of, later))
    room = cap.astype(float).tolist()
    want = q.astype(float).tolist()
    arc, d_of, r_of = order.tolist(), arc_d[order].tolist(), arc_r[order].tolist()
    h_of, c_of = arc_host[order].tolist(), cost[order].astype(float).tolist()
    flows = [0.0] * n_arcs
    start = 0
    while start < n_arcs:  # one demand's arcs at a time: they are together, by host, cheapest first
        d = d_of[start]
        end = start
        while end < n_arcs and d_of[end] == d:
            end += 1
        best_host, best_amount, best_cost = -1, 0.0, math.inf
        k = start
        while k < end:
            h, at, amount = h_of[k], k, 0.0
            while k < end and h_of[k] == h:
                amount += room[r_of[k]]
                k += 1
            amount = min(amount, want[d])
            more = amount > best_amount + FLOW_TOL
            if more or (best_host >= 0 and amount >= best_amount - FLOW_TOL and c_of[at] < best_cost):
                best_host, best_amount, best_cost = h, amount, c_of[at]
        left = want[d]
        for k in range(start, end):
            take = min(left, room[r_of[k]]) if h_of[k] == best_host else 0.0
            if take > FLOW_TOL:
                flows[arc[k]] = take
                room[r_of[k]] -= take
                left -= take
        start = end
    return np.asarray(flows, dtype=float)


def clean_flows(x: np.ndarray, q: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Drop solver noise; whole units when the data are whole (the LP's vertices are then integral).

    >>> clean_flows(np.array([1e-12, 2.0000000001]), np.array([3.0]), np.array([4.0])).tolist()
    [0.0, 2.0]
    """
    x = np.where(x < FLOW_TOL, 0.0, x)
    whole = np.all(q == np.round(q)) and np.all(cap == np.round(cap))
    if whole and len(x) and np.max(np.abs(x - np.round(x))) < 1e-6:
        x = np.round(x)
    return x
