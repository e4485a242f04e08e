r"""Location models on plain arrays: p-median, maximal covering and capacitated siting, solved by HiGHS.

A :class:`LocationProblem` holds the reachable (client, site, cost) pairs of a cost matrix, the
clients' weights and demands, the sites' capacities, the fixed (already open) sites and the
candidates, and ``k``, the number of candidates to open. :func:`solve_location` opens them and
assigns each client; the models are solved exactly as mixed-integer programs by HiGHS through
:func:`scipy.optimize.milp` under a time limit, and when it runs out the best siting found is kept
with its proven bound. No registry, no pandas: ``netmatch._siting`` validates the user's input
and builds these problems.

The models
----------
Clients :math:`i \in I` have weight :math:`w_i` and demand :math:`d_i`; sites :math:`j \in J =
F \cup C` are fixed (:math:`F`) or candidates (:math:`C`); only reachable pairs :math:`(i, j)`
(finite cost, within the radius when given) exist. :math:`y_j = 1` when site :math:`j` is open,
with :math:`y_j = 1` for :math:`j \in F` and :math:`\sum_{j \in C} y_j = k` in every model.

**Median, uncapacitated** — the radius formulation (Cornuéjols, Nemhauser & Wolsey 1980;
Elloumi 2010). Let :math:`D_i^1 < \dots < D_i^{K_i}` be the distinct costs from client :math:`i`
to its sites and :math:`z_i^l = 1` when no open site lies within :math:`D_i^l`:

.. math::

    \min \sum_i w_i \Big(D_i^1 + \sum_{l < K_i} (D_i^{l+1} - D_i^l)\, z_i^l\Big)
    \quad\text{s.t.}\quad z_i^l \ge 1 - \sum_{j:\, c_{ij} \le D_i^l} y_j, \quad
    \sum_{j:\, c_{ij} \le D_i^{K_i}} y_j \ge 1, \quad z \ge 0, \; y \in \{0, 1\}.

Only ``y`` is integer: given ``y``, the best ``z`` is already 0/1. The rows are written in the
equivalent chained form :math:`z_i^l \ge z_i^{l-1} - \sum_{j:\, c_{ij} = D_i^l} y_j`, so each
reachable pair is one nonzero (the plain form repeats it in every later level); levels stop at
the nearest fixed site and at the first level holding :math:`|C| - k + 1` candidates, one of
which must be open. The model has one row and one variable per level instead of the
:math:`|I| \cdot |J|` of the assignment model, with the same LP bound.

The model is not built whole. Rounding each cost down to the nearest of a few *kept* levels of
its client gives costs no larger than the true ones, so the radius model on them is a
relaxation with far fewer levels; it prices a siting exactly once each client keeps the costs
of its open sites up to the nearest. So (after García, Labbé & Marín 2011):

1. a greedy siting improved by swaps (one new site out, one candidate in) comes first;
2. levels are added — for each client, the costs of the sites the LP solution opens, up to
   full cover — until the reduced LP relaxation equals the full one;
3. the reduced MILP is solved; its siting is priced at true cost and polished by swaps, and
   unless the bound proves the best siting optimal, its levels are added and step 3 repeats.

Every bound met on the way holds for the true problem; the reported bound is the best of them.
When time runs out, the best siting priced so far is returned, which is at worst the heuristic one.

**Coverage, uncapacitated** — the maximal covering location problem (Church & ReVelle 1974)
over sparse coverage sets :math:`N_i = \{j : c_{ij} \le r\}`:

.. math::

    \max \sum_i w_i u_i \quad\text{s.t.}\quad u_i \le \sum_{j \in N_i} y_j, \quad
    0 \le u_i \le 1, \; y \in \{0, 1\};

clients covered by a fixed site, or by more than :math:`|C| - k` candidates, are counted
without a variable.

**Capacitated** (either objective) — single-sourcing assignment :math:`x_{ij} \in \{0, 1\}`:

.. math::

    \min \sum_{ij} w_i c_{ij} x_{ij} \;\text{(median)} \quad\text{or}\quad
    \max \sum_{ij} w_i x_{ij} \;\text{(coverage)}

    \sum_j x_{ij} = 1 \;\text{(median)} \;\text{ or }\; \le 1 \;\text{(coverage)}, \quad
    \sum_i d_i x_{ij} \le Q_j y_j, \quad x_{ij} \le y_j,

where pairs with :math:`d_i > Q_j` are left out.

Examples
--------
>>> cost = np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float)
>>> problem = LocationProblem.from_matrix(cost, k=1, fixed=np.array([0]))
>>> solution = solve_location(problem)
>>> np.flatnonzero(solution.open_mask), solution.assignment, solution.objective
(array([0, 2]), array([0, 0, 2, 2]), 4.0)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from scipy import sparse

from netmatch._solvers.location_heuristics import (
    ABS_TOL,
    REL_TOL,
    Nearest,
    capacitated_start,
    greedy,
    nearest,
    objective_value,
    site_values,
    starts,
    swap,
    times,
)
from netmatch._solvers.location_problem import LocationProblem, usable_pairs
from netmatch.exceptions import InfeasibleError, NetmatchError

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["ABS_TOL", "REL_TOL", "LocationSolution", "Nearest", "nearest", "site_values", "solve_location"]

Status = Literal["optimal", "time_limit"]

#: An LP value of a site below this counts as closed.
_Y_TOL = 1e-9


# --- models ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    """``minimise c @ x`` subject to ``lower <= A @ x <= upper``; the first ``len(candidates)``
    variables are the binary ``y``. The user's objective is ``sense * c @ x + offset``."""

    c: FloatArray
    integrality: FloatArray
    lb: FloatArray
    ub: FloatArray
    A: sparse.csr_array
    lower: FloatArray
    upper: FloatArray
    offset: float
    sense: int
    infeasible: str  # the message when HiGHS proves the model infeasible


