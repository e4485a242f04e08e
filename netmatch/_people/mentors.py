"""Mentors for the teachers of the ШНОР/ШНСУ in their weak subjects (:func:`assign_mentors`), and its checker.

A ШНОР/ШНСУ is weak in a subject when its z-score there is at or below ``weak_z`` (the subject
profile of identification). Each of its teachers of that subject (the teachers table: a named
teacher, or each teacher a counting row counts) is a mentee (наставляемый). Mentors (наставники)
are the teachers the table marks as mentors, in the same subject: first of the school's partner
leader school (its pairs; a pair for one subject offers that subject only), and, where that school
has none free, of the other schools of its association that are not weak in the subject. A
mentor takes at most ``max_mentees`` mentees, or as many as the hours a month he or she states
allow at ``hours_per_mentee`` each — across all the subjects the person mentors in.

The assignment is exact (:func:`netmatch.solvers.max_coverage_assignment`): the most mentees
given a mentor, then mentors of the partner leader before those of the association, then the
higher category and the longer experience, then the shorter trip between the schools. Every
mentee gets a mentor or a reason; a weak subject the teachers table does not list is named too.

>>> import netmatch as nm
>>> p = nm.plan(nm.datasets.load_demo(), sharing=False)
>>> m = assign_mentors(p.registry, p.pairing, networks=p.networks, identification=p.identification)
>>> m.kpis.matched == m.kpis.mentees, check_mentors(m, p.registry)
(True, [])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.geo import TravelModel, great_circle_km
from netmatch._base.lists import id_list
from netmatch._base.params import NONE, number, of, validate_params
from netmatch._base.parse import norm
from netmatch._base.results import Indicators, Reasoned
from netmatch._data import Registry
from netmatch._data.staff import SubjectTeachers, TeacherCategory
from netmatch._identify import Identification, identify
from netmatch._networks import Networks
from netmatch._people.common import weak_subjects
from netmatch._solvers.bmatching import max_coverage_assignment
from netmatch._words import CATALOG, fill
from netmatch.matching import Pairing

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MentorAssignment", "MentorKpis", "Mentors", "assign_mentors", "check_mentors"]

#: Reasons, ``code -> (Russian, English)`` templates.
REASONS: dict[str, tuple[str, str]] = {
    "partner_leader": ("наставник {mentor} из школы-лидера {school}", "mentor {mentor} of the leader school {school}"),
    "association": ("наставник {mentor} из школы {school} сетевого объединения",
                    "mentor {mentor} of {school}, a school of the association"),
    "no_network": ("у школы нет школы-лидера и сетевого объединения", "the school has no leader and no association"),
    "no_mentor": ("в школе-лидере и школах объединения нет наставника по предмету «{subject}»: {schools}",
                  "no mentor in {subject} at the leader school or the association's schools: {schools}"),
    "mentors_full": ("наставники по предмету заняты: {mentors}", "the mentors in the subject are full: {mentors}"),
    "not_listed": ("таблица педагогов не называет педагогов школы по предмету «{subject}»",
                   "the teachers table lists none of the school's teachers of {subject}"),
    "no_teacher": ("у школы нет педагога по предмету «{subject}» (таблица педагогов: 0)",
                   "the school has no teacher of {subject} (the teachers table says 0)"),
}
_UNNAMED = ("педагог {k} из {n}", "teacher {k} of {n}")
_MOST = 2**31  # more mentees than any registry has
_CATEGORY_RANK = {TeacherCategory.HIGHEST: 2, TeacherCategory.FIRST: 1}


@dataclass(frozen=True)
class MentorAssignment(Reasoned):
    """One teacher of a ШНОР/ШНСУ in a weak subject, and the mentor (``None`` when none), or a weak subject
    the teachers table does not staff (``teacher`` and ``mentor`` both ``None``)."""

    school: str
    subject: str
    #: the teacher's name; ``None`` for one of the teachers a counting row counts (see ``number``)
    teacher: str | None
    mentor_school: str | None
    mentor: str | None
    code: str
    reason_ru: str
    reason_en: str
    #: ``(k, n)``: the k-th of the n teachers a counting row counts (unnamed), else ``None``
    number: tuple[int, int] | None = None
    mentor_number: tuple[int, int] | None = None
    km: float | None = None

    def label(self, lang: str = "ru") -> str:
        """The teacher's name, or «педагог k из n» for an unnamed one."""
        return _label(self.teacher, self.number, lang)

    def mentor_label(self, lang: str = "ru") -> str:
        """The mentor's name, «педагог k из n» for an unnamed one, empty without a mentor."""
        return "" if self.mentor_school is None else _label(self.mentor, self.mentor_number, lang)


