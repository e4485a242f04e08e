"""The schools' stated needs matched to partner organisations (:func:`match_needs`), and its checker.

Each need of the registry's needs table («сбор потребностей школ во взаимодействии с ВО/СПО»)
asks for one kind of help (:class:`~netmatch._data.partners.HelpKind`), maybe in one subject. An
organisation offers a need when it gives that kind of help — the kinds it lists, or, when it
lists none, those of its kind (:data:`KIND_HELP`: a вуз teaches subjects, helps methodically and
with careers …) — and, for a need naming a subject, teaches that subject. It serves the need in
person within the travel limits (``max_km``/``max_minutes`` of :class:`netmatch.Constraints`,
trips estimated from the coordinates), or remotely when it works at a distance — among the
school's ``remote_candidates`` nearest such organisations (and any without coordinates). It takes
at most ``capacity`` needs (no limit when it states none). Candidates are found with a k-d tree
per kind of need, never by comparing every need with every organisation.

The matching is exact (:func:`netmatch.solvers.max_coverage_assignment`): first the most needs of
priority 1 matched, then the most needs in all, then the best weight — a higher priority first,
in person before remote, then the shorter trip. Needs for a resource (``help="resource"``) are
the demand of resource sharing (:func:`netmatch.share_resources`), not matched here; each gets
the reason.

>>> import netmatch as nm
>>> reg = nm.datasets.load_demo()
>>> res = match_needs(reg)
>>> res.kpis.needs == len(reg.needs), check_needs(res, reg)
(True, [])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.geo import TravelModel, unit_vectors
from netmatch._base.lists import id_list
from netmatch._base.params import MAPPING, NONE, coerce, of, validate_params
from netmatch._base.results import Indicators, Reasoned
from netmatch._data import Registry
from netmatch._data.partners import HelpKind, Need, Organisation, OrganisationKind
from netmatch._solvers.bmatching import max_coverage_assignment
from netmatch._words import CATALOG, fill
from netmatch.graph import Constraints

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KIND_HELP", "NeedKpis", "NeedMatch", "NeedMatches", "check_needs", "given", "match_needs", "offers"]

#: The help an organisation of each kind gives when it lists none.
KIND_HELP: Mapping[OrganisationKind, frozenset[HelpKind]] = {
    OrganisationKind.UNIVERSITY: frozenset({HelpKind.SUBJECT, HelpKind.METHODICAL, HelpKind.CAREER,
                                            HelpKind.PROFILE}),
    OrganisationKind.COLLEGE: frozenset({HelpKind.CAREER, HelpKind.PROFILE, HelpKind.SUBJECT}),
    OrganisationKind.ADDITIONAL: frozenset({HelpKind.ADDITIONAL, HelpKind.CAREER}),
    OrganisationKind.CULTURE: frozenset({HelpKind.CULTURE, HelpKind.ADDITIONAL}),
    OrganisationKind.SPORT: frozenset({HelpKind.SPORT}),
    OrganisationKind.SOCIAL: frozenset({HelpKind.PSYCHOLOGICAL}),
    OrganisationKind.OTHER: frozenset(),
}
#: Help tied to a subject when the need names one: the organisation must teach it.
_SUBJECT_HELP = frozenset({HelpKind.SUBJECT, HelpKind.METHODICAL, HelpKind.PROFILE})

#: Reasons, ``code -> (Russian, English)`` templates.
REASONS: dict[str, tuple[str, str]] = {
    "matched": ("организация {organisation}: {km} км, {mode}", "organisation {organisation}: {km} km, {mode}"),
    "matched_remote": ("организация {organisation}: дистанционно", "organisation {organisation}: remote"),
    "resource_sharing": ("потребность в ресурсе: её планирует распределение ресурсов",
                         "a need for a resource: resource sharing plans it"),
    "no_organisation": ("ни одна организация не даёт такой помощи{subject}",
                        "no organisation gives this help{subject}"),
    "out_of_reach": ("организации с такой помощью далеко и не работают дистанционно (ближайшая: {nearest}, {km} км)",
                     "the organisations giving it are beyond reach and do not work remotely (the nearest: "
                     "{nearest}, {km} km)"),
    "no_coordinates": ("нет координат, а дистанционно такую помощь никто не даёт",
                       "no coordinates, and no organisation gives this help remotely"),
    "organisations_full": ("доступные организации с такой помощью заняты: {organisations}",
                           "the organisations it could work with are full: {organisations}"),
}
_MODE = {False: ("очно", "in person"), True: ("дистанционно", "remote")}


def given(org: Organisation) -> frozenset[HelpKind]:
    """The help an organisation gives: the kinds it lists, else those of its kind (:data:`KIND_HELP`).

    >>> from netmatch._data.partners import Organisation
    >>> sorted(h.value for h in given(Organisation(id="O", name="ДЮСШ", kind="спортивная школа")))
    ['sport']
    """
    return frozenset(org.help) or KIND_HELP[org.kind]


def offers(org: Organisation, need: Need) -> bool:
    """Whether an organisation gives the help a need asks for (the kind, and the subject when it names one).

    >>> from netmatch._data.partners import Need, Organisation
    >>> college = Organisation(id="O", name="Колледж", kind="СПО", subjects="математика")
    >>> offers(college, Need(school="S", help="профориентация")), offers(college, Need(
    ...     school="S", help="предметная подготовка", subject="химия"))
    (True, False)
    """
    if need.help not in given(org):
        return False
    return need.subject is None or need.help not in _SUBJECT_HELP or need.subject in org.subjects


@dataclass(frozen=True)
class NeedMatch(Reasoned):
    """One need and what answers it: ``organisation`` (``None`` when none), the trip, the reason."""

    school: str
    help: str
    subject: str | None
    priority: int
    organisation: str | None
    code: str
    reason_ru: str
    reason_en: str
    mode: str | None = None
    km: float | None = None
    minutes: float | None = None


@dataclass(frozen=True)
class NeedKpis(Indicators):
    """How many needs were answered, the urgent ones apart."""

    needs: int
    matched: int
    urgent: int
    urgent_matched: int
    resource_needs: int
    schools_served: int
    organisations_used: int

    @property
    def share_matched(self) -> float:
        """Share of the needs (beyond resources) an organisation answers (1 when there are none)."""
        asked = self.needs - self.resource_needs
        return self.matched / asked if asked else 1.0

    def extra(self) -> dict[str, Any]:
        return {"share_matched": self.share_matched}


@dataclass(frozen=True)
class NeedMatches:
    """Every need of the registry (in its order) with its organisation or the reason it has none."""

    matches: tuple[NeedMatch, ...]
    kpis: NeedKpis
    #: organisation code -> needs it answers
    load: Mapping[str, int]

    def __repr__(self) -> str:
        k = self.kpis
        return f"<NeedMatches: {k.matched} of {k.needs - k.resource_needs} needs answered; urgent " \
               f"{k.urgent_matched} of {k.urgent}; {k.organisations_used} organisations>"

    def of_school(self, school: str) -> tuple[NeedMatch, ...]:
        """The needs of one school."""
        return self._by_school.get(school, ())

    @cached_property
    def _by_school(self) -> dict[str, tuple[NeedMatch, ...]]:
        # differences ask school by school: one index, not a scan of every need each time
        out: dict[str, list[NeedMatch]] = {}
        for m in self.matches:
            out.setdefault(m.school, []).append(m)
        return {s: tuple(ms) for s, ms in out.items()}

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per need: school, help, subject, priority, organisation, mode, km, minutes, code, reason."""
        import pandas as pd

        cols = ["school", "help", "subject", "priority", "organisation", "mode", "km", "minutes", "code", "reason"]
        return pd.DataFrame([{"school": m.school, "help": m.help, "subject": m.subject, "priority": m.priority,
                              "organisation": m.organisation, "mode": m.mode, "km": m.km, "minutes": m.minutes,
                              "code": m.code, "reason": m.reason(lang)} for m in self.matches], columns=cols)