def _coo(
    parts: list[tuple[IntArray, IntArray, FloatArray | float]], shape: tuple[int, int]
) -> sparse.csr_array:
    r = np.concatenate([p[0] for p in parts])
    c = np.concatenate([p[1] for p in parts])
    v = np.concatenate([np.broadcast_to(np.asarray(p[2], dtype=np.float64), p[0].shape) for p in parts])
    return sparse.csr_array((v, (r, c)), shape=shape)


def _cardinality(nc: int, row: int) -> tuple[IntArray, IntArray, FloatArray | float]:
    return np.full(nc, row, dtype=np.int64), np.arange(nc, dtype=np.int64), 1.0


@dataclass(frozen=True)
class _Levels:
    """The levels of the radius model kept per client: their client, cost, and where they sit."""

    row: IntArray  # client of each level
    val: FloatArray  # its cost D_i^l
    first: BoolArray  # the client's first level
    last: BoolArray  # the client's last kept level
    sat: BoolArray  # saturated: holds |C| - k + 1 candidates, so some is open
    of_pair: IntArray  # level of each kept candidate pair
    pair_col: IntArray  # candidate position of each kept pair


def _radius_levels(p: LocationProblem, vals: FloatArray, f: FloatArray) -> _Levels:
    """The distinct candidate costs of each client below its nearest fixed site ``f``, up to saturation."""
    nc, k = len(p.candidates), p.k
    csel = ~p.is_fixed[p.cols] & (vals < f[p.rows])
    r, c, v = p.rows[csel], p.candidate_pos[p.cols[csel]], vals[csel]
    row_start = starts(r)
    new_level = row_start.copy()
    new_level[1:] |= v[1:] != v[:-1]
    level = np.cumsum(new_level) - 1
    idx = np.arange(len(r))
    rank = idx - np.maximum.accumulate(np.where(row_start, idx, 0)) + 1
    last_of_level = np.append(new_level[1:], True) if len(r) else new_level
    count = rank[last_of_level]  # candidates within D_i^l
    l_row, l_val, l_first = r[new_level], v[new_level], row_start[new_level]
    # at most nc - k candidates are closed, so a level holding nc - k + 1 of them always has an open
    # one ("saturated"): the client never goes beyond it, and later levels are dropped
    sat = count >= nc - k + 1
    prior = np.cumsum(sat) - sat
    base = prior[np.maximum.accumulate(np.where(l_first, np.arange(len(l_row)), 0))] if len(l_row) else prior
    keep = prior == base
    kr = l_row[keep]
    klast = np.ones(len(kr), dtype=bool)
    klast[:-1] = kr[1:] != kr[:-1]
    kidx = np.cumsum(keep) - 1
    return _Levels(kr, l_val[keep], l_first[keep], klast, sat[keep], kidx[level[keep[level]]], c[keep[level]])


