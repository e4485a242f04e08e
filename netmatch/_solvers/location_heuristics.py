"""Location heuristics on sorted (client, site, cost) pairs: nearest open sites, greedy opening, swaps.

Everything here works on a :class:`~netmatch._solvers.location_problem.LocationProblem`'s pairs, sorted by
client, then cost, then site, so that the first pair of a client is its nearest site (ties to the
lowest site index). Nothing loops over clients or pairs in Python: each step is a few numpy
reductions over the pairs, linear in their number.

* :func:`nearest` — each client's nearest and second-nearest open site;
* :func:`objective_value` — the objective of an open set, each client at its nearest open site;
* :func:`site_values` — what each site is worth: the loss if an open one closed, the gain if a
  closed candidate opened;
* :func:`greedy` — open ``k`` candidates one at a time, each the best next one;
* :func:`swap` — improve a median siting by best-improvement swaps (Whitaker's fast interchange);
* :func:`capacitated_start` — a siting that respects capacities, for when HiGHS has none in time:
  open sites greedily or by capacity, then :func:`fill` them client by client.

>>> import numpy as np
>>> starts(np.array([0, 0, 1, 3, 3]))
array([ True, False,  True,  True, False])
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    from netmatch._solvers.location_problem import LocationProblem

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["ABS_TOL", "REL_TOL", "CapacitatedStart", "Nearest", "capacitated_start", "fill", "greedy", "nearest",
           "objective_value", "site_values", "starts", "swap", "times"]

#: Differences below these are rounding, not a gap (HiGHS's own absolute gap tolerance is 1e-6).
REL_TOL = 1e-9
ABS_TOL = 1e-6
#: The swap search prices (closed candidates × new sites) swaps at once; beyond this many it is skipped.
SWAP_CELLS = 20_000_000


def starts(rows: IntArray) -> BoolArray:
    """True at the first pair of each client (pairs sorted by client)."""
    out = np.ones(len(rows), dtype=bool)
    out[1:] = rows[1:] != rows[:-1]
    return out


def times(w: FloatArray, x: FloatArray) -> FloatArray:
    """``w * x``, with 0 where ``w`` is 0 even when ``x`` is inf (a weightless client costs nothing)."""
    out = np.zeros(len(w))
    np.multiply(w, x, out=out, where=w != 0)
    return out


@dataclass(frozen=True)
class Nearest:
    """Each client's nearest open sites."""

    assign: IntArray  # nearest open site, -1 when none
    dist: FloatArray  # its cost, inf when none
    second: FloatArray  # cost of the second-nearest open site, inf when none
    count: IntArray  # how many open sites the client reaches


def nearest(problem: LocationProblem, open_mask: BoolArray) -> Nearest:
    """The nearest and second-nearest open site of every client (ties to the lowest site index)."""
    sel = open_mask[problem.cols]
    r, c, v = problem.rows[sel], problem.cols[sel], problem.vals[sel]
    first = np.flatnonzero(starts(r))
    assign = np.full(problem.n, -1, dtype=np.int64)
    dist = np.full(problem.n, np.inf)
    second = np.full(problem.n, np.inf)
    assign[r[first]] = c[first]
    dist[r[first]] = v[first]
    nxt = first[first + 1 < len(r)] + 1
    nxt = nxt[r[nxt] == r[nxt - 1]]
    second[r[nxt]] = v[nxt]
    return Nearest(assign, dist, second, np.bincount(r, minlength=problem.n).astype(np.int64))


def objective_value(problem: LocationProblem, open_mask: BoolArray) -> float:
    """Objective of an open set when each client uses its nearest open site (nan: a client unserved)."""
    near = nearest(problem, open_mask)
    if problem.objective == "coverage":
        return float(problem.weights @ (near.count > 0))
    if (near.assign < 0).any():
        return math.nan
    return float(problem.weights @ near.dist)