@dataclass(frozen=True, eq=False)
class _Arcs:
    need: np.ndarray
    org: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray


def _coords(items: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([math.nan if x.latitude is None else x.latitude for x in items], dtype=float),
            np.array([math.nan if x.longitude is None else x.longitude for x in items], dtype=float))


def _key(need: Need) -> tuple[HelpKind, str | None]:
    """What decides who offers a need: its help, and its subject where the help is tied to one."""
    return need.help, need.subject if need.help in _SUBJECT_HELP else None


def _near(xyz_s: np.ndarray, xyz_o: np.ndarray, schools: np.ndarray, orgs: np.ndarray, k: int
          ) -> tuple[np.ndarray, np.ndarray]:
    """(school position, org) of each school's ``k`` nearest of ``orgs`` (all located)."""
    from scipy.spatial import cKDTree

    k = min(k, len(orgs))
    if not k or not len(schools):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    _, idx = cKDTree(xyz_o[orgs]).query(xyz_s[schools], k=k)
    idx = np.asarray(idx).reshape(len(schools), k)
    return np.repeat(np.arange(len(schools)), k), orgs[idx.ravel()]


@dataclass(frozen=True, eq=False)
class _Places:
    """The schools' and the organisations' coordinates, once: schools' rows first, then the organisations'."""

    lat: np.ndarray
    lon: np.ndarray
    n: int  # schools
    remote: np.ndarray  # per organisation

    @classmethod
    def of(cls, registry: Registry) -> _Places:
        lat_s, lon_s = _coords(registry.schools)
        lat_o, lon_o = _coords(registry.organisations)
        return cls(np.r_[lat_s, lat_o], np.r_[lon_s, lon_o], len(registry),
                   np.array([o.remote for o in registry.organisations], dtype=bool))

    @cached_property
    def xyz(self) -> np.ndarray:
        return unit_vectors(self.lat, self.lon)


