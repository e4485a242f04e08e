"""The checker beside :func:`share_resources`: every violated capacity, travel limit or demand of a plan.

It recomputes from the registry, independently of the solver's arrays, so that a plan edited by
hand (or read back from a workbook) can be checked too.

>>> from netmatch._sharing.share import share_resources
>>> from netmatch.datasets import load_demo
>>> reg = load_demo()
>>> problems = check_sharing(reg, share_resources(reg), {"max_minutes": 20})
>>> problems[0].endswith("beyond the limit (20 min)")
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from netmatch._base.geo import DistanceTable
from netmatch._base.params import coerce, validate_params
from netmatch._data import Registry
from netmatch._data.demand import profile_key
from netmatch._data.distances import read_distances
from netmatch._sharing.arcs import _offers_profile, _place_geo, _Supply, _supply, _trips, place_index
from netmatch._sharing.reasons import _limit_text
from netmatch._sharing.results import Demand, Flow, Sharing
from netmatch._sharing.rules import CONSTRAINTS, DISTANCES, REGISTRY, SHARING
from netmatch._sharing.settings import SharingConstraints
from netmatch._solvers.transport import amount_slack

__all__ = ["check_sharing"]

_Key = tuple[str, tuple[str, str]]
#: Trips within this much of a limit are within it (the plan's trips are the same floats).
_EPS = 1e-9


@dataclass
class _Tally:
    """What the flows add up to, and the problems found so far."""

    load: np.ndarray
    problems: list[str] = field(default_factory=list)
    served: dict[_Key, float] = field(default_factory=dict)
    hosts: dict[_Key, set[str]] = field(default_factory=dict)
    checked: list[tuple[int, int, int, int]] = field(default_factory=list)  # flow, school row, host row, resource


def _what(f: Flow) -> str:
    return f"flow {f.school} -> {f.resource} at {f.host} ({f.profile!r})"


def _demands_of(registry: Registry, sharing: Sharing, problems: list[str]) -> dict[_Key, Demand]:
    demand: dict[_Key, Demand] = {}
    for d in sharing.demand:
        key = (d.school, profile_key(d.profile))
        if key in demand:
            problems.append(f"demand ({d.school!r}, {d.profile!r}) appears twice")
        if d.school not in registry:
            problems.append(f"demand ({d.school!r}, {d.profile!r}): no such school in the registry")
        demand[key] = d
    return demand


def _check_flow(registry: Registry, supply: _Supply, rindex: Mapping[str, int], demand: Mapping[_Key, Demand],
                i: int, f: Flow, t: _Tally) -> None:
    """One flow against the registry: amount, demand, resource, host and profile."""
    key = (f.school, profile_key(f.profile))
    what = _what(f)
    if not (f.group_hours > 0 and math.isfinite(f.group_hours)):
        t.problems.append(f"{what}: {f.group_hours} group-hours; expected a positive amount")
        return
    if key not in demand:
        t.problems.append(f"{what}: no such demand")
    r = rindex.get(f.resource)
    if r is None or f.school not in registry:
        t.problems.append(f"{what}: no such {'resource' if r is None else 'school'} in the registry")
        return
    res = registry.resources[r]
    t.load[r] += f.group_hours
    t.served[key] = t.served.get(key, 0.0) + f.group_hours
    t.hosts.setdefault(key, set()).add(res.host)
    if res.host != f.host:
        t.problems.append(f"{what}: the resource stands at {res.host}, not {f.host}")
    if res.host == f.school:
        t.problems.append(f"{what}: a school's own resource is not shared with itself")
    if not _offers_profile(supply, registry, r, key[1]):
        t.problems.append(f"{what}: the resource ({res.kind.value}; {', '.join(sorted(supply.subjects[r])) or '-'}) "
                          f"does not offer {f.profile!r}")
    t.checked.append((i, registry.index[f.school], place_index(registry)[res.host], r))


def _check_trips(registry: Registry, sharing: Sharing, supply: _Supply, cons: SharingConstraints,
                 table: DistanceTable, t: _Tally) -> None:
    """Every checked flow's trip, all at once: in reach in person, or remote where allowed."""
    fi, a, b, rr = (np.array(c, dtype=np.int64) for c in zip(*t.checked, strict=True))
    geo = _place_geo(registry)
    mbps = geo.mbps
    km, minutes = _trips(geo, a, b, table, cons)
    with np.errstate(invalid="ignore"):
        in_reach = ~np.isnan(minutes)
        if cons.max_minutes is not None:
            in_reach &= minutes <= cons.max_minutes + _EPS
        if cons.max_km is not None:
            in_reach &= km <= cons.max_km + _EPS
        far = ~in_reach
        remote = np.array([sharing.flows[i].remote for i in fi.tolist()], dtype=bool)
        too_far = remote & far & (~(km <= cons.remote_max_km + _EPS) if cons.remote_max_km is not None else False)
        limit = cons.min_remote_mbps if cons.min_remote_mbps is not None else -np.inf
        slow_school = remote & far & (mbps[a] < limit)
        slow_host = remote & far & (mbps[b] < limit)
    _, limit_en = _limit_text(cons)
    for k in range(len(fi)):
        f = sharing.flows[int(fi[k])]
        what = _what(f)
        if not remote[k] and far[k]:
            t.problems.append(f"{what}: in person, {minutes[k]:.1f} min and {km[k]:.1f} km one way, beyond the "
                              f"limit ({limit_en})")
        if remote[k] and not supply.remote[rr[k]]:
            t.problems.append(f"{what}: served remotely but the resource is not remote")
        if too_far[k]:
            t.problems.append(f"{what}: remote over {km[k]:.1f} km, beyond remote_max_km {cons.remote_max_km:g}")
        for who, slow, row in ((f.school, slow_school[k], a[k]), (f.host, slow_host[k], b[k])):
            if slow:
                t.problems.append(f"{what}: remote, but {who} has {mbps[row]:g} Mbit/s, below "
                                  f"{cons.min_remote_mbps:g}")


