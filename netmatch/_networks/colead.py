"""Co-leaders: a second leader school for an association, from the leaders that lead none.

A leader school that leads no association (its schools are nearer other leaders, or the target
was met without it) may co-lead one: each association gets at most one co-leader, each idle
leader co-leads at most one, within the in-person limits of the association's leader, the
shortest trips first — an exact assignment (:func:`netmatch.solvers.max_coverage_assignment`:
the most associations co-led, then the least total travel between the two leaders).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from netmatch._base.geo import unit_vectors
from netmatch._networks.places import graph_positions, graph_travel
from netmatch._solvers.bmatching import max_coverage_assignment

__all__ = ["co_leaders", "leader_trip"]


def leader_trip(G: nx.Graph, a: str, b: str) -> tuple[float, float, bool]:
    """Road km and minutes between two schools of the graph, and whether the trip is within the in-person limits."""
    trip, cons = graph_travel(G)
    lat, lon = graph_positions(G, (a, b))
    km, minutes = trip.trips(lat, lon, np.array([0]), np.array([1]))
    within = trip.within_limits(km[0], minutes[0], cons.get("max_km"), cons.get("max_minutes"))
    return float(km[0]), float(minutes[0]), bool(within and not math.isnan(km[0]))


def co_leaders(G: nx.Graph, ids: tuple[str, ...], leading: np.ndarray, idle: np.ndarray
               ) -> dict[int, tuple[int, float, float]]:
    """For each leading school's row, its co-leader's row and their road km and minutes (only those co-led).

    ``leading`` and ``idle`` are school rows: the leaders of associations and the leaders leading none.
    """
    trip, cons = graph_travel(G)
    lat, lon = graph_positions(G, ids)
    lead = leading[~np.isnan(lat[leading])]
    free = idle[~np.isnan(lat[idle])]
    if not (len(lead) and len(free)):
        return {}
    xyz = unit_vectors(lat, lon)
    reach = trip.road_km(cons.get("max_km"), cons.get("max_minutes"))
    if math.isfinite(reach):
        i, j = trip.pairs_within(xyz[lead], xyz[free], reach)
    else:
        i, j = np.repeat(np.arange(len(lead)), len(free)), np.tile(np.arange(len(free)), len(lead))
    km, minutes = trip.trips(lat, lon, lead[i], free[j])
    ok = trip.within_limits(km, minutes, cons.get("max_km"), cons.get("max_minutes"))
    i, j, km, minutes = i[ok], j[ok], km[ok], minutes[ok]
    if not len(i):
        return {}
    res = max_coverage_assignment(i, j, -np.rint(minutes), np.ones(len(lead), np.int64),
                                  np.ones(len(free), np.int64))
    chosen = np.flatnonzero(np.asarray(res.chosen))
    return {int(lead[i[e]]): (int(free[j[e]]), float(km[e]), float(minutes[e])) for e in chosen.tolist()}