def site_values(problem: LocationProblem, open_mask: BoolArray) -> tuple[FloatArray, BoolArray]:
    """What each site is worth, ignoring capacities, and which candidates are closed.

    For an open site, the loss if it closed (``inf`` under ``"median"`` when some client could
    reach no other open site); for a closed candidate, the gain if it opened next. Vectorised over
    the pairs.
    """
    near = nearest(problem, open_mask)
    w = problem.weights
    rows, cols, vals = problem.rows, problem.cols, problem.vals
    closed = np.zeros(problem.m, dtype=bool)
    closed[problem.candidates] = True
    closed &= ~open_mask
    sel_c = closed[cols]
    sel_o = open_mask[cols]
    if problem.objective == "median":
        improve = np.maximum(near.dist[rows[sel_c]] - vals[sel_c], 0.0)
        gain = np.bincount(cols[sel_c], weights=times(w[rows[sel_c]], improve), minlength=problem.m)
        served = np.flatnonzero(near.assign >= 0)
        worse = times(w[served], near.second[served] - near.dist[served])
        loss = np.bincount(near.assign[served], weights=worse, minlength=problem.m)
        # a site that is some client's only reachable open site cannot go: every client must be served
        alone = served[~np.isfinite(near.second[served])]
        loss[near.assign[alone]] = np.inf
    else:
        gain = np.bincount(cols[sel_c], weights=w[rows[sel_c]] * (near.count[rows[sel_c]] == 0),
                           minlength=problem.m)
        loss = np.bincount(cols[sel_o], weights=w[rows[sel_o]] * (near.count[rows[sel_o]] == 1),
                           minlength=problem.m)
    return np.where(open_mask, loss, gain).astype(np.float64), closed


def greedy(problem: LocationProblem) -> BoolArray:
    """Open ``k`` candidates one at a time, each the best next one; vectorised over pairs.

    Under ``"median"`` the best next site first serves the most unserved clients, then saves the most
    cost; under ``"coverage"`` it covers the most new weight, then the most new clients. Ties go to the
    lowest site index.
    """
    rows, cols, vals, w = problem.rows, problem.cols, problem.vals, problem.weights
    open_mask = problem.is_fixed
    closed = np.zeros(problem.m, dtype=bool)
    closed[problem.candidates] = True
    near = nearest(problem, open_mask)
    dist, count = near.dist, near.count
    for _ in range(problem.k):
        sel = closed[cols]
        r, c, v = rows[sel], cols[sel], vals[sel]
        if problem.objective == "median":
            new = ~np.isfinite(dist[r])
            first = np.bincount(c, weights=new, minlength=problem.m)
            second = np.bincount(c, weights=w[r] * np.where(new, 0.0, np.maximum(dist[r] - v, 0.0)),
                                 minlength=problem.m)
        else:
            new = count[r] == 0
            first = np.bincount(c, weights=w[r] * new, minlength=problem.m)
            second = np.bincount(c, weights=new, minlength=problem.m)
        options = np.flatnonzero(closed)
        j = options[np.lexsort((options, -second[options], -first[options]))[0]]
        closed[j] = False
        open_mask[j] = True
        at = cols == j
        np.minimum.at(dist, rows[at], vals[at])
        count[rows[at]] += 1
    return open_mask


