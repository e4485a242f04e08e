r"""Sharing resources between schools: which school's groups use which «Точка роста», lab or hall.

Issue 6 asks how the resources of a district — «Точка роста» centres, IT-кубы, Кванториумы,
laboratories, computer classes, libraries, sports halls — can serve the schools that lack them,
ШНОР and ШНСУ first. :func:`share_resources` answers it exactly as a transportation problem
between *demands* and *resources*; :func:`netmatch._sharing.check.check_sharing` sits beside it
and lists every violated capacity, travel limit or demand of a plan.

The model
---------
A **demand** ``d`` is a (school, profile) pair: ``g_d`` groups of pupils (a group takes at most
``group_size`` seats) that each need ``h_d`` hours a week, so ``q_d = g_d · h_d`` group-hours a week.
The profile is a resource kind (``"growth_point_science"``, «Точка роста», ``"laboratory"``, ...)
or a subject matched against ``Resource.profiles`` (``"физика"``; a resource that lists no profiles
offers the subjects of its kind, :data:`~netmatch._sharing.arcs.KIND_SUBJECTS`). ``priority_d``
marks the demands of ШНОР/ШНСУ. Without a demand, :func:`~netmatch._sharing.demand.default_demand`.

A **resource** ``r`` at host school ``s_r`` takes ``⌊seats_r / group_size⌋`` groups at once for
``hours_per_week_r · f(shifts of s_r)`` hours, the hours it is free for partner schools reduced
for a host on two or three shifts (``f = 1, 0.5, 0.25``: the host's own pupils use its rooms
longer), so its capacity is ``c_r = ⌊seats_r / group_size⌋ · hours_r · f`` group-hours a week.

An **arc** ``(d, r)`` exists when ``r`` offers ``d``'s profile, ``s_r`` is not ``d``'s own school
(a resource's free hours are for partners) and either the one-way trip ``t_dr`` is within
``max_minutes`` (and ``max_km``) — *in person* — or ``r`` is ``remote`` (and the school and
host have the internet for it) — *remote*, among the ``remote_candidates`` nearest remote
resources beyond reach. Trips are great-circle distance × ``road_factor`` at ``speed_kmh``, or
the ``distances`` table where it has the pair (:class:`netmatch._base.geo.TravelModel`). Arcs are
found with a k-d tree on unit-sphere coordinates (:class:`scipy.spatial.cKDTree`), never by
comparing all pairs.

With ``x_dr ≥ 0`` group-hours a week on each arc, the plan solves, lexicographically,

.. math::

    \max \sum_{d:\,priority_d} \sum_r x_{dr}, \quad
    \max \sum_{d,r} x_{dr}, \quad
    \min \sum_{d,r} \kappa_{dr} x_{dr}
    \qquad\text{s.t.}\quad \sum_r x_{dr} \le q_d, \quad \sum_d x_{dr} \le c_r,

where ``κ_dr = t_dr / h_d`` in person and ``remote_penalty_minutes / h_d`` remote: the last level
is the total travel of groups in minutes a week (one trip per group a week), a remote arc costing
a fixed penalty. The solvers are in :mod:`netmatch._solvers.transport` (the first two levels are
one LP with weights 1 and 3, the third an LP over the optimal face of the first, both by HiGHS'
dual simplex). The matrix is totally unimodular, so the flows are whole group-hours whenever the
demands and capacities are whole numbers; otherwise hours are treated as continuous (a group's
hours may be split between hosts).

With ``split=False`` a demand may not be split between hosts: binaries choose at most one host
per demand, and the three levels are solved in turn as MILPs under one ``time_limit``; when it
runs out, the best plan in hand is kept with its proven gap — HiGHS's, the previous level's, or,
before HiGHS has any on the first level, a greedy plan with one host per demand (ШНОР/ШНСУ
first, each demand at the host with the most room), so a plan comes back however short the limit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from netmatch._base.geo import DistanceTable
from netmatch._base.lists import id_list
from netmatch._base.params import FLAG, NONE, STRINGS, coerce, validate_params
from netmatch._data import Registry
from netmatch._data.distances import read_distances
from netmatch._identify import Identification
from netmatch._sharing.arcs import _Arcs, _arcs, _Demands, _offers, _Supply, _supply, place_ids
from netmatch._sharing.demand import _default_demand, _demands, _identification, _user_demand, needs_demand
from netmatch._sharing.reasons import _unmet
from netmatch._sharing.results import Flow, Sharing, SharingKpis, Utilisation
from netmatch._sharing.rules import CONSTRAINTS, DEMAND, DISTANCES, IDENTIFICATION, REAL, REGISTRY
from netmatch._sharing.settings import SharingConstraints, SolveOptions
from netmatch._solvers.transport import amount_slack, clean_flows, lexicographic_lp, lexicographic_milp

__all__ = ["share_resources"]


@validate_params(registry=REGISTRY, demand=DEMAND, constraints=CONSTRAINTS, identification=IDENTIFICATION,
                 distances=DISTANCES, split=FLAG, time_limit=REAL, mip_rel_gap=REAL, network=(STRINGS, NONE))
def share_resources(
    registry: Registry,
    demand: Any = None,
    constraints: SharingConstraints | Mapping[str, Any] | None = None,
    *,
    identification: Identification | None = None,
    distances: Any = None,
    split: bool = True,
    time_limit: float = 60.0,
    mip_rel_gap: float = 0.0,
    network: Iterable[str] | None = None,
) -> Sharing:
    """Plan who uses which shared resource: most ШНОР/ШНСУ demand, then most demand, then least travel.

    Parameters
    ----------
    registry : Registry
    demand : DataFrame, mapping of columns or list of records, optional
        Columns ``school``, ``profile`` (a resource kind in any spelling, e.g. ``"Точка роста"``,
        ``"laboratory"``, or a subject matched against ``Resource.profiles`` — or :data:`KIND_SUBJECTS`
        for a resource that lists none —, e.g. ``"физика"``),
        ``groups`` (whole groups of up to ``group_size`` pupils), ``hours`` (a week, per group) and
        optionally ``priority`` (ШНОР/ШНСУ; from the identification when absent). One row per school
        and profile. By default the registry's needs for resources (:func:`needs_demand`) when it
        states any, else :func:`default_demand`; :attr:`Sharing.demand_source` says which.
    constraints : SharingConstraints or dict, optional
        Travel limit (30 minutes one way by default), speed and road factor, group size, shift
        factors, remote sharing, priority and the default demand's rules.
    identification : Identification, optional
        Statuses and subject profiles; computed with default rules when needed and omitted.
    distances : DataFrame or mapping, optional
        Road distances and times, long form with columns ``from``, ``to``, ``km``, ``minutes``
        (either may be missing); used instead of the estimate where given, both ways.
    split : bool
        Whether a demand may be split between hosts (default). ``False`` solves a MILP.
    time_limit : float
        Seconds for the MILP (``split=False``); on time-out the best plan in hand is returned
        with ``status="time_limit"`` and its proven ``gap`` (``inf``, with "no bound yet" in
        ``notes``, when HiGHS proved none): HiGHS's, or the greedy one-host-per-demand plan when
        HiGHS has none yet, however short the limit. The LP has no time limit.
    mip_rel_gap : float
        Relative gap at which the MILP may stop (0: proven optimal).
    network : iterable of str, optional
        The schools of the ШНОР/ШНСУ's associations: with ``demand_scope="associations"`` (the
        default) the default demand asks for them too, after the ШНОР/ШНСУ.

    Returns
    -------
    Sharing

    Raises
    ------
    InvalidInputError
        A bad demand row (every problem at once), parameter or distance table.

    Notes
    -----
    The model is in the module docstring. A resource's ``hours_per_week`` are the hours it is free
    for partner schools; a resource without seats or hours offers nothing (listed in ``notes``); a
    host of unknown shifts counts as one shift.

    Examples
    --------
    >>> import netmatch as nm
    >>> from netmatch._sharing.check import check_sharing
    >>> reg = nm.Registry(
    ...     schools=[nm.School(id="A", name="Школа А", latitude=53.0, longitude=92.0, shifts=2),
    ...              nm.School(id="B", name="Школа Б", latitude=53.1, longitude=92.0),
    ...              nm.School(id="C", name="Школа В", latitude=54.0, longitude=92.0)],
    ...     resources=[nm.Resource(id="TR", host="A", kind="Точка роста", seats=15, hours_per_week=12,
    ...                            profiles="физика; химия")])
    >>> plan = share_resources(reg, [{"school": "B", "profile": "физика", "groups": 4, "hours": 2},
    ...                              {"school": "C", "profile": "химия", "groups": 1, "hours": 2}])
    >>> [(f.school, f.resource, f.group_hours, round(f.minutes)) for f in plan.flows]
    [('B', 'TR', 6.0, 17)]
    >>> [(u.school, u.group_hours, u.code) for u in plan.unmet]
    [('B', 2.0, 'full'), ('C', 2.0, 'out_of_reach')]
    >>> print(plan.unmet[1].reason("en"))
    nothing within reach (30 min) offers 'химия'; the nearest is TR at A, 173 min, 145 km
    >>> check_sharing(reg, plan)
    []
    """
    func = "share_resources"
    cons = coerce(SharingConstraints, constraints, func)
    opts = coerce(SolveOptions, {"time_limit": time_limit, "mip_rel_gap": mip_rel_gap}, func)
    table = read_distances(distances, registry.index, len(registry), func)
    notes: list[str] = []
    supply = _supply(registry, cons)
    source = "table" if demand is not None else "needs" if _states_resources(registry) else "default"
    if source == "default":
        records, no_students = _default_demand(registry, cons, _identification(registry, identification), supply,
                                               network)
        if no_students:
            notes.append(f"{no_students} schools teaching grades 5–11 have no pupil count and ask for nothing in "
                         "the default demand")
    elif source == "needs":
        records = needs_demand(registry, cons, _identification(registry, identification))
    else:
        records = _user_demand(registry, demand, identification, func)
    unknown = [rid for rid, r in zip(supply.ids, registry.resources, strict=True)
               if r.seats is None or r.hours_per_week is None]
    if unknown:
        notes.append(f"{len(unknown)} resources have no seats or free hours given and offer nothing: "
                     + id_list(unknown, "en"))
    dem = _demands(registry, records)
    offers = _offers(dem.keys, supply)
    arcs = _arcs(registry, dem, supply, offers, cons, table)
    cost = np.where(arcs.remote, cons.remote_penalty_minutes, arcs.minutes) / dem.hours[arcs.d]
    prio_arc = dem.priority[arcs.d] & cons.priority
    status, gap = "optimal", 0.0
    if bool(split):
        x, more = lexicographic_lp(arcs.d, arcs.r, dem.q, supply.capacity, 1.0 + 2.0 * prio_arc, cost)
    else:
        out = lexicographic_milp(arcs.d, arcs.r, supply.host[arcs.r], dem.q, supply.capacity, prio_arc, cost,
                                 priority=cons.priority, time_limit=opts.time_limit, mip_rel_gap=opts.mip_rel_gap)
        x, more, status, gap = out.x, list(out.notes), out.status, out.gap
    notes += more
    x = clean_flows(x, dem.q, supply.capacity)
    plan = _Plan(registry, dem, supply, offers, arcs, x, cons, table)
    return replace(_sharing(plan, cost, status=status, gap=gap, split=bool(split), notes=notes),
                   demand_source=source)


def _states_resources(registry: Registry) -> bool:
    """Whether the registry's needs table asks for resources."""
    from netmatch._data import HelpKind

    return any(x.help is HelpKind.RESOURCE for x in registry.needs)