def _offered(registry: Registry, needs: Sequence[Need], asked: np.ndarray, cons: Constraints, places: _Places
             ) -> tuple[np.ndarray, np.ndarray]:
    """The (need, organisation) pairs worth a look, by the kind of need: the offering organisations within
    reach (a k-d tree), the ``remote_candidates`` nearest offering ones that work remotely (every such one
    without coordinates), and the nearest offering one (for the reason when none will do)."""
    orgs = registry.organisations
    n = places.n
    lat_s = places.lat[:n]
    xyz_s, xyz_o = places.xyz[:n], places.xyz[n:]
    located_o, remote_o = ~np.isnan(places.lat[n:]), places.remote
    rows = np.array([registry.index[needs[j].school] for j in asked.tolist()], dtype=np.int64)
    by_key: dict[tuple[HelpKind, str | None], list[int]] = {}
    for at, j in enumerate(asked.tolist()):
        by_key.setdefault(_key(needs[j]), []).append(at)
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    reach = trip.road_km(cons.max_km, cons.max_minutes)
    parts_n: list[np.ndarray] = []
    parts_o: list[np.ndarray] = []
    for positions in by_key.values():
        probe = needs[int(asked[positions[0]])]
        offering = np.array([o for o in range(len(orgs)) if offers(orgs[o], probe)], dtype=np.int64)
        if not len(offering):
            continue
        pos = np.array(positions, dtype=np.int64)
        mine = pos[~np.isnan(lat_s[rows[pos]])]
        here = offering[located_o[offering]]
        found = [_near(xyz_s, xyz_o, rows[mine], here, 1),
                 _near(xyz_s, xyz_o, rows[mine], here[remote_o[here]], cons.remote_candidates)]
        if math.isfinite(reach):
            found.append(trip.pairs_within(xyz_s[rows[mine]], xyz_o[here], reach))
            found[-1] = (found[-1][0], here[found[-1][1]])
        else:
            found.append((np.repeat(np.arange(len(mine)), len(here)), np.tile(here, len(mine))))
        for i, o in found:
            parts_n.append(asked[mine[i]])
            parts_o.append(o)
        anywhere = offering[remote_o[offering] & ~located_o[offering]]  # no coordinates: only remotely
        parts_n.append(np.repeat(asked[pos], len(anywhere)))
        parts_o.append(np.tile(anywhere, len(pos)))
    if not parts_n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    n_o = max(len(orgs), 1)
    key = np.unique(np.concatenate(parts_n) * n_o + np.concatenate(parts_o))  # sorted: deterministic
    return key // n_o, key % n_o


