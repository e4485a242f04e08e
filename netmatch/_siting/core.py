r"""The core of siting on a clients × sites cost matrix: checks, the infeasibility precheck, the solve.

:func:`site_matrix` checks a plain cost matrix ``cost[i, j]`` (``np.inf`` where client ``i`` cannot
use site ``j``) and the other parameters, catches an impossible problem before solving (with the
numbers in the message), hands it to :mod:`netmatch._solvers.location` and builds the
:class:`~netmatch._siting.results.Siting`. The public :func:`~netmatch._siting.site.site_centres`
calls it directly for a matrix and through the registry adapter
(:mod:`netmatch._siting.registry`) for a registry.

>>> import numpy as np
>>> site_matrix(np.array([[0.0, 2.0], [2.0, 0.0], [9.0, 1.0]]), 1).sites
(1,)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from netmatch._base.lists import id_list, more
from netmatch._base.params import Checks
from netmatch._base.util import readonly
from netmatch._siting.inputs import Got, cost_matrix, indices, is_number, shown, vector
from netmatch._siting.results import SiteChange, Siting
from netmatch._solvers.location import site_values, solve_location
from netmatch._solvers.location_problem import LocationProblem, usable_pairs
from netmatch.exceptions import InfeasibleError

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["site_matrix", "site_no_clients"]

_OBJECTIVES = ("median", "coverage")
_OWNER = "site_centres"


# --- parameters --------------------------------------------------------------------------------


def _check_scalars(checks: Checks, objective: object, radius: object, time_limit: object, mip_rel_gap: object,
                   capacity: object, demand: object) -> float | None:
    """Check the parameters that do not depend on the matrix's shape; return the radius."""
    if objective not in _OBJECTIVES:
        checks.fail("objective", "'median' or 'coverage'", shown(objective))
    rad: float | None = None
    if radius is None:
        if objective == "coverage":
            checks.fail("radius", "a non-negative number when objective='coverage'", None)
    elif not is_number(radius) or math.isnan(float(radius)) or float(radius) < 0:  # type: ignore[arg-type]
        checks.fail("radius", "a non-negative number or None", shown(radius))
    else:
        rad = float(radius)  # type: ignore[arg-type]
    if not is_number(time_limit) or not float(time_limit) > 0:  # type: ignore[arg-type]
        checks.fail("time_limit", "a positive number of seconds", shown(time_limit))
    if not is_number(mip_rel_gap) or not 0 <= float(mip_rel_gap) < 1:  # type: ignore[arg-type]
        checks.fail("mip_rel_gap", "a number in the range [0, 1)", shown(mip_rel_gap))
    if demand is not None and capacity is None:
        checks.fail("demand", "None unless 'capacity' is given (demand only fills capacity)", Got("an array"))
    return rad


def _check_sites(checks: Checks, m: int, k: object, fixed: object,
                 candidates: object) -> tuple[IntArray | None, IntArray | None]:
    """Check the fixed sites, the candidates and ``k`` against them."""
    fix = indices("fixed", fixed, m, checks)
    cand: IntArray | None = None
    if fix is not None:
        if candidates is None:
            cand = np.setdiff1d(np.arange(m, dtype=np.int64), fix)
        else:
            cand = indices("candidates", candidates, m, checks)
            both = np.intersect1d(cand, fix) if cand is not None else np.zeros(0)
            if len(both):
                checks.fail("candidates", "a sequence of site indices not in 'fixed'",
                            Got(f"{int(both[0])}, which is also fixed"))
                cand = None
    if not is_number(k) or isinstance(k, float | np.floating):
        checks.fail("k", "an int (the number of new sites)", shown(k))
    elif cand is not None and not 0 <= int(k) <= len(cand):  # type: ignore[call-overload]
        checks.fail("k", f"an int in the range [0, {len(cand)}] (the number of candidate sites)", shown(k))
    return fix, cand