@dataclass(frozen=True, eq=False)
class _Plan:
    """The solved arrays of one plan, before they become a :class:`Sharing`."""

    registry: Registry
    dem: _Demands
    supply: _Supply
    offers: list[np.ndarray]
    arcs: _Arcs
    x: np.ndarray
    cons: SharingConstraints
    table: DistanceTable


def _flows(p: _Plan) -> tuple[Flow, ...]:
    ids, rids, dem, arcs, x = place_ids(p.registry), p.supply.ids, p.dem, p.arcs, p.x
    pos = x > 0
    fd, fr = arcs.d[pos], arcs.r[pos]
    groups = x[pos] / dem.hours[fd]
    return tuple(
        Flow(ids[s], dem.records[d].profile, rids[r], ids[h], gh, g, mi, km, rem, pr)
        for d, s, r, h, gh, g, mi, km, rem, pr in zip(
            fd.tolist(), dem.school[fd].tolist(), fr.tolist(), p.supply.host[fr].tolist(), x[pos].tolist(),
            groups.tolist(), arcs.minutes[pos].tolist(), arcs.km[pos].tolist(), arcs.remote[pos].tolist(),
            dem.priority[fd].tolist(), strict=True))


def _utilisation(p: _Plan, used: np.ndarray) -> tuple[Utilisation, ...]:
    ids, supply, registry = place_ids(p.registry), p.supply, p.registry
    n = len(registry)
    shifts = [None if h >= n else registry.schools[h].shifts for h in supply.host.tolist()]
    return tuple(
        Utilisation(rid, ids[h], kind, res.seats, par, res.hours_per_week, sh, f, cap, u)
        for rid, h, kind, res, par, sh, f, cap, u in zip(
            supply.ids, supply.host.tolist(), supply.kind.tolist(), registry.resources, supply.parallel.tolist(),
            shifts, supply.factor.tolist(), supply.capacity.tolist(), used.tolist(), strict=True))


