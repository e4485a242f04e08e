"""The checker beside the solver: :func:`check_siting` lists every limit a siting violates.

Each check is a small function over arrays of the served clients and returns messages naming the
client or site and the numbers; the checker runs them all, so one call lists every problem.

>>> import numpy as np
>>> from netmatch._siting import site_centres
>>> cost = np.array([[0.0, 2.0], [2.0, 0.0]])
>>> check_siting(cost, site_centres(cost, 1, fixed=[0]))
[]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.params import ARRAY, NONE, Checks, of, validate_params
from netmatch._siting.inputs import REAL, cost_matrix, is_number, shown, vector
from netmatch._siting.results import Siting
from netmatch._solvers.location import REL_TOL
from netmatch._solvers.location_problem import sorted_pairs

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["check_siting"]


@dataclass(frozen=True)
class _Served:
    """The siting's served clients and their trips, in the cost matrix's terms."""

    a: IntArray  # every client's assigned site
    served: IntArray  # clients assigned a site in range
    trip: FloatArray  # cost of each served client's pair, inf when the matrix has none
    is_open: BoolArray
    rad: float | None

    @property
    def reach(self) -> BoolArray:
        return np.isfinite(self.trip)


def _site_sets(siting: Siting, m: int) -> tuple[list[str], bool]:
    """Problems of ``.sites`` and ``.open``; True when a site is out of range (nothing else can be checked)."""
    out: list[str] = []
    sites, opened = np.asarray(siting.sites, dtype=np.int64), np.asarray(siting.open, dtype=np.int64)
    for name, arr in (("sites", sites), ("open", opened)):
        if ((arr < 0) | (arr >= m)).any():
            return [f".{name} {tuple(arr.tolist())} has a site outside [0, {m - 1}] (cost has {m} sites)"], True
        if (np.diff(arr) <= 0).any():
            out.append(f".{name} {tuple(arr.tolist())} is not sorted without repeats")
    if not np.isin(sites, opened).all():
        out.append(f".sites {siting.sites} are not all in .open {siting.open}")
    return out, False


def _trips(siting: Siting, a: IntArray, pairs: tuple[IntArray, IntArray, FloatArray], m: int,
           rad: float | None) -> tuple[_Served, list[str]]:
    """Look up each served client's pair via sorted pair keys; problems of sites out of range."""
    rows, cols, vals = pairs
    is_open = np.zeros(m, dtype=bool)
    is_open[np.asarray(siting.open, dtype=np.int64)] = True
    bad_site = (a < -1) | (a >= m)
    out = [f"client {i} is assigned to site {a[i]}, outside [0, {m - 1}]" for i in np.flatnonzero(bad_site)]
    served = np.flatnonzero((a >= 0) & ~bad_site)
    keys = rows * m + cols
    look = served * m + a[served]
    at = np.minimum(np.searchsorted(keys, look), max(len(keys) - 1, 0))
    found = (keys[at] == look) if len(keys) else np.zeros(len(served), dtype=bool)
    trip = np.where(found, vals[at] if len(vals) else 0.0, np.inf)
    return _Served(a, served, trip, is_open, rad), out


def _trip_problems(siting: Siting, s: _Served) -> list[str]:
    """Clients at a closed site, an unreachable one, beyond the radius, or at a misrecorded cost."""
    a, served, trip, rad = s.a, s.served, s.trip, s.rad
    out = [f"client {i} is assigned to site {a[i]}, which is not open" for i in served[~s.is_open[a[served]]]]
    reach = s.reach
    beyond = reach & (trip > rad) if rad is not None else np.zeros(len(served), dtype=bool)
    recorded = np.asarray(siting.client_cost)[served]
    differs = reach & ~beyond & ~np.isclose(recorded, trip, rtol=REL_TOL, atol=0.0)
    for p in np.flatnonzero(~reach | beyond | differs):
        i, j, t = served[p], a[served[p]], trip[p]
        if not reach[p]:
            out.append(f"client {i} is assigned to site {j}, which it cannot reach (cost is inf)")
        elif beyond[p]:
            out.append(f"client {i} travels {t:g} to site {j}, beyond the radius {rad:g}")
        else:
            out.append(f"client {i} is recorded at cost {recorded[p]:g} but cost[{i}, {j}] is {t:g}")
    return out


def _nearest_problems(siting: Siting, s: _Served, pairs: tuple[IntArray, IntArray, FloatArray],
                      n: int) -> list[str]:
    """Uncapacitated: each client must use its nearest open site (within the radius)."""
    rows, cols, vals = pairs
    ok = s.is_open[cols] & ((vals <= s.rad) if s.rad is not None else True)
    best = np.full(n, np.inf)
    np.minimum.at(best, rows[ok], vals[ok])
    if siting.objective_kind == "median":
        return [f"client {s.served[p]} is served by site {s.a[s.served[p]]} at cost {s.trip[p]:g} but an open site "
                f"costs {best[s.served[p]]:g}"
                for p in np.flatnonzero(s.reach & (s.trip > best[s.served] * (1 + REL_TOL)))]
    unserved = np.flatnonzero(s.a == -1)
    return [f"client {i} is not covered although an open site is within the radius (cost {best[i]:g})"
            for i in unserved[np.isfinite(best[unserved])]]