def _problem(
    cost: object, k: object, objective: object, weights: object, radius: object, fixed: object,
    candidates: object, capacity: object, demand: object, time_limit: object, mip_rel_gap: object,
) -> LocationProblem:
    """Check every parameter of :func:`site_centres`; raise one error listing all problems."""
    checks = Checks(_OWNER)
    matrix = cost_matrix(cost, checks)
    rad = _check_scalars(checks, objective, radius, time_limit, mip_rel_gap, capacity, demand)
    if matrix is None:
        checks.done()
    assert matrix is not None
    n, m = matrix.shape
    w = np.ones(n) if weights is None else vector("weights", weights, n, "client", checks)
    cap = None if capacity is None else vector("capacity", capacity, m, "site", checks, allow_inf=True)
    dem = None if demand is None else vector("demand", demand, n, "client", checks)
    fix, cand = _check_sites(checks, m, k, fixed, candidates)
    checks.done()
    assert w is not None and fix is not None and cand is not None
    return LocationProblem.from_matrix(
        matrix, int(k), objective=objective, weights=w, radius=rad,  # type: ignore[call-overload, arg-type]
        fixed=fix, candidates=cand, capacity=cap, demand=dem, time_limit=float(time_limit),  # type: ignore[arg-type]
        mip_rel_gap=float(mip_rel_gap))  # type: ignore[arg-type]


# --- infeasibility caught before solving ----------------------------------------------------------


def _list(values: npt.NDArray[Any], limit: int = 10, names: Sequence[str] | None = None) -> str:
    """The first ``limit`` values (or, with ``names``, the names they index), then how many more."""
    shown = [names[v] if names is not None else f"{v:g}" for v in values[:limit].tolist()]
    return id_list(shown, "en", limit=limit) + more(len(values) - limit, "en")


def _capacity_shortfall(p: LocationProblem) -> None:
    assert p.capacity is not None
    total = float(p.demand.sum())
    fixed_cap = float(p.capacity[p.fixed].sum())
    best_new = float(np.sort(p.capacity[p.candidates])[::-1][: p.k].sum())
    if total > fixed_cap + best_new:
        raise InfeasibleError(
            f"total demand {total:g} exceeds the largest capacity any choice of k={p.k} new sites "
            f"can give: {fixed_cap + best_new:g} (fixed sites {fixed_cap:g} + the {p.k} largest "
            f"candidates {best_new:g}); raise k, raise capacities or add candidate sites"
        )


def _precheck(p: LocationProblem, client_ids: Sequence[str] | None = None) -> None:
    """Raise :class:`InfeasibleError` with the numbers when the answer is 'impossible' up front."""
    if p.objective != "median":
        return

    def clients(lost: IntArray) -> str:
        return f"{'clients' if client_ids is None else 'schools'} {_list(lost, names=client_ids)}"

    how = (f"add candidate sites{', raise radius' if p.radius is not None else ''}, drop those clients, "
           "or use objective='coverage' to serve as many as possible")
    lost = np.flatnonzero(np.bincount(p.rows, minlength=p.n) == 0)
    if len(lost):
        raise InfeasibleError(
            f"{len(lost)} of {p.n} clients reach no fixed or candidate site{p.within} "
            f"({clients(lost)}); under objective='median' every client must be served: {how}"
        )
    usable = usable_pairs(p)
    lost = np.flatnonzero(np.bincount(p.rows[usable], minlength=p.n) == 0)
    if len(lost):
        raise InfeasibleError(
            f"{len(lost)} of {p.n} clients have a demand larger than the capacity of every fixed or "
            f"candidate site they reach{p.within} ({clients(lost)}; demand "
            f"{_list(p.demand[lost])}); under objective='median' every client is served whole by one "
            "site: raise capacities, add candidate sites, or use objective='coverage'"
        )
    if p.k == 0:
        lost = np.flatnonzero(np.bincount(p.rows[usable & p.is_fixed[p.cols]], minlength=p.n) == 0)
        if len(lost):
            raise InfeasibleError(
                f"with k=0 no new site opens, and {len(lost)} of {p.n} clients reach no fixed "
                f"site{p.within} ({clients(lost)}); raise k or {how}"
            )
    if p.capacity is not None:
        _capacity_shortfall(p)


