r"""Where to open new centres: :func:`site_centres`, on a clients × sites cost matrix or a registry.

Regions plan where new «Точка роста» centres should open so that schools reach one. Given a plain
cost matrix ``cost[i, j]`` — what it costs client ``i`` (a school) to use site ``j`` (a school or
building that could host a centre), ``np.inf`` when it cannot — :func:`site_centres` solves it
with the core (:mod:`netmatch._siting.core`, which checks it, catches an impossible problem
before solving and hands it to :mod:`netmatch._solvers.location`, whose docstring writes out the
models). Given a registry, the adapter beside it (:mod:`netmatch._siting.registry`) computes the
matrix and calls the same core.

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

from typing import Any

from netmatch._base.params import ARRAY, MAPPING, NONE, Rule, validate_params
from netmatch._siting.core import site_matrix
from netmatch._siting.inputs import REAL, REGISTRY, SEQUENCE, is_number
from netmatch._siting.registry import site_registry
from netmatch._siting.results import ObjectiveKind, Siting
from netmatch.exceptions import InvalidInputError

__all__ = ["site_centres"]


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
    (:data:`netmatch._siting.registry.DEFAULT_K` and its neighbours). A registry where no school
    needs a centre (no ШНОР or ШНСУ) is no error: nothing is sited, the existing centres stay
    open, and :meth:`Siting.note` says why, in Russian and English.

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
        returned with ``status="time_limit"`` and its proven gap, however short the limit: HiGHS's,
        or a heuristic one when HiGHS has none yet (with ``capacity``: sites opened greedily, or
        the candidates of most capacity, then filled client by client within capacity).
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
        feasible siting in hand — only possible under ``"median"``, where every client must be
        served, when neither HiGHS nor the heuristic siting serves them all (under
        ``"coverage"`` a client may stay uncovered, so a siting always comes back); the message
        then says the problem is not proven infeasible.

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
        return site_registry(cost, k, objective=objective, radius=radius, candidates=candidates,
                             capacity=capacity, time_limit=time_limit, mip_rel_gap=mip_rel_gap, **registry_options)
    if registry_options:
        raise InvalidInputError([f"site_centres got registry options {sorted(registry_options)} with a cost matrix; "
                                 "they apply only when the first argument is a Registry."])
    return site_matrix(cost, k, objective="median" if objective is None else objective, weights=weights,
                       radius=radius, fixed=fixed, candidates=candidates, capacity=capacity, demand=demand,
                       time_limit=time_limit, mip_rel_gap=mip_rel_gap)