def _capacity_problems(s: _Served, d: FloatArray, cap: FloatArray, m: int) -> list[str]:
    load = np.bincount(s.a[s.served], weights=d[s.served], minlength=m)
    return [f"site {j} serves demand {load[j]:g} but its capacity is {cap[j]:g}"
            for j in np.flatnonzero(load > cap * (1 + REL_TOL))]


def _figure_problems(siting: Siting, s: _Served, w: FloatArray) -> list[str]:
    """The objective recomputed from the assignment, the bound on its side, the gap and status."""
    out = []
    if siting.objective_kind == "median":
        value = float(w[s.served] @ np.where(np.isfinite(s.trip), s.trip, 0.0))
    else:
        value = float(w[s.served].sum())
    if not math.isclose(value, siting.objective, rel_tol=1e-7, abs_tol=1e-9):
        out.append(f"objective {siting.objective:g} differs from {value:g} recomputed from the assignment")
    sense = 1 if siting.objective_kind == "median" else -1
    if (siting.objective - siting.bound) * sense < -1e-7 * max(1.0, abs(siting.objective)):
        side = "above" if sense == 1 else "below"
        out.append(f"bound {siting.bound:g} is {side} the objective {siting.objective:g}")
    if not siting.gap >= 0:
        out.append(f"gap {siting.gap!r} is not a non-negative number")
    if siting.status not in ("optimal", "time_limit"):
        out.append(f"status {siting.status!r} is not 'optimal' or 'time_limit'")
    return out


@validate_params(cost=ARRAY, siting=of(Siting, text="a Siting"), weights=(ARRAY, NONE), radius=(REAL, NONE),
                 capacity=(ARRAY, NONE), demand=(ARRAY, NONE))
def check_siting(
    cost: Any,
    siting: Siting,
    *,
    weights: Any = None,
    radius: float | None = None,
    capacity: Any = None,
    demand: Any = None,
) -> list[str]:
    """List every limit a siting violates and every way it is inconsistent; empty when fine.

    Parameters
    ----------
    cost : array_like or scipy.sparse matrix
        The cost matrix the siting was computed on (see :func:`site_centres`).
    siting : Siting
        The siting to check.
    weights : array_like, optional
        Client weights used for the siting (all 1 by default); the objective is recomputed with them.
    radius : float, optional
        Travel limit; ``siting.radius`` by default.
    capacity : array_like, optional
        Site capacities; when given, no open site may serve more demand than its capacity.
    demand : array_like, optional
        Client demands on the capacities; ``weights`` by default.

    Returns
    -------
    list of str
        One message per violation, naming the client or site and the numbers.

    Raises
    ------
    InvalidInputError
        ``cost``, ``weights``, ``capacity`` or ``demand`` is malformed.

    Examples
    --------
    >>> import numpy as np
    >>> from netmatch._siting import check_siting, site_centres
    >>> cost = np.array([[0, 3, 8], [3, 0, 5], [8, 5, 0], [9, 6, 1]], dtype=float)
    >>> s = site_centres(cost, 1, fixed=[0])
    >>> check_siting(cost, s)
    []
    >>> check_siting(cost, s, capacity=[2, 9, 1], radius=2)
    ['client 1 travels 3 to site 0, beyond the radius 2', 'site 2 serves demand 2 but its capacity is 1']
    """
    checks = Checks("check_siting")
    matrix = cost_matrix(cost, checks)
    checks.done()
    assert matrix is not None
    n, m = matrix.shape
    pairs = sorted_pairs(matrix)
    w = np.ones(n) if weights is None else vector("weights", weights, n, "client", checks)
    cap = None if capacity is None else vector("capacity", capacity, m, "site", checks, allow_inf=True)
    dem = None if demand is None else vector("demand", demand, n, "client", checks)
    if radius is not None and (not is_number(radius) or not float(radius) >= 0):
        checks.fail("radius", "a non-negative number or None", shown(radius))
    checks.done()
    assert w is not None
    rad = siting.radius if radius is None else float(radius)

    a = np.asarray(siting.assignment)
    if a.shape != (n,):
        return [f"assignment has shape {a.shape} but cost has {n} clients (rows)"]
    out, broken = _site_sets(siting, m)
    if broken:
        return out
    served, more = _trips(siting, a, pairs, m, rad)
    out += more + _trip_problems(siting, served)
    if siting.objective_kind == "median":
        out += [f"client {i} is not served (objective 'median' serves every client)" for i in np.flatnonzero(a == -1)]
    if cap is None:
        out += _nearest_problems(siting, served, pairs, n)
    else:
        out += _capacity_problems(served, w if dem is None else dem, cap, m)
    return out + _figure_problems(siting, served, w)