# --- the siting --------------------------------------------------------------------------------


def _marginal(p: LocationProblem, open_mask: BoolArray) -> tuple[SiteChange, ...]:
    """The open sites ranked by the loss if removed, then the closed candidates by the gain if opened."""
    value, closed = site_values(p, open_mask)
    is_fixed = p.is_fixed
    out: list[SiteChange] = []
    for group in (np.flatnonzero(open_mask), np.flatnonzero(closed)):
        order = group[np.lexsort((group, -value[group]))]
        for rank, j in enumerate(order, start=1):
            status: Literal["fixed", "new", "closed"] = "closed" if closed[j] else "fixed" if is_fixed[j] else "new"
            out.append(SiteChange(int(j), status, float(value[j]), rank))
    return tuple(out)


def site_matrix(cost: Any, k: Any, *, objective: Any = "median", weights: Any = None, radius: Any = None,
                fixed: Any = (), candidates: Any = None, capacity: Any = None, demand: Any = None,
                time_limit: Any = 60.0, mip_rel_gap: Any = 0.0,
                client_ids: Sequence[str] | None = None) -> Siting:
    """:func:`site_centres` on a cost matrix; ``client_ids`` name the clients in error messages."""
    p = _problem(cost, k, objective, weights, radius, fixed, candidates, capacity, demand, time_limit, mip_rel_gap)
    _precheck(p, client_ids)
    sol = solve_location(p)
    new = np.intersect1d(np.flatnonzero(sol.open_mask), p.candidates)
    return Siting(
        sites=tuple(int(j) for j in new),
        open=tuple(int(j) for j in np.flatnonzero(sol.open_mask)),
        assignment=readonly(sol.assignment),
        client_cost=readonly(sol.client_cost),
        objective=sol.objective, bound=sol.bound, gap=sol.gap, status=sol.status,
        objective_kind=p.objective, radius=p.radius, marginal=_marginal(p, sol.open_mask),
    )


def site_no_clients(m: int, k: Any, *, objective: Any, radius: Any = None, fixed: Any = (), candidates: Any = None,
                    time_limit: Any = 60.0, mip_rel_gap: Any = 0.0, note_ru: str = "", note_en: str = "") -> Siting:
    """The siting when no client needs a site: nothing to serve, so no new site opens.

    The parameters are checked as :func:`site_matrix` checks them (``m`` is the number of
    sites); the fixed sites stay open, every site is worth 0, and ``note_ru``/``note_en`` say why
    nothing was sited. The answer is trivially optimal: objective and bound are 0.

    >>> s = site_no_clients(3, 1, objective="coverage", radius=30, fixed=[0], note_en="No school needs a centre.")
    >>> s.sites, s.open, s.kpis.clients, s.note("en")
    ((), (0,), 0, 'No school needs a centre.')
    """
    checks = Checks(_OWNER)
    rad = _check_scalars(checks, objective, radius, time_limit, mip_rel_gap, None, None)
    fix, cand = _check_sites(checks, m, k, fixed, candidates)
    checks.done()
    assert fix is not None and cand is not None  # sorted
    groups: tuple[tuple[IntArray, Literal["fixed", "closed"]], ...] = ((fix, "fixed"), (cand, "closed"))
    marginal = tuple(SiteChange(int(j), status, 0.0, rank)  # no client: every site is worth 0, ranked by index
                     for group, status in groups
                     for rank, j in enumerate(group.tolist(), start=1))
    return Siting(
        sites=(), open=tuple(int(j) for j in fix), assignment=readonly(np.zeros(0, np.int64)),
        client_cost=readonly(np.zeros(0)), objective=0.0, bound=0.0, gap=0.0, status="optimal",
        objective_kind=objective, radius=rad, marginal=marginal, note_ru=note_ru, note_en=note_en,
    )
