"""Inter-school subject groups of teachers (межшкольные методические/проблемные группы).

For each (procedure, subject) of the subject profiles, :func:`form_groups` gathers the schools
weak in it (z-score at or below ``weak_z``) around a school strong in it (at least ``strong_z``),
the host of the group: one group per school and subject, ``min_size``–``max_size`` schools (3–8)
counting the host, members within the in-person limits of the host or — when the constraints
allow remote work — among its nearest hosts beyond them. ШНОР/ШНСУ come first, then the most
weak schools placed, then the least travel, then the widest gap in the subject (the host's
z-score less the member's): the same lexicographic problem and solver as the associations
(:func:`netmatch._solvers.associations.form_associations`), one subject at a time.
:func:`check_groups` lists every rule a result breaks, recomputing each trip.

It works from the subject profiles alone. When the registry has a teachers table (teachers per
school and subject, :attr:`netmatch.Registry.teachers`), the groups are of teachers: each school
brings its teachers of the subject, a group holds at most ``max_teachers`` of them (the host's
included), a school the table gives no teacher of the subject neither joins nor hosts (its
reason says so), and a school the table does not list for the subject counts as one teacher
(the result's ``notes`` say how many).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np

from netmatch._base.geo import TravelModel, unit_vectors
from netmatch._base.lists import more
from netmatch._base.params import MAPPING, NONE, coerce, number, of, one_of, validate_params
from netmatch._base.parse import norm
from netmatch._base.results import Indicators, Reasoned
from netmatch._data import Registry
from netmatch._data.school_arrays import school_arrays
from netmatch._identify import Identification, identify
from netmatch._solvers.associations import form_associations
from netmatch._words import CATALOG, fill
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints

__all__ = ["GroupKpis", "SubjectGroup", "SubjectGroups", "Unplaced", "check_groups", "form_groups"]

#: Reasons of a weak (school, subject) left out of every group, ``code -> (Russian, English)``.
GROUP_REASONS: dict[str, tuple[str, str]] = {
    "no_coordinates": ("нет координат", "no coordinates"),
    "no_host": ("нет школы, сильной в предмете, в пределах досягаемости",
                "no school strong in the subject within reach"),
    "hosts_full": ("группы доступных школ заполнены: {hosts}", "the groups it could join are full: {hosts}"),
    "too_small": ("группа не набрала бы {min_size} школ", "a group would fall short of {min_size} schools"),
    "no_teacher": ("по таблице педагогов в школе нет учителя этого предмета",
                   "the teachers table gives the school no teacher of the subject"),
}
_NAMED = 3


@dataclass(frozen=True)
class SubjectGroup:
    """A group: the host strong in the subject and the members weak in it (sorted)."""

    procedure: str
    subject: str
    host: str
    members: tuple[str, ...]
    priority: int
    total_minutes: float
    worst_minutes: float
    remote: int
    #: Teachers of the subject in the group, the host's included (``None`` without a teachers table).
    teachers: int | None = None

    @property
    def size(self) -> int:
        """Schools in the group, the host included."""
        return len(self.members) + 1


@dataclass(frozen=True)
class Unplaced(Reasoned):
    """A school weak in a subject that is in no group of that subject, and why."""

    school: str
    procedure: str
    subject: str
    code: str
    reason_ru: str
    reason_en: str


@dataclass(frozen=True)
class GroupKpis(Indicators):
    """How many weak (school, subject) pairs there are and how many are in a group."""

    weak: int
    placed: int
    groups: int
    subjects: int
    schools: int

    @property
    def share_placed(self) -> float:
        """Share of the weak (school, subject) pairs that are in a group (1 when there are none)."""
        return self.placed / self.weak if self.weak else 1.0

    def extra(self) -> dict[str, Any]:
        return {"share_placed": self.share_placed}


@dataclass(frozen=True)
class SubjectGroups:
    """Subject groups, the weak (school, subject) pairs left out with reasons, and the indicators.

    >>> import netmatch as nm
    >>> g = nm.form_groups(nm.datasets.load_demo())
    >>> g.kpis.placed <= g.kpis.weak and all(2 <= x.size <= 8 for x in g.groups)
    True
    """

    groups: tuple[SubjectGroup, ...]
    unplaced: tuple[Unplaced, ...]
    kpis: GroupKpis
    weak_z: float
    strong_z: float
    min_size: int
    max_size: int
    status: str
    #: The teachers a group may hold (``None`` without a teachers table).
    max_teachers: int | None = None
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        k = self.kpis
        return (f"<SubjectGroups: {k.groups} groups in {k.subjects} subjects; {k.placed} of {k.weak} weak "
                f"school-subjects placed; {self.status}>")

    def of_school(self, school: str) -> list[SubjectGroup]:
        """The groups a school is in, as host or member."""
        return list(self._by_school[0].get(school, ()))

    def unplaced_of(self, school: str) -> tuple[Unplaced, ...]:
        """The subjects a school is weak in but in no group of, with the reasons."""
        return self._by_school[1].get(school, ())

    @cached_property
    def _by_school(self) -> tuple[dict[str, tuple[SubjectGroup, ...]], dict[str, tuple[Unplaced, ...]]]:
        # differences ask school by school: one index of each, not a scan of every group each time
        groups: dict[str, list[SubjectGroup]] = {}
        for g in self.groups:
            for s in dict.fromkeys((g.host, *g.members)):
                groups.setdefault(s, []).append(g)
        left: dict[str, list[Unplaced]] = {}
        for u in self.unplaced:
            left.setdefault(u.school, []).append(u)
        return {s: tuple(v) for s, v in groups.items()}, {s: tuple(v) for s, v in left.items()}

    def to_frame(self) -> Any:
        """One row per school in a group: procedure, subject, host, school, role."""
        import pandas as pd

        rows = [{"procedure": g.procedure, "subject": g.subject, "host": g.host, "school": s,
                 "role": "host" if s == g.host else "member"}
                for g in self.groups for s in (g.host, *g.members)]
        return pd.DataFrame(rows, columns=["procedure", "subject", "host", "school", "role"])


@dataclass(frozen=True)
class _Subject:
    """The arcs of one subject: member rows, host rows, km, minutes, remote, gap."""

    key: tuple[str, str]
    weak: np.ndarray
    member: np.ndarray
    host: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray
    gap: np.ndarray
    teachers: np.ndarray | None = None  # per school: teachers of the subject (-1: not in the table); None: no table


def _staff(registry: Registry) -> dict[str, np.ndarray] | None:
    """Teachers per school of each subject (normalised), -1 where the table does not list the school; None
    without a teachers table."""
    if not registry.teachers:
        return None
    out: dict[str, np.ndarray] = {}
    index = registry.index
    for (school, subject), n in registry.subject_teachers.items():
        col = out.setdefault(norm(subject), np.full(len(registry), -1, np.int64))
        col[index[school]] = n
    return out


def _arcs(k: int, key: tuple[str, str], z: np.ndarray, xyz: np.ndarray, located: np.ndarray, lat: np.ndarray,
          lon: np.ndarray, cons: Constraints, trip: TravelModel, weak_z: float, strong_z: float,
          teachers: np.ndarray | None = None) -> _Subject:
    """The weak schools of subject ``k`` and their arcs to the strong ones within reach (or remote).

    With ``teachers``, a school without a teacher of the subject neither hosts nor joins.
    """
    from scipy.spatial import cKDTree

    col = z[:, k]
    staffed = np.ones(len(col), bool) if teachers is None else teachers != 0
    with np.errstate(invalid="ignore"):
        weak, strong = np.flatnonzero(col <= weak_z), np.flatnonzero((col >= strong_z) & located & staffed)
    wl = weak[located[weak] & staffed[weak]]
    empty = np.zeros(0, np.int64)
    if not (len(wl) and len(strong)):
        return _Subject(key, weak, empty, empty, np.zeros(0), np.zeros(0), np.zeros(0, bool), np.zeros(0), teachers)
    reach = trip.road_km(cons.max_km, cons.max_minutes)
    tree = cKDTree(xyz[strong])
    if math.isfinite(reach):
        sdm = tree.sparse_distance_matrix(cKDTree(xyz[wl]), trip.search_chord(reach), output_type="ndarray")
        hosts, members = [strong[sdm["i"]]], [wl[sdm["j"]]]
        alone = np.setdiff1d(np.arange(len(wl)), sdm["j"])
    else:
        hosts, members, alone = [np.repeat(strong, len(wl))], [np.tile(wl, len(strong))], empty
    if cons.beyond_limit == "remote" and cons.remote_candidates > 0 and len(alone):
        count = min(cons.remote_candidates, len(strong))
        _, j = tree.query(xyz[wl[alone]], k=count)
        j = np.asarray(j).reshape(len(alone), count)
        hosts.append(strong[j.ravel()])
        members.append(np.repeat(wl[alone], count))
    h, m = np.concatenate(hosts), np.concatenate(members)
    km, minutes = trip.trips(lat, lon, h, m)
    in_person = trip.within_limits(km, minutes, cons.max_km, cons.max_minutes)
    remote_ok = cons.beyond_limit == "remote"
    far_ok = km <= (math.inf if cons.remote_max_km is None else cons.remote_max_km)
    keep = (in_person | (remote_ok & far_ok)) & (h != m)
    return _Subject(key, weak, m[keep], h[keep], km[keep], minutes[keep], ~in_person[keep],
                    col[h[keep]] - col[m[keep]], teachers)


@validate_params(registry=of(Registry, text="a Registry"),
                 identification=(of(Identification, text="an Identification"), NONE),
                 constraints=(of(Constraints, text="Constraints"), MAPPING, NONE), weak_z=number(),
                 strong_z=number(), min_size=number(ge=2, integer=True), max_size=number(ge=2, integer=True),
                 method=one_of("auto", "milp", "flow"), time_limit=number(gt=0),
                 max_teachers=number(ge=1, integer=True))
def form_groups(
    registry: Registry,
    *,
    identification: Identification | None = None,
    constraints: Constraints | Mapping[str, Any] | None = None,
    weak_z: float = -0.5,
    strong_z: float = 0.5,
    min_size: int = 3,
    max_size: int = 8,
    method: Literal["auto", "milp", "flow"] = "auto",
    time_limit: float = 60.0,
    max_teachers: int = 25,
) -> SubjectGroups:
    """Subject groups: the schools weak in a subject around a school strong in it, subject by subject.

    Parameters
    ----------
    registry : Registry
    identification : Identification, optional
        Its subject profiles (``profile.z``); computed with the default rules when omitted.
    constraints : Constraints or dict, optional
        The travel rules of the pairs: in person within ``max_km``/``max_minutes``, remote beyond
        them (to the ``remote_candidates`` nearest hosts, within ``remote_max_km``) when
        ``beyond_limit="remote"``.
    weak_z, strong_z : float
        A school is weak in a subject at or below ``weak_z``, strong (may host) at or above ``strong_z``.
    min_size, max_size : int
        Schools in a group, the host included (3 and 8 by default: two schools are a pair, and
        with least travel deciding, a minimum of two would leave most groups at two).
    method, time_limit
        As for :func:`netmatch.form_networks`, per subject.
    max_teachers : int
        With a teachers table: the teachers of the subject a group holds at most, the host's
        included (25 by default: a seminar room). Without one it does not apply.

    Returns
    -------
    SubjectGroups

    Examples
    --------
    >>> import netmatch as nm
    >>> reg = nm.datasets.load_demo()
    >>> groups = form_groups(reg)
    >>> check_groups(groups, reg)
    []
    """
    if not weak_z < strong_z:
        raise InvalidInputError([f"weak_z={weak_z} must be below strong_z={strong_z}."])
    if min_size > max_size:
        raise InvalidInputError([f"min_size={min_size} is more than max_size={max_size}: "
                                 "give min_size <= max_size."])
    cons = coerce(Constraints, constraints, "form_groups")
    ident = identification if identification is not None else identify(registry)
    arr = school_arrays(registry)
    lat, lon = arr.lat, arr.lon
    located = ~np.isnan(lat)
    xyz = unit_vectors(np.nan_to_num(lat), np.nan_to_num(lon))
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    z = ident.profile.z
    groups: list[SubjectGroup] = []
    unplaced: list[Unplaced] = []
    statuses = set()
    staff = _staff(registry)
    assumed = 0
    for k, key in enumerate(ident.profile.keys):
        teachers = None if staff is None else staff.get(norm(key[1]), np.full(len(registry), -1, np.int64))
        sub = _arcs(k, key, z, xyz, located, lat, lon, cons, trip, weak_z, strong_z, teachers)
        if teachers is not None:
            involved = np.union1d(sub.member, sub.host).astype(np.int64)
            assumed += int((teachers[involved] < 0).sum())
        found, left, status = _solve(registry.ids, sub, ident.needs_partner, located, min_size, max_size, method,
                                     time_limit, None if staff is None else max_teachers)
        groups += found
        unplaced += left
        statuses.add(status)
    groups.sort(key=lambda g: (g.procedure, g.subject, g.host))
    weak = sum(len(np.flatnonzero(z[:, k] <= weak_z)) for k in range(z.shape[1])) if z.size else 0
    placed = sum(len(g.members) for g in groups)
    kpis = GroupKpis(weak=weak, placed=placed, groups=len(groups), subjects=len({(g.procedure, g.subject)
                                                                                  for g in groups}),
                     schools=len({s for g in groups for s in (g.host, *g.members)}))
    status = "optimal" if statuses <= {"optimal"} else ("heuristic" if "heuristic" in statuses else "time_limit")
    notes = (f"{assumed} school-subjects are not in the teachers table: each counted as one teacher",) \
        if assumed else ()
    return SubjectGroups(tuple(groups), tuple(unplaced), kpis, weak_z, strong_z, min_size, max_size, status,
                         None if staff is None else max_teachers, notes)


def _solve(ids: tuple[str, ...], sub: _Subject, needs: np.ndarray, located: np.ndarray, min_size: int,
           max_size: int, method: str, time_limit: float, max_teachers: int | None = None
           ) -> tuple[list[SubjectGroup], list[Unplaced], str]:
    """One subject's groups and its weak schools left out."""
    rows = np.unique(sub.weak)
    mpos = {int(r): i for i, r in enumerate(rows.tolist())}
    hosts = np.unique(sub.host)
    hpos = {int(r): i for i, r in enumerate(hosts.tolist())}
    member = np.array([mpos[int(r)] for r in sub.member.tolist()], dtype=np.int64)
    hub = np.array([hpos[int(r)] for r in sub.host.tolist()], dtype=np.int64)
    # a strong school hosts; it is never also a member of its own subject (weak and strong exclude each other)
    load = None if sub.teachers is None else np.maximum(sub.teachers, 1)  # not in the table: one teacher
    plan = form_associations(member, hub, sub.minutes, sub.gap, needs[rows], np.full(len(hosts), max_size - 1),
                             min_size=min_size, max_size=max_size, method=method,  # type: ignore[arg-type]
                             time_limit=time_limit, count_hubs=False,
                             member_load=None if load is None else load[rows],
                             hub_load=None if load is None else load[hosts], max_load=max_teachers)
    proc, subject = sub.key
    found = []
    for h in np.flatnonzero(plan.open).tolist():
        arcs = plan.arc_of[(plan.hub_of == h)]
        minutes = np.rint(sub.minutes[arcs])
        inside = rows[plan.hub_of == h]
        found.append(SubjectGroup(proc, subject, ids[int(hosts[h])], tuple(sorted(ids[int(r)] for r in
                                                                               inside.tolist())),
                                  priority=int(needs[inside].sum()),
                                  total_minutes=float(minutes.sum()), worst_minutes=float(minutes.max()),
                                  remote=int(sub.remote[arcs].sum()),
                                  teachers=None if load is None else int(load[inside].sum() + load[hosts[h]])))
    left = [_unplaced(ids, sub, rows, hosts, m, plan, located, min_size) for m in
            np.flatnonzero(plan.hub_of < 0).tolist()]
    return found, left, plan.status


