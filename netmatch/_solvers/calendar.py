"""Months for recurring events under monthly loads: :func:`schedule_months`, arrays in and out.

Each occurrence ``o`` wants the month ``target[o]`` (an index ``0 .. n_months - 1``) and uses
``load`` of resources (a host school, a responsible person, a participating school) in whichever
month it is held; a resource takes at most ``capacity[r]`` in a month. Occurrences of one
``spread`` group (the same activity for the same pair, say) are held in distinct months. The
solve puts every occurrence in a month, as near its target as the loads allow — the fewest left
unscheduled first, then the least total shift ``|month - target|``.

When every occurrence fits at its target, that is the optimum and no solver runs. Otherwise each
connected part of the problem (occurrences linked through shared resources or a spread group)
holding an overloaded month goes to HiGHS (:func:`scipy.optimize.milp`) within the time limit: a
part of up to :data:`WHOLE_PART` occurrences as one exact MILP; a larger one — at district scale
nearly everything is linked — first as its LP relaxation, whose wholly placed occurrences are kept
while the MILP decides those it splits between months. The costs are whole numbers, so a result
that meets the LP's bound is optimal (``status`` "optimal"); otherwise "local" (exact over the
split ones). A MILP that stops without a solution leaves its set to a greedy fill (nearest month
first; ``status`` "greedy"). ``pinned`` occurrences (a coordinator's moves) stay where they are
pinned; their load is taken first.

>>> import numpy as np
>>> r = schedule_months(np.array([0, 0, 0]), 3, np.array([0, 1, 2]), np.array([0, 0, 0]), np.ones(3),
...                     np.array([1]))
>>> sorted(r.month.tolist()), r.status, r.shift
([0, 1, 2], 'optimal', 3)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

__all__ = ["MonthSchedule", "schedule_months"]


#: A connected part up to this many occurrences goes to the MILP directly; a larger one first to its LP.
WHOLE_PART = 600


@dataclass(frozen=True)
class MonthSchedule:
    """The month of each occurrence (``-1``: left unscheduled), the total shift and how it was found."""

    month: np.ndarray
    shift: int
    #: ``"optimal"``, ``"local"`` (exact over a neighbourhood), ``"time_limit"`` or ``"greedy"``
    status: str
    #: MILPs solved
    solved_parts: int


@dataclass(frozen=True, eq=False)
class _Problem:
    tgt: np.ndarray
    pin: np.ndarray
    uo: np.ndarray
    ur: np.ndarray
    ul: np.ndarray
    cap: np.ndarray
    grp: np.ndarray
    n_m: int


def _as_int(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype=np.int64).ravel()


def schedule_months(target: ArrayLike, n_months: int, use_occurrence: ArrayLike, use_resource: ArrayLike,
                    use_load: ArrayLike, capacity: ArrayLike, *, spread: ArrayLike | None = None,
                    pinned: ArrayLike | None = None, time_limit: float = 30.0) -> MonthSchedule:
    """Months for the occurrences (see the module).

    Parameters
    ----------
    target : (n,) int
        The month each occurrence wants, ``0 .. n_months - 1``.
    n_months : int
    use_occurrence, use_resource, use_load : (u,) arrays
        Occurrence ``use_occurrence[k]`` uses ``use_load[k]`` of resource ``use_resource[k]``.
    capacity : (r,) float
        The most of a resource in one month.
    spread : (n,) int, optional
        A group per occurrence: a group's occurrences go to distinct months (``-1``: none).
    pinned : (n,) int, optional
        A month an occurrence must keep, ``-1`` for none.
    time_limit : float
        CPU seconds for all the MILPs together.

    Returns
    -------
    MonthSchedule
    """
    tgt = _as_int(target)
    n = len(tgt)
    pr = _Problem(tgt, np.full(n, -1, np.int64) if pinned is None else _as_int(pinned), _as_int(use_occurrence),
                  _as_int(use_resource), np.asarray(use_load, dtype=float).ravel(),
                  np.asarray(capacity, dtype=float).ravel(),
                  np.full(n, -1, np.int64) if spread is None else _as_int(spread), n_months)
    if n and (tgt.min() < 0 or tgt.max() >= n_months):
        raise ValueError(f"schedule_months: targets are 0 to {n_months - 1}")
    month = np.where(pr.pin >= 0, pr.pin, tgt)
    bad = _troubled(month, pr)
    if not len(bad):
        return MonthSchedule(month, int(np.abs(month - tgt).sum()), "optimal", 0)
    parts = _parts(n, pr.uo, pr.ur, pr.grp, len(pr.cap))
    status, solved, budget = "optimal", 0, time_limit
    by_part = np.argsort(parts, kind="stable")  # occurrences and uses grouped by part, sliced per part
    use_order = np.argsort(parts[pr.uo], kind="stable")
    part_sorted, use_part = parts[by_part], parts[pr.uo][use_order]
    for part in np.unique(parts[bad]).tolist():
        members = by_part[np.searchsorted(part_sorted, part):np.searchsorted(part_sorted, part, side="right")]
        uses = use_order[np.searchsorted(use_part, part):np.searchsorted(use_part, part, side="right")]
        sub, local = _subproblem(pr, members, uses, month)
        free = np.flatnonzero(sub.pin < 0)
        chosen, st, spent = _solve(free, local, sub, max(budget, 0.1), True)
        budget, solved = budget - spent, solved + 1
        month[members[free]] = chosen
        status = st if _RANK[st] > _RANK[status] else status
    on = month >= 0
    return MonthSchedule(month, int(np.abs(month[on] - tgt[on]).sum()), status, solved)


_RANK = {"optimal": 0, "local": 1, "time_limit": 2, "greedy": 3}


def _subproblem(pr: _Problem, members: np.ndarray, uses: np.ndarray, month: np.ndarray
                ) -> tuple[_Problem, np.ndarray]:
    """One part as a problem of its own (occurrences, resources and groups numbered from 0), and its months.

    A part holds every use of its resources and every member of its groups, so nothing outside it matters."""
    at = np.full(len(pr.tgt), -1, np.int64)
    at[members] = np.arange(len(members))
    res, ur = np.unique(pr.ur[uses], return_inverse=True)
    grp = pr.grp[members]
    groups, gi = np.unique(grp, return_inverse=True)
    gi = np.where(grp >= 0, gi - int((groups < 0).any()), -1)
    sub = _Problem(pr.tgt[members], pr.pin[members], at[pr.uo[uses]], np.asarray(ur, np.int64), pr.ul[uses],
                   pr.cap[res], np.asarray(gi, np.int64), pr.n_m)
    return sub, month[members].copy()


def _troubled(month: np.ndarray, pr: _Problem) -> np.ndarray:
    """Occurrences using a resource overloaded in some month, or sharing a month of their spread group."""
    on = month[pr.uo] >= 0
    keys = pr.ur[on] * pr.n_m + month[pr.uo][on]
    used = np.bincount(keys, weights=pr.ul[on], minlength=len(pr.cap) * pr.n_m)
    over = np.unique(np.flatnonzero(used > np.repeat(pr.cap, pr.n_m) + 1e-9) // pr.n_m)
    out = np.unique(pr.uo[np.isin(pr.ur, over)])
    sel = np.flatnonzero((pr.grp >= 0) & (month >= 0))
    gkeys = pr.grp[sel] * pr.n_m + month[sel]
    _, inverse, counts = np.unique(gkeys, return_inverse=True, return_counts=True)
    clash = sel[counts[inverse] > 1]
    return np.union1d(out, clash[pr.pin[clash] < 0])


def _parts(n: int, uo: np.ndarray, ur: np.ndarray, grp: np.ndarray, n_res: int) -> np.ndarray:
    """Connected parts: occurrences linked through a shared resource or a spread group."""
    g = np.flatnonzero(grp >= 0)
    rows = np.r_[uo, g]
    cols = np.r_[n + ur, n + n_res + grp[g]]
    size = n + n_res + (int(grp.max()) + 1 if len(g) else 0)
    adj = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size)).tocsr()
    _, labels = connected_components(adj, directed=False)
    return np.asarray(labels[:n], dtype=np.int64)


def _model(free: np.ndarray, month: np.ndarray, pr: _Problem) -> tuple[np.ndarray, LinearConstraint]:
    """The MILP of the ``free`` occurrences with every other kept where ``month`` has it: x[o, m] for each free
    occurrence and month, then one "unscheduled" variable each."""
    k, n_m = len(free), pr.n_m
    is_free = np.zeros(len(month), bool)
    is_free[free] = True
    local = np.full(len(month), -1, np.int64)
    local[free] = np.arange(k)
    # capacity left, month by month, after every occurrence kept where it is
    kept = ~is_free[pr.uo] & (month[pr.uo] >= 0)
    left = np.repeat(pr.cap[:, None], n_m, axis=1)
    np.subtract.at(left, (pr.ur[kept], month[pr.uo[kept]]), pr.ul[kept])
    left = np.maximum(left, 0.0)
    sel = is_free[pr.uo]
    res, ri = np.unique(pr.ur[sel], return_inverse=True)
    oi = local[pr.uo[sel]]
    n_x = k * n_m
    cost = np.r_[np.abs(np.arange(n_m)[None, :] - pr.tgt[free][:, None]).ravel().astype(float),
                 np.full(k, 10.0 * n_m)]  # leaving one out costs more than any shift
    # rows: one month or none per occurrence; each resource-month within what is left; a group once a month
    r1, c1 = np.r_[np.repeat(np.arange(k), n_m), np.arange(k)], np.r_[np.arange(n_x), n_x + np.arange(k)]
    r2 = k + (ri[:, None] * n_m + np.arange(n_m)[None, :]).ravel()
    c2 = (oi[:, None] * n_m + np.arange(n_m)[None, :]).ravel()
    v2 = np.repeat(pr.ul[sel], n_m)
    groups, gi = np.unique(pr.grp[free], return_inverse=True)
    grouped = pr.grp[free] >= 0
    base = k + len(res) * n_m
    r3 = base + (gi[grouped][:, None] * n_m + np.arange(n_m)[None, :]).ravel()
    c3 = (np.flatnonzero(grouped)[:, None] * n_m + np.arange(n_m)[None, :]).ravel()
    taken = np.zeros((len(groups), n_m), bool)  # a month of a group held by a kept occurrence
    other = np.flatnonzero(~is_free & (month >= 0) & np.isin(pr.grp, groups) & (pr.grp >= 0))
    taken[np.searchsorted(groups, pr.grp[other]), month[other]] = True
    a_mat = sp.csr_matrix((np.r_[np.ones(len(r1)), v2, np.ones(len(r3))], (np.r_[r1, r2, r3], np.r_[c1, c2, c3])),
                          shape=(base + len(groups) * n_m, n_x + k))
    lo = np.r_[np.ones(k), np.full(len(res) * n_m + len(groups) * n_m, -np.inf)]
    hi = np.r_[np.ones(k), left[res].ravel(), np.where(taken, 0.0, 1.0).ravel()]
    return cost, LinearConstraint(a_mat, lo, hi)


def _months_of(x: np.ndarray, k: int, n_m: int) -> np.ndarray:
    xm = x[:k * n_m].reshape(k, n_m)
    return np.where(xm.max(axis=1) > 0.5, xm.argmax(axis=1), -1)


def _solve(free: np.ndarray, month: np.ndarray, pr: _Problem, limit: float, relax: bool
           ) -> tuple[np.ndarray, str, float]:
    """The months of the ``free`` occurrences, every other one kept where ``month`` has it.

    A small set, or one whose LP relaxation is integral, is solved exactly. A large one: the LP
    relaxation, the occurrences it places wholly kept there and the MILP on those it splits
    between months; "optimal" when that meets the LP's bound (the costs are whole numbers), else
    "local". Greedy where a MILP finds nothing in time.
    """
    import time

    start = time.process_time()
    k, n_m = len(free), pr.n_m
    if not k:
        return np.zeros(0, np.int64), "optimal", 0.0
    cost, cons = _model(free, month, pr)
    opts = {"time_limit": limit, "disp": False, "presolve": False}
    if relax and k > WHOLE_PART:
        lp = milp(cost, constraints=cons, integrality=np.zeros(len(cost)), bounds=Bounds(0, 1), options=opts)
        if lp.x is not None:
            x = lp.x
            split = np.flatnonzero(((x > 1e-6) & (x < 1 - 1e-6))[:k * n_m].reshape(k, n_m).any(axis=1)
                                   | ((x[k * n_m:] > 1e-6) & (x[k * n_m:] < 1 - 1e-6)))
            placed = _months_of(x, k, n_m)
            if not len(split):
                return placed, "optimal", time.process_time() - start
            # the split ones and those sharing a resource with them are decided again, the others kept
            near = np.unique(pr.ur[np.isin(pr.uo, free[split[placed[split] < 0]])])  # around the undated only
            split = np.union1d(split, np.flatnonzero(np.isin(free, pr.uo[np.isin(pr.ur, near)])))
            trial = month.copy()
            trial[free] = placed
            rest, st, _ = _solve(free[split], trial, pr, max(limit - (time.process_time() - start), 0.1), False)
            placed[split] = rest
            total = float(np.where(placed >= 0, np.abs(placed - pr.tgt[free]), 10.0 * n_m).sum())
            exact = st == "optimal" and total <= math.ceil(lp.fun - 1e-6) + 1e-9
            return placed, "optimal" if exact else ("local" if st == "optimal" else st), time.process_time() - start
    out = milp(cost, constraints=cons, integrality=np.ones(len(cost)), bounds=Bounds(0, 1), options=opts)
    spent = time.process_time() - start
    if out.x is None:
        return _greedy(free, month, pr), "greedy", spent
    return _months_of(out.x, k, n_m), "optimal" if out.status == 0 else "time_limit", spent


def _greedy(free: np.ndarray, month: np.ndarray, pr: _Problem) -> np.ndarray:
    """Nearest feasible month for each free occurrence in turn, the others kept; -1 where none fits."""
    used: dict[tuple[int, int], float] = {}
    taken: set[tuple[int, int]] = set()
    uses: dict[int, list[tuple[int, float]]] = {}
    is_free = set(free.tolist())
    for o, r, w in zip(pr.uo.tolist(), pr.ur.tolist(), pr.ul.tolist(), strict=True):
        uses.setdefault(o, []).append((r, w))
        if o not in is_free and month[o] >= 0:
            used[r, int(month[o])] = used.get((r, int(month[o])), 0.0) + w
    for o in np.flatnonzero(month >= 0).tolist():
        if o not in is_free and pr.grp[o] >= 0:
            taken.add((int(pr.grp[o]), int(month[o])))
    out = np.full(len(free), -1, np.int64)
    for i, o in enumerate(free.tolist()):
        for m in sorted(range(pr.n_m), key=lambda m: (abs(m - int(pr.tgt[o])), m)):
            if pr.grp[o] >= 0 and (int(pr.grp[o]), m) in taken:
                continue
            if all(used.get((r, m), 0.0) + w <= pr.cap[r] + 1e-9 for r, w in uses.get(o, ())):
                for r, w in uses.get(o, ()):
                    used[r, m] = used.get((r, m), 0.0) + w
                if pr.grp[o] >= 0:
                    taken.add((int(pr.grp[o]), m))
                out[i] = m
                break
    return out
