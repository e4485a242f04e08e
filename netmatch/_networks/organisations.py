"""Partner organisations that lead associations: their arcs to the schools, by the pairs' travel rules.

An organisation of the registry marked ``leads`` (a вуз, a college, a centre of additional
education ready to lead a network association) is a hub beside the leader schools. A school
that is not a leader may join it in person within the graph's ``max_km``/``max_minutes``, or,
when the organisation works at a distance and the graph allows remote work
(``beyond_limit="remote"``), remotely among its ``remote_candidates`` nearest such
organisations beyond the limits (within ``remote_max_km``, and where the school's internet is
fast enough). Trips are estimated from the coordinates (the distance table lists school pairs
only). An organisation takes up to ``capacity`` ШНОР/ШНСУ (``max_size - 1`` when it states
none); it is never counted as a school in the network.

The score of an arc is the share of the school's weak subjects (below the district's mean, by
its subject profile) that the organisation teaches: among equal trips, the organisation that
helps where the school is weak.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from netmatch._base.geo import TravelModel, unit_vectors
from netmatch._base.parse import norm
from netmatch._networks.places import graph_organisations, graph_positions, graph_travel

__all__ = ["OrganisationArcs", "organisation_arcs"]


@dataclass(frozen=True, eq=False)
class OrganisationArcs:
    """The arcs from schools to the leading organisations; hubs in the order of :attr:`ids`."""

    ids: tuple[str, ...]
    school: np.ndarray  # school row of each arc
    hub: np.ndarray  # organisation (position in ids) of each arc
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray
    score: np.ndarray
    capacity: np.ndarray  # per organisation: ШНОР/ШНСУ it takes
    located: np.ndarray  # per organisation

    @classmethod
    def empty(cls) -> OrganisationArcs:
        """No organisation leads."""
        z = np.zeros(0)
        i = np.zeros(0, np.int64)
        return cls((), i, i, z, z, np.zeros(0, bool), z, i, np.zeros(0, bool))


def _found(trip: TravelModel, cons: Mapping[str, Any], xyz_s: np.ndarray, xyz_o: np.ndarray, schools: np.ndarray,
           orgs: np.ndarray, remote_orgs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(school row, organisation) pairs worth a look: within reach, and the nearest remote ones."""
    reach = trip.road_km(cons.get("max_km"), cons.get("max_minutes"))
    parts_s: list[np.ndarray] = []
    parts_o: list[np.ndarray] = []
    if math.isfinite(reach):
        i, j = trip.pairs_within(xyz_s[schools], xyz_o[orgs], reach)
        parts_s.append(schools[i])
        parts_o.append(orgs[j])
    else:
        parts_s.append(np.repeat(schools, len(orgs)))
        parts_o.append(np.tile(orgs, len(schools)))
    k = min(int(cons.get("remote_candidates") or 0), len(remote_orgs))
    if cons.get("beyond_limit", "remote") == "remote" and k and len(schools):
        from scipy.spatial import cKDTree

        # the nearest remote organisations of each school (those within reach are found above too)
        _, idx = cKDTree(xyz_o[remote_orgs]).query(xyz_s[schools], k=k)
        idx = np.asarray(idx).reshape(len(schools), k)
        parts_s.append(np.repeat(schools, k))
        parts_o.append(remote_orgs[idx.ravel()])
    return np.concatenate(parts_s), np.concatenate(parts_o)


def _weak(G: nx.Graph, ids: Sequence[str], rows: np.ndarray) -> dict[int, frozenset[str]]:
    """The subjects below the district's mean (any procedure) of the schools at ``rows``, in one spelling."""
    out = {}
    for r in rows.tolist():
        profile = G.nodes[ids[r]].get("profile") or {}
        out[r] = frozenset(norm(k.split(":", 1)[1]) for k, z in profile.items() if z is not None and z < 0)
    return out


def _scores(G: nx.Graph, ids: Sequence[str], records: Sequence[Mapping[str, Any]], school: np.ndarray,
            hub: np.ndarray) -> np.ndarray:
    weak = _weak(G, ids, np.unique(school))  # only the schools on an arc: not every node of a national graph
    teaches = [frozenset(norm(x) for x in (r.get("subjects") or ())) for r in records]
    return np.array([len(weak[s] & teaches[o]) / len(weak[s]) if weak[s] else 0.0
                     for s, o in zip(school.tolist(), hub.tolist(), strict=True)], dtype=float)


def organisation_arcs(G: nx.Graph, ids: Sequence[str], members: np.ndarray, max_size: int) -> OrganisationArcs:
    """The arcs from the school rows ``members`` to the organisations of ``G`` that lead (see the module).

    ``ids`` are the graph's schools in row order; the organisations are the graph's records
    (``G.graph["organisations"]``, written there by :func:`netmatch.build_graph`).
    """
    records, lat_o, lon_o = graph_organisations(G, leads=True)
    if not records:
        return OrganisationArcs.empty()
    trip, cons = graph_travel(G)
    lat_s, lon_s = graph_positions(G, ids)
    located = ~np.isnan(lat_o)
    remote_ok = np.array([bool(r.get("remote")) for r in records], dtype=bool)
    schools = members[~np.isnan(lat_s[members])]
    orgs = np.flatnonzero(located)
    xyz_s, xyz_o = unit_vectors(lat_s, lon_s), unit_vectors(lat_o, lon_o)
    s, o = _found(trip, cons, xyz_s, xyz_o, schools, orgs, np.flatnonzero(located & remote_ok))
    n = len(ids)
    key = np.unique(o * max(n, 1) + s)  # sorted: deterministic arc order
    o, s = key // max(n, 1), key % max(n, 1)
    lat, lon = np.r_[lat_s, lat_o], np.r_[lon_s, lon_o]
    km, minutes = trip.trips(lat, lon, s, n + o)
    in_person = trip.within_limits(km, minutes, cons.get("max_km"), cons.get("max_minutes"))
    far = remote_ok[o] & ~in_person & (cons.get("beyond_limit", "remote") == "remote")
    if cons.get("remote_max_km") is not None:
        far &= km <= float(cons["remote_max_km"])
    if cons.get("min_remote_mbps") is not None:  # the school's internet; unknown speeds pass
        mbps = np.array([np.nan if G.nodes[x].get("internet_mbps") is None else float(G.nodes[x]["internet_mbps"])
                         for x in ids], dtype=float)
        far &= ~(mbps[s] < float(cons["min_remote_mbps"]))
    keep = in_person | far
    s, o, km, minutes, remote = s[keep], o[keep], km[keep], minutes[keep], ~in_person[keep]
    capacity = np.array([max_size - 1 if r.get("capacity") is None else int(r["capacity"]) for r in records],
                        dtype=np.int64)
    return OrganisationArcs(ids=tuple(str(r["id"]) for r in records), school=s, hub=o, km=km, minutes=minutes,
                            remote=remote, score=_scores(G, ids, records, s, o), capacity=capacity, located=located)