def _arcs(registry: Registry, needs: Sequence[Need], asked: np.ndarray, cons: Constraints
          ) -> tuple[_Arcs, np.ndarray, np.ndarray, np.ndarray]:
    """The usable arcs, and the pairs looked at with their km (the reasons read them)."""
    places = _Places.of(registry)
    k, o = _offered(registry, needs, asked, cons, places)
    rows = np.array([registry.index[needs[j].school] for j in k.tolist()], dtype=np.int64)
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    km, minutes = trip.trips(places.lat, places.lon, rows, places.n + o)
    with np.errstate(invalid="ignore"):
        in_person = trip.within_limits(km, minutes, cons.max_km, cons.max_minutes) & ~np.isnan(km)
        remote_ok = places.remote[o] & ~in_person
        if cons.remote_max_km is not None:
            remote_ok &= ~(km > cons.remote_max_km)
    keep = in_person | remote_ok
    arcs = _Arcs(k[keep], o[keep], km[keep], minutes[keep], ~in_person[keep])
    return arcs, k, o, km


@validate_params(registry=of(Registry, text="a Registry"),
                 constraints=(of(Constraints, text="Constraints"), MAPPING, NONE))
def match_needs(registry: Registry, *, constraints: Constraints | Mapping[str, Any] | None = None) -> NeedMatches:
    """Match each stated need of the schools to a partner organisation that gives that help (see the module).

    Parameters
    ----------
    registry : Registry
        Its ``needs`` and ``organisations`` tables.
    constraints : Constraints or dict, optional
        The travel rules of the pairs: ``max_km``, ``max_minutes``, ``road_factor``, ``speed_kmh``,
        ``remote_max_km``.

    Returns
    -------
    NeedMatches
        Every need, in the registry's order, with its organisation or the reason it has none.
    """
    cons = coerce(Constraints, constraints, "match_needs")
    needs = registry.needs
    resource = np.array([x.help is HelpKind.RESOURCE for x in needs], dtype=bool)
    asked = np.flatnonzero(~resource)
    arcs, k_all, o_all, km_all = _arcs(registry, needs, asked, cons)
    chosen = _solve(registry, needs, arcs)
    out = _matches(registry, needs, arcs, chosen, (k_all, o_all, km_all))
    load: dict[str, int] = {}
    for m in out:
        if m.organisation is not None:
            load[m.organisation] = load.get(m.organisation, 0) + 1
    urgent = np.array([x.rank == 1 for x in needs], dtype=bool) & ~resource
    hit = np.array([m.organisation is not None for m in out], dtype=bool)
    kpis = NeedKpis(needs=len(needs), matched=int(hit.sum()), urgent=int(urgent.sum()),
                    urgent_matched=int((urgent & hit).sum()), resource_needs=int(resource.sum()),
                    schools_served=len({m.school for m in out if m.organisation is not None}),
                    organisations_used=len(load))
    return NeedMatches(matches=tuple(out), kpis=kpis, load=dict(sorted(load.items())))


def _solve(registry: Registry, needs: Sequence[Need], arcs: _Arcs) -> np.ndarray:
    """The arcs chosen: urgent needs first, then most needs, then priority, in person, the shorter trip."""
    if not len(arcs.need):
        return np.zeros(0, bool)
    rank = np.array([needs[j].rank for j in arcs.need.tolist()], dtype=float)
    minutes = np.nan_to_num(arcs.minutes, nan=600.0)
    # a step of priority outweighs being in person, which outweighs any trip (minutes / 10,000 < 1)
    weight = (3.0 - rank) * 4.0 + 2.0 * ~arcs.remote - np.minimum(minutes, 9_999.0) / 10_000.0
    cap = np.array([len(needs) if o.capacity is None else o.capacity for o in registry.organisations], np.int64)
    first = np.array([x.rank == 1 for x in needs], dtype=np.int64)
    res = max_coverage_assignment(arcs.need, arcs.org, weight, np.ones(len(needs), np.int64), cap,
                                  left_first=first, method="auto")
    return np.asarray(res.chosen, dtype=bool)


def _words(code: str, **values: Any) -> tuple[str, str]:
    return fill(REASONS[code], **values)


