"""Why a demand is not (fully) served, in Russian and English.

Each short demand gets one code: ``no_resource`` (nothing in the registry offers its profile),
``no_coordinates`` (its trips are unknown), ``out_of_reach`` (with the nearest suitable resource
and the trip to it), ``full`` (everything in reach is used up) or ``not_chosen`` (free hours in
reach the plan could not use: ``split=False`` or the time limit), with the resources in reach
and their utilisation.

>>> from netmatch._sharing.settings import SharingConstraints
>>> _limit_text(SharingConstraints(max_km=20))
('30 мин и 20 км', '30 min and 20 km')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from netmatch._base.geo import DistanceTable
from netmatch._base.lists import SHOWN, id_list
from netmatch._data import Registry
from netmatch._sharing.arcs import _Arcs, _Demands, _Geo, _place_geo, _Supply, _trips, place_ids
from netmatch._sharing.results import Unmet
from netmatch._sharing.settings import SharingConstraints
from netmatch._solvers.transport import amount_slack

__all__: list[str] = []

#: Resources in reach named in a reason (the rest are counted).
_SHOWN = SHOWN


def _limit_text(cons: SharingConstraints) -> tuple[str, str]:
    ru, en = [], []
    if cons.max_minutes is not None:
        ru.append(f"{cons.max_minutes:g} мин")
        en.append(f"{cons.max_minutes:g} min")
    if cons.max_km is not None:
        ru.append(f"{cons.max_km:g} км")
        en.append(f"{cons.max_km:g} km")
    return " и ".join(ru) or "без ограничения", " and ".join(en) or "no limit"


def _nearest(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray], rows: np.ndarray,
             cons: SharingConstraints, table: DistanceTable, geo: _Geo | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For demand ``rows``: the nearest resource offering the profile (-1 if none), and the trip to it."""
    from scipy.spatial import cKDTree

    geo = _place_geo(registry) if geo is None else geo
    located, xyz = geo.located, geo.xyz
    best = np.full(len(rows), -1, np.int64)
    for k in np.unique(dem.key[rows]).tolist():
        offered = offers[k]
        rs = offered[(supply.capacity[offered] > 0) & located[supply.host[offered]]]
        sel = np.flatnonzero((dem.key[rows] == k) & located[dem.school[rows]])
        if not len(rs) or not len(sel):
            continue
        schools = dem.school[rows[sel]]
        # a school's own resources are not for it: look one past as many as it hosts
        own = np.bincount(supply.host[rs], minlength=len(registry))
        kk = int(min(len(rs), 1 + own[schools].max()))
        _, idx = cKDTree(xyz[supply.host[rs]]).query(xyz[schools], k=kk)
        idx = np.asarray(idx).reshape(len(sel), kk)
        other = supply.host[rs[idx]] != schools[:, None]
        first = np.argmax(other, axis=1)
        ok = other[np.arange(len(sel)), first]
        best[sel[ok]] = rs[idx[np.arange(len(sel)), first]][ok]
    has = best >= 0
    km = np.full(len(rows), np.nan)
    minutes = np.full(len(rows), np.nan)
    if has.any():
        km[has], minutes[has] = _trips(geo, dem.school[rows[has]], supply.host[best[has]], table, cons)
    return best, km, minutes


@dataclass(frozen=True, eq=False)
class _Why:
    """What the reasons of one plan look up: arcs per demand, the nearest resources, who is full."""

    registry: Registry
    dem: _Demands
    supply: _Supply
    arcs: _Arcs
    geo: _Geo
    cons: SharingConstraints
    start: np.ndarray  # arcs of demand d: start[d]:start[d + 1]
    in_table: np.ndarray  # per school: whether the distance table lists it
    offering: np.ndarray  # per profile key: whether some resource offers it at all
    nearest: dict[int, tuple[int, float, float]]  # demand -> (resource, km, minutes)
    full: np.ndarray
    share: list[float]
    limit: tuple[str, str]
    split: bool
    status: str


