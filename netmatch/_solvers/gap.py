r"""The generalised assignment problem: leaders with a budget of mentor hours, schools that cost each a different load.

With :math:`x_{ij} \in \{0,1\}` over the allowed pairs (agent :math:`i`, job :math:`j`) with
:math:`a_{ij} \le b_i`:

.. math::

    \min\ \sum_{ij} c_{ij} x_{ij} \quad\text{s.t.}\quad \sum_i x_{ij} = 1 \ (\le 1 \text{ with }
    \texttt{allow\_unassigned}),\qquad \sum_j a_{ij} x_{ij} \le b_i,

solved exactly as a MILP by HiGHS (``scipy.optimize.milp``) with a time limit that keeps the
incumbent and reports the proven gap (:class:`~netmatch._solvers.arrays.GapResult`); when the
limit runs out before HiGHS has a plan (or with a worse one), a greedy start stands in.
Obvious infeasibility is caught before solving, with the numbers in the message.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from netmatch._base.params import Checks
from netmatch._base.util import readonly
from netmatch._solvers.arrays import GapResult, bad, first_bad, float_vector
from netmatch.exceptions import InfeasibleError, NetmatchError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from netmatch._solvers.arrays import BoolArray, FloatArray, IntArray

__all__ = ["generalized_assignment"]


def _matrix(func: str, name: str, value: ArrayLike, shape: tuple[int, int] | None) -> FloatArray:
    """``value`` as a float64 (agents × jobs) matrix, of ``shape`` when given."""
    arr = np.asarray(value)
    if arr.ndim != 2:
        raise bad(func, name, "a two-dimensional (agents × jobs) array", f"an array of shape {arr.shape}")
    if shape is not None and arr.shape != shape:
        raise bad(func, name, f"an array of shape {shape} like 'cost'", f"shape {arr.shape}")
    try:
        return arr.astype(np.float64)
    except (TypeError, ValueError):
        raise bad(func, name, "an array of numbers", f"dtype {arr.dtype}") from None


def _gap_inputs(func: str, cost: ArrayLike, load: ArrayLike, capacity: ArrayLike, mask: ArrayLike | None,
                time_limit: object, mip_rel_gap: object) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """The validated cost, load, capacity and allowed pairs."""
    c = _matrix(func, "cost", cost, None)
    m, n = c.shape
    a = _matrix(func, "load", load, (m, n))
    b = float_vector(func, "capacity", capacity, size=m) if m else np.zeros(0)
    if np.asarray(capacity).shape != (m,):
        raise bad(func, "capacity", f"an array of length {m} (one budget per agent)",
                  f"shape {np.asarray(capacity).shape}")
    if (b < 0).any():
        raise bad(func, "capacity", "an array of non-negative numbers", first_bad(b, b < 0))
    if mask is None:
        allowed = np.ones((m, n), bool)
    else:
        allowed = np.asarray(mask)
        if allowed.shape != (m, n) or allowed.dtype != bool:
            raise bad(func, "mask", f"a boolean array of shape {(m, n)}",
                      f"dtype {allowed.dtype} and shape {allowed.shape}")
    for name, arr in (("cost", c), ("load", a)):
        wrong = allowed & ~np.isfinite(arr)
        if wrong.any():
            i, j = (int(v[0]) for v in np.nonzero(wrong))
            raise bad(func, name, "finite on every allowed pair", f"{arr[i, j].item()!r} at agent {i}, job {j}")
    if (allowed & (a < 0)).any():
        i, j = (int(v[0]) for v in np.nonzero(allowed & (a < 0)))
        raise bad(func, "load", "non-negative", f"{a[i, j].item()!r} at agent {i}, job {j}")
    checks = Checks(func)
    if not (isinstance(time_limit, (int, float)) and time_limit > 0):
        checks.fail("time_limit", "a positive number of seconds", time_limit)
    if not (isinstance(mip_rel_gap, (int, float)) and 0 <= mip_rel_gap < 1):
        checks.fail("mip_rel_gap", "a number from 0 (proven optimum) to below 1", mip_rel_gap)
    checks.done()
    return c, a, b, allowed


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
        Seconds for HiGHS. On time-out the best plan in hand is returned with
        ``status="time_limit"`` and its proven gap: HiGHS's incumbent, or the greedy start when
        HiGHS has none yet (or a worse one), however short the limit.
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
        the total capacity, or HiGHS proves there is no plan; the message gives the numbers. Also
        when ``time_limit`` runs out before HiGHS or the greedy start has a plan assigning every
        job: the message then says that nothing is proven infeasible (raise the limit or allow
        unassigned jobs). With ``allow_unassigned`` a plan always exists and is returned.

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

    When the time runs out, a greedy start is built (first fit in three orders: the jobs that fit
    the fewest agents first, each to its best agent with room; the best pairs first; the pairs
    using the least of their agent's budget first) and kept when HiGHS has no plan or a worse
    one on the MILP's objective; the proven bound of HiGHS, when it has one, still gives the
    gap, else the gap is ``inf`` and ``notes`` say "no bound yet".

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
    c, a, b, allowed = _gap_inputs(func, cost, load, capacity, mask, time_limit, mip_rel_gap)
    m, n = c.shape
    fits = allowed & (a <= b[:, None])
    if not allow_unassigned:
        _gap_precheck(a, b, allowed, fits)

    agent, job = np.nonzero(fits)  # agent-major order: deterministic variable order
    sign = -1.0 if maximize else 1.0
    lexicographic = allow_unassigned and coverage_first
    obj = _objective(sign * c[agent, job], job, n, lexicographic)
    assignment = np.full(n, -1, np.int64)
    status, dual = "optimal", 0.0  # with no variable nothing can be assigned: allow_unassigned (or n == 0)
    notes: tuple[str, ...] = ()
    if agent.shape[0]:
        status, dual, pick = _solve_milp(func, obj, agent, job, a, b, n, allow_unassigned=allow_unassigned,
                                         time_limit=time_limit, mip_rel_gap=mip_rel_gap)
        if status == "time_limit":
            pick, notes = _best_in_hand(pick, obj, agent, job, a, b, n, allow_unassigned=allow_unassigned,
                                        time_limit=time_limit)
        if pick is None:
            raise InfeasibleError(
                f"no plan assigning all {n} jobs within the agents' capacities was found within "
                f"time_limit={time_limit:g} s, by HiGHS or the greedy start; nothing is proven infeasible "
                f"(best bound {_shown(sign * dual)}): raise time_limit or pass allow_unassigned=True.")
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
    assigned_bound, bound, gap = _proven(obj, status, dual, objective, n_assigned, n, sign=sign,
                                         allow_unassigned=allow_unassigned, lexicographic=lexicographic)
    if status == "time_limit" and not math.isfinite(bound):
        notes += (_no_bound(dual, assigned_bound, n_assigned),)
    return GapResult(
        assignment=readonly(assignment),
        objective=objective,
        bound=bound,
        gap=gap,
        status=status,
        seconds=seconds,
        n_assigned=n_assigned,
        assigned_bound=assigned_bound,
        load_used=readonly(load_used),
        notes=notes,
    )


def _shown(value: float) -> str:
    """A bound in words: the number, or that there is none yet."""
    return f"{value:g}" if math.isfinite(value) else "none yet"


def _no_bound(dual: float, assigned_bound: int | None, n_assigned: int) -> str:
    """Why a time-limited plan has no finite bound on its objective."""
    if not math.isfinite(dual):
        return "no bound yet: HiGHS proved none before the time limit, so the gap is unknown"
    return (f"no bound yet on the objective: up to {assigned_bound} jobs may be assignable and the plan "
            f"assigns {n_assigned}, so the gap is unknown")


class _Objective(NamedTuple):
    """The MILP's cost vector; with the lexicographic objective, also its ``M`` and ``U``."""

    obj: FloatArray
    big_m: float
    upper: float