def _median_model(p: LocationProblem, vals: FloatArray) -> _Model:
    """The radius formulation in chained form on the pair costs ``vals`` (see the module docstring)."""
    nc, k, w = len(p.candidates), p.k, p.weights
    fsel = p.is_fixed[p.cols]
    # nearest fixed site of each client: it caps the client's cost, nothing beyond it matters
    f = np.full(p.n, np.inf)
    fr, fv = p.rows[fsel], vals[fsel]
    first = starts(fr)
    f[fr[first]] = fv[first]
    lev = _radius_levels(p, vals, f)
    kr, kv = lev.row, lev.val
    has_row = ~lev.sat
    has_z = ~lev.sat & (~lev.last | np.isfinite(f[kr]))  # at a top level, z means "falls back to a fixed site"
    nxt = np.where(lev.last, f[kr], np.append(kv[1:], np.nan))
    coef = w[kr[has_z]] * (nxt[has_z] - kv[has_z])
    offset = float(w[kr[lev.first]] @ kv[lev.first])
    no_cand = np.ones(p.n, dtype=bool)
    no_cand[kr] = False
    offset += float(w[no_cand] @ f[no_cand])

    rid = np.cumsum(has_row) - 1
    zid = nc + np.cumsum(has_z) - 1
    n_rows, n_z = int(has_row.sum()), int(has_z.sum())
    with_row = has_row[lev.of_pair]
    chained = np.flatnonzero(has_row & ~lev.first)
    matrix = _coo(
        [
            (rid[lev.of_pair[with_row]], lev.pair_col[with_row], 1.0),
            (rid[has_z], zid[has_z], 1.0),
            (rid[chained], zid[chained - 1], -1.0),
            _cardinality(nc, n_rows),
        ],
        (n_rows + 1, nc + n_z),
    )
    return _Model(
        c=np.concatenate([np.zeros(nc), coef]),
        integrality=np.concatenate([np.ones(nc), np.zeros(n_z)]),
        lb=np.zeros(nc + n_z),
        ub=np.concatenate([np.ones(nc), np.full(n_z, np.inf)]),
        A=matrix, lower=np.append(np.where(lev.first[has_row], 1.0, 0.0), k),
        upper=np.append(np.full(n_rows, np.inf), k), offset=offset, sense=1,
        infeasible=(
            f"no choice of k={k} new sites among the {nc} candidates (with {len(p.fixed)} fixed sites) "
            f"lets all {p.n} clients reach an open site{p.within}; raise k, add candidate sites, or use "
            "objective='coverage' to serve as many as possible"
        ),
    )


def _coverage_model(p: LocationProblem) -> _Model:
    """The maximal covering model on sparse coverage sets (see the module docstring)."""
    nc, k, w = len(p.candidates), p.k, p.weights
    rows, cols = p.rows, p.cols
    fsel = p.is_fixed[cols]
    by_fixed = np.bincount(rows[fsel], minlength=p.n) > 0
    csel = ~fsel & ~by_fixed[rows] & (w[rows] > 0)
    r, c = rows[csel], p.candidate_pos[cols[csel]]
    count = np.bincount(r, minlength=p.n)
    always = count >= nc - k + 1  # some of them is open whatever the choice
    offset = float(w[by_fixed].sum() + w[always].sum())
    active = (count > 0) & ~always
    uid = np.cumsum(active) - 1
    n_u = int(active.sum())
    sel = active[r]
    matrix = _coo(
        [
            (uid[r[sel]], c[sel], -1.0),
            (np.arange(n_u, dtype=np.int64), nc + np.arange(n_u, dtype=np.int64), 1.0),
            _cardinality(nc, n_u),
        ],
        (n_u + 1, nc + n_u),
    )
    return _Model(
        c=np.concatenate([np.zeros(nc), -w[active]]),
        integrality=np.concatenate([np.ones(nc), np.zeros(n_u)]),
        lb=np.zeros(nc + n_u),
        ub=np.ones(nc + n_u),
        A=matrix,
        lower=np.append(np.full(n_u, -np.inf), k),
        upper=np.append(np.zeros(n_u), k),
        offset=offset, sense=-1, infeasible="the covering model is infeasible",
    )