def _check_capacity(registry: Registry, supply: _Supply, t: _Tally) -> None:
    over = t.load > supply.capacity + amount_slack(supply.capacity)
    for r in np.flatnonzero(over).tolist():
        res = registry.resources[r]
        t.problems.append(f"resource {supply.ids[r]} at {res.host} serves {t.load[r]:g} group-hours a week but its "
                          f"capacity is {supply.capacity[r]:g} ({int(supply.parallel[r])} groups at once x "
                          f"{res.hours_per_week} h x shift factor {supply.factor[r]:g})")


def _check_demands(sharing: Sharing, demand: Mapping[_Key, Demand], t: _Tally) -> None:
    """No demand served more than it asks; what is short listed as unmet; one host when not split."""
    unmet = {(u.school, profile_key(u.profile)): u.group_hours for u in sharing.unmet}
    for key, d in demand.items():
        got, want = t.served.get(key, 0.0), d.group_hours
        tol = float(amount_slack(want))
        if got > want + tol:
            t.problems.append(f"demand ({d.school!r}, {d.profile!r}) is served {got:g} group-hours but asks for "
                              f"{want:g}")
        listed = unmet.get(key, 0.0)
        if abs(max(want - got, 0.0) - listed) > tol:
            t.problems.append(f"demand ({d.school!r}, {d.profile!r}) is {max(want - got, 0.0):g} group-hours short "
                              f"but {listed:g} are listed as unmet")
        if not sharing.split and len(t.hosts.get(key, ())) > 1:
            t.problems.append(f"demand ({d.school!r}, {d.profile!r}) is split between hosts {sorted(t.hosts[key])} "
                              "although split=False")
    for key in unmet:
        if key not in demand:
            t.problems.append(f"unmet demand ({key[0]!r}, {key[1][1]!r}) is not among the demands")


@validate_params(registry=REGISTRY, sharing=SHARING, constraints=CONSTRAINTS, distances=DISTANCES)
def check_sharing(
    registry: Registry,
    sharing: Sharing,
    constraints: SharingConstraints | Mapping[str, Any] | None = None,
    *,
    distances: Any = None,
) -> list[str]:
    """Every violated capacity, travel limit or demand of a plan; an empty list when it is fine.

    Recomputes from the registry, independently of the solver's arrays: each flow's resource
    offers its profile and stands at another school; its trip (from ``distances`` if given, else the
    estimate) is within the limits, or the resource is remote (and the internet suffices); no
    resource serves more than its capacity (shift factor applied); no demand is served more than
    it asks and what is short is listed in ``unmet``; with ``split=False`` no demand is served from
    two hosts.

    Parameters
    ----------
    registry : Registry
    sharing : Sharing
    constraints : SharingConstraints or dict, optional
        ``sharing.constraints`` by default.
    distances : DataFrame or mapping, optional
        The distance table the plan used, if any: it must be passed again.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from netmatch._sharing.share import share_resources
    >>> from netmatch.datasets import load_demo
    >>> reg = load_demo()
    >>> plan = share_resources(reg)
    >>> check_sharing(reg, plan)
    []
    >>> check_sharing(reg, plan, {"max_minutes": 23})  # doctest: +NORMALIZE_WHITESPACE
    ["flow S12 -> TR-S05 at S05 ('growth_point_science'): in person, 24.7 min and 20.5 km one way, beyond the
      limit (23 min)"]
    """
    func = "check_sharing"
    cons = sharing.constraints if constraints is None else coerce(SharingConstraints, constraints, func)
    table = read_distances(distances, registry.index, len(registry), func)
    supply = _supply(registry, cons)
    t = _Tally(load=np.zeros(len(supply.ids)))
    demand = _demands_of(registry, sharing, t.problems)
    rindex = {rid: k for k, rid in enumerate(supply.ids)}
    for i, f in enumerate(sharing.flows):
        _check_flow(registry, supply, rindex, demand, i, f, t)
    if t.checked:
        _check_trips(registry, sharing, supply, cons, table, t)
    _check_capacity(registry, supply, t)
    _check_demands(sharing, demand, t)
    return t.problems