def _unplaced(ids: tuple[str, ...], sub: _Subject, rows: np.ndarray, hosts: np.ndarray, m: int, plan: Any,
              located: np.ndarray, min_size: int) -> Unplaced:
    row = int(rows[m])
    proc, subject = sub.key
    mine = np.flatnonzero(sub.member == row)
    values: dict[str, tuple[Any, Any]] = {}
    if not located[row]:
        code = "no_coordinates"
    elif sub.teachers is not None and sub.teachers[row] == 0:
        code = "no_teacher"
    elif not len(mine):
        code = "no_host"
    else:
        near = sorted({ids[int(h)] for h in sub.host[mine].tolist()})
        open_any = any(plan.open[int(np.searchsorted(hosts, h))] for h in sub.host[mine].tolist())
        code = "hosts_full" if open_any else "too_small"
        names = ", ".join(near[:_NAMED])
        values = {"hosts": (names + more(len(near) - _NAMED), names + more(len(near) - _NAMED, "en")),
                  "min_size": (min_size, min_size)}
    return Unplaced(ids[row], proc, subject, code, *fill(GROUP_REASONS[code], **values))


@validate_params(groups=of(SubjectGroups, text="SubjectGroups"), registry=of(Registry, text="a Registry"),
                 identification=(of(Identification, text="an Identification"), NONE),
                 constraints=(of(Constraints, text="Constraints"), MAPPING, NONE))