def _capacitated_model(p: LocationProblem, usable: BoolArray) -> _Model:
    """Single-sourcing assignment model with capacities (see the module docstring)."""
    assert p.capacity is not None
    nc, k, w, d, cap = len(p.candidates), p.k, p.weights, p.demand, p.capacity
    r, j, v = p.rows[usable], p.cols[usable], p.vals[usable]
    n_x = len(r)
    x = nc + np.arange(n_x, dtype=np.int64)
    pos = p.candidate_pos[j]
    is_cand = pos >= 0
    eligible = p.is_fixed
    eligible[p.candidates] = True
    limited = np.flatnonzero(np.isfinite(cap) & eligible)
    lim_row = np.full(p.m, -1, dtype=np.int64)
    lim_row[limited] = p.n + np.arange(len(limited))
    lim_cand = limited[p.candidate_pos[limited] >= 0]
    sel = lim_row[j] >= 0
    n_link = int(is_cand.sum())
    link0 = p.n + len(limited)
    n_rows = link0 + n_link + 1
    matrix = _coo(
        [
            (r, x, 1.0),  # each client's assignment
            (lim_row[j[sel]], x[sel], d[r[sel]]),  # the load of each limited site ...
            (lim_row[lim_cand], p.candidate_pos[lim_cand], -cap[lim_cand]),  # ... within capacity if open
            (link0 + np.arange(n_link, dtype=np.int64), x[is_cand], 1.0),  # x_ij <= y_j
            (link0 + np.arange(n_link, dtype=np.int64), pos[is_cand], -1.0),
            _cardinality(nc, n_rows - 1),
        ],
        (n_rows, nc + n_x),
    )
    median = p.objective == "median"
    return _Model(
        c=np.concatenate([np.zeros(nc), w[r] * v if median else -w[r]]),
        integrality=np.ones(nc + n_x),
        lb=np.zeros(nc + n_x),
        ub=np.ones(nc + n_x),
        A=matrix,
        lower=np.concatenate([np.full(p.n, 1.0 if median else -np.inf),
                              np.full(len(limited) + n_link, -np.inf), [k]]),
        upper=np.concatenate([np.ones(p.n), np.where(p.is_fixed[limited], cap[limited], 0.0), np.zeros(n_link),
                              [k]]),
        offset=0.0, sense=1 if median else -1,
        infeasible=(
            f"no choice of k={k} new sites among the {nc} candidates (with {len(p.fixed)} fixed sites) "
            f"can serve all {p.n} clients (total demand {float(d.sum()):g}) each from one site{p.within} "
            "without exceeding a capacity; raise k or capacities, add candidate sites, or use "
            "objective='coverage'"
        ),
    )


# --- HiGHS -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """One HiGHS run in the user's units: its solution (None when it has none) and bounds."""

    status: Literal["optimal", "time_limit", "infeasible"]
    x: FloatArray | None
    value: float
    bound: float


