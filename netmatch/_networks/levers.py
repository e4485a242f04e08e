"""What it would take: for each ШНОР/ШНСУ left outside the associations, the smallest change that brings it in.

One lever at a time, on the plan as it stands (the residual problem): the school joins the
association of one named leader and every ШНОР/ШНСУ already placed stays where it is, so the
change is enough by construction, and it is the smallest of its kind:

* ``one_more_place`` — the school reaches open associations, all full: one more ШНОР/ШНСУ place
  at the nearest of their leaders (and, when that association is at ``max_size``, the ordinary
  member with the longest trip that the leader would let go);
* ``smaller_minimum`` — it reaches only leaders that lead no association, which it alone cannot
  open: their association with it would hold two schools, so ``min_size=2`` for that leader;
* ``organisation_leads`` — it reaches no leader, but a partner organisation not ready to lead
  stands within the in-person limits: that organisation, named, leading an association would
  take it in (the nearest such organisation);
* ``raise_limit`` — it reaches no leader (nor such an organisation): the limit raised to the road
  km of its nearest leader (or remote work allowed with it), plus one more place there when that
  leader is full, or an association of two schools when that leader leads none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

    from netmatch._networks.form import _Arcs
    from netmatch._solvers.associations import AssociationPlan
    from netmatch.graph import Candidates

__all__ = ["LEVERS", "OrganisationSites", "idle_organisations", "levers", "nearest_leader"]

#: The levers in words, ``code -> (Russian, English)`` templates.
LEVERS: dict[str, tuple[str, str]] = {
    "one_more_place": ("ещё одно место для ШНОР/ШНСУ у лидера {leader} ({km} км, {mode}) — и школа войдёт в его "
                       "объединение{drop}",
                       "one more ШНОР/ШНСУ place at leader {leader} ({km} km, {mode}) would bring it into its "
                       "association{drop}"),
    "smaller_minimum": ("объединение лидера {leader} ({km} км) с ней одной: разрешить объединение из двух школ",
                        "an association of leader {leader} ({km} km) with it alone: allow associations of two"),
    "organisation_leads": ("организация {organisation} ({km} км) возглавит сетевое объединение — и школа войдёт в "
                           "него", "the organisation {organisation} ({km} km) leading an association would take it in"),
    "raise_limit": ("поднять предел расстояния до {km} км или разрешить дистанционную работу с ближайшим лидером "
                    "{leader}{place}",
                    "raise the distance limit to {km} km, or allow remote work with the nearest leader "
                    "{leader}{place}"),
}
_MODE = {False: ("очно", "in person"), True: ("дистанционно", "remote")}


def levers(cand: Candidates, arcs: _Arcs, plan: AssociationPlan, max_size: int,
           idle: OrganisationSites | None = None) -> dict[int, tuple[str, str, str]]:
    """For each school row of a ШНОР/ШНСУ outside every association (with coordinates): its lever's code and words.

    ``idle`` are the located organisations that do not lead (:func:`idle_organisations`).
    """
    ids = arcs.names
    h_count = len(arcs.hub_rows)
    used = plan.arc_of[plan.arc_of >= 0]
    size = np.bincount(arcs.hub[used], minlength=h_count)
    prio = np.bincount(arcs.hub[used], arcs.priority[arcs.member[used]], minlength=h_count).astype(np.int64)
    by_member = np.argsort(arcs.member, kind="stable")
    starts = np.searchsorted(arcs.member[by_member], np.arange(len(arcs.rows) + 1))
    out: dict[int, tuple[str, str, str]] = {}
    for m in np.flatnonzero(arcs.priority & (plan.arc_of < 0)).tolist():
        row = int(arcs.rows[m])
        mine = by_member[starts[m]:starts[m + 1]]
        if len(mine):
            out[row] = _reachable(ids, arcs, plan, mine, size, max_size)
            continue
        found = _organisation(idle, row) if idle is not None else None
        found = found or _beyond(cand, arcs, plan, row, prio, size, max_size)
        if found is not None:
            out[row] = found
    return out


@dataclass(frozen=True, eq=False)
class OrganisationSites:
    """The located organisations that do not lead, and each school's nearest one within the in-person limits."""

    codes: tuple[str, ...]
    nearest: np.ndarray  # per school row: index into codes, -1 when none within the limits
    km: np.ndarray  # per school row: road km to it