def _objective(obj: FloatArray, job: IntArray, n: int, lexicographic: bool) -> _Objective:
    """Costs to minimise; lexicographic: each shifted by ``-M``, so one more job beats any cost change."""
    if not (lexicographic and obj.shape[0]):
        return _Objective(obj, 0.0, 0.0)
    hi = np.zeros(n)
    lo = np.zeros(n)
    np.maximum.at(hi, job, obj)
    np.minimum.at(lo, job, obj)
    upper, lower = float(hi.sum()), float(lo.sum())
    big_m = upper - lower + 1.0
    return _Objective(obj - big_m, big_m, upper)


def _solve_milp(func: str, obj: _Objective, agent: IntArray, job: IntArray, a: FloatArray, b: FloatArray,
                n: int, *, allow_unassigned: bool, time_limit: float,
                mip_rel_gap: float) -> tuple[str, float, BoolArray | None]:
    """Solve by HiGHS: the status, the proven dual bound (nan when none) and the chosen variables.

    The chosen variables are None when HiGHS stopped at the time limit without a plan.
    """
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = a.shape[0]
    n_var = agent.shape[0]
    idx = np.arange(n_var)
    a_job = sp.csr_array((np.ones(n_var), (job, idx)), shape=(n, n_var))
    a_agent = sp.csr_array((a[agent, job], (agent, idx)), shape=(m, n_var))
    constraints = [
        LinearConstraint(a_job, 0.0 if allow_unassigned else 1.0, 1.0),
        LinearConstraint(a_agent, -np.inf, b),
    ]
    res = milp(obj.obj, integrality=np.ones(n_var), bounds=Bounds(0.0, 1.0), constraints=constraints,
               options={"time_limit": float(time_limit), "mip_rel_gap": float(mip_rel_gap), "presolve": True,
                        "disp": False})
    if res.status == 2:
        raise InfeasibleError(
            f"no plan assigns all {n} jobs within the agents' capacities (proven by HiGHS; the "
            f"simple checks on single jobs and on total load passed). Pass allow_unassigned=True "
            f"to assign as many as fit.")
    if res.status not in (0, 1):  # pragma: no cover - unbounded cannot happen with 0/1 bounds
        raise NetmatchError(f"HiGHS failed on {func}: {res.message}")
    status = "time_limit" if res.status == 1 else "optimal"
    # HiGHS gives no dual bound (None) when it stops before its first one, e.g. during presolve
    raw = getattr(res, "mip_dual_bound", None)
    if raw is None and res.status == 0:
        raw = res.fun
    dual = math.nan if raw is None else float(raw)
    pick: BoolArray | None = None if res.x is None else np.asarray(res.x) > 0.5
    return status, dual, pick