def _highs(model: _Model, p: LocationProblem, deadline: float, *, relax: bool = False) -> _Run:
    """Run HiGHS (the LP relaxation when ``relax``) with the time left before ``deadline``."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    worst = -math.inf * model.sense  # the bound to report when nothing is proven
    if len(model.c) == 0:  # nothing to decide (HiGHS refuses an empty model)
        if (model.lower <= ABS_TOL).all() and (model.upper >= -ABS_TOL).all():
            return _Run("optimal", np.zeros(0), model.offset, model.offset)
        return _Run("infeasible", None, math.nan, worst)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return _Run("time_limit", None, math.nan, worst)
    res = milp(
        model.c,
        integrality=np.zeros_like(model.integrality) if relax else model.integrality,
        bounds=Bounds(model.lb, model.ub),
        constraints=LinearConstraint(model.A, model.lower, model.upper),
        options={"time_limit": remaining, "mip_rel_gap": p.mip_rel_gap, "disp": False},
    )
    if res.status == 2 or (res.status == 4 and "infeasible" in str(res.message).lower()):
        return _Run("infeasible", None, math.nan, worst)
    if res.status not in (0, 1):  # pragma: no cover - numerical trouble inside HiGHS
        raise NetmatchError(f"HiGHS stopped without a siting: {res.message}")
    optimal = res.status == 0
    x = None if res.x is None else np.asarray(res.x, dtype=np.float64)
    value = math.nan if x is None else model.sense * float(res.fun) + model.offset
    dual = None if relax else getattr(res, "mip_dual_bound", None)
    if dual is not None and np.isfinite(dual):
        bound = model.sense * float(dual) + model.offset
    else:
        bound = value if optimal and x is not None else worst
    return _Run("optimal" if optimal else "time_limit", x, value, bound)


def _no_incumbent(p: LocationProblem) -> InfeasibleError:
    """No siting in hand at the time limit (only under ``"median"``, where every client must be served)."""
    return InfeasibleError(
        f"no feasible siting was found within time_limit={p.time_limit:g} s by HiGHS or the heuristic "
        "start (the problem is not proven infeasible: it may need more time); raise time_limit"
    )


def _close_enough(value: float, bound: float, sense: int, mip_rel_gap: float) -> bool:
    """Whether ``bound`` proves ``value`` optimal up to HiGHS's tolerance and ``mip_rel_gap``."""
    return (value - bound) * sense <= max(ABS_TOL, REL_TOL * abs(value)) + mip_rel_gap * abs(value)


def _gap(objective: float, bound: float, sense: int) -> float:
    diff = max((objective - bound) * sense, 0.0)
    if diff <= max(ABS_TOL, REL_TOL * abs(objective)):
        return 0.0
    return diff / abs(objective) if objective else math.inf


# --- solvers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Opened:
    open_mask: BoolArray
    status: Status
    bound: float
    assignment: IntArray | None = None  # None: each client uses its nearest open site
    client_cost: FloatArray | None = None


class _KeptLevels:
    """The distances kept per client for the reduced radius model, as sorted ``(client, value)`` keys.

    Rounding every pair's cost down to the nearest kept level of its client gives a cost matrix no
    larger than the true one, so the radius model on it is a relaxation; it is exact for an open set
    ``y`` as soon as each client keeps the distances of its open sites up to its nearest one.
    """

    def __init__(self, p: LocationProblem) -> None:
        self.p = p
        self.values, inverse = np.unique(p.vals, return_inverse=True)
        self.base = len(self.values) + 1
        self.pair_keys = p.rows * self.base + inverse.reshape(-1)
        self.keys = self.pair_keys[starts(p.rows)]  # each client's smallest cost: every pair rounds to a level

    def add_cover(self, y: FloatArray) -> int:
        """Keep the levels at which the (fractional) open set ``y`` covers each client, up to full cover.

        Returns how many levels were new.
        """
        p = self.p
        sel = y[p.cols] > _Y_TOL
        r, keys, share = p.rows[sel], self.pair_keys[sel], y[p.cols[sel]]
        total = np.cumsum(share)
        first = np.maximum.accumulate(np.where(starts(r), np.arange(len(r)), 0))
        before = total - share - (total[first] - share[first])
        merged = np.union1d(self.keys, keys[before < 1 - _Y_TOL])
        added = len(merged) - len(self.keys)
        self.keys = merged
        return added

    def rounded(self) -> FloatArray:
        at = np.searchsorted(self.keys, self.pair_keys, side="right") - 1
        return np.asarray(self.values[self.keys[at] % self.base], dtype=np.float64)


def _trivial(p: LocationProblem) -> _Opened | None:
    """The siting when there is nothing to choose (``k`` is 0 or every candidate)."""
    if 0 < p.k < len(p.candidates):
        return None
    open_mask = p.is_fixed
    open_mask[p.candidates[: p.k]] = True
    return _Opened(open_mask, "optimal", objective_value(p, open_mask))