def idle_organisations(G: nx.Graph, ids: Sequence[str]) -> OrganisationSites | None:
    """The nearest organisation not ready to lead within the in-person limits of each school (None when there is
    no such organisation)."""
    from scipy.spatial import cKDTree

    from netmatch._base.geo import unit_vectors
    from netmatch._networks.places import graph_organisations, graph_positions, graph_travel

    records, o_lat, o_lon = graph_organisations(G, leads=False)
    located = ~np.isnan(o_lat)
    if not located.any():
        return None
    records = [r for r, ok in zip(records, located.tolist(), strict=True) if ok]
    o_lat, o_lon = o_lat[located], o_lon[located]
    trip, cons = graph_travel(G)
    lat, lon = graph_positions(G, ids)
    nearest = np.full(len(ids), -1, np.int64)
    km = np.full(len(ids), math.nan)
    here = np.flatnonzero(~np.isnan(lat))
    if len(here):
        _, j = cKDTree(unit_vectors(o_lat, o_lon)).query(unit_vectors(lat[here], lon[here]), k=1)
        j = np.asarray(j, np.int64)
        d, minutes = trip.trips(np.r_[lat, o_lat], np.r_[lon, o_lon], here, len(ids) + j)
        ok = trip.within_limits(d, minutes, cons.get("max_km"), cons.get("max_minutes"))
        nearest[here[ok]], km[here[ok]] = j[ok], d[ok]
    return OrganisationSites(tuple(str(r["id"]) for r in records), nearest, km)


def _organisation(idle: OrganisationSites, row: int) -> tuple[str, str, str] | None:
    k = int(idle.nearest[row])
    if k < 0:
        return None
    ru, en = LEVERS["organisation_leads"]
    values = {"organisation": idle.codes[k], "km": f"{idle.km[row]:.0f}"}
    return "organisation_leads", ru.format(**values), en.format(**values)


def _reachable(ids: tuple[str, ...], arcs: _Arcs, plan: AssociationPlan, mine: np.ndarray, size: np.ndarray,
               max_size: int) -> tuple[str, str, str]:
    """The lever of a school whose leaders in reach are all full or lead nothing."""
    mine = mine[np.argsort(arcs.minutes[mine], kind="stable")]
    open_arcs = [int(e) for e in mine.tolist() if plan.open[arcs.hub[e]]]
    e = open_arcs[0] if open_arcs else int(mine[0])
    h = int(arcs.hub[e])
    leader, km = ids[int(arcs.hub_rows[h])], f"{arcs.km[e]:.0f}"
    if not open_arcs:
        ru, en = LEVERS["smaller_minimum"]
        return "smaller_minimum", ru.format(leader=leader, km=km), en.format(leader=leader, km=km)
    drop_ru = drop_en = ""
    if size[h] >= max_size - 1:
        members = np.flatnonzero((plan.arc_of >= 0) & (arcs.hub[np.maximum(plan.arc_of, 0)] == h) & ~arcs.priority)
        if len(members):
            far = int(members[np.argmax(arcs.minutes[plan.arc_of[members]])])
            gone = ids[int(arcs.rows[far])]
            drop_ru, drop_en = f"; лидер отпустит {gone}", f"; the leader would let {gone} go"
    mode = _MODE[bool(arcs.remote[e])]
    ru, en = LEVERS["one_more_place"]
    return ("one_more_place", ru.format(leader=leader, km=km, mode=mode[0], drop=drop_ru),
            en.format(leader=leader, km=km, mode=mode[1], drop=drop_en))


def nearest_leader(cand: Candidates, row: int) -> tuple[int, float]:
    """The row of a school's nearest leader and its road km (-1 and NaN when the graph does not say)."""
    diag: Any = cand.diagnostics
    near = int(diag["nearest_leader"][row]) if "nearest_leader" in diag else -1
    return near, float(diag["nearest_km"][row]) if "nearest_km" in diag else math.nan


def _beyond(cand: Candidates, arcs: _Arcs, plan: AssociationPlan, row: int, prio: np.ndarray, size: np.ndarray,
            max_size: int) -> tuple[str, str, str] | None:
    """The lever of a school with no leader in reach: its nearest leader, with a place there if it is full, or an
    association of two if it leads none."""
    near, km = nearest_leader(cand, row)
    if near < 0 or math.isnan(km):
        return None
    hub = np.flatnonzero(arcs.hub_rows == near)
    h = int(hub[0]) if len(hub) else -1
    full = h >= 0 and (prio[h] >= arcs.capacity[h] or size[h] >= max_size - 1)
    ru, en = LEVERS["raise_limit"]
    leader = cand.ids[near]
    place_ru, place_en = (" и ещё одно место у него", " and one more place there") if full else ("", "")
    if h >= 0 and not plan.open[h]:  # it would lead an association of two
        place_ru, place_en = " (объединение из двух школ)", " (an association of two)"
    return ("raise_limit", ru.format(km=math.ceil(km), leader=leader, place=place_ru),
            en.format(km=math.ceil(km), leader=leader, place=place_en))