def _kpis(p: _Plan, served: np.ndarray, used: np.ndarray, flows: int, unmet: int) -> SharingKpis:
    dem, arcs, x = p.dem, p.arcs, p.x
    pos = x > 0
    in_person = pos & ~arcs.remote
    g_in = x[in_person] / dem.hours[arcs.d[in_person]]
    total, got = float(dem.q.sum()), float(served.sum())
    p_total, p_got = float(dem.q[dem.priority].sum()), float(served[dem.priority].sum())
    return SharingKpis(
        demand=total, served=got, share_served=got / total if total > 0 else math.nan,
        priority_demand=p_total, priority_served=p_got,
        share_priority_served=p_got / p_total if p_total > 0 else math.nan,
        mean_minutes=float(g_in @ arcs.minutes[in_person] / g_in.sum()) if g_in.sum() > 0 else math.nan,
        max_minutes=float(arcs.minutes[in_person].max()) if in_person.any() else math.nan,
        remote_group_hours=float(x[pos & arcs.remote].sum()),
        flows=flows, resources_used=int((used > 0).sum()), unmet_demands=unmet)


def _sharing(p: _Plan, cost: np.ndarray, *, status: str, gap: float, split: bool, notes: list[str]) -> Sharing:
    """The result: flows, unmet demand with reasons, utilisation and indicators."""
    dem, arcs, x = p.dem, p.arcs, p.x
    n_d, n_r = len(dem.q), len(p.supply.ids)
    used = np.bincount(arcs.r, weights=x, minlength=n_r) if len(x) else np.zeros(n_r)
    served = np.bincount(arcs.d, weights=x, minlength=n_d) if len(x) else np.zeros(n_d)
    flows = _flows(p)
    missing = dem.q - served
    short = np.flatnonzero(missing > amount_slack(dem.q))
    unmet = _unmet(p.registry, dem, p.supply, p.offers, arcs, used, missing, short, p.cons, p.table, split=split,
                   status=status)
    kpis = _kpis(p, served, used, len(flows), len(unmet))
    return Sharing(flows=flows, unmet=unmet, utilisation=_utilisation(p, used), demand=dem.records, kpis=kpis,
                   status=status, gap=gap, split=split, objective=float(cost @ x) if len(x) else 0.0,
                   constraints=p.cons, notes=tuple(notes))