def _lp_levels(p: LocationProblem, levels: _KeptLevels, deadline: float, bound: float) -> float:
    """Add levels until the reduced LP relaxation is the full one; return the bound it proves."""
    nc = len(p.candidates)
    while True:
        model = _median_model(p, levels.rounded())
        run = _highs(model, p, deadline, relax=True)
        if run.status == "infeasible":
            raise InfeasibleError(model.infeasible)
        if run.x is None or run.status != "optimal":
            return bound
        y = p.is_fixed.astype(np.float64)
        y[p.candidates] = run.x[:nc]
        if levels.add_cover(y) == 0:
            return max(bound, run.bound)


def _solve_median(p: LocationProblem, deadline: float) -> _Opened:
    """Uncapacitated p-median: heuristic, then the radius model on generated levels (module docstring)."""
    trivial = _trivial(p)
    if trivial is not None:
        return trivial
    nc = len(p.candidates)
    best = swap(p, greedy(p), deadline)
    best_value = objective_value(p, best)  # nan when the greedy siting leaves a client unserved
    levels = _KeptLevels(p)
    levels.add_cover(best.astype(np.float64))
    first = starts(p.rows)
    # every client pays at least its smallest cost
    bound = _lp_levels(p, levels, deadline, float(p.weights[p.rows[first]] @ p.vals[first]))
    # solve the reduced MILP, keep the true cost of its siting, refine with it, repeat
    while not (best_value == best_value and _close_enough(best_value, bound, 1, p.mip_rel_gap)):
        model = _median_model(p, levels.rounded())
        run = _highs(model, p, deadline)
        if run.status == "infeasible":
            raise InfeasibleError(model.infeasible)
        bound = max(bound, run.bound)
        if run.x is None:
            break
        y = p.is_fixed
        y[p.candidates] = run.x[:nc] > 0.5
        # the reduced model may flatter y: polish it at true cost, and keep the levels of both
        polished = swap(p, y, deadline)
        value = objective_value(p, polished)
        if not value >= best_value:  # also when best_value is nan
            best, best_value = polished, value
        added = levels.add_cover(y.astype(np.float64)) + levels.add_cover(polished.astype(np.float64))
        if added == 0 or run.status != "optimal":
            break
    if best_value != best_value:
        raise _no_incumbent(p)
    status: Status = "optimal" if _close_enough(best_value, bound, 1, p.mip_rel_gap) else "time_limit"
    return _Opened(best, status, bound)


def _solve_coverage(p: LocationProblem, deadline: float) -> _Opened:
    """Uncapacitated maximal covering: one MILP; the greedy siting stands in if HiGHS has none."""
    trivial = _trivial(p)
    if trivial is not None:
        return trivial
    run = _highs(_coverage_model(p), p, deadline)
    open_mask = p.is_fixed
    if run.x is not None:
        open_mask[p.candidates[run.x[: len(p.candidates)] > 0.5]] = True
    if run.status == "optimal":
        return _Opened(open_mask, "optimal", run.bound)
    fallback = greedy(p)
    if run.x is None or objective_value(p, fallback) > objective_value(p, open_mask):
        open_mask = fallback
    return _Opened(open_mask, "time_limit", run.bound)


def _solve_capacitated(p: LocationProblem, deadline: float) -> _Opened:
    """Either objective with capacities: one single-sourcing MILP, and a heuristic start at the time limit.

    When HiGHS stops at the time limit, :func:`~netmatch._solvers.location_heuristics.capacitated_start`
    stands in if HiGHS has no siting or a worse one. Under ``"coverage"`` that start always
    exists (a client may stay uncovered), so a siting always comes back; under ``"median"`` it
    may fail to assign everyone, and with nothing from HiGHS either the error says the problem
    is not proven infeasible.
    """
    nc = len(p.candidates)
    usable = usable_pairs(p)
    model = _capacitated_model(p, usable)
    run = _highs(model, p, deadline)
    if run.status == "infeasible":
        raise InfeasibleError(model.infeasible)
    found: _Opened | None = None
    bound = _simple_bound(p, usable, run.bound)
    if run.x is not None:
        open_mask = p.is_fixed
        open_mask[p.candidates[run.x[:nc] > 0.5]] = True
        chosen = run.x[nc:] > 0.5
        assignment = np.full(p.n, -1, dtype=np.int64)
        client_cost = np.full(p.n, np.nan)
        assignment[p.rows[usable][chosen]] = p.cols[usable][chosen]
        client_cost[p.rows[usable][chosen]] = p.vals[usable][chosen]
        found = _Opened(open_mask, run.status, bound, assignment, client_cost)
        if run.status == "optimal":
            return found
    start = capacitated_start(p, usable)
    if start is not None and (run.x is None or (start.value - run.value) * model.sense < 0):
        return _Opened(start.open_mask, "time_limit", bound, start.assignment, start.client_cost)
    if found is None:
        raise _no_incumbent(p)
    return found