def _matches(registry: Registry, needs: Sequence[Need], arcs: _Arcs, chosen: np.ndarray,
             offered: tuple[np.ndarray, np.ndarray, np.ndarray]) -> list[NeedMatch]:
    codes = [o.id for o in registry.organisations]
    taken = {int(arcs.need[e]): int(e) for e in np.flatnonzero(chosen).tolist()}
    reach: dict[int, list[int]] = {}
    for j, o in zip(arcs.need.tolist(), arcs.org.tolist(), strict=True):
        reach.setdefault(j, []).append(o)
    k_all, o_all, km_all = offered
    out = []
    for j, x in enumerate(needs):
        base: dict[str, Any] = {"school": x.school, "help": x.help.value, "subject": x.subject, "priority": x.rank}
        if x.help is HelpKind.RESOURCE:
            ru, en = REASONS["resource_sharing"]
            out.append(NeedMatch(**base, organisation=None, code="resource_sharing", reason_ru=ru, reason_en=en))
            continue
        e = taken.get(j)
        if e is not None:
            mode = bool(arcs.remote[e])
            ru, en = _words("matched_remote" if math.isnan(arcs.km[e]) else "matched",
                            organisation=codes[int(arcs.org[e])], km=_km(arcs.km[e]), mode=_MODE[mode])
            out.append(NeedMatch(**base, organisation=codes[int(arcs.org[e])], code="matched", reason_ru=ru,
                                 reason_en=en, mode="remote" if mode else "in_person", km=_num(arcs.km[e]),
                                 minutes=_num(arcs.minutes[e])))
            continue
        code, words = _why(registry, x, j, reach.get(j, []), codes, k_all, o_all, km_all)
        out.append(NeedMatch(**base, organisation=None, code=code, reason_ru=words[0], reason_en=words[1]))
    return out


def _km(v: float) -> str:
    return "?" if math.isnan(v) else f"{v:.0f}"


def _num(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _why(registry: Registry, need: Need, j: int, in_reach: list[int], codes: list[str], k_all: np.ndarray,
         o_all: np.ndarray, km_all: np.ndarray) -> tuple[str, tuple[str, str]]:
    """Why a need has no organisation."""
    if in_reach:
        names = sorted({codes[o] for o in in_reach})
        return "organisations_full", _words("organisations_full", organisations=(id_list(names), id_list(names, "en")))
    mine = np.flatnonzero(k_all == j)
    if not len(mine):
        subject = (f" по предмету «{need.subject}»", f" in {need.subject}") if need.subject else ("", "")
        return "no_organisation", _words("no_organisation", subject=subject)
    km = km_all[mine]
    if np.isnan(km).all():
        return "no_coordinates", _words("no_coordinates")
    best = int(mine[np.nanargmin(km)])
    return "out_of_reach", _words("out_of_reach", nearest=codes[int(o_all[best])], km=_km(float(km_all[best])))


@validate_params(matches=of(NeedMatches, text="a NeedMatches result"), registry=of(Registry, text="a Registry"))
def check_needs(matches: NeedMatches, registry: Registry) -> list[str]:
    """Every rule a result breaks: one entry per need, an organisation that offers it, capacities kept.

    Returns an empty list for a valid result (see the module's example). Travel limits are the
    constraints' and are not checked here (the result does not keep them).
    """
    problems = []
    if len(matches.matches) != len(registry.needs):
        problems.append(f"{len(matches.matches)} matches for {len(registry.needs)} needs")
    load: dict[str, int] = {}
    for k, (m, need) in enumerate(zip(matches.matches, registry.needs, strict=False)):
        if (m.school, m.help) != (need.school, need.help.value):
            problems.append(f"match {k} is for ({m.school}, {m.help}), the need is ({need.school}, "
                            f"{need.help.value})")
        if m.organisation is None:
            continue
        if need.help is HelpKind.RESOURCE:
            problems.append(f"need {k} is for a resource but is matched to {m.organisation}")
        if m.organisation not in registry.organisation_index:
            problems.append(f"need {k}: no organisation {m.organisation!r}")
            continue
        if not offers(registry.organisation(m.organisation), need):
            problems.append(f"need {k}: {m.organisation} does not give {need.help.value}")
        load[m.organisation] = load.get(m.organisation, 0) + 1
    for code, used in load.items():
        cap = registry.organisation(code).capacity
        if cap is not None and used > cap:
            problems.append(f"organisation {code} answers {used} needs, its capacity is {cap}")
    return problems


CATALOG.keyed("needs.reasons", {**REASONS, **{f"mode.{k}": v for k, v in (("in_person", _MODE[False]),
                                                                           ("remote", _MODE[True]))}})