def check_groups(groups: SubjectGroups, registry: Registry, *, identification: Identification | None = None,
                 constraints: Constraints | Mapping[str, Any] | None = None) -> list[str]:
    """Every rule the groups break: host strong and members weak in the subject, sizes, one group per
    school and subject, and each member's trip to the host (recomputed) within the travel rules.

    Returns an empty list for valid groups (see the example of :func:`form_groups`).
    """
    cons = coerce(Constraints, constraints, "check_groups")
    ident = identification if identification is not None else identify(registry)
    index, keys = registry.index, {k: i for i, k in enumerate(ident.profile.keys)}
    z = ident.profile.z
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    arr = school_arrays(registry)
    lat, lon = arr.lat, arr.lon
    out: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    staff = _staff(registry) if groups.max_teachers is not None else None
    for g in groups.groups:
        k = keys.get((g.procedure, g.subject))
        if k is None or g.host not in index:
            out.append(f"group {g.procedure}:{g.subject} of {g.host!r}: unknown subject or host")
            continue
        if not z[index[g.host], k] >= groups.strong_z:
            out.append(f"host {g.host!r} is not strong in {g.subject}")
        if not groups.min_size <= g.size <= groups.max_size:
            out.append(f"group {g.subject} of {g.host!r} has {g.size} schools, outside "
                       f"{groups.min_size}–{groups.max_size}")
        for s in (g.host, *g.members):
            if (s, g.procedure, g.subject) in seen:
                out.append(f"school {s!r} is in two groups of {g.subject}")
            seen.add((s, g.procedure, g.subject))
        for s in g.members:
            if s not in index or not z[index[s], k] <= groups.weak_z:
                out.append(f"member {s!r} of {g.host!r} is not weak in {g.subject}")
                continue
            km, minutes = trip.trips(lat, lon, np.array([index[g.host]]), np.array([index[s]]))
            if not _allowed(float(km[0]), float(minutes[0]), cons):
                out.append(f"member {s!r} is {km[0]:.0f} km from {g.host!r}, beyond the travel rules")
        if staff is not None:
            out += _teacher_problems(g, staff, index, groups.max_teachers or 0)
    return out


def _teacher_problems(g: SubjectGroup, staff: Mapping[str, np.ndarray], index: Mapping[str, int],
                      max_teachers: int) -> list[str]:
    """A school of the group without a teacher of the subject, or the group over the teachers it may hold."""
    col = staff.get(norm(g.subject))
    have = [-1 if col is None else int(col[index[s]]) for s in (g.host, *g.members) if s in index]
    out = [f"school {s!r} has no teacher of {g.subject} in the teachers table"
           for s, t in zip((g.host, *g.members), have, strict=False) if t == 0]
    total = sum(max(t, 1) for t in have)
    if total > max_teachers:
        out.append(f"group {g.subject} of {g.host!r} holds {total} teachers, more than max_teachers {max_teachers}")
    return out


def _allowed(km: float, minutes: float, cons: Constraints) -> bool:
    """Whether a trip keeps the travel rules: in person within the limits, else remote where allowed."""
    far = not TravelModel.within_limits(km, minutes, cons.max_km, cons.max_minutes)
    return not far or (cons.beyond_limit == "remote" and (cons.remote_max_km is None or km <= cons.remote_max_km))


CATALOG.keyed("networks.groups", GROUP_REASONS)