def _simple_bound(p: LocationProblem, usable: BoolArray, bound: float) -> float:
    """``bound`` tightened by what every siting obeys, so a time-out before HiGHS's first bound still has one.

    Median: each client pays at least its cheapest usable pair; coverage: at most the clients with
    a usable pair are covered.
    """
    rows, w = p.rows[usable], p.weights
    if p.objective == "median":
        first = starts(rows)
        return max(bound, float(times(w[rows[first]], p.vals[usable][first]).sum()))
    reach = np.zeros(p.n, dtype=bool)
    reach[rows] = True
    return min(bound, float(w[reach].sum()))


@dataclass(frozen=True)
class LocationSolution:
    """The sites opened and each client's site, with the objective, its proven bound and gap.

    ``assignment`` is ``-1`` and ``client_cost`` NaN for a client no open site serves;
    ``status`` is ``"optimal"`` when the gap is 0 (or within ``mip_rel_gap``), else
    ``"time_limit"``.
    """

    open_mask: BoolArray
    assignment: IntArray
    client_cost: FloatArray
    objective: float
    bound: float
    gap: float
    status: Status


def solve_location(problem: LocationProblem) -> LocationSolution:
    """Open ``problem.k`` candidates and assign every client, within ``problem.time_limit`` seconds.

    Uncapacitated, each client uses its nearest open site (within the radius), ties going to the
    lowest site index; with capacities, the model's single-sourcing assignment.

    When the time runs out, the best siting in hand is returned with ``status="time_limit"``
    and the bound proven so far (``gap`` is ``inf`` when there is none): HiGHS's, or the
    heuristic's (greedy and swaps uncapacitated; greedy or largest-capacity sites filled client by
    client with capacities). Under ``"coverage"`` such a siting always exists, so one always
    comes back; under ``"median"`` the heuristic may leave a client unserved.

    Raises
    ------
    InfeasibleError
        HiGHS proves that no choice serves everyone (``"median"``), or, under ``"median"``, no
        feasible siting is in hand when the time runs out (neither HiGHS nor the heuristic
        found one; the message says the problem is not proven infeasible).
    """
    deadline = time.monotonic() + problem.time_limit
    if problem.capacity is not None:
        sol = _solve_capacitated(problem, deadline)
    elif problem.objective == "median":
        sol = _solve_median(problem, deadline)
    else:
        sol = _solve_coverage(problem, deadline)
    if sol.assignment is None or sol.client_cost is None:
        near = nearest(problem, sol.open_mask)
        assignment, client_cost = near.assign, np.where(near.assign >= 0, near.dist, np.nan)
    else:
        assignment, client_cost = sol.assignment, sol.client_cost
    served = assignment >= 0
    if problem.objective == "median":
        value = float(problem.weights[served] @ client_cost[served])
    else:
        value = float(problem.weights[served].sum())
    sense = 1 if problem.objective == "median" else -1
    # a bound a hair past the siting is rounding inside HiGHS
    bound = min(sol.bound, value) if sense == 1 else max(sol.bound, value)
    gap = _gap(value, bound, sense)
    return LocationSolution(
        open_mask=sol.open_mask, assignment=assignment, client_cost=client_cost, objective=value,
        bound=value if gap == 0.0 else bound, gap=gap,
        status="optimal" if gap == 0.0 else sol.status,  # a bound met at the time limit still proves it
    )
