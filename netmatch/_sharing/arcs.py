"""The registry as arrays for sharing: what each resource offers, and the school → resource arcs in reach.

A resource at host ``s_r`` takes ``⌊seats / group_size⌋`` groups at once for its free hours times
the shift factor of its host (:func:`_supply`). An arc ``(d, r)`` joins a demand to a resource
that offers its profile, at another school, and within reach (``max_minutes``, ``max_km``) — or
remote, among the ``remote_candidates`` nearest remote resources beyond reach, where the
internet allows. Arcs are found with a k-d tree on unit-sphere coordinates (never by comparing
all pairs) plus the pairs of the distance table; trips come from :class:`netmatch._base.geo.TravelModel`.

>>> sorted(KIND_SUBJECTS[ResourceKind.LABORATORY])
['биология', 'физика', 'химия']
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from netmatch._base.geo import DistanceTable, unit_vectors
from netmatch._base.parse import norm
from netmatch._data import GROWTH_POINT_KINDS, Organisation, Registry, ResourceKind, School
from netmatch._sharing.results import Demand
from netmatch._sharing.settings import SharingConstraints

__all__ = ["KIND_SUBJECTS", "place_ids", "place_index"]

#: Subjects a resource of each kind offers when the registry lists no profiles for it.
KIND_SUBJECTS: Mapping[ResourceKind, tuple[str, ...]] = {
    ResourceKind.GROWTH_POINT: ("физика", "химия", "биология", "информатика", "технология"),
    ResourceKind.GROWTH_POINT_SCIENCE: ("физика", "химия", "биология"),
    ResourceKind.GROWTH_POINT_DIGITAL: ("информатика", "технология", "ОБЗР"),
    ResourceKind.IT_CUBE: ("информатика", "программирование", "робототехника"),
    ResourceKind.QUANTORIUM: ("физика", "химия", "биология", "технология"),
    ResourceKind.LIBRARY: ("русский язык", "литература"),
    ResourceKind.COMPUTER_CLASS: ("информатика",),
    ResourceKind.SPORTS_HALL: ("физическая культура",),
    ResourceKind.LABORATORY: ("физика", "химия", "биология"),
    ResourceKind.OTHER: (),
}


@dataclass(frozen=True, eq=False)
class _Supply:
    """Resources as arrays (registry order)."""

    ids: tuple[str, ...]
    host: np.ndarray  # place row of the host: a school's row, or n + an organisation's position
    kind: np.ndarray  # object array of kind codes
    remote: np.ndarray
    parallel: np.ndarray  # groups at once
    factor: np.ndarray  # shift factor of the host
    capacity: np.ndarray  # group-hours a week
    subjects: tuple[frozenset[str], ...]  # normalised profiles


def _supply(registry: Registry, cons: SharingConstraints) -> _Supply:
    res = registry.resources
    index = place_index(registry)
    n = len(registry)
    host = np.array([index[r.host] for r in res], dtype=np.int64)
    # an organisation works no shifts of pupils: its free hours are all free
    shifts = np.array([1 if h >= n else registry.schools[h].shifts or 1 for h in host.tolist()], dtype=np.int64)
    factor = np.asarray(cons.shift_factors, dtype=float)[shifts - 1] if len(res) else np.zeros(0)
    seats = np.array([-1 if r.seats is None else r.seats for r in res], dtype=np.int64)
    hours = np.array([np.nan if r.hours_per_week is None else r.hours_per_week for r in res], dtype=float)
    parallel = np.where(seats >= 0, seats // cons.group_size, 0)
    capacity = np.where(np.isnan(hours), 0.0, parallel * np.nan_to_num(hours) * factor)
    return _Supply(
        ids=tuple(r.id for r in res), host=host, kind=np.array([r.kind.value for r in res], dtype=object),
        remote=np.array([r.remote for r in res], dtype=bool), parallel=parallel.astype(np.int64), factor=factor,
        capacity=capacity,
        subjects=tuple(_subjects(r.profiles or KIND_SUBJECTS[r.kind]) for r in res))


def place_ids(registry: Registry) -> tuple[str, ...]:
    """The codes of the places resources stand at: the schools (registry order), then the organisations.

    >>> from netmatch.datasets import load_demo
    >>> reg = load_demo()
    >>> ids = place_ids(reg)
    >>> ids[:len(reg)] == reg.ids, ids[len(reg)]
    (True, 'O1')
    """
    return registry.ids + tuple(o.id for o in registry.organisations)


def place_index(registry: Registry) -> dict[str, int]:
    """Each place's row in :func:`place_ids`."""
    if not registry.organisations:
        return registry.index
    return {code: i for i, code in enumerate(place_ids(registry))}


@functools.lru_cache(maxsize=4096)
def _subjects(profiles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_norm(p) for p in profiles)


@functools.lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    return norm(text)  # registries repeat a handful of subject names many times