def _best_swap(problem: LocationProblem, open_mask: BoolArray, removable: BoolArray) -> tuple[int, int] | None:
    """The best (site in, site out) swap of an open set that serves everyone; None at a local optimum."""
    rows, cols, vals, w = problem.rows, problem.cols, problem.vals, problem.weights
    n_closed = len(problem.candidates) - problem.k
    near = nearest(problem, open_mask)
    if (near.assign < 0).any():
        return None
    d1, phi = near.dist, near.assign
    stranded = ~np.isfinite(near.second)  # the client's only open site is phi
    d2 = np.where(stranded, d1, near.second)
    closed = np.zeros(problem.m, dtype=bool)
    closed[problem.candidates] = True
    closed &= ~open_mask
    jpos = np.cumsum(closed) - 1
    out = np.flatnonzero(removable)
    rpos = np.full(problem.m, -1, dtype=np.int64)
    rpos[out] = np.arange(len(out))
    sel = closed[cols]
    r, c, v = rows[sel], cols[sel], vals[sel]
    gain = np.bincount(jpos[c], weights=w[r] * np.maximum(d1[r] - v, 0.0), minlength=n_closed)
    mine = rpos[phi] >= 0
    loss = np.bincount(rpos[phi[mine]], weights=(w * (d2 - d1))[mine], minlength=len(out))
    hit = mine[r] & ((v < near.second[r]) | stranded[r])
    cell = jpos[c[hit]] * len(out) + rpos[phi[r[hit]]]
    size = n_closed * len(out)
    extra = np.bincount(cell, weights=w[r[hit]] * (np.maximum(v[hit], d1[r[hit]]) - d2[r[hit]]),
                        minlength=size)
    need = np.bincount(rpos[phi[mine & stranded]], minlength=len(out))
    saved = np.bincount(cell, weights=stranded[r[hit]], minlength=size)
    # float even when every bincount above is empty (an empty bincount is an integer array)
    delta = (loss[None, :] - gain[:, None] + extra.reshape(n_closed, len(out))).astype(float)
    delta[saved.reshape(n_closed, len(out)) < need[None, :]] = np.inf
    best = int(np.argmin(delta))
    current = float(w @ d1)
    if not delta.flat[best] < -max(ABS_TOL, REL_TOL * abs(current)):
        return None
    return int(np.flatnonzero(closed)[best // len(out)]), int(out[best % len(out)])


def swap(problem: LocationProblem, open_mask: BoolArray, deadline: float) -> BoolArray:
    """Improve a median siting by best-improvement swaps (one new site out, one candidate in).

    Every swap is priced at once from each client's nearest and second-nearest open site
    (Whitaker's fast interchange in the vectorised form of Resende & Werneck 2007): opening ``j``
    gains ``gain[j]``, closing ``r`` loses ``loss[r]``, and ``extra[j, r]`` corrects the clients that
    lose ``r`` and can use ``j``. Stops at a local optimum, after ``4 k + 20`` swaps, or at
    ``deadline``; a swap never leaves a client unserved.
    """
    removable = open_mask.copy()
    removable[problem.fixed] = False
    if (len(problem.candidates) - problem.k) * problem.k > SWAP_CELLS:
        return open_mask
    open_mask = open_mask.copy()
    for _ in range(4 * problem.k + 20):
        if time.monotonic() > deadline:
            break
        move = _best_swap(problem, open_mask, removable)
        if move is None:
            break
        j_in, r_out = move
        open_mask[j_in], open_mask[r_out] = True, False
        removable[j_in], removable[r_out] = True, False
    return open_mask


@dataclass(frozen=True)
class CapacitatedStart:
    """A siting within capacities: the open sites, each client's site (-1: none) and cost, the objective."""

    open_mask: BoolArray
    assignment: IntArray
    client_cost: FloatArray
    value: float


def fill(problem: LocationProblem, open_mask: BoolArray, usable: BoolArray) -> tuple[IntArray, FloatArray]:
    """Assign clients one by one, each whole to its cheapest open usable site with room left.

    Under ``"median"`` the clients of largest demand go first (first fit decreasing, as in bin
    packing: the big ones are the hard ones to place); under ``"coverage"`` those of most weight
    per unit of demand, and clients of weight 0 stay unassigned (they add nothing and would take
    room). Returns each client's site (-1 when none had room) and its cost (NaN then). One pass
    in Python over the usable pairs at open sites (the pairs of a client are together, cheapest
    first).
    """
    assert problem.capacity is not None
    n, w, d = problem.n, problem.weights, problem.demand
    sel = usable & open_mask[problem.cols]
    rows, cols, vals = problem.rows[sel], problem.cols[sel], problem.vals[sel]
    begin = np.searchsorted(rows, np.arange(n + 1)).tolist()
    if problem.objective == "median":
        order = np.lexsort((np.arange(n), -d))
    else:
        density = np.where(d > 0, w / np.where(d > 0, d, 1.0), np.where(w > 0, np.inf, 0.0))
        order = np.lexsort((np.arange(n), -d, -density))
        order = order[w[order] > 0]
    room = problem.capacity.astype(float).tolist()
    col_of, val_of, need = cols.tolist(), vals.tolist(), d.tolist()
    assignment = np.full(n, -1, dtype=np.int64)
    client_cost = np.full(n, np.nan)
    for i in order.tolist():
        for t in range(begin[i], begin[i + 1]):
            j = col_of[t]
            # the same rounding allowance as the checker's (capacity times 1 + REL_TOL)
            if need[i] <= room[j] + REL_TOL * abs(room[j]):
                room[j] -= need[i]
                assignment[i], client_cost[i] = j, val_of[t]
                break
    return assignment, client_cost


def capacitated_start(problem: LocationProblem, usable: BoolArray) -> CapacitatedStart | None:
    """The better of two capacitated sitings: the greedy open set, and the candidates of most capacity.

    Each open set is filled by :func:`fill`. Under ``"coverage"`` any filling is feasible (a client
    may stay uncovered), so a siting always comes back; under ``"median"`` every client must be
    assigned, and None comes back when neither filling manages it — which proves nothing about
    the problem.
    """
    assert problem.capacity is not None
    median = problem.objective == "median"
    by_capacity = problem.is_fixed
    cand = problem.candidates
    by_capacity[cand[np.lexsort((cand, -problem.capacity[cand]))[: problem.k]]] = True
    best: CapacitatedStart | None = None
    for open_mask in (greedy(problem), by_capacity):
        assignment, client_cost = fill(problem, open_mask, usable)
        served = assignment >= 0
        if median and not served.all():
            continue
        value = float(times(problem.weights[served], client_cost[served]).sum() if median
                      else problem.weights[served].sum())
        if best is None or (value < best.value if median else value > best.value):
            best = CapacitatedStart(open_mask, assignment, client_cost, value)
    return best
