r"""Where to open new centres: :func:`site_centres` on a clients × sites cost matrix.

Regions plan where new «Точка роста» centres should open so that schools reach one. This is the
core of that question: it takes a plain cost matrix ``cost[i, j]`` — what it costs client ``i``
(a school) to use site ``j`` (a school or building that could host a centre), ``np.inf`` when it
cannot — checks it, catches an impossible problem before solving (with the numbers in the
message), and hands it to the solver of :mod:`netmatch._solvers.location`, whose docstring
writes out the models. The registry adapter (:mod:`netmatch._siting.registry`) computes the
matrix from a registry and calls it.

Two objectives are offered:

* ``"median"`` — the p-median problem: serve every client from an open site and minimise the
  weighted total cost (every school can reach a centre, as cheaply as possible overall);
* ``"coverage"`` — the maximal covering location problem (MCLP): maximise the weight of clients
  that have an open site within ``radius`` (as many schools as possible within reach).

>>> import numpy as np
>>> site_centres(np.array([[0.0, 2.0], [2.0, 0.0], [9.0, 1.0]]), 1).sites
(1,)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from netmatch._base.params import ARRAY, MAPPING, NONE, Checks, Rule, validate_params
from netmatch._siting.inputs import REAL, REGISTRY, SEQUENCE, Got, cost_matrix, indices, is_number, shown, vector
from netmatch._siting.results import ObjectiveKind, SiteChange, Siting
from netmatch._solvers.location import LocationProblem, site_values, solve_location, usable_pairs
from netmatch.exceptions import InfeasibleError, InvalidInputError

if TYPE_CHECKING:
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

__all__ = ["site_centres"]

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
    text = ", ".join(names[v] if names is not None else f"{v:g}" for v in values[:limit].tolist())
    return text + (f", ... ({len(values) - limit} more)" if len(values) > limit else "")


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


def _readonly(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    a.setflags(write=False)
    return a


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
        assignment=_readonly(sol.assignment),
        client_cost=_readonly(sol.client_cost),
        objective=sol.objective, bound=sol.bound, gap=sol.gap, status=sol.status,
        objective_kind=p.objective, radius=p.radius, marginal=_marginal(p, sol.open_mask),
    )


def _is_registry(value: object) -> bool:
    from netmatch._data import Registry

    return isinstance(value, Registry)


@validate_params(cost=(ARRAY, REGISTRY), k=(Rule("an int (the number of new sites)", is_number), NONE),
                 objective=(Rule("'median' or 'coverage'", lambda v: isinstance(v, str)), NONE),
                 weights=(ARRAY, NONE), radius=(REAL, NONE), fixed=SEQUENCE, candidates=(SEQUENCE, NONE),
                 capacity=(ARRAY, MAPPING, NONE), demand=(ARRAY, NONE), time_limit=REAL, mip_rel_gap=REAL)
def site_centres(
    cost: Any,
    k: int | None = None,
    *,
    objective: ObjectiveKind | None = None,
    weights: Any = None,
    radius: float | None = None,
    fixed: Any = (),
    candidates: Any = None,
    capacity: Any = None,
    demand: Any = None,
    time_limit: float = 60.0,
    mip_rel_gap: float = 0.0,
    **registry_options: Any,
) -> Siting:
    r"""Choose ``k`` new centre sites for clients with a cost matrix (p-median or maximal covering).

    The first argument may also be a :class:`netmatch.Registry`: then the clients are the
    ШНОР/ШНСУ schools weighted by their pupils, the sites the schools flagged as candidates
    (``centre_candidate``) plus the existing centres, which stay open, and the cost the travel
    time in minutes — see :func:`registry_siting_inputs` for the options it takes
    (``max_minutes``, ``clients``, ``kinds``, ``identification``, ``speed_kmh``,
    ``road_factor``, ``distances``). A registry's defaults are the command line's
    (``netmatch site``): one new centre, ``objective="coverage"``, 30 minutes, ШНОР/ШНСУ clients
    (:data:`netmatch._siting.registry.DEFAULT_K` and its neighbours).

    Parameters
    ----------
    cost : array_like of shape (n_clients, n_sites), scipy.sparse matrix, or Registry
        ``cost[i, j]`` is what it costs client ``i`` to use site ``j`` (travel time, distance):
        non-negative, ``np.inf`` when ``i`` cannot reach ``j``. For a sparse matrix the stored
        entries are the reachable pairs (an explicit 0 is a reachable pair of cost 0).
    k : int
        How many new sites to open, from 0 to the number of candidates. Required with a cost
        matrix; 1 by default with a registry.
    objective : {"median", "coverage"}, optional
        ``"median"``: serve every client from an open site, minimising the weighted total cost.
        ``"coverage"``: maximise the weight of clients with an open site within ``radius``.
        By default ``"median"`` with a cost matrix and ``"coverage"`` with a registry.
    weights : array_like of shape (n_clients,), optional
        Non-negative weight of each client (e.g. its pupils); all 1 by default. Under ``"median"``
        a client of weight 0 is still served.
    radius : float, optional
        Travel limit. Required for ``"coverage"`` (a client is covered within it); for ``"median"``
        pairs beyond it count as unreachable. With a registry, ``max_minutes`` when not given.
    fixed : sequence of int, default ()
        Sites already open (existing centres): they stay open and serve clients.
    candidates : sequence of int, optional
        Sites allowed to open; by default every site not in ``fixed``.
    capacity : array_like of shape (n_sites,), optional
        How much demand each site can take (``np.inf`` for no limit). Each client's demand then
        goes whole to one open site; under ``"coverage"`` only the covered demand counts.
    demand : array_like of shape (n_clients,), optional
        Each client's demand on a capacity; ``weights`` by default. Only with ``capacity``.
    time_limit : float, default 60.0
        Seconds for the whole search (heuristic, LPs, MILPs); after that the best siting found is
        returned with ``status="time_limit"`` and its proven gap.
    mip_rel_gap : float, default 0.0
        Stop once the proven relative gap is at most this (0: prove optimality).

    Returns
    -------
    Siting
        The chosen sites, each client's serving site, the objective with its proven bound and gap,
        and what each site is worth. Serving sites are the nearest open site (within ``radius``),
        ties going to the lowest site index, unless capacities decide.

    Raises
    ------
    InvalidInputError
        A parameter is malformed; the message lists every problem found.
    InfeasibleError
        No siting satisfies the constraints: for ``"median"``, some client reaches no fixed or
        candidate site, ``k=0`` leaves a client without a fixed site, total demand exceeds the
        capacity ``k`` new sites could add (all these before solving, with the numbers), or HiGHS
        proves that no choice serves everyone. Also raised when ``time_limit`` passes with no
        feasible siting in hand — only possible with ``capacity``, or under ``"median"`` when the
        greedy siting leaves a client unserved; the message then says the problem is not proven
        infeasible.

    See Also
    --------
    check_siting : list the limits a siting violates.

    Notes
    -----
    The models (radius formulation of the p-median, maximal covering, capacitated single-sourcing)
    and how the median model is generated level by level are written out in
    :mod:`netmatch._solvers.location`. All are solved exactly by HiGHS through
    :func:`scipy.optimize.milp`; every bound met on the way holds for the true problem.

    Examples
    --------
    Six schools along a road (km), each a possible site; open two centres:

    >>> import numpy as np
    >>> from netmatch._siting import site_centres
    >>> km = np.array([0, 1, 2, 10, 11, 12])
    >>> cost = np.abs(km[:, None] - km[None, :]).astype(float)
    >>> s = site_centres(cost, 2)
    >>> s.sites, s.objective, s.status
    ((1, 4), 4.0, 'optimal')
    >>> s.assignment
    array([1, 1, 1, 4, 4, 4])

    Keep the existing centre at school 5 and open one more, covering as many schools as possible
    within 1 km:

    >>> s = site_centres(cost, 1, objective="coverage", radius=1, fixed=[5])
    >>> s.sites, s.objective, s.unserved
    ((1,), 5.0, (3,))

    A registry, with the command line's defaults:

    >>> from netmatch.datasets import load_demo
    >>> site_centres(load_demo()).site_schools
    ('S08',)
    """
    if _is_registry(cost):
        from netmatch._siting.registry import site_registry

        return site_registry(cost, k, objective=objective, radius=radius, candidates=candidates,
                             capacity=capacity, time_limit=time_limit, mip_rel_gap=mip_rel_gap, **registry_options)
    if registry_options:
        raise InvalidInputError([f"site_centres got registry options {sorted(registry_options)} with a cost matrix; "
                                 "they apply only when the first argument is a Registry."])
    return site_matrix(cost, k, objective="median" if objective is None else objective, weights=weights,
                       radius=radius, fixed=fixed, candidates=candidates, capacity=capacity, demand=demand,
                       time_limit=time_limit, mip_rel_gap=mip_rel_gap)