def _offers(keys: Sequence[tuple[str, str]], supply: _Supply) -> list[np.ndarray]:
    """For each profile key, the resources that offer it (indices, registry order)."""
    by_subject: dict[str, list[int]] = {}
    for r, subjects in enumerate(supply.subjects):
        for s in subjects:
            by_subject.setdefault(s, []).append(r)
    growth = np.isin(supply.kind, np.array([k.value for k in GROWTH_POINT_KINDS], dtype=object))
    out = []
    for kind, value in keys:
        if kind == "subject":
            out.append(np.array(by_subject.get(value, []), dtype=np.int64))
        elif value == ResourceKind.GROWTH_POINT.value:
            out.append(np.flatnonzero(growth))
        else:
            out.append(np.flatnonzero(supply.kind == value))
    return out


def _offers_profile(supply: _Supply, registry: Registry, r: int, key: tuple[str, str]) -> bool:
    """Whether resource ``r`` offers the profile ``key`` (the checker's independent test)."""
    kind, value = key
    res = registry.resources[r]
    if kind == "subject":
        return value in supply.subjects[r]
    return res.kind.value == value or (value == ResourceKind.GROWTH_POINT.value and res.kind in GROWTH_POINT_KINDS)


@dataclass(frozen=True, eq=False)
class _Demands:
    """Demands as arrays (demand order): school row, profile key, hours, group-hours, priority."""

    records: tuple[Demand, ...]
    school: np.ndarray
    key: np.ndarray
    keys: tuple[tuple[str, str], ...]
    hours: np.ndarray
    q: np.ndarray
    priority: np.ndarray


@dataclass(frozen=True, eq=False)
class _Arcs:
    """Candidate (demand, resource) arcs, sorted by demand then resource."""

    d: np.ndarray
    r: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray
    internet_blocked: np.ndarray  # per demand: remote resources beyond reach the internet rules out


@dataclass(frozen=True, eq=False)
class _Geo:
    """Places' coordinates and internet: the schools (registry order), then the organisations."""

    lat: np.ndarray
    lon: np.ndarray
    located: np.ndarray
    mbps: np.ndarray

    @functools.cached_property
    def xyz(self) -> np.ndarray:
        return unit_vectors(self.lat, self.lon)


def _place_geo(registry: Registry) -> _Geo:
    places: list[School | Organisation] = [*registry.schools, *registry.organisations]
    lat = np.array([np.nan if s.latitude is None else s.latitude for s in places], dtype=float)
    lon = np.array([np.nan if s.longitude is None else s.longitude for s in places], dtype=float)
    # an organisation's internet is not in the registry: unknown, and an unknown speed passes
    mbps = np.array([np.nan if s.internet_mbps is None else s.internet_mbps for s in registry.schools]
                    + [np.nan] * len(registry.organisations), dtype=float)
    return _Geo(lat, lon, ~np.isnan(lat), mbps)