def _label(name: str | None, number: tuple[int, int] | None, lang: str) -> str:
    if name is not None:
        return name
    k, n = number or (1, 1)
    return fill(_UNNAMED, k=k, n=n)[0 if lang == "ru" else 1]


@dataclass(frozen=True)
class MentorKpis(Indicators):
    """How many teachers of the ШНОР/ШНСУ in weak subjects have a mentor, and from where."""

    schools: int
    mentees: int
    matched: int
    by_partner_leader: int
    by_association: int
    mentors: int
    mentors_used: int
    #: weak (school, subject) pairs the teachers table does not staff
    not_listed: int

    @property
    def share_matched(self) -> float:
        """Share of the mentees with a mentor (1 when there are none)."""
        return self.matched / self.mentees if self.mentees else 1.0

    def extra(self) -> dict[str, Any]:
        return {"share_matched": self.share_matched}


@dataclass(frozen=True)
class Mentors:
    """Every mentee (school by school, weakest subject first) with a mentor or the reason it has none."""

    assignments: tuple[MentorAssignment, ...]
    kpis: MentorKpis
    #: mentor (school, name or «#k» for an unnamed one) -> mentees
    load: Mapping[tuple[str, str], int]
    #: the same -> how many mentees the person may take
    capacity: Mapping[tuple[str, str], int]
    #: school -> the schools whose mentors it may have: (partner leaders, the association's others)
    tiers: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]

    def __repr__(self) -> str:
        k = self.kpis
        return f"<Mentors: {k.matched} of {k.mentees} teachers; {k.mentors_used} of {k.mentors} mentors>"

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per mentee: school, subject, teacher, mentor_school, mentor, km, code, reason."""
        import pandas as pd

        cols = ["school", "subject", "teacher", "mentor_school", "mentor", "km", "code", "reason"]
        return pd.DataFrame([{"school": a.school, "subject": a.subject,
                              "teacher": a.label(lang) if a.code != "not_listed" and a.code != "no_teacher" else "",
                              "mentor_school": a.mentor_school, "mentor": a.mentor_label(lang), "km": a.km,
                              "code": a.code, "reason": a.reason(lang)} for a in self.assignments], columns=cols)


@dataclass(frozen=True)
class _Mentee:
    school: str
    subject: str
    name: str | None
    number: tuple[int, int] | None


@dataclass(frozen=True)
class _Mentor:
    school: str
    subject: str
    name: str | None
    number: tuple[int, int] | None
    person: int
    rank: float  # category and experience


def _person_key(row: SubjectTeachers, k: int) -> tuple[str, str]:
    return (row.school, row.name.casefold() if row.name is not None else f"{row.subject}#{k}")


def _mentors(registry: Registry, max_mentees: int, hours_per_mentee: float
             ) -> tuple[list[_Mentor], list[tuple[str, str]], np.ndarray]:
    """The mentor slots (one per row of a named mentor, ``count`` for a counting row), the persons and their
    capacities (hours a month stated on any of the person's rows: the most of them)."""
    slots: list[_Mentor] = []
    persons: dict[tuple[str, str], int] = {}
    hours: list[float] = []
    for row in registry.teachers:
        if not row.mentor:
            continue
        for k in range(row.count if row.name is None else 1):
            key = _person_key(row, k)
            at = persons.setdefault(key, len(persons))
            if at == len(hours):
                hours.append(-1.0)
            if row.hours is not None:
                hours[at] = max(hours[at], row.hours)
            rank = _CATEGORY_RANK.get(row.category, 0) + min(row.years or 0, 40) / 50.0  # type: ignore[arg-type]
            number = None if row.name is not None else (k + 1, row.count)
            slots.append(_Mentor(row.school, row.subject, row.name, number, at, rank))
    h = np.array(hours, dtype=float)
    with np.errstate(over="ignore"):  # a tiny hours_per_mentee leaves the count as the only limit
        by_hours = np.floor(h / hours_per_mentee + 1e-9) if hours_per_mentee > 0 else np.full(len(h), max_mentees)
    cap = np.where(h >= 0, np.minimum(by_hours, _MOST), max_mentees).astype(np.int64)
    return slots, list(persons), cap


def _mentees(registry: Registry, schools: Sequence[str], weak: Sequence[tuple[str, ...]]
             ) -> tuple[list[_Mentee], list[tuple[str, str, str]]]:
    """The mentees of each school's weak subjects, and the (school, subject, code) of the weak subjects without
    any (``not_listed`` or ``no_teacher``)."""
    named: dict[tuple[str, str], list[str]] = {}
    counted: dict[tuple[str, str], int] = {}
    for row in registry.teachers:
        if row.name is None:
            counted[row.school, row.subject] = row.count
        else:
            named.setdefault((row.school, row.subject), []).append(row.name)
    out: list[_Mentee] = []
    empty: list[tuple[str, str, str]] = []
    for school, subjects in zip(schools, weak, strict=True):
        for subject in subjects:
            names = named.get((school, subject), [])
            total = counted.get((school, subject))
            if not names and total is None:
                empty.append((school, subject, "not_listed"))
                continue
            out += [_Mentee(school, subject, n, None) for n in names]
            rest = (total or 0) - len(names)
            out += [_Mentee(school, subject, None, (k + 1, rest)) for k in range(max(rest, 0))]
            if not names and not rest:
                empty.append((school, subject, "no_teacher"))
    return out, empty


def _tiers(schools: Sequence[str], pairing: Pairing, networks: Networks | None
           ) -> dict[str, tuple[dict[str, str | None], tuple[str, ...]]]:
    """Each school's partner leaders (leader -> the subject of the pair, ``None`` for all) and the other
    schools of its association."""
    leaders: dict[str, dict[str, str | None]] = {s: {} for s in schools}
    for p in pairing.pairs:
        if p.partner in leaders:
            mine = leaders[p.partner]
            subject = None if p.subject is None else norm(p.subject)
            # a pair for all subjects covers any; two subject pairs with one leader keep the first
            mine[p.leader] = None if p.leader in mine and mine[p.leader] is None else mine.get(p.leader, subject)
    together: dict[str, tuple[str, ...]] = {s: () for s in schools}
    for a in (networks.associations if networks is not None else ()):
        everyone = (*(() if a.organisation else (a.leader,)), *a.members, *((a.co_leader,) if a.co_leader else ()))
        for s in everyone:
            if s in together:
                together[s] = tuple(sorted({*together[s], *(x for x in everyone if x != s)}))
    return {s: (leaders[s], together[s]) for s in schools}


def _weak_in(ident: Identification, weak_z: float) -> set[tuple[str, str]]:
    """The (school, subject) pairs weak in some procedure, for every school (association mentors skip them)."""
    z = ident.profile.z
    if not z.size:
        return set()
    rows, cols = np.nonzero(z <= weak_z)
    names = [norm(k[1]) for k in ident.profile.keys]
    return {(ident.ids[r], names[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)}


def _arcs(mentees: Sequence[_Mentee], slots: Sequence[_Mentor], tiers: Mapping[str, Any],
          weak: set[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mentee, slot, tier) arcs: tier 0 the partner leader's mentors in the subject, tier 1 the association's."""
    by: dict[tuple[str, str], list[int]] = {}
    for j, m in enumerate(slots):
        by.setdefault((m.school, m.subject), []).append(j)
    a, b, t = [], [], []
    for i, x in enumerate(mentees):
        leaders, others = tiers[x.school]
        first = [s for s, subject in leaders.items() if subject is None or subject == x.subject]
        seen = set(first)
        for tier, pool in ((0, first), (1, [s for s in others if s not in seen and (s, x.subject) not in weak])):
            for s in pool:
                for j in by.get((s, x.subject), ()):
                    a.append(i)
                    b.append(j)
                    t.append(tier)
    return np.array(a, np.int64), np.array(b, np.int64), np.array(t, np.int64)


def _km(registry: Registry, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    def coords(codes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        schools = [registry.school(c) for c in codes]
        return (np.array([math.nan if s.latitude is None else s.latitude for s in schools], dtype=float),
                np.array([math.nan if s.longitude is None else s.longitude for s in schools], dtype=float))

    (lat1, lon1), (lat2, lon2) = coords(a), coords(b)
    with np.errstate(invalid="ignore"):  # road km, estimated as the pairs' are
        return np.asarray(great_circle_km(lat1, lon1, lat2, lon2) * TravelModel().road_factor, dtype=float)


def _solve(mentees: Sequence[_Mentee], slots: Sequence[_Mentor], cap: np.ndarray,
           arcs: tuple[np.ndarray, np.ndarray, np.ndarray], km: np.ndarray) -> np.ndarray:
    """The arcs chosen: most mentees, then the partner leader's mentors, the higher rank, the shorter trip."""
    a, b, tier = arcs
    if not len(a):
        return np.zeros(0, bool)
    rank = np.array([slots[j].rank for j in b.tolist()], dtype=float)
    # the leader's tier outweighs rank (at most 2.8 x 10), which outweighs any trip (km / 1,000 < 1)
    weight = 100.0 * (tier == 0) + 10.0 * rank - np.minimum(np.nan_to_num(km, nan=999.0), 999.0) / 1_000.0
    person = np.array([m.person for m in slots], dtype=np.int64)
    res = max_coverage_assignment(a, b, weight, np.ones(len(mentees), np.int64), cap[person],
                                  right_group=person, group_capacity=cap)
    return np.asarray(res.chosen, dtype=bool)


def _why(x: _Mentee, tiers: Mapping[str, Any], reachable: list[int], slots: Sequence[_Mentor]
         ) -> tuple[str, tuple[str, str]]:
    leaders, others = tiers[x.school]
    if reachable:
        names = sorted({f"{slots[j].school}: {_label(slots[j].name, slots[j].number, 'ru')}" for j in reachable})
        names_en = sorted({f"{slots[j].school}: {_label(slots[j].name, slots[j].number, 'en')}" for j in reachable})
        return "mentors_full", fill(REASONS["mentors_full"], mentors=(id_list(names), id_list(names_en, "en")))
    if not leaders and not others:
        return "no_network", REASONS["no_network"]
    schools = sorted({*leaders, *others})
    return "no_mentor", fill(REASONS["no_mentor"], subject=x.subject,
                             schools=(id_list(schools), id_list(schools, "en")))


def _assignments(mentees: Sequence[_Mentee], slots: Sequence[_Mentor], arcs: tuple[np.ndarray, np.ndarray, np.ndarray],
                 chosen: np.ndarray, km: np.ndarray, tiers: Mapping[str, Any]) -> list[MentorAssignment]:
    a, b, tier = arcs
    taken = {int(a[e]): int(e) for e in np.flatnonzero(chosen).tolist()}
    reach: dict[int, list[int]] = {}
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        reach.setdefault(i, []).append(j)
    out = []
    for i, x in enumerate(mentees):
        base: dict[str, Any] = {"school": x.school, "subject": x.subject, "teacher": x.name, "number": x.number}
        e = taken.get(i)
        if e is None:
            code, (ru, en) = _why(x, tiers, reach.get(i, []), slots)
            out.append(MentorAssignment(**base, mentor_school=None, mentor=None, code=code, reason_ru=ru,
                                        reason_en=en))
            continue
        m = slots[int(b[e])]
        code = "partner_leader" if tier[e] == 0 else "association"
        ru, en = fill(REASONS[code], mentor=(_label(m.name, m.number, "ru"), _label(m.name, m.number, "en")),
                      school=m.school)
        out.append(MentorAssignment(**base, mentor_school=m.school, mentor=m.name, mentor_number=m.number, code=code,
                                    reason_ru=ru, reason_en=en, km=None if math.isnan(km[e]) else float(km[e])))
    return out


@validate_params(registry=of(Registry, text="a Registry"), pairing=of(Pairing, text="a Pairing"),
                 networks=(of(Networks, text="a Networks result"), NONE),
                 identification=(of(Identification, text="an Identification"), NONE),
                 max_mentees=number(integer=True, ge=0), hours_per_mentee=number(ge=0), weak_z=number())
def assign_mentors(registry: Registry, pairing: Pairing, *, networks: Networks | None = None,
                   identification: Identification | None = None, max_mentees: int = 2,
                   hours_per_mentee: float = 4.0, weak_z: float = -0.5) -> Mentors:
    """Give each teacher of a ШНОР/ШНСУ in a weak subject a mentor of the same subject (see the module).

    Parameters
    ----------
    registry : Registry
        Its teachers table: the mentees' rows and the mentors' (``mentor``, ``hours``, ``category``, ``years``).
    pairing : Pairing
        The pairs: a school's partner leaders give its first mentors.
    networks : Networks, optional
        The associations: their other schools give mentors where the leader has none free.
    identification : Identification, optional
        Which schools are ШНОР/ШНСУ and their subject profiles (default: :func:`netmatch.identify`).
    max_mentees : int
        Mentees a mentor takes when he or she states no hours (default 2).
    hours_per_mentee : float
        Hours a month one mentee takes of a mentor's stated ``hours`` (default 4).
    weak_z : float
        A school is weak in a subject at or below this z-score (default -0.5).

    Returns
    -------
    Mentors
    """
    ident = identification if identification is not None else identify(registry)
    rows = np.flatnonzero(ident.needs_partner).tolist()
    schools = [ident.ids[r] for r in rows]
    mentees, empty = _mentees(registry, schools, weak_subjects(ident, rows, weak_z))
    slots, persons, cap = _mentors(registry, max_mentees, hours_per_mentee)
    tiers = _tiers(schools, pairing, networks)
    arcs = _arcs(mentees, slots, tiers, _weak_in(ident, weak_z))
    km = _km(registry, [mentees[i].school for i in arcs[0].tolist()], [slots[j].school for j in arcs[1].tolist()])
    chosen = _solve(mentees, slots, cap, arcs, km)
    found = _assignments(mentees, slots, arcs, chosen, km, tiers)
    for school, subject, code in empty:
        ru, en = fill(REASONS[code], subject=subject)
        found.append(MentorAssignment(school=school, subject=subject, teacher=None, mentor_school=None, mentor=None,
                                      code=code, reason_ru=ru, reason_en=en))
    order = {s: i for i, s in enumerate(schools)}
    found.sort(key=lambda x: order[x.school])  # stable: each school's weakest subject first, then the empty ones
    return _result(found, slots, persons, cap, tiers, len(schools))


def _slot_key(school: str, name: str | None, number: tuple[int, int] | None, subject: str) -> tuple[str, str]:
    return (school, name.casefold() if name is not None else f"{subject}#{(number or (1, 1))[0] - 1}")


def _result(found: list[MentorAssignment], slots: Sequence[_Mentor], persons: list[tuple[str, str]],
            cap: np.ndarray, tiers: Mapping[str, Any], n_schools: int) -> Mentors:
    load: dict[tuple[str, str], int] = {}
    for x in found:
        if x.mentor_school is not None:
            key = _slot_key(x.mentor_school, x.mentor, x.mentor_number, x.subject)
            load[key] = load.get(key, 0) + 1
    mentees = [x for x in found if x.code not in ("not_listed", "no_teacher")]
    kpis = MentorKpis(schools=n_schools, mentees=len(mentees),
                      matched=sum(x.mentor_school is not None for x in mentees),
                      by_partner_leader=sum(x.code == "partner_leader" for x in mentees),
                      by_association=sum(x.code == "association" for x in mentees), mentors=len(persons),
                      mentors_used=len(load), not_listed=len(found) - len(mentees))
    return Mentors(assignments=tuple(found), kpis=kpis, load=dict(sorted(load.items())),
                   capacity={p: int(c) for p, c in zip(persons, cap.tolist(), strict=True)},
                   tiers={s: (tuple(sorted(ld)), others) for s, (ld, others) in tiers.items()})


def _slot_problem(x: MentorAssignment, registry: Registry) -> str | None:
    """Why a mentor is not a mentor of the subject at that school, or None."""
    assert x.mentor_school is not None
    rows = [t for t in registry.teachers if t.school == x.mentor_school and t.subject == x.subject and t.mentor]
    if x.mentor is not None:
        ok = any(t.name is not None and t.name.casefold() == x.mentor.casefold() for t in rows)
    else:
        k = (x.mentor_number or (0, 0))[0]
        ok = any(t.name is None and 1 <= k <= t.count for t in rows)
    return None if ok else (f"{x.school} ({x.subject}): {x.mentor_label('en')} is no mentor of {x.subject} at "
                            f"{x.mentor_school}")


@validate_params(mentors=of(Mentors, text="a Mentors result"), registry=of(Registry, text="a Registry"))
def check_mentors(mentors: Mentors, registry: Registry) -> list[str]:
    """Every rule a result breaks: mentors of the subject, from the leader or the association, loads kept.

    Returns an empty list for a valid result (see the module's example).
    """
    problems = []
    load: dict[tuple[str, str], int] = {}
    for x in mentors.assignments:
        if x.mentor_school is None:
            continue
        leaders, others = mentors.tiers.get(x.school, ((), ()))
        if x.mentor_school not in (*leaders, *others):
            problems.append(f"{x.school} ({x.subject}): the mentor's school {x.mentor_school} is neither its leader "
                            "nor of its association")
        if x.code == "association" and x.mentor_school in leaders:
            problems.append(f"{x.school} ({x.subject}): a leader's mentor is marked as the association's")
        wrong = _slot_problem(x, registry)
        if wrong is not None:
            problems.append(wrong)
        key = _slot_key(x.mentor_school, x.mentor, x.mentor_number, x.subject)
        load[key] = load.get(key, 0) + 1
    for key, used in sorted(load.items()):
        cap = mentors.capacity.get(key)
        if cap is None or used > cap:
            problems.append(f"mentor {key[1]} of {key[0]} has {used} mentees; the load allows {cap}")
    return problems


CATALOG.keyed("mentors.reasons", {**REASONS, "unnamed": _UNNAMED})