def _best_in_hand(pick: BoolArray | None, obj: _Objective, agent: IntArray, job: IntArray, a: FloatArray,
                  b: FloatArray, n: int, *, allow_unassigned: bool,
                  time_limit: float) -> tuple[BoolArray | None, tuple[str, ...]]:
    """At the time limit: HiGHS's plan or the greedy start, whichever is better on the MILP's objective.

    None when neither assigns every job and every job must be assigned.
    """
    start = _greedy_start(obj.obj, agent, job, a, b, n, allow_unassigned=allow_unassigned)
    if start is None:
        return pick, ()
    value = float(obj.obj[start].sum())
    if pick is not None and not value < float(obj.obj[pick].sum()) - 1e-9 * max(1.0, abs(value)):
        return pick, ()
    why = "HiGHS had no plan" if pick is None else "HiGHS's best plan was worse"
    return start, (f"{why} when time_limit={time_limit:g} s ran out: the greedy start is returned",)


def _greedy_start(obj: FloatArray, agent: IntArray, job: IntArray, a: FloatArray, b: FloatArray, n: int, *,
                  allow_unassigned: bool) -> BoolArray | None:
    """A feasible plan found fast: first fit in three orders, the best on ``obj`` (minimised).

    One order visits the jobs with the fewest agents they fit first (each to its best agent with
    room), one the variables from the best ``obj`` up, one from the smallest share of the agent's
    budget up (the most jobs fit that way); the best plan is kept (most jobs first when every job
    must be assigned). None when every job must be assigned and no order manages it. Unassigned
    jobs add nothing, so with ``allow_unassigned`` a variable that would raise the objective is
    never taken (the lexicographic costs are all negative).
    """
    usable = np.ones(obj.shape[0], bool) if not allow_unassigned else obj <= 0
    idx = np.flatnonzero(usable)
    load = a[agent, job]
    n_fit = np.bincount(job, minlength=n)
    share = load / np.maximum(b[agent], 1e-300)  # the part of its agent's budget a variable uses
    orders = (idx[np.lexsort((idx, load[idx], obj[idx], job[idx], n_fit[job[idx]]))],
              idx[np.lexsort((idx, load[idx], obj[idx]))],
              idx[np.lexsort((idx, obj[idx], share[idx]))])
    best: BoolArray | None = None
    best_key = (0, 0.0)
    for order in orders:
        pick = _first_fit(order, agent, job, load, b, n)
        key = (-int(pick.sum()) if not allow_unassigned else 0, float(obj[pick].sum()))
        if best is None or key < best_key:
            best, best_key = pick, key
    if best is None or (not allow_unassigned and int(best.sum()) < n):
        return None
    return best


def _first_fit(order: IntArray, agent: IntArray, job: IntArray, load: FloatArray, b: FloatArray,
               n: int) -> BoolArray:
    """Visit the variables in ``order`` once, taking each whose job is open and whose agent has room.

    A sequential pass in Python over lists (as in the greedy b-matching: about 0.3 s per million
    variables); the room test allows the rounding of the sums, far below the final check's 1e-6.
    """
    room = b.tolist()
    slack = (1e-9 * np.maximum(1.0, b)).tolist()
    done = [False] * n
    taken: list[int] = []
    for v, i, j, w in zip(order.tolist(), agent[order].tolist(), job[order].tolist(), load[order].tolist(),
                          strict=True):
        if done[j] or w > room[i] + slack[i]:
            continue
        done[j] = True
        room[i] -= w
        taken.append(v)
    pick = np.zeros(agent.shape[0], bool)
    pick[taken] = True
    return pick


def _proven(obj: _Objective, status: str, dual: float, objective: float, n_assigned: int, n: int, *,
            sign: float, allow_unassigned: bool, lexicographic: bool) -> tuple[int | None, float, float]:
    r"""What the dual bound proves: at most how many jobs, the bound on the cost, and the gap.

    The lexicographic bound :math:`B` is split back: at most :math:`\lfloor (U - B) / M \rfloor`
    jobs can be assigned, and when that equals the plan's count :math:`k`, :math:`B + Mk` bounds
    its cost.
    """
    big_m, upper = obj.big_m, obj.upper
    assigned_bound: int | None
    if status == "optimal" and obj.obj.shape[0] == 0:
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
    return assigned_bound, bound, gap


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