def _cross(a_order: np.ndarray, a_start: np.ndarray, a_count: np.ndarray, b_order: np.ndarray,
           b_start: np.ndarray, b_count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (a, b) of each pair of lists ``a_order[a_start:a_start+a_count]`` × the same for b."""
    each = a_count * b_count
    total = int(each.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    p = np.repeat(np.arange(len(each)), each)
    within = np.arange(total) - np.repeat(np.cumsum(each) - each, each)
    i, j = within // b_count[p], within % b_count[p]
    return a_order[a_start[p] + i], b_order[b_start[p] + j]


def _groups_of(values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR-like grouping: items sorted by value, start and count of each value 0..n-1."""
    order = np.argsort(values, kind="stable")
    start = np.searchsorted(values[order], np.arange(n))
    count = np.bincount(values, minlength=n) if len(values) else np.zeros(n, np.int64)
    return order, start, count


def _trips(geo: _Geo, a: np.ndarray, b: np.ndarray, table: DistanceTable, cons: SharingConstraints
           ) -> tuple[np.ndarray, np.ndarray]:
    """Road km and minutes from school rows ``a`` to ``b``: the table first, else the estimate (NaN if unknown)."""
    return cons.travel().trips(geo.lat, geo.lon, a, b, table)


def _remote_beyond(p_d: np.ndarray, ds: np.ndarray, rem: np.ndarray, within: np.ndarray, xyz_rem: np.ndarray,
                   candidates: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The ``candidates`` nearest remote resources of each demand past the ``within`` ones in reach."""
    from scipy.spatial import cKDTree

    parts_d: list[np.ndarray] = []
    parts_r: list[np.ndarray] = []
    tree_m = cKDTree(xyz_rem)
    for w in np.unique(within).tolist():
        ranks = list(range(w + 1, min(w + candidates, len(rem)) + 1))
        if not ranks:
            continue
        rows = np.flatnonzero(within == w)
        _, idx = tree_m.query(p_d[rows], k=ranks)
        idx = np.asarray(idx).reshape(len(rows), len(ranks))
        ok = idx < len(rem)
        parts_d.append(np.repeat(ds[rows], len(ranks))[ok.ravel()])
        parts_r.append(rem[idx[ok]])
    return parts_d, parts_r


def _tree_arcs(dem: _Demands, supply: _Supply, offers: list[np.ndarray], cons: SharingConstraints,
               geo: _Geo) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per profile: the located pairs within reach (k-d tree), and the nearest remote ones beyond it."""
    xyz = geo.xyz
    usable = supply.capacity > 0
    reach = cons.reach_km()
    travel = cons.travel()
    finite = math.isfinite(travel.search_chord(reach, slack=1e-12))
    parts_d: list[np.ndarray] = []
    parts_r: list[np.ndarray] = []
    active = dem.q > 0
    for k, offered in enumerate(offers):
        rs = offered[usable[offered] & geo.located[supply.host[offered]]]
        ds = np.flatnonzero((dem.key == k) & active & geo.located[dem.school])
        if not len(rs) or not len(ds):
            continue
        if not finite:  # no travel limit: every pair (only sensible for small registries)
            parts_d.append(np.repeat(ds, len(rs)))
            parts_r.append(np.tile(rs, len(ds)))
            continue
        p_d, p_r = xyz[dem.school[ds]], xyz[supply.host[rs]]
        i, j = travel.pairs_within(p_d, p_r, reach)
        parts_d.append(ds[i])
        parts_r.append(rs[j])
        rem = rs[supply.remote[rs]]
        if cons.remote_candidates and len(rem):
            # the nearest remote resources beyond reach: skip the ones within it (counted above)
            within = np.bincount(i[supply.remote[rs[j]]], minlength=len(ds))
            more_d, more_r = _remote_beyond(p_d, ds, rem, within, xyz[supply.host[rem]], cons.remote_candidates)
            parts_d += more_d
            parts_r += more_r
    return parts_d, parts_r


def _table_arcs(dem: _Demands, supply: _Supply, offers: list[np.ndarray], table: DistanceTable, n: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """Every table pair between a demanding school and a host that offers the demand's profile."""
    n_res = len(supply.ids)
    ta, tb = table.keys // n, table.keys % n
    d_order, d_start, d_count = _groups_of(dem.school, n)
    r_order, r_start, r_count = _groups_of(supply.host, n)
    td, tr = _cross(d_order, d_start[ta], d_count[ta], r_order, r_start[tb], r_count[tb])
    if not len(td):
        return td, tr
    offer_key = np.unique(np.concatenate([np.full(len(o), k, np.int64) * n_res + o
                                          for k, o in enumerate(offers)] or [np.zeros(0, np.int64)]))
    ok = np.isin(dem.key[td] * n_res + tr, offer_key) & (supply.capacity[tr] > 0) & (dem.q[td] > 0)
    return td[ok], tr[ok]


def _arcs(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray],
          cons: SharingConstraints, table: DistanceTable) -> _Arcs:
    """The candidate arcs: in reach in person, or remote where the resource and the internet allow."""
    n = len(registry)
    geo = _place_geo(registry)
    n_res = len(supply.ids)
    parts_d, parts_r = _tree_arcs(dem, supply, offers, cons, geo)
    if len(table.keys) and len(dem.q):
        td, tr = _table_arcs(dem, supply, offers, table, n)
        parts_d.append(td)
        parts_r.append(tr)
    if parts_d:
        key = np.unique(np.concatenate(parts_d) * n_res + np.concatenate(parts_r))  # sorted: deterministic
    else:
        key = np.zeros(0, np.int64)
    d, r = key // max(n_res, 1), key % max(n_res, 1)
    s, h = dem.school[d], supply.host[r]
    not_self = s != h
    d, r, s, h = d[not_self], r[not_self], s[not_self], h[not_self]
    km, minutes = _trips(geo, s, h, table, cons)
    in_reach = ~np.isnan(minutes)
    with np.errstate(invalid="ignore"):
        if cons.max_minutes is not None:
            in_reach &= minutes <= cons.max_minutes
        if cons.max_km is not None:
            in_reach &= km <= cons.max_km
        far_ok = supply.remote[r] & ~in_reach
        if cons.remote_max_km is not None:
            far_ok &= km <= cons.remote_max_km
    internet = np.ones(len(d), bool)
    if cons.min_remote_mbps is not None:
        internet = ~(geo.mbps[s] < cons.min_remote_mbps) & ~(geo.mbps[h] < cons.min_remote_mbps)
    blocked = np.bincount(d[far_ok & ~internet], minlength=len(dem.q))
    keep = in_reach | (far_ok & internet)
    return _Arcs(d=d[keep], r=r[keep], km=km[keep], minutes=minutes[keep], remote=~in_reach[keep],
                 internet_blocked=blocked)