def _context(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray], arcs: _Arcs,
             used: np.ndarray, short: np.ndarray, cons: SharingConstraints, table: DistanceTable, *, split: bool,
             status: str) -> _Why:
    geo = _place_geo(registry)
    start = np.searchsorted(arcs.d, np.arange(len(dem.q) + 1))
    n_arcs = start[1:] - start[:-1]
    in_table = np.zeros(len(registry), bool)
    if len(table.keys):
        in_table[table.keys // len(registry)] = True
    offering = np.array([bool((supply.capacity[o] > 0).any()) for o in offers], dtype=bool)
    no_arcs = short[n_arcs[short] == 0]
    reachable = no_arcs[offering[dem.key[no_arcs]] & geo.located[dem.school[no_arcs]]]
    near, near_km, near_min = _nearest(registry, dem, supply, offers, reachable, cons, table, geo)
    nearest = {int(d): (int(r), float(k), float(mi))
               for d, r, k, mi in zip(reachable.tolist(), near.tolist(), near_km.tolist(), near_min.tolist(),
                                      strict=True)}
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (used / supply.capacity).tolist()
    return _Why(registry, dem, supply, arcs, geo, cons, start, in_table, offering, nearest,
                used >= supply.capacity - amount_slack(supply.capacity), share, _limit_text(cons), split, status)


def _out_of_reach(w: _Why, d: int, base: dict[str, Any]) -> Unmet:
    """Nothing in reach: the nearest suitable resource, and why not remotely."""
    ids, rids, mbps, cons = place_ids(w.registry), w.supply.ids, w.geo.mbps, w.cons
    s = int(w.dem.school[d])
    p = base["profile"]
    r, km, mi = w.nearest.get(d, (-1, math.nan, math.nan))
    if not w.geo.located[s]:
        far_ru = "по таблице расстояний ничего нет в пределах досягаемости (у школы нет координат)"
        far_en = "the distance table has nothing within reach (the school has no coordinates)"
    elif r >= 0:
        far_ru = f"ближайший — {rids[r]} ({ids[w.supply.host[r]]}), {mi:.0f} мин, {km:.0f} км"
        far_en = f"the nearest is {rids[r]} at {ids[w.supply.host[r]]}, {mi:.0f} min, {km:.0f} km"
    else:
        far_ru = "других ресурсов с этим профилем (с координатами) нет"
        far_en = "no other resource offers it (with coordinates)"
    extra_ru = extra_en = ""
    if w.arcs.internet_blocked[d]:
        speed = "?" if math.isnan(mbps[s]) else f"{mbps[s]:g}"
        extra_ru = (f"; дистанционно нельзя: нужен интернет от {cons.min_remote_mbps:g} Мбит/с "
                    f"(у школы {speed})")
        extra_en = (f"; not remotely: it needs internet of {cons.min_remote_mbps:g} Mbit/s or more "
                    f"(the school has {speed})")
    limit_ru, limit_en = w.limit
    return Unmet(
        **base, code="out_of_reach", nearest_resource=rids[r] if r >= 0 else None,
        nearest_host=ids[w.supply.host[r]] if r >= 0 else None,
        nearest_minutes=None if r < 0 else mi, nearest_km=None if r < 0 else km,
        reason_ru=f"в пределах досягаемости ({limit_ru}) нет ресурса с профилем «{p}»; {far_ru}{extra_ru}",
        reason_en=f"nothing within reach ({limit_en}) offers '{p}'; {far_en}{extra_en}")


def _not_chosen_why(split: bool, status: str) -> tuple[str, str]:
    """Why free hours in reach were left unused, in Russian and English."""
    if not split:
        why_ru = "заявка не делится между площадками (split=False)"
        why_en = "a demand is not split between hosts (split=False)"
    else:
        why_ru = why_en = ""
    if status != "optimal":
        why_ru = ", ".join(x for x in (why_ru, "не хватило времени на оптимизацию") if x)
        why_en = ", ".join(x for x in (why_en, "the time limit ran out") if x)
    return why_ru or "план их не использовал", why_en or "the plan did not use them"


def _in_reach(w: _Why, d: int, base: dict[str, Any]) -> Unmet:
    """Resources in reach: all full, or free hours the plan did not use; nearest first."""
    mine = np.arange(w.start[d], w.start[d + 1])
    rs = w.arcs.r[mine]
    order = np.lexsort((rs, w.arcs.remote[mine], w.arcs.minutes[mine]))
    ids, rids = place_ids(w.registry), w.supply.ids
    listed = [(ids[w.supply.host[r]], rids[r], w.share[r]) for r in rs[order].tolist()]
    texts = [f"{h} ({rid}: {100 * u:.0f}%)" for h, rid, u in listed]
    shown_ru, shown_en = id_list(texts, "ru", limit=_SHOWN), id_list(texts, "en", limit=_SHOWN)
    if w.full[rs].all():
        return Unmet(**base, code="full", full_hosts=tuple(listed),
                     reason_ru=f"всё в пределах досягаемости занято: {shown_ru}",
                     reason_en=f"everything in reach is full: {shown_en}")
    why_ru, why_en = _not_chosen_why(w.split, w.status)
    return Unmet(**base, code="not_chosen", full_hosts=tuple(listed),
                 reason_ru=f"в пределах досягаемости есть свободные часы, но {why_ru}: {shown_ru}",
                 reason_en=f"resources in reach have free hours, but {why_en}: {shown_en}")


def _reason(w: _Why, d: int, missing: float) -> Unmet:
    """The reason one demand is ``missing`` group-hours short."""
    rec = w.dem.records[d]
    s = int(w.dem.school[d])
    base: dict[str, Any] = {"school": rec.school, "profile": rec.profile, "group_hours": missing,
                            "demand_group_hours": float(w.dem.q[d]), "priority": rec.priority}
    group = w.cons.group_size
    if not w.offering[w.dem.key[d]]:
        return Unmet(**base, code="no_resource",
                     reason_ru=f"ни один ресурс реестра не предлагает «{rec.profile}» (со свободными часами и "
                               f"местами для группы из {group})",
                     reason_en=f"no resource of the registry offers '{rec.profile}' (with free hours and seats "
                               f"for a group of {group})")
    has_arcs = w.start[d + 1] > w.start[d]
    if not has_arcs and not w.geo.located[s] and not w.in_table[s]:
        return Unmet(**base, code="no_coordinates",
                     reason_ru="у школы нет координат и строк в таблице расстояний: путь не вычислить",
                     reason_en="the school has no coordinates and no row in the distance table: its trips "
                               "are unknown")
    if not has_arcs:
        return _out_of_reach(w, d, base)
    return _in_reach(w, d, base)


def _unmet(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray], arcs: _Arcs,
           used: np.ndarray, missing: np.ndarray, short: np.ndarray, cons: SharingConstraints,
           table: DistanceTable, *, split: bool, status: str) -> tuple[Unmet, ...]:
    """Why each short demand is short, in Russian and English (demand order)."""
    w = _context(registry, dem, supply, offers, arcs, used, short, cons, table, split=split, status=status)
    return tuple(_reason(w, d, float(missing[d])) for d in short.tolist())
