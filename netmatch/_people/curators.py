"""Curators for the ШНОР/ШНСУ (:func:`assign_curators`), and the checker beside it.

Every school that needs a partner (ШНОР, ШНСУ) gets one curator (куратор) from the staff table
(:class:`~netmatch._data.staff.StaffMember` of the role ``curator``, or the ``roles`` asked for).
A curator takes at most ``max_schools`` schools (the person's own, else the default) and, when
the person states hours a month, no more than those hours allow at ``hours_per_school`` each. A
curator works in person within the travel limits (``max_km``/``max_minutes``, by default those
of :class:`netmatch.Constraints`), or at a distance when he or she works remotely; one whose
place is unknown (no coordinates, no located workplace) curates the schools of the
municipality, if the person names one, or any school, the trip unknown. A curator never curates
the school where he or she works (its head, say) unless ``allow_own_school``.

The assignment is exact (:func:`netmatch.solvers.max_coverage_assignment`, a *b*-matching): the
most schools given a curator, then the most of their weak subjects in the curators' expertise,
then in person before remote, then the shorter trip. ``fixed`` pairs (school, curator) that a
coordinator has decided are kept whatever the rules say, and the rest is re-optimised around them.
Candidates are found with a k-d tree, never by comparing every school with every person.

>>> import netmatch as nm
>>> reg = nm.datasets.load_demo()
>>> cur = assign_curators(reg)
>>> cur.kpis.assigned == cur.kpis.schools, check_curators(cur, reg)
(True, [])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.geo import TravelModel, unit_vectors
from netmatch._base.lists import id_list
from netmatch._base.params import FLAG, MAPPING, NONE, PAIRS, STRINGS, coerce, number, of, validate_params
from netmatch._base.results import Indicators, Reasoned
from netmatch._data import Registry
from netmatch._data.staff import StaffMember, StaffRole
from netmatch._identify import Identification, identify
from netmatch._people.common import staff_places, weak_subjects
from netmatch._solvers.bmatching import max_coverage_assignment
from netmatch._words import CATALOG, fill
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CuratorAssignment", "CuratorKpis", "Curators", "assign_curators", "check_curators"]

#: Reasons, ``code -> (Russian, English)`` templates.
REASONS: dict[str, tuple[str, str]] = {
    "assigned": ("куратор {curator}{expertise}; {trip}", "curator {curator}{expertise}; {trip}"),
    "fixed": ("куратор {curator} назначен координатором", "curator {curator} fixed by the coordinator"),
    "no_curators": ("в штате нет кураторов", "the staff has no curators"),
    "out_of_reach": ("кураторы далеко и не работают дистанционно (ближайший: {nearest}, {km} км)",
                     "the curators are beyond reach and do not work remotely (the nearest: {nearest}, {km} km)"),
    "curators_full": ("доступные кураторы заняты: {curators}", "the curators within reach are full: {curators}"),
    "own_school": ("единственные доступные кураторы работают в этой школе: {curators}",
                   "the only curators within reach work at this school: {curators}"),
}
_TRIP = {"in_person": ("очно, {km} км", "in person, {km} km"), "remote": ("дистанционно", "remote"),
         "unknown": ("очно, расстояние неизвестно", "in person, distance unknown")}
_EXPERTISE = ("; эксперт по предметам: {subjects}", "; expert in: {subjects}")
NO_COORDINATES = ("у школы нет координат, а дистанционно кураторы не работают",
                  "the school has no coordinates, and no curator works remotely")
REASONS["no_coordinates"] = NO_COORDINATES


@dataclass(frozen=True)
class CuratorAssignment(Reasoned):
    """One ШНОР/ШНСУ and its curator (``None`` when it has none), the trip and the reason."""

    school: str
    curator: str | None
    code: str
    reason_ru: str
    reason_en: str
    #: the school's weak subjects, weakest first
    weak: tuple[str, ...] = ()
    #: those of them in the curator's expertise
    matched: tuple[str, ...] = ()
    mode: str | None = None
    km: float | None = None
    minutes: float | None = None
    fixed: bool = False


@dataclass(frozen=True)
class CuratorKpis(Indicators):
    """How many ШНОР/ШНСУ have a curator, and how the curators are loaded."""

    schools: int
    assigned: int
    fixed: int
    curators: int
    curators_used: int
    max_load: int
    #: schools whose curator is an expert in at least one of their weak subjects
    expertise_matched: int
    remote: int

    @property
    def share_assigned(self) -> float:
        """Share of the ШНОР/ШНСУ with a curator (1 when there are none)."""
        return self.assigned / self.schools if self.schools else 1.0

    def extra(self) -> dict[str, Any]:
        return {"share_assigned": self.share_assigned}


@dataclass(frozen=True)
class Curators:
    """Every ШНОР/ШНСУ (in the registry's order) with its curator or the reason it has none."""

    assignments: tuple[CuratorAssignment, ...]
    kpis: CuratorKpis
    #: curator code -> schools curated
    load: Mapping[str, int]
    #: curator code -> how many schools the curator may take
    capacity: Mapping[str, int]
    allow_own_school: bool = False

    def __repr__(self) -> str:
        k = self.kpis
        return f"<Curators: {k.assigned} of {k.schools} schools; {k.curators_used} of {k.curators} curators>"

    def of_school(self, school: str) -> CuratorAssignment | None:
        """The assignment of one ШНОР/ШНСУ (``None`` for any other school)."""
        return self._by_school.get(school)

    @cached_property
    def _by_school(self) -> dict[str, CuratorAssignment]:
        return {a.school: a for a in self.assignments}

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per ШНОР/ШНСУ: school, curator, mode, km, minutes, weak, matched, fixed, code, reason."""
        import pandas as pd

        cols = ["school", "curator", "mode", "km", "minutes", "weak", "matched", "fixed", "code", "reason"]
        return pd.DataFrame([{"school": a.school, "curator": a.curator, "mode": a.mode, "km": a.km,
                              "minutes": a.minutes, "weak": "; ".join(a.weak), "matched": "; ".join(a.matched),
                              "fixed": a.fixed, "code": a.code, "reason": a.reason(lang)}
                             for a in self.assignments], columns=cols)


@dataclass(frozen=True, eq=False)
class _Arcs:
    """Candidate (school position, curator position) arcs with their trips."""

    school: np.ndarray
    curator: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray


def _fixed_pairs(fixed: Iterable[tuple[str, str]] | Mapping[str, str] | None, schools: Sequence[str],
                 people: Sequence[StaffMember]) -> list[tuple[int, int]]:
    """The coordinator's (school, curator) pairs as positions; every unknown one in one error."""
    pairs = list(fixed.items()) if isinstance(fixed, Mapping) else list(fixed or ())
    at_school = {s: i for i, s in enumerate(schools)}
    at_person = {p.id: i for i, p in enumerate(people)}
    out, problems, seen = [], [], set()
    for school, person in pairs:
        if school not in at_school:
            problems.append(f"fixed: {school!r} is not a ШНОР/ШНСУ of the plan; fix only those schools.")
        elif person not in at_person:
            problems.append(f"fixed: {person!r} is not a curator of the staff table (for {school}).")
        elif school in seen:
            problems.append(f"fixed: {school!r} is given two curators; give one.")
        else:
            seen.add(school)
            out.append((at_school[school], at_person[person]))
    if problems:
        raise InvalidInputError(problems)
    return out


def _capacities(people: Sequence[StaffMember], max_schools: int, hours_per_school: float) -> np.ndarray:
    cap = np.array([max_schools if p.max_schools is None else p.max_schools for p in people], dtype=np.int64)
    hours = np.array([math.inf if p.hours is None else p.hours for p in people], dtype=float)
    with np.errstate(over="ignore"):  # a tiny hours_per_school leaves max_schools as the only limit
        by_hours = np.floor(hours / hours_per_school + 1e-9) if hours_per_school > 0 else np.full(len(people), math.inf)
    return np.minimum(cap, np.where(np.isfinite(by_hours), by_hours, cap)).astype(np.int64)


def _candidates(registry: Registry, rows: np.ndarray, people: Sequence[StaffMember], trip: TravelModel,
                reach: float, remote_k: int) -> tuple[np.ndarray, np.ndarray]:
    """(school position, person) pairs worth a look: within reach (a k-d tree), the ``remote_k`` nearest
    remote curators, the nearest curator (for the reason) and those without a place (their municipality)."""
    from scipy.spatial import cKDTree

    lat_p, lon_p = staff_places(registry, people)
    lat_s = np.array([math.nan if (s := registry.schools[r]).latitude is None else s.latitude for r in rows])
    lon_s = np.array([math.nan if (s := registry.schools[r]).longitude is None else s.longitude for r in rows])
    xyz_s, xyz_p = unit_vectors(np.nan_to_num(lat_s), np.nan_to_num(lon_s)), unit_vectors(
        np.nan_to_num(lat_p), np.nan_to_num(lon_p))
    here_s, here_p = np.flatnonzero(~np.isnan(lat_s)), np.flatnonzero(~np.isnan(lat_p))
    remote_p = here_p[np.array([people[i].remote for i in here_p.tolist()], dtype=bool)]
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for pool, k in ((here_p, 1), (remote_p, remote_k)):
        k = min(k, len(pool))
        if k and len(here_s):
            _, idx = cKDTree(xyz_p[pool]).query(xyz_s[here_s], k=k)
            parts.append((np.repeat(here_s, k), pool[np.asarray(idx).reshape(len(here_s), k).ravel()]))
    if len(here_s) and len(here_p):
        i, j = trip.pairs_within(xyz_s[here_s], xyz_p[here_p], reach) if math.isfinite(reach) else (
            np.repeat(np.arange(len(here_s)), len(here_p)), np.tile(np.arange(len(here_p)), len(here_s)))
        parts.append((here_s[i], here_p[j]))
    municipality = [registry.schools[r].municipality for r in rows.tolist()]
    for person in np.flatnonzero(np.isnan(lat_p)).tolist():  # no place: the municipality's schools (or any)
        home = people[person].municipality
        mine = np.array([home is None or m == home for m in municipality], dtype=bool)
        parts.append((np.flatnonzero(mine), np.full(int(mine.sum()), person, np.int64)))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_p = max(len(people), 1)
    key = np.unique(np.concatenate([a for a, _ in parts]) * n_p + np.concatenate([b for _, b in parts]))
    return key // n_p, key % n_p


@validate_params(registry=of(Registry, text="a Registry"),
                 identification=(of(Identification, text="an Identification"), NONE),
                 constraints=(of(Constraints, text="Constraints"), MAPPING, NONE),
                 fixed=(MAPPING, PAIRS, NONE), max_schools=number(integer=True, ge=0), hours_per_school=number(ge=0),
                 max_km=(number(gt=0), NONE), max_minutes=(number(gt=0), NONE), weak_z=number(),
                 allow_own_school=FLAG, roles=STRINGS)
def assign_curators(registry: Registry, *, identification: Identification | None = None,
                    constraints: Constraints | Mapping[str, Any] | None = None,
                    fixed: Mapping[str, str] | Sequence[tuple[str, str]] | None = None, max_schools: int = 3,
                    hours_per_school: float = 4.0, max_km: float | None = None, max_minutes: float | None = None,
                    weak_z: float = -0.5, allow_own_school: bool = False,
                    roles: Sequence[str] = ("curator",)) -> Curators:
    """Give every ШНОР/ШНСУ a curator from the staff, within the curators' loads (see the module).

    Parameters
    ----------
    registry : Registry
        Its ``staff`` table (the people of the ``roles``).
    identification : Identification, optional
        Which schools are ШНОР/ШНСУ and their subject profiles (default: :func:`netmatch.identify`).
    constraints : Constraints or dict, optional
        The travel rules (``max_km``, ``max_minutes``, ``road_factor``, ``speed_kmh``,
        ``remote_candidates``).
    fixed : dict or list of (school, curator), optional
        Assignments the coordinator has made; kept as they are, the rest re-optimised around them.
    max_schools : int
        Schools a curator takes when the staff table does not say (default 3).
    hours_per_school : float
        Hours a month one school takes of a curator's stated ``hours`` (default 4; 0: no limit by hours).
    max_km, max_minutes : float, optional
        The longest in-person trip of a curator (default: those of ``constraints``).
    weak_z : float
        A school is weak in a subject at or below this z-score (default -0.5).
    allow_own_school : bool
        Whether a curator may curate the school where he or she works (default False).
    roles : list of str
        The roles that curate (default ``["curator"]``; add ``"methodist"`` to let methodists curate).

    Returns
    -------
    Curators
        Every ШНОР/ШНСУ with its curator or the reason it has none.
    """
    cons = coerce(Constraints, constraints, "assign_curators")
    ident = identification if identification is not None else identify(registry)
    wanted = {StaffRole.parse(r) for r in roles}
    unknown = sorted(str(r) for r in wanted if not isinstance(r, StaffRole))
    if unknown:
        raise InvalidInputError([f"assign_curators: roles {unknown} are none of {StaffRole.expected()}."])
    people = [p for p in registry.staff if p.role in wanted]
    rows = np.flatnonzero(ident.needs_partner)
    schools = [ident.ids[r] for r in rows.tolist()]
    pins = _fixed_pairs(fixed, schools, people)
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    limits = (cons.max_km if max_km is None and max_minutes is None else max_km,
              cons.max_minutes if max_km is None and max_minutes is None else max_minutes)
    reg_rows = np.array([registry.index[s] for s in schools], dtype=np.int64)
    arcs, looked = _arcs(registry, reg_rows, people, trip, limits, cons.remote_candidates, allow_own_school, pins)
    weak = weak_subjects(ident, rows.tolist(), weak_z)
    cap = _capacities(people, max_schools, hours_per_school)
    chosen = _solve(arcs, weak, people, cap, pins, len(schools))
    return _result(schools, people, arcs, chosen, weak, cap, pins, looked, allow_own_school)


def _arcs(registry: Registry, rows: np.ndarray, people: Sequence[StaffMember], trip: TravelModel,
          limits: tuple[float | None, float | None], remote_k: int, allow_own: bool, pins: list[tuple[int, int]]
          ) -> tuple[_Arcs, _Arcs]:
    """The usable arcs (and the fixed ones, whatever the rules), and every pair looked at (for the reasons)."""
    reach = trip.road_km(*limits)
    i, j = _candidates(registry, rows, people, trip, reach, remote_k)
    if pins:
        n_p = max(len(people), 1)
        key = np.union1d(i * n_p + j, [s * n_p + p for s, p in pins])
        i, j = key // n_p, key % n_p
    lat_p, lon_p = staff_places(registry, people)
    lat = np.r_[[math.nan if registry.schools[r].latitude is None else registry.schools[r].latitude
                 for r in rows.tolist()], lat_p].astype(float)
    lon = np.r_[[math.nan if registry.schools[r].longitude is None else registry.schools[r].longitude
                 for r in rows.tolist()], lon_p].astype(float)
    km, minutes = trip.trips(lat, lon, i, len(rows) + j)
    remote_p = np.array([p.remote for p in people], dtype=bool)
    with np.errstate(invalid="ignore"):
        in_person = trip.within_limits(km, minutes, *limits) & ~np.isnan(km)
    # a person without a place works the municipality in person, the trip unknown; a remote one anywhere
    unplaced = np.isnan(lat_p)[j]
    remote = ~in_person & ~unplaced & remote_p[j]
    own = np.array([people[b].school == registry.schools[rows[a]].id for a, b in zip(i.tolist(), j.tolist(),
                                                                                      strict=True)], dtype=bool)
    keep = (in_person | unplaced | remote) & (allow_own | ~own)
    if pins:
        n_p = max(len(people), 1)
        keep |= np.isin(i * n_p + j, [s * n_p + p for s, p in pins])
    looked = _Arcs(i, j, km, minutes, own)  # here ``remote`` holds "works at the school", for the reasons
    return _Arcs(i[keep], j[keep], km[keep], minutes[keep], remote[keep]), looked


def _matched(weak: tuple[str, ...], person: StaffMember) -> tuple[str, ...]:
    return tuple(s for s in weak if s in person.subjects)


def _solve(arcs: _Arcs, weak: list[tuple[str, ...]], people: Sequence[StaffMember], cap: np.ndarray,
           pins: list[tuple[int, int]], n_schools: int) -> np.ndarray:
    """The arcs chosen: most schools, then most weak subjects in the curators' expertise, in person, shorter."""
    if not len(arcs.school):
        return np.zeros(0, bool)
    pinned_per = np.bincount(np.array([p for _, p in pins], dtype=np.int64), minlength=len(people))
    over = np.flatnonzero(pinned_per > cap)
    if len(over):
        raise InvalidInputError([f"fixed: curator {people[j].id} is given {int(pinned_per[j])} schools; the load "
                                 f"allows {int(cap[j])}: fix fewer or raise the person's «Сколько школ может "
                                 "курировать»." for j in over.tolist()])
    matches = np.array([len(_matched(weak[a], people[b])) for a, b in zip(arcs.school.tolist(), arcs.curator.tolist(),
                                                                          strict=True)], dtype=float)
    minutes = np.minimum(np.nan_to_num(arcs.minutes, nan=600.0), 9_999.0)
    # an expert subject outweighs being in person, which outweighs any trip (minutes / 10,000 < 1)
    weight = 10.0 * matches + 2.0 * ~arcs.remote - minutes / 10_000.0
    n_p = max(len(people), 1)
    required = np.isin(arcs.school * n_p + arcs.curator, [s * n_p + p for s, p in pins])
    res = max_coverage_assignment(arcs.school, arcs.curator, weight, np.ones(n_schools, np.int64), cap,
                                  required=required)
    return np.asarray(res.chosen, dtype=bool)


def _words(code: str, **values: Any) -> tuple[str, str]:
    return fill(REASONS[code], **values)


def _km(v: float) -> str:
    return "?" if math.isnan(v) else f"{v:.0f}"


def _num(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _assigned(school: str, person: StaffMember, arcs: _Arcs, e: int, weak: tuple[str, ...], fixed: bool
              ) -> CuratorAssignment:
    matched = _matched(weak, person)
    mode = "remote" if arcs.remote[e] else ("unknown" if math.isnan(arcs.km[e]) else "in_person")
    trip = fill(_TRIP[mode], km=_km(float(arcs.km[e])))
    expertise = fill(_EXPERTISE, subjects=", ".join(matched)) if matched else ("", "")
    ru, en = _words("fixed", curator=person.id) if fixed else _words("assigned", curator=person.id,
                                                                     expertise=expertise, trip=trip)
    return CuratorAssignment(school=school, curator=person.id, code="fixed" if fixed else "assigned", reason_ru=ru,
                             reason_en=en, weak=weak, matched=matched, mode="remote" if mode == "remote"
                             else "in_person", km=_num(float(arcs.km[e])), minutes=_num(float(arcs.minutes[e])),
                             fixed=fixed)


def _why(i: int, people: Sequence[StaffMember], reachable: list[int], looked: _Arcs) -> tuple[str, tuple[str, str]]:
    """Why a school has no curator."""
    if not people:
        return "no_curators", _words("no_curators")
    if reachable:
        names = sorted({people[j].id for j in reachable})
        return "curators_full", _words("curators_full", curators=(id_list(names), id_list(names, "en")))
    mine = np.flatnonzero(looked.school == i)
    own = mine[looked.remote[mine]]
    if len(own) and len(own) == len(mine):
        names = sorted({people[j].id for j in looked.curator[own].tolist()})
        return "own_school", _words("own_school", curators=(id_list(names), id_list(names, "en")))
    km = looked.km[mine]
    if not len(mine) or np.isnan(km).all():
        return "no_coordinates", _words("no_coordinates")
    best = int(mine[np.nanargmin(km)])
    return "out_of_reach", _words("out_of_reach", nearest=people[int(looked.curator[best])].id,
                                  km=_km(float(looked.km[best])))


def _result(schools: Sequence[str], people: Sequence[StaffMember], arcs: _Arcs, chosen: np.ndarray,
            weak: list[tuple[str, ...]], cap: np.ndarray, pins: list[tuple[int, int]], looked: _Arcs,
            allow_own: bool) -> Curators:
    taken = {int(arcs.school[e]): int(e) for e in np.flatnonzero(chosen).tolist()}
    pinned = set(pins)
    reach: dict[int, list[int]] = {}
    for a, b in zip(arcs.school.tolist(), arcs.curator.tolist(), strict=True):
        reach.setdefault(a, []).append(b)
    out = []
    for i, school in enumerate(schools):
        e = taken.get(i)
        if e is not None:
            j = int(arcs.curator[e])
            out.append(_assigned(school, people[j], arcs, e, weak[i], (i, j) in pinned))
            continue
        code, (ru, en) = _why(i, people, reach.get(i, []), looked)
        out.append(CuratorAssignment(school=school, curator=None, code=code, reason_ru=ru, reason_en=en, weak=weak[i]))
    load: dict[str, int] = {}
    for a in out:
        if a.curator is not None:
            load[a.curator] = load.get(a.curator, 0) + 1
    kpis = CuratorKpis(schools=len(out), assigned=sum(a.curator is not None for a in out),
                       fixed=sum(a.fixed for a in out), curators=len(people), curators_used=len(load),
                       max_load=max(load.values(), default=0), expertise_matched=sum(bool(a.matched) for a in out),
                       remote=sum(a.mode == "remote" for a in out))
    return Curators(assignments=tuple(out), kpis=kpis, load=dict(sorted(load.items())),
                    capacity={p.id: int(c) for p, c in zip(people, cap.tolist(), strict=True)},
                    allow_own_school=allow_own)


@validate_params(curators=of(Curators, text="a Curators result"), registry=of(Registry, text="a Registry"),
                 identification=(of(Identification, text="an Identification"), NONE))
def check_curators(curators: Curators, registry: Registry, identification: Identification | None = None
                   ) -> list[str]:
    """Every rule a result breaks: one entry per ШНОР/ШНСУ, known curators, loads, not the own school.

    Returns an empty list for a valid result (see the module's example). Travel limits are the
    call's and are not checked here.
    """
    ident = identification if identification is not None else identify(registry)
    problems = []
    needing = [s for s, n in zip(ident.ids, ident.needs_partner.tolist(), strict=True) if n]
    listed = [a.school for a in curators.assignments]
    if listed != needing:
        problems.append(f"the assignments are for {id_list(listed, 'en')}; the ШНОР/ШНСУ are {id_list(needing, 'en')}")
    load: dict[str, int] = {}
    for a in curators.assignments:
        if a.curator is None:
            continue
        if a.curator not in registry.staff_index:
            problems.append(f"{a.school}: no person {a.curator!r} in the staff")
            continue
        person = registry.person(a.curator)
        if person.school == a.school and not (curators.allow_own_school or a.fixed):
            problems.append(f"{a.school}: curator {a.curator} works at the school")
        load[a.curator] = load.get(a.curator, 0) + 1
    for code, used in sorted(load.items()):
        cap = curators.capacity.get(code)
        if cap is None or used > cap:
            problems.append(f"curator {code} curates {used} schools; the load allows {cap}")
    return problems


CATALOG.keyed("curators.reasons", {**REASONS,
                                   **{f"trip.{k}": v for k, v in _TRIP.items()}, "expertise": _EXPERTISE})
