r"""Sharing resources between schools: which school's groups use which «Точка роста», lab or hall.

Issue 6 asks how the resources of a district — «Точка роста» centres, IT-кубы, Кванториумы,
laboratories, computer classes, libraries, sports halls — can serve the schools that lack them,
ШНОР and ШНСУ first. :func:`share_resources` answers it exactly as a transportation problem
between *demands* and *resources*; :func:`check_sharing` sits beside it and lists every violated
capacity, travel limit or demand of a plan.

The model
---------
A **demand** ``d`` is a (school, profile) pair: ``g_d`` groups of pupils (a group takes at most
``group_size`` seats) that each need ``h_d`` hours a week, so ``q_d = g_d · h_d`` group-hours a week.
The profile is a resource kind (``"growth_point_science"``, «Точка роста», ``"laboratory"``, ...)
or a subject matched against ``Resource.profiles`` (``"физика"``; a resource that lists no profiles
offers the subjects of its kind, :data:`KIND_SUBJECTS`). ``priority_d`` marks the demands
of ШНОР/ШНСУ.

A **resource** ``r`` at host school ``s_r`` takes ``⌊seats_r / group_size⌋`` groups at once for
``hours_per_week_r · f(shifts of s_r)`` hours, the hours it is free for partner schools reduced
for a host on two or three shifts (``f = 1, 0.5, 0.25``: the host's own pupils use its rooms
longer), so its capacity is ``c_r = ⌊seats_r / group_size⌋ · hours_r · f`` group-hours a week.

An **arc** ``(d, r)`` exists when ``r`` offers ``d``'s profile, ``s_r`` is not ``d``'s own school
(a resource's free hours are for partners) and either the one-way trip ``t_dr`` is within
``max_minutes`` (and ``max_km``) — *in person* — or ``r`` is ``remote`` (and the school and
host have the internet for it) — *remote*, among the ``remote_candidates`` nearest remote
resources beyond reach. Trips are great-circle distance × ``road_factor`` at ``speed_kmh``, or
the ``distances`` table where it has the pair. Arcs are found with a k-d tree on unit-sphere
coordinates (:class:`scipy.spatial.cKDTree`), never by comparing all pairs.

With ``x_dr ≥ 0`` group-hours a week on each arc, the plan solves, lexicographically,

.. math::

    \max \sum_{d:\,priority_d} \sum_r x_{dr}, \quad
    \max \sum_{d,r} x_{dr}, \quad
    \min \sum_{d,r} \kappa_{dr} x_{dr}
    \qquad\text{s.t.}\quad \sum_r x_{dr} \le q_d, \quad \sum_d x_{dr} \le c_r,

where ``κ_dr = t_dr / h_d`` in person and ``remote_penalty_minutes / h_d`` remote: the last level
is the total travel of groups in minutes a week (one trip per group a week), a remote arc costing
a fixed penalty. The first two levels are one LP with weights 1 and 3 (exact for a transportation
problem: an augmenting path changes a priority and a total amount by at most one unit each);
the third is an LP over the optimal face of the first, cut out by complementary slackness
(arcs with a positive reduced cost fixed at zero, rows with a non-zero dual held tight), so no
big-M weights are involved. Both are solved by HiGHS' dual simplex
(``scipy.optimize.linprog(method="highs-ds")``) on a sparse matrix. The matrix is totally
unimodular, so the flows are whole group-hours whenever the demands and capacities are whole
numbers; otherwise hours are treated as continuous (a group's hours may be split between hosts).

With ``split=False`` a demand may not be split between hosts: binaries ``y_dh`` choose at most one
host per demand (``x_dr ≤ q_d y_{d,s_r}``, ``Σ_h y_dh ≤ 1``; only demands with two or more hosts
need them), and the three levels are solved in turn as MILPs (:func:`scipy.optimize.milp`) under
one ``time_limit``; when it runs out, the best plan found is kept with its proven gap.

The default demand
------------------
Without a ``demand``, every school that teaches grades 5–11 and has no own resource offering a
family of subjects (by default the natural-science lab — физика, химия, биология — and the
computer lab — информатика, the two «Точка роста» profiles) needs lab hours for its
``weak_subjects`` weakest subjects of that family (lowest mean z-score of its results in
:func:`netmatch._identify.identify`; subjects without results come after, in the family's order):
``ceil(students · share of grades 5–11 / group_size)`` groups of ``hours_per_group`` (2) hours a
week. The share of grades 5–11 counts grades of the phases the school teaches (НОО 4, ООО 5,
СОО 2). ШНОР/ШНСУ come first and have priority in the objective. See :func:`default_demand`.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from netmatch._base.params import coerce
from netmatch._base.parse import is_missing, norm, parse_bool, parse_number
from netmatch._data.models import Phase, Registry, ResourceKind, SchoolKind
from netmatch._identify import Identification, identify
from netmatch.exceptions import InvalidInputError, NetmatchError, Problem
from netmatch.graph import _GROWTH, _chord, _distance_table, _unit_vectors, great_circle_km

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GRADES",
    "KIND_SUBJECTS",
    "Demand",
    "Flow",
    "Sharing",
    "SharingConstraints",
    "SharingKpis",
    "Unmet",
    "Utilisation",
    "check_sharing",
    "default_demand",
    "share_resources",
]

#: Grades in each phase: НОО 1–4, ООО 5–9, СОО 10–11.
GRADES: Mapping[Phase, int] = {Phase.PRIMARY: 4, Phase.BASIC: 5, Phase.SECONDARY: 2}
#: Phases assumed from the school type when the registry lists none (otherwise all three).
_KIND_PHASES: Mapping[SchoolKind, tuple[Phase, ...]] = {
    SchoolKind.PRIMARY: (Phase.PRIMARY,),
    SchoolKind.BASIC: (Phase.PRIMARY, Phase.BASIC),
    SchoolKind.EVENING: (Phase.BASIC, Phase.SECONDARY),
}
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
#: Reduced costs and duals closer to zero than this are zero (the LP data are small integers).
_DUAL_TOL = 1e-7
#: How far a later level may move an earlier level's value, relative (HiGHS' tolerances are 1e-7).
_LEVEL_TOL = 1e-9
#: Flows below this many group-hours are rounding noise.
_FLOW_TOL = 1e-9


def _slack(x: np.ndarray | float) -> Any:
    """Tolerance for comparing amounts of group-hours of size ``x``."""
    return 1e-6 * np.maximum(1.0, np.abs(x))


# --------------------------------------------------------------------------------------------
# parameters


class SharingConstraints(BaseModel):
    """Reach, capacity, priority and the default demand of :func:`share_resources`.

    Examples
    --------
    >>> SharingConstraints(max_minutes=45).max_minutes
    45.0
    >>> SharingConstraints(shift_factors=(1, 0.5, 2))
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SharingConstraints
    shift_factors
      Value error, each shift factor must be from 0 to 1; got 2.0 ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_minutes: float | None = Field(30.0, gt=0, description="Longest one-way trip of pupils, minutes.")
    max_km: float | None = Field(None, gt=0, description="Longest one-way trip by road, km (none by default).")
    road_factor: float = Field(1.3, ge=1, description="Road distance / great-circle distance.")
    speed_kmh: float = Field(50.0, gt=0, description="Travel speed for times not in the distance table.")
    group_size: int = Field(
        12, ge=1, description="Pupils in a group, seats it takes: a class of 25 splits into two for practical work.")
    shift_factors: tuple[float, float, float] = Field(
        (1.0, 0.5, 0.25), description="Share of the free hours a host on 1, 2, 3 shifts offers.")
    remote_penalty_minutes: float = Field(
        60.0, ge=0, description="Cost of a remote group, as minutes of travel (more than any trip in reach).")
    remote_candidates: int = Field(5, ge=0, description="Nearest remote resources beyond reach offered a demand.")
    remote_max_km: float | None = Field(None, gt=0, description="Farthest remote sharing, km.")
    min_remote_mbps: float | None = Field(
        10.0, ge=0, description="Internet the school and host need for remote work (unknown speeds pass).")
    priority: bool = Field(True, description="Serve ШНОР/ШНСУ demand first (lexicographically).")
    demand_subjects: tuple[tuple[str, ...], ...] = Field(
        (("физика", "химия", "биология"), ("информатика",)),
        description="Default demand: families of subjects, each served by a lab of one kind.")
    weak_subjects: int = Field(1, ge=1, description="Default demand: weakest subjects per family a school asks for.")
    hours_per_group: float = Field(2.0, gt=0, le=168, description="Default demand: hours a week per group.")

    @field_validator("shift_factors")
    @classmethod
    def _factors(cls, v: tuple[float, float, float]) -> tuple[float, float, float]:
        for f in v:
            if not 0 <= f <= 1:
                raise ValueError(f"each shift factor must be from 0 to 1; got {f}")
        return v

    @field_validator("demand_subjects")
    @classmethod
    def _families(cls, v: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        if any(not fam or any(not str(s).strip() for s in fam) for fam in v):
            raise ValueError("every family of subjects must name at least one subject, none of them blank")
        return v

    def reach_km(self) -> float:
        """The longest road distance any in-person trip may have (``inf`` without limits)."""
        limits = [x for x in (self.max_km, None if self.max_minutes is None else
                              self.max_minutes / 60.0 * self.speed_kmh) if x is not None]
        return min(limits) if limits else math.inf


class _SolveOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    time_limit: float = Field(60.0, gt=0)
    mip_rel_gap: float = Field(0.0, ge=0, lt=1)


# --------------------------------------------------------------------------------------------
# results


class Demand(NamedTuple):
    """One demand: ``groups`` groups of a school needing ``hours`` hours a week of a profile.

    ``priority`` marks ШНОР/ШНСУ demand, served first.

    >>> Demand("S09", "физика", 4, 2.0, True).group_hours
    8.0
    """

    school: str
    profile: str
    groups: int
    hours: float
    priority: bool = False

    @property
    def group_hours(self) -> float:
        """Group-hours a week: ``groups * hours``."""
        return float(self.groups * self.hours)


class Flow(NamedTuple):
    """Group-hours a week of one demand served by one resource.

    ``groups`` is ``group_hours / hours`` of the demand (fractional when a group's hours are split
    between hosts); ``minutes`` and ``km`` the one-way trip from the school to the host (for a
    remote flow, the trip the pupils are spared).
    """

    school: str
    profile: str
    resource: str
    host: str
    group_hours: float
    groups: float
    minutes: float
    km: float
    remote: bool
    priority: bool


class Unmet(NamedTuple):
    """A demand not (fully) served, and why.

    ``code`` is ``"no_resource"`` (no resource of the registry offers the profile with free
    hours and seats for a group), ``"no_coordinates"`` (the school has no coordinates and no row in
    the distance table), ``"out_of_reach"`` (nothing within reach: ``nearest_*`` name the nearest
    suitable resource and the trip to it), ``"full"`` (everything in reach is full) or
    ``"not_chosen"`` (resources in reach have free hours the plan could not use: a demand is not
    split between hosts, or the time limit ran out). For the last two, ``full_hosts`` lists
    ``(host, resource, utilisation)`` of every resource in reach, nearest first.
    """

    school: str
    profile: str
    group_hours: float
    demand_group_hours: float
    code: str
    reason_ru: str
    reason_en: str
    priority: bool = False
    nearest_resource: str | None = None
    nearest_host: str | None = None
    nearest_minutes: float | None = None
    nearest_km: float | None = None
    full_hosts: tuple[tuple[str, str, float], ...] = ()

    def reason(self, lang: str = "ru") -> str:
        """The reason in Russian (``"ru"``) or English (``"en"``)."""
        return self.reason_ru if lang == "ru" else self.reason_en


class Utilisation(NamedTuple):
    """How much of one resource the plan uses.

    ``capacity = parallel_groups * hours_per_week * shift_factor`` group-hours a week; ``share`` is
    ``used / capacity`` (NaN for a resource that offers nothing).
    """

    resource: str
    host: str
    kind: str
    seats: int | None
    parallel_groups: int
    hours_per_week: float | None
    shifts: int | None
    shift_factor: float
    capacity: float
    used: float

    @property
    def share(self) -> float:
        """``used / capacity``; NaN when the capacity is zero."""
        return self.used / self.capacity if self.capacity > 0 else math.nan


@dataclass(frozen=True)
class SharingKpis:
    """Indicators of a sharing plan; amounts in group-hours a week.

    ``share_priority_served`` is NaN when there is no ШНОР/ШНСУ demand; ``mean_minutes`` (weighted
    by groups) and ``max_minutes`` cover in-person flows and are NaN without them.
    """

    demand: float
    served: float
    share_served: float
    priority_demand: float
    priority_served: float
    share_priority_served: float
    mean_minutes: float
    max_minutes: float
    remote_group_hours: float
    flows: int
    resources_used: int
    unmet_demands: int

    def as_dict(self) -> dict[str, Any]:
        """The figures as a flat dict."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_TEXT = {
    "served": ("обеспечено", "served"),
    "partly": ("обеспечено частично", "partly served"),
    "unmet": ("не обеспечено", "unmet"),
    "in_person": ("очно", "in person"),
    "remote": ("дистанционно", "remote"),
}


@dataclass(frozen=True, eq=False)
class Sharing:
    """A resource-sharing plan: flows, utilisation, unmet demand with reasons, and indicators.

    Attributes
    ----------
    flows : tuple of Flow
        In demand order, then resource order.
    unmet : tuple of Unmet
        Every demand served less than in full, in demand order.
    utilisation : tuple of Utilisation
        Every resource of the registry, in registry order.
    demand : tuple of Demand
        The demand planned for (the default demand when none was given).
    kpis : SharingKpis
    status : {"optimal", "time_limit"}
        ``"time_limit"`` only with ``split=False`` when the MILP ran out of time.
    gap : float
        Proven relative gap of the level that was being optimised when time ran out
        (``|value - bound| / max(1, |value|)``); 0 when optimal, ``inf`` when nothing was proven.
    split : bool
        Whether a demand could be split between hosts.
    objective : float
        Travel of groups, minutes a week (one trip per group; remote groups at the penalty).
    constraints : SharingConstraints
    notes : tuple of str
        What the plan assumed (resources without seats or hours, schools without pupils, ...).
    """

    flows: tuple[Flow, ...]
    unmet: tuple[Unmet, ...]
    utilisation: tuple[Utilisation, ...]
    demand: tuple[Demand, ...]
    kpis: SharingKpis
    status: str
    gap: float
    split: bool
    objective: float
    constraints: SharingConstraints
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        k = self.kpis
        return (f"Sharing(status={self.status!r}, flows={len(self.flows)}, unmet={len(self.unmet)}, "
                f"served={k.served:g} of {k.demand:g} group-hours)")

    def __len__(self) -> int:
        return len(self.flows)

    def flows_of(self, school: str) -> tuple[Flow, ...]:
        """The flows serving one school."""
        return tuple(f for f in self.flows if f.school == school)

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per flow and one per unmet demand.

        Columns: ``school``, ``profile``, ``resource``, ``host`` (empty when unmet),
        ``groups``, ``group_hours``, ``minutes``, ``km``, ``mode``, ``priority``, ``status``
        and ``reason`` (for unmet demand, why), texts in Russian (``"ru"``) or English. For demand
        with nothing in reach, ``minutes`` and ``km`` are the trip to the nearest suitable resource.

        >>> from netmatch.datasets import load_demo
        >>> frame = share_resources(load_demo()).to_frame()
        >>> list(frame.columns)[:4], sorted(set(frame["status"]))
        (['school', 'profile', 'resource', 'host'], ['не обеспечено', 'обеспечено'])
        """
        import pandas as pd

        i = 0 if lang == "ru" else 1
        rows: list[dict[str, Any]] = []
        for f in self.flows:
            mode = _TEXT["remote" if f.remote else "in_person"][i]
            trip = f"{f.minutes:.0f} {('мин', 'min')[i]}"
            if not math.isnan(f.km):
                trip += f", {f.km:.0f} {('км', 'km')[i]}"
            rows.append({"school": f.school, "profile": f.profile, "resource": f.resource, "host": f.host,
                         "groups": f.groups, "group_hours": f.group_hours, "minutes": f.minutes, "km": f.km,
                         "mode": mode, "priority": f.priority, "status": _TEXT["served"][i],
                         "reason": f"{mode}; {trip}"})
        hours = {(d.school, d.profile): d.hours for d in self.demand}
        for u in self.unmet:
            h = hours.get((u.school, u.profile), math.nan)
            rows.append({"school": u.school, "profile": u.profile, "resource": "", "host": "",
                         "groups": u.group_hours / h if h else math.nan, "group_hours": u.group_hours,
                         "minutes": math.nan if u.nearest_minutes is None else u.nearest_minutes,
                         "km": math.nan if u.nearest_km is None else u.nearest_km, "mode": "",
                         "priority": u.priority,
                         "status": _TEXT["unmet"][i], "reason": u.reason(lang)})
        columns = ["school", "profile", "resource", "host", "groups", "group_hours", "minutes", "km", "mode",
                   "priority", "status", "reason"]
        return pd.DataFrame(rows, columns=columns)

    def utilisation_frame(self) -> pd.DataFrame:
        """One row per resource: the fields of :class:`Utilisation` and ``share`` (used / capacity).

        >>> from netmatch.datasets import load_demo
        >>> u = share_resources(load_demo()).utilisation_frame()
        >>> u.loc[u.resource == "TR-S05", ["capacity", "used", "share"]].to_numpy().tolist()
        [[10.0, 10.0, 1.0]]
        """
        import pandas as pd

        frame = pd.DataFrame(self.utilisation, columns=list(Utilisation._fields))
        frame["share"] = [u.share for u in self.utilisation]
        return frame


# --------------------------------------------------------------------------------------------
# the registry as arrays


@dataclass(frozen=True, eq=False)
class _Supply:
    """Resources as arrays (registry order)."""

    ids: tuple[str, ...]
    host: np.ndarray  # school row of the host
    kind: np.ndarray  # object array of kind codes
    remote: np.ndarray
    parallel: np.ndarray  # groups at once
    factor: np.ndarray  # shift factor of the host
    capacity: np.ndarray  # group-hours a week
    subjects: tuple[frozenset[str], ...]  # normalised profiles


def _supply(registry: Registry, cons: SharingConstraints) -> _Supply:
    res = registry.resources
    index = registry.index
    host = np.array([index[r.host] for r in res], dtype=np.int64)
    shifts = np.array([registry.schools[h].shifts or 1 for h in host.tolist()], dtype=np.int64)
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


@functools.lru_cache(maxsize=4096)
def _subjects(profiles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_norm(p) for p in profiles)


@functools.lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    return norm(text)  # registries repeat a handful of subject names many times


@functools.lru_cache(maxsize=4096)
def _profile_key(profile: str) -> tuple[str, str]:
    """``("kind", code)`` for a resource kind (any spelling), else ``("subject", normalised name)``."""
    kind = ResourceKind.parse(profile)
    if isinstance(kind, ResourceKind):
        return ("kind", kind.value)
    return ("subject", _norm(profile))


def _offers(keys: Sequence[tuple[str, str]], supply: _Supply) -> list[np.ndarray]:
    """For each profile key, the resources that offer it (indices, registry order)."""
    by_subject: dict[str, list[int]] = {}
    for r, subjects in enumerate(supply.subjects):
        for s in subjects:
            by_subject.setdefault(s, []).append(r)
    growth = np.isin(supply.kind, np.array([k.value for k in _GROWTH], dtype=object))
    out = []
    for kind, value in keys:
        if kind == "subject":
            out.append(np.array(by_subject.get(value, []), dtype=np.int64))
        elif value == ResourceKind.GROWTH_POINT.value:
            out.append(np.flatnonzero(growth))
        else:
            out.append(np.flatnonzero(supply.kind == value))
    return out


# --------------------------------------------------------------------------------------------
# demand


def _phases_of(registry: Registry) -> np.ndarray:
    """Grades 5–11 taught and grades taught, per school: an (n, 2) array."""
    out = np.zeros((len(registry), 2), dtype=np.int64)
    for i, s in enumerate(registry.schools):
        phases = s.phases or (_KIND_PHASES.get(s.kind, tuple(Phase)) if s.kind is not None else tuple(Phase))
        out[i, 0] = sum(GRADES[p] for p in phases if p is not Phase.PRIMARY)
        out[i, 1] = sum(GRADES[p] for p in phases)
    return out


def _subject_z(ident: Identification, subject: str) -> np.ndarray:
    """Mean z-score of each school over the procedures of one (normalised) subject; NaN without results."""
    cols = [k for k, (_, s) in enumerate(ident.profile.keys) if norm(s) == subject]
    n = len(ident.ids)
    if not cols:
        return np.full(n, np.nan)
    z = ident.profile.z[:, cols]
    have = ~np.isnan(z)
    count = have.sum(axis=1)
    total = np.where(have, z, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _default_demand(registry: Registry, cons: SharingConstraints, ident: Identification,
                    supply: _Supply | None = None) -> tuple[tuple[Demand, ...], int]:
    """The default demand, and how many schools teaching grades 5–11 were left out for lack of pupil numbers."""
    n = len(registry)
    grades = _phases_of(registry)
    students = np.array([np.nan if s.students is None else s.students for s in registry.schools], dtype=float)
    upper = grades[:, 0] > 0
    share = np.where(grades[:, 1] > 0, grades[:, 0] / np.maximum(grades[:, 1], 1), 0.0)
    pupils = np.nan_to_num(students) * share
    groups = np.where(pupils > 0, np.ceil(pupils / cons.group_size - 1e-9), 0).astype(np.int64)
    no_students = int((upper & np.isnan(students)).sum())

    families = [tuple(norm(s) for s in fam) for fam in cons.demand_subjects]
    own = np.zeros((n, len(families)), dtype=bool)
    supply = _supply(registry, cons) if supply is None else supply
    for h, offered in zip(supply.host.tolist(), supply.subjects, strict=True):
        for f, fam in enumerate(families):
            if offered.intersection(fam):
                own[h, f] = True
    prio = ident.needs_partner.astype(bool) if n else np.zeros(0, bool)

    school_l: list[np.ndarray] = []
    family_l: list[np.ndarray] = []
    rank_l: list[np.ndarray] = []
    pick_l: list[np.ndarray] = []
    for f, fam in enumerate(families):
        z = np.column_stack([_subject_z(ident, s) for s in fam]) if n else np.zeros((0, len(fam)))
        order = np.argsort(np.where(np.isnan(z), np.inf, z), axis=1, kind="stable")  # ties: family order
        take = min(cons.weak_subjects, len(fam))
        needs = np.flatnonzero((groups > 0) & ~own[:, f])
        for k in range(take):
            school_l.append(needs)
            family_l.append(np.full(len(needs), f))
            rank_l.append(np.full(len(needs), k))
            pick_l.append(order[needs, k])
    school = np.concatenate(school_l) if school_l else np.zeros(0, np.int64)
    family = np.concatenate(family_l) if family_l else np.zeros(0, np.int64)
    rank = np.concatenate(rank_l) if rank_l else np.zeros(0, np.int64)
    pick = np.concatenate(pick_l) if pick_l else np.zeros(0, np.int64)
    # ШНОР/ШНСУ first, then registry order, then family, then weakest subject first
    order = np.lexsort((rank, family, school, ~prio[school]))
    ids = registry.ids
    hours = float(cons.hours_per_group)
    records = tuple(
        Demand(ids[s], cons.demand_subjects[f][j], int(groups[s]), hours, bool(prio[s]))
        for s, f, j in zip(school[order].tolist(), family[order].tolist(), pick[order].tolist(), strict=True))
    return records, no_students


def default_demand(registry: Registry, constraints: SharingConstraints | Mapping[str, Any] | None = None, *,
                   identification: Identification | None = None) -> tuple[Demand, ...]:
    """The demand :func:`share_resources` plans for when it is given none.

    Every school that teaches grades 5–11 and hosts no resource offering any subject of a
    family in ``constraints.demand_subjects`` (by default физика/химия/биология — a natural-science
    lab — and информатика) asks, for each such family, for its ``weak_subjects`` weakest subjects
    (lowest mean z-score over the procedures in the identification; subjects without results
    come after those with results, in the family's order): ``ceil(students · g₅₋₁₁ / g /
    group_size)`` groups of ``hours_per_group`` hours a week, where ``g₅₋₁₁`` of the ``g`` grades
    the school teaches (НОО 4, ООО 5, СОО 2; from the school type when the phases are not given)
    are grades 5–11. Schools without a pupil count ask for nothing. ШНОР/ШНСУ come first and are
    marked ``priority``; then registry order.

    Parameters
    ----------
    registry : Registry
    constraints : SharingConstraints or dict, optional
    identification : Identification, optional
        Statuses and subject profiles; computed with default rules when omitted.

    Returns
    -------
    tuple of Demand

    Examples
    --------
    >>> from netmatch.datasets import load_demo
    >>> demand = default_demand(load_demo())
    >>> demand[0]
    Demand(school='S08', profile='химия', groups=10, hours=2.0, priority=True)
    >>> sum(d.priority for d in demand), len(demand)
    (10, 30)
    """
    cons = coerce(SharingConstraints, constraints, "default_demand")
    ident = _identification(registry, identification)
    return _default_demand(registry, cons, ident)[0]


def _identification(registry: Registry, identification: Identification | None) -> Identification:
    ident = identification if identification is not None else identify(registry)
    if ident.ids != registry.ids:
        raise InvalidInputError(["The identification belongs to another registry (its school ids differ); "
                                 "run identify() on this registry."])
    return ident


_DEMAND_COLUMNS = ("school", "profile", "groups", "hours", "priority")
_DEMAND_EXPECTED = ("The 'demand' parameter of share_resources must be a DataFrame, a mapping of columns or a list "
                    "of records with 'school', 'profile', 'groups', 'hours' (and optionally 'priority')")


def _demand_columns(demand: Any) -> dict[str, list[Any]]:
    if hasattr(demand, "columns") and hasattr(demand, "to_dict"):  # a DataFrame
        return {str(c): list(demand[c]) for c in demand.columns}
    if isinstance(demand, Mapping):
        cols: dict[str, list[Any]] = {}
        for k, v in demand.items():
            if isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
                raise InvalidInputError([f"{_DEMAND_EXPECTED}. Got a mapping whose {k!r} is {v!r}, not a column."])
            cols[str(k)] = list(v)
        return cols
    if isinstance(demand, Iterable) and not isinstance(demand, (str, bytes)):
        records = list(demand)
        names: dict[str, None] = {}
        rows: list[Mapping[str, Any]] = []
        for k, rec in enumerate(records):
            if hasattr(rec, "_asdict"):
                rec = rec._asdict()
            if not isinstance(rec, Mapping):
                raise InvalidInputError([f"{_DEMAND_EXPECTED}. Got {rec!r} as record {k}."])
            rows.append(rec)
            names.update(dict.fromkeys(str(c) for c in rec))
        if not rows:
            return {c: [] for c in _DEMAND_COLUMNS[:4]}
        return {c: [r.get(c) for r in rows] for c in names}
    raise InvalidInputError([f"{_DEMAND_EXPECTED}. Got {type(demand).__name__} instead."])


def _text(value: object) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_demand(registry: Registry, demand: Any) -> list[tuple[str, str, int, float, bool | None]]:
    """Validate a user's demand; every problem at once."""
    cols = _demand_columns(demand)
    problems: list[Problem] = []
    for c in cols:
        if c not in _DEMAND_COLUMNS:
            problems.append(Problem("demand", f"a column among {list(_DEMAND_COLUMNS)}", column=c))
    for c in _DEMAND_COLUMNS[:4]:
        if c not in cols:
            problems.append(Problem("demand", "this required column", column=c))
    if problems:
        raise InvalidInputError(problems)
    n = len(cols["school"])
    if any(len(v) != n for v in cols.values()):
        raise InvalidInputError(["All demand columns must have the same length."])
    out: list[tuple[str, str, int, float, bool | None]] = []
    seen: dict[tuple[str, tuple[str, str]], int] = {}
    prio_col = cols.get("priority", [None] * n)
    for i in range(n):
        raw = {c: cols[c][i] for c in cols}
        school = _text(raw["school"])
        here = len(problems)
        if school is None or school not in registry.index:
            problems.append(Problem("demand", "the id of a school in the registry", column="school",
                                    value=raw["school"], index=i))
        profile = _text(raw["profile"])
        if profile is None or not norm(profile):
            problems.append(Problem("demand", "a resource kind or a subject (e.g. 'физика', 'Точка роста')",
                                    column="profile", value=raw["profile"], index=i, school=school))
        groups: Any = None
        try:
            groups = parse_number(raw["groups"], integer=True)
            if groups < 0:
                raise ValueError
        except (ValueError, TypeError):
            problems.append(Problem("demand", "a whole number of groups, 0 or more", column="groups",
                                    value=raw["groups"], index=i, school=school))
        hours: Any = None
        try:
            hours = parse_number(raw["hours"])
            if not 0 < hours <= 168:
                raise ValueError
        except (ValueError, TypeError):
            problems.append(Problem("demand", "hours a week per group, more than 0 and at most 168",
                                    column="hours", value=raw["hours"], index=i, school=school))
        prio: bool | None = None
        if not is_missing(prio_col[i]):
            try:
                prio = parse_bool(prio_col[i])
            except ValueError:
                problems.append(Problem("demand", "yes or no (да/нет, 1/0)", column="priority",
                                        value=prio_col[i], index=i, school=school))
        if len(problems) > here:
            continue
        assert school is not None and profile is not None
        key = (school, _profile_key(profile))
        if key in seen:
            problems.append(Problem("demand", f"one row per school and profile; this repeats item {seen[key]}",
                                    column="profile", value=raw["profile"], index=i, school=school))
            continue
        seen[key] = i
        out.append((school, profile, int(groups), float(hours), prio))
    if problems:
        raise InvalidInputError(problems)
    return out


@dataclass(frozen=True, eq=False)
class _Demands:
    records: tuple[Demand, ...]
    school: np.ndarray
    key: np.ndarray
    keys: tuple[tuple[str, str], ...]
    hours: np.ndarray
    q: np.ndarray
    priority: np.ndarray


def _demands(registry: Registry, records: Sequence[Demand]) -> _Demands:
    index = registry.index
    key_of: dict[tuple[str, str], int] = {}
    key = np.array([key_of.setdefault(_profile_key(d.profile), len(key_of)) for d in records], dtype=np.int64)
    groups = np.array([d.groups for d in records], dtype=float)
    hours = np.array([d.hours for d in records], dtype=float)
    return _Demands(
        records=tuple(records), school=np.array([index[d.school] for d in records], dtype=np.int64), key=key,
        keys=tuple(key_of), hours=hours, q=groups * hours,
        priority=np.array([d.priority for d in records], dtype=bool))


# --------------------------------------------------------------------------------------------
# candidate arcs


@dataclass(frozen=True, eq=False)
class _Arcs:
    """Candidate (demand, resource) arcs, sorted by demand then resource."""

    d: np.ndarray
    r: np.ndarray
    km: np.ndarray
    minutes: np.ndarray
    remote: np.ndarray
    internet_blocked: np.ndarray  # per demand: remote resources beyond reach the internet rules out


def _school_geo(registry: Registry) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    lat = np.array([np.nan if s.latitude is None else s.latitude for s in registry.schools], dtype=float)
    lon = np.array([np.nan if s.longitude is None else s.longitude for s in registry.schools], dtype=float)
    mbps = np.array([np.nan if s.internet_mbps is None else s.internet_mbps for s in registry.schools], dtype=float)
    return lat, lon, ~np.isnan(lat), mbps


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


def _trips(lat: np.ndarray, lon: np.ndarray, a: np.ndarray, b: np.ndarray, n: int,
           table: tuple[np.ndarray, np.ndarray, np.ndarray], cons: SharingConstraints
           ) -> tuple[np.ndarray, np.ndarray]:
    """Road km and minutes from school rows ``a`` to ``b``: the table first, else the estimate (NaN if unknown)."""
    tkey, tkm, tmin = table
    with np.errstate(invalid="ignore"):
        km = great_circle_km(lat[a], lon[a], lat[b], lon[b]) * cons.road_factor
    km = np.asarray(km, dtype=float)
    hit = np.zeros(len(a), bool)
    pos = np.zeros(len(a), np.int64)
    if len(tkey) and len(a):
        key = a * n + b
        pos = np.minimum(np.searchsorted(tkey, key), len(tkey) - 1)
        hit = tkey[pos] == key
        km = np.where(hit & ~np.isnan(tkm[pos]), tkm[pos], km)
    minutes = km / cons.speed_kmh * 60.0
    if hit.any():
        minutes = np.where(hit & ~np.isnan(tmin[pos]), tmin[pos], minutes)
    return km, minutes


def _arcs(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray],
          cons: SharingConstraints, table: tuple[np.ndarray, np.ndarray, np.ndarray]) -> _Arcs:
    from scipy.spatial import cKDTree

    n = len(registry)
    lat, lon, located, mbps = _school_geo(registry)
    xyz = _unit_vectors(lat, lon)
    n_res = len(supply.ids)
    usable = supply.capacity > 0
    reach = cons.reach_km()
    radius = reach / cons.road_factor  # on the great circle: road km = great-circle km * road_factor
    chord = _chord(radius) * (1 + 1e-12) if math.isfinite(radius) else math.inf
    parts_d: list[np.ndarray] = []
    parts_r: list[np.ndarray] = []
    active = dem.q > 0
    for k, offered in enumerate(offers):
        rs = offered[usable[offered] & located[supply.host[offered]]]
        ds = np.flatnonzero((dem.key == k) & active & located[dem.school])
        if not len(rs) or not len(ds):
            continue
        p_d, p_r = xyz[dem.school[ds]], xyz[supply.host[rs]]
        if math.isfinite(chord):
            tree_d, tree_r = cKDTree(p_d), cKDTree(p_r)
            sdm = tree_d.sparse_distance_matrix(tree_r, chord, output_type="ndarray")
            parts_d.append(ds[sdm["i"]])
            parts_r.append(rs[sdm["j"]])
            rem = rs[supply.remote[rs]]
            if cons.remote_candidates and len(rem):
                # the nearest remote resources beyond reach: skip the ones within it (counted above)
                is_rem = supply.remote[rs[sdm["j"]]]
                within = np.bincount(sdm["i"][is_rem], minlength=len(ds))
                tree_m = cKDTree(xyz[supply.host[rem]])
                for w in np.unique(within).tolist():
                    ranks = list(range(w + 1, min(w + cons.remote_candidates, len(rem)) + 1))
                    if not ranks:
                        continue
                    rows = np.flatnonzero(within == w)
                    _, idx = tree_m.query(p_d[rows], k=ranks)
                    idx = np.asarray(idx).reshape(len(rows), len(ranks))
                    ok = idx < len(rem)
                    parts_d.append(np.repeat(ds[rows], len(ranks))[ok.ravel()])
                    parts_r.append(rem[idx[ok]])
        else:  # no travel limit: every pair (only sensible for small registries)
            parts_d.append(np.repeat(ds, len(rs)))
            parts_r.append(np.tile(rs, len(ds)))
    tkey = table[0]
    if len(tkey) and len(dem.q):
        # every table pair between a demanding school and a host is a candidate too
        ta, tb = tkey // n, tkey % n
        d_order, d_start, d_count = _groups_of(dem.school, n)
        r_order, r_start, r_count = _groups_of(supply.host, n)
        td, tr = _cross(d_order, d_start[ta], d_count[ta], r_order, r_start[tb], r_count[tb])
        if len(td):
            offer_key = np.unique(np.concatenate([np.full(len(o), k, np.int64) * n_res + o
                                                  for k, o in enumerate(offers)] or [np.zeros(0, np.int64)]))
            ok = np.isin(dem.key[td] * n_res + tr, offer_key) & usable[tr] & active[td]
            parts_d.append(td[ok])
            parts_r.append(tr[ok])
    if parts_d:
        key = np.unique(np.concatenate(parts_d) * n_res + np.concatenate(parts_r))  # sorted: deterministic
    else:
        key = np.zeros(0, np.int64)
    d, r = key // max(n_res, 1), key % max(n_res, 1)
    s, h = dem.school[d], supply.host[r]
    not_self = s != h
    d, r, s, h = d[not_self], r[not_self], s[not_self], h[not_self]
    km, minutes = _trips(lat, lon, s, h, n, table, cons)
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
        internet = ~(mbps[s] < cons.min_remote_mbps) & ~(mbps[h] < cons.min_remote_mbps)
    blocked = np.bincount(d[far_ok & ~internet], minlength=len(dem.q))
    keep = in_reach | (far_ok & internet)
    return _Arcs(d=d[keep], r=r[keep], km=km[keep], minutes=minutes[keep], remote=~in_reach[keep],
                 internet_blocked=blocked)


# --------------------------------------------------------------------------------------------
# solvers


def _matrix(arc_d: np.ndarray, arc_r: np.ndarray) -> tuple[Any, np.ndarray, np.ndarray]:
    """The transportation constraint matrix over the demands and resources the arcs touch."""
    import scipy.sparse as sp

    ud, di = np.unique(arc_d, return_inverse=True)
    ur, ri = np.unique(arc_r, return_inverse=True)
    m = len(arc_d)
    cols = np.arange(m)
    a = sp.csc_array((np.ones(2 * m), (np.r_[di, len(ud) + ri], np.r_[cols, cols])),
                     shape=(len(ud) + len(ur), m))
    return a, ud, ur


def _lp(arc_d: np.ndarray, arc_r: np.ndarray, q: np.ndarray, cap: np.ndarray, weight: np.ndarray,
        cost: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Lexicographic LP: max weighted served, then min cost on the optimal face."""
    from scipy.optimize import linprog

    m = len(arc_d)
    notes: list[str] = []
    if m == 0:
        return np.zeros(0), notes
    a, ud, ur = _matrix(arc_d, arc_r)
    b = np.r_[q[ud], cap[ur]]
    first = linprog(-weight, A_ub=a, b_ub=b, bounds=(0, None), method="highs-ds")
    if first.status != 0:  # pragma: no cover - bounded and feasible (x = 0) by construction
        raise NetmatchError(f"HiGHS failed on the sharing LP: {first.message}")
    best = -float(first.fun)
    y = np.asarray(first.ineqlin.marginals, dtype=float)  # <= 0 for a minimisation with <= rows
    reduced = -weight - a.T @ y
    keep = reduced <= _DUAL_TOL
    tight = y < -_DUAL_TOL
    x = np.zeros(m)
    if keep.any():
        sub = a[:, keep]
        sub_ub, sub_eq = sub[~tight, :], sub[tight, :]
        second = linprog(cost[keep], A_ub=sub_ub if sub_ub.shape[0] else None,
                         b_ub=b[~tight] if sub_ub.shape[0] else None, A_eq=sub_eq if sub_eq.shape[0] else None,
                         b_eq=b[tight] if sub_eq.shape[0] else None, bounds=(0, None), method="highs-ds")
        if second.status == 0:
            x[keep] = second.x
    if float(weight @ x) >= best - float(_slack(best)):
        return x, notes
    # numerically doubtful face: hold the weighted served amount with one dense row instead
    import scipy.sparse as sp

    rows = sp.vstack([a, sp.csc_array(-weight.reshape(1, -1))], format="csc")
    third = linprog(cost, A_ub=rows, b_ub=np.r_[b, -(best - _LEVEL_TOL * max(1.0, best))], bounds=(0, None),
                    method="highs-ds")
    if third.status == 0:
        return np.asarray(third.x, dtype=float), notes
    notes.append(f"travel time was not minimised (HiGHS: {third.message}); the served demand is optimal")
    return np.asarray(first.x, dtype=float), notes


@dataclass(frozen=True)
class _MilpOutcome:
    x: np.ndarray
    status: str
    gap: float
    notes: tuple[str, ...]


def _milp(arc_d: np.ndarray, arc_r: np.ndarray, arc_host: np.ndarray, q: np.ndarray, cap: np.ndarray,
          prio: np.ndarray, cost: np.ndarray, *, priority: bool, time_limit: float,
          mip_rel_gap: float) -> _MilpOutcome:
    """Lexicographic MILP: no demand split between hosts; three levels in turn under one time limit."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = len(arc_d)
    if m == 0:
        return _MilpOutcome(np.zeros(0), "optimal", 0.0, ())
    start = time.perf_counter()
    a, ud, ur = _matrix(arc_d, arc_r)
    b = np.r_[q[ud], cap[ur]]
    # one binary per (demand, host) for the demands that have two or more hosts
    pair = arc_d * (int(arc_host.max()) + 1) + arc_host
    upair, pair_of = np.unique(pair, return_inverse=True)
    pair_d = upair // (int(arc_host.max()) + 1)
    hosts = np.bincount(pair_d, minlength=len(q))
    multi_pair = hosts[pair_d] >= 2
    y_of_pair = np.cumsum(multi_pair) - 1
    n_y = int(multi_pair.sum())
    arcs_y = np.flatnonzero(multi_pair[pair_of])
    n_var = m + n_y
    blocks = [sp.hstack([a, sp.csc_array((a.shape[0], n_y))], format="csc")]
    lower = [np.full(a.shape[0], -np.inf)]
    upper = [b]
    if n_y:
        k = len(arcs_y)
        link = sp.csc_array((np.r_[np.ones(k), -q[arc_d[arcs_y]]],
                             (np.r_[np.arange(k), np.arange(k)], np.r_[arcs_y, m + y_of_pair[pair_of[arcs_y]]])),
                            shape=(k, n_var))
        yd = pair_d[multi_pair]
        ud_y, row_y = np.unique(yd, return_inverse=True)
        one = sp.csc_array((np.ones(n_y), (row_y, m + np.arange(n_y))), shape=(len(ud_y), n_var))
        blocks += [link, one]
        lower += [np.full(k, -np.inf), np.full(len(ud_y), -np.inf)]
        upper += [np.zeros(k), np.ones(len(ud_y))]
    base = LinearConstraint(sp.vstack(blocks, format="csc"), np.concatenate(lower), np.concatenate(upper))
    integrality = np.r_[np.zeros(m), np.ones(n_y)]
    bounds = Bounds(np.zeros(n_var), np.r_[q[arc_d], np.ones(n_y)])

    levels: list[tuple[str, np.ndarray]] = []
    if priority and prio.any() and not prio.all():
        levels.append(("served ШНОР/ШНСУ demand", -prio.astype(float)))
    levels += [("served demand", -np.ones(m)), ("travel", cost.astype(float))]
    extra: list[LinearConstraint] = []
    x = np.zeros(m)
    gap = 0.0
    for name, c in levels:
        left = time_limit - (time.perf_counter() - start)
        res = milp(np.r_[c, np.zeros(n_y)], integrality=integrality, bounds=bounds, constraints=[base, *extra],
                   options={"time_limit": max(left, 1e-3), "mip_rel_gap": mip_rel_gap, "presolve": True,
                            "disp": False})
        if res.status not in (0, 1):  # pragma: no cover - the plan of the previous level is feasible
            raise NetmatchError(f"HiGHS failed on the sharing MILP ({name}): {res.message}")
        if res.x is not None:
            x = np.asarray(res.x[:m], dtype=float)
        # the plan kept satisfies every level so far: its value on this level against the proven bound
        value = float(c @ x)
        raw = getattr(res, "mip_dual_bound", None)
        if raw is None:  # no integer variables: HiGHS solved an LP
            raw = res.fun if res.status == 0 else math.nan
        bound = float(raw)
        level_gap = abs(value - bound) / max(1.0, abs(value)) if math.isfinite(bound) else math.inf
        if res.status == 1:
            found = "the best plan found" if res.x is not None else "the plan of the previous level"
            return _MilpOutcome(x, "time_limit", level_gap if gap == 0 else gap, (
                f"time_limit={time_limit:g} s ran out while optimising {name}: {found} is kept, with a proven "
                f"relative gap of {level_gap:.3g} on that level; later levels were not optimised",))
        if mip_rel_gap > 0 and gap == 0 and level_gap > 1e-6:
            gap = level_gap  # stopped within mip_rel_gap: the first level not proven exactly
        # hold this level's value for the next ones (a looser hold would be traded for travel)
        extra.append(LinearConstraint(sp.csc_array(np.r_[c, np.zeros(n_y)].reshape(1, -1)), -np.inf,
                                      value + _LEVEL_TOL * max(1.0, abs(value))))
    return _MilpOutcome(x, "optimal", gap, ())


# --------------------------------------------------------------------------------------------
# the plan


def share_resources(
    registry: Registry,
    demand: Any = None,
    constraints: SharingConstraints | Mapping[str, Any] | None = None,
    *,
    identification: Identification | None = None,
    distances: Any = None,
    split: bool = True,
    time_limit: float = 60.0,
    mip_rel_gap: float = 0.0,
) -> Sharing:
    """Plan who uses which shared resource: most ШНОР/ШНСУ demand, then most demand, then least travel.

    Parameters
    ----------
    registry : Registry
    demand : DataFrame, mapping of columns or list of records, optional
        Columns ``school``, ``profile`` (a resource kind in any spelling, e.g. ``"Точка роста"``,
        ``"laboratory"``, or a subject matched against ``Resource.profiles`` — or :data:`KIND_SUBJECTS`
        for a resource that lists none —, e.g. ``"физика"``),
        ``groups`` (whole groups of up to ``group_size`` pupils), ``hours`` (a week, per group) and
        optionally ``priority`` (ШНОР/ШНСУ; from the identification when absent). One row per school
        and profile. By default :func:`default_demand`.
    constraints : SharingConstraints or dict, optional
        Travel limit (30 minutes one way by default), speed and road factor, group size, shift
        factors, remote sharing, priority and the default demand's rules.
    identification : Identification, optional
        Statuses and subject profiles; computed with default rules when needed and omitted.
    distances : DataFrame or mapping, optional
        Road distances and times, long form with columns ``from``, ``to``, ``km``, ``minutes``
        (either may be missing); used instead of the estimate where given, both ways.
    split : bool
        Whether a demand may be split between hosts (default). ``False`` solves a MILP.
    time_limit : float
        Seconds for the MILP (``split=False``); on time-out the best plan found is returned with
        ``status="time_limit"`` and its proven ``gap``. The LP has no time limit.
    mip_rel_gap : float
        Relative gap at which the MILP may stop (0: proven optimal).

    Returns
    -------
    Sharing

    Raises
    ------
    InvalidInputError
        A bad demand row (every problem at once), parameter or distance table.

    Notes
    -----
    The model is in the module docstring. A resource's ``hours_per_week`` are the hours it is free
    for partner schools; a resource without seats or hours offers nothing (listed in ``notes``); a
    host of unknown shifts counts as one shift.

    Examples
    --------
    >>> import netmatch as nm
    >>> reg = nm.Registry(
    ...     schools=[nm.School(id="A", name="Школа А", latitude=53.0, longitude=92.0, shifts=2),
    ...              nm.School(id="B", name="Школа Б", latitude=53.1, longitude=92.0),
    ...              nm.School(id="C", name="Школа В", latitude=54.0, longitude=92.0)],
    ...     resources=[nm.Resource(id="TR", host="A", kind="Точка роста", seats=15, hours_per_week=12,
    ...                            profiles="физика; химия")])
    >>> plan = share_resources(reg, [{"school": "B", "profile": "физика", "groups": 4, "hours": 2},
    ...                              {"school": "C", "profile": "химия", "groups": 1, "hours": 2}])
    >>> [(f.school, f.resource, f.group_hours, round(f.minutes)) for f in plan.flows]
    [('B', 'TR', 6.0, 17)]
    >>> [(u.school, u.group_hours, u.code) for u in plan.unmet]
    [('B', 2.0, 'full'), ('C', 2.0, 'out_of_reach')]
    >>> print(plan.unmet[1].reason("en"))
    nothing within reach (30 min) offers 'химия'; the nearest is TR at A, 173 min, 145 km
    >>> check_sharing(reg, plan)
    []
    """
    func = "share_resources"
    cons = coerce(SharingConstraints, constraints, func)
    opts = coerce(_SolveOptions, {"time_limit": time_limit, "mip_rel_gap": mip_rel_gap}, func)
    if not isinstance(split, (bool, np.bool_)):
        raise InvalidInputError([f"The 'split' parameter of {func} must be True or False. Got {split!r} instead."])
    table = _table(registry, distances, func)
    notes: list[str] = []
    supply = _supply(registry, cons)
    if demand is None:
        records, no_students = _default_demand(registry, cons, _identification(registry, identification), supply)
        if no_students:
            notes.append(f"{no_students} schools teaching grades 5–11 have no pupil count and ask for nothing in "
                         "the default demand")
    else:
        rows = _parse_demand(registry, demand)
        prio_of: np.ndarray | None = None
        if any(p is None for *_, p in rows):
            prio_of = _identification(registry, identification).needs_partner.astype(bool)
        index = registry.index
        records = tuple(Demand(s, p, g, h, bool(prio_of[index[s]]) if pr is None and prio_of is not None
                               else bool(pr)) for s, p, g, h, pr in rows)
    unknown = [rid for rid, r in zip(supply.ids, registry.resources, strict=True)
               if r.seats is None or r.hours_per_week is None]
    if unknown:
        notes.append(f"{len(unknown)} resources have no seats or free hours given and offer nothing: "
                     + ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else ""))
    dem = _demands(registry, records)
    offers = _offers(dem.keys, supply)
    arcs = _arcs(registry, dem, supply, offers, cons, table)
    cost = np.where(arcs.remote, cons.remote_penalty_minutes, arcs.minutes) / dem.hours[arcs.d]
    prio_arc = dem.priority[arcs.d] & cons.priority
    status, gap = "optimal", 0.0
    if bool(split):
        x, more = _lp(arcs.d, arcs.r, dem.q, supply.capacity, 1.0 + 2.0 * prio_arc, cost)
    else:
        out = _milp(arcs.d, arcs.r, supply.host[arcs.r], dem.q, supply.capacity, prio_arc, cost,
                    priority=cons.priority, time_limit=opts.time_limit, mip_rel_gap=opts.mip_rel_gap)
        x, more, status, gap = out.x, list(out.notes), out.status, out.gap
    notes += more
    x = _clean(x, dem.q, supply.capacity)
    return _sharing(registry, dem, supply, offers, arcs, x, cost, cons, table, status=status, gap=gap,
                    split=bool(split), notes=notes)


def _table(registry: Registry, distances: Any, func: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if distances is not None and not (isinstance(distances, Mapping) or
                                      (hasattr(distances, "columns") and hasattr(distances, "to_dict"))):
        raise InvalidInputError([f"The 'distances' parameter of {func} must be a DataFrame or a mapping of columns "
                                 f"'from', 'to', 'km', 'minutes'. Got {type(distances).__name__} instead."])
    return _distance_table(distances, registry.index, len(registry))


def _clean(x: np.ndarray, q: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Drop solver noise; whole group-hours when the data are whole (the LP's vertices are then integral)."""
    x = np.where(x < _FLOW_TOL, 0.0, x)
    whole = np.all(q == np.round(q)) and np.all(cap == np.round(cap))
    if whole and len(x) and np.max(np.abs(x - np.round(x))) < 1e-6:
        x = np.round(x)
    return x


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
             cons: SharingConstraints, table: tuple[np.ndarray, np.ndarray, np.ndarray]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For demand ``rows``: the nearest resource offering the profile (-1 if none), and the trip to it."""
    from scipy.spatial import cKDTree

    lat, lon, located, _ = _school_geo(registry)
    xyz = _unit_vectors(lat, lon)
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
        km[has], minutes[has] = _trips(lat, lon, dem.school[rows[has]], supply.host[best[has]], len(registry),
                                       table, cons)
    return best, km, minutes


def _sharing(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray], arcs: _Arcs,
             x: np.ndarray, cost: np.ndarray, cons: SharingConstraints,
             table: tuple[np.ndarray, np.ndarray, np.ndarray], *, status: str, gap: float, split: bool,
             notes: list[str]) -> Sharing:
    ids, rids = registry.ids, supply.ids
    n_d, n_r = len(dem.q), len(rids)
    used = np.bincount(arcs.r, weights=x, minlength=n_r) if len(x) else np.zeros(n_r)
    served = np.bincount(arcs.d, weights=x, minlength=n_d) if len(x) else np.zeros(n_d)
    pos = x > 0
    fd, fr = arcs.d[pos], arcs.r[pos]
    groups = x[pos] / dem.hours[fd]
    flows = tuple(
        Flow(ids[s], dem.records[d].profile, rids[r], ids[h], gh, g, mi, km, rem, pr)
        for d, s, r, h, gh, g, mi, km, rem, pr in zip(
            fd.tolist(), dem.school[fd].tolist(), fr.tolist(), supply.host[fr].tolist(), x[pos].tolist(),
            groups.tolist(), arcs.minutes[pos].tolist(), arcs.km[pos].tolist(), arcs.remote[pos].tolist(),
            dem.priority[fd].tolist(), strict=True))
    shifts = [registry.schools[h].shifts for h in supply.host.tolist()]
    utilisation = tuple(
        Utilisation(rid, ids[h], kind, res.seats, par, res.hours_per_week, sh, f, cap, u)
        for rid, h, kind, res, par, sh, f, cap, u in zip(
            rids, supply.host.tolist(), supply.kind.tolist(), registry.resources, supply.parallel.tolist(), shifts,
            supply.factor.tolist(), supply.capacity.tolist(), used.tolist(), strict=True))

    missing = dem.q - served
    short = np.flatnonzero(missing > _slack(dem.q))
    unmet = _unmet(registry, dem, supply, offers, arcs, used, missing, short, cons, table, split=split,
                   status=status)

    in_person = pos & ~arcs.remote
    g_in = x[in_person] / dem.hours[arcs.d[in_person]]
    total, got = float(dem.q.sum()), float(served.sum())
    p_total, p_got = float(dem.q[dem.priority].sum()), float(served[dem.priority].sum())
    kpis = SharingKpis(
        demand=total, served=got, share_served=got / total if total > 0 else math.nan,
        priority_demand=p_total, priority_served=p_got,
        share_priority_served=p_got / p_total if p_total > 0 else math.nan,
        mean_minutes=float(g_in @ arcs.minutes[in_person] / g_in.sum()) if g_in.sum() > 0 else math.nan,
        max_minutes=float(arcs.minutes[in_person].max()) if in_person.any() else math.nan,
        remote_group_hours=float(x[pos & arcs.remote].sum()),
        flows=len(flows), resources_used=int((used > 0).sum()), unmet_demands=len(unmet))
    return Sharing(flows=flows, unmet=unmet, utilisation=utilisation, demand=dem.records, kpis=kpis, status=status,
                   gap=gap, split=split, objective=float(cost @ x) if len(x) else 0.0, constraints=cons,
                   notes=tuple(notes))


def _unmet(registry: Registry, dem: _Demands, supply: _Supply, offers: list[np.ndarray], arcs: _Arcs,
           used: np.ndarray, missing: np.ndarray, short: np.ndarray, cons: SharingConstraints,
           table: tuple[np.ndarray, np.ndarray, np.ndarray], *, split: bool, status: str) -> tuple[Unmet, ...]:
    """Why each short demand is short, in Russian and English."""
    ids, rids = registry.ids, supply.ids
    _, _, located, mbps = _school_geo(registry)
    start = np.searchsorted(arcs.d, np.arange(len(dem.q) + 1))
    n_arcs = start[1:] - start[:-1]
    in_table = np.zeros(len(registry), bool)
    if len(table[0]):
        in_table[table[0] // len(registry)] = True
    offering = np.array([bool((supply.capacity[o] > 0).any()) for o in offers], dtype=bool)
    no_arcs = short[n_arcs[short] == 0]
    reachable = no_arcs[offering[dem.key[no_arcs]] & located[dem.school[no_arcs]]]
    near, near_km, near_min = _nearest(registry, dem, supply, offers, reachable, cons, table)
    nearest = {int(d): (int(r), float(k), float(mi))
               for d, r, k, mi in zip(reachable.tolist(), near.tolist(), near_km.tolist(), near_min.tolist(),
                                      strict=True)}
    full = used >= supply.capacity - _slack(supply.capacity)
    host_ids = [ids[h] for h in supply.host.tolist()]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (used / supply.capacity).tolist()
    limit_ru, limit_en = _limit_text(cons)
    out = []
    for d in short.tolist():
        rec = dem.records[d]
        s = int(dem.school[d])
        base: dict[str, Any] = {"school": rec.school, "profile": rec.profile, "group_hours": float(missing[d]),
                                "demand_group_hours": float(dem.q[d]), "priority": rec.priority}
        p = rec.profile
        if not offering[dem.key[d]]:
            out.append(Unmet(**base, code="no_resource",
                             reason_ru=f"ни один ресурс реестра не предлагает «{p}» (со свободными часами и местами "
                                       f"для группы из {cons.group_size})",
                             reason_en=f"no resource of the registry offers '{p}' (with free hours and seats for a "
                                       f"group of {cons.group_size})"))
            continue
        if n_arcs[d] == 0 and not located[s] and not in_table[s]:
            out.append(Unmet(**base, code="no_coordinates",
                             reason_ru="у школы нет координат и строк в таблице расстояний: путь не вычислить",
                             reason_en="the school has no coordinates and no row in the distance table: its trips "
                                       "are unknown"))
            continue
        if n_arcs[d] == 0:
            r, km, mi = nearest.get(d, (-1, math.nan, math.nan))
            if not located[s]:
                far_ru = "по таблице расстояний ничего нет в пределах досягаемости (у школы нет координат)"
                far_en = "the distance table has nothing within reach (the school has no coordinates)"
            elif r >= 0:
                far_ru = f"ближайший — {rids[r]} ({ids[supply.host[r]]}), {mi:.0f} мин, {km:.0f} км"
                far_en = f"the nearest is {rids[r]} at {ids[supply.host[r]]}, {mi:.0f} min, {km:.0f} km"
            else:
                far_ru = "других ресурсов с этим профилем (с координатами) нет"
                far_en = "no other resource offers it (with coordinates)"
            extra_ru = extra_en = ""
            if arcs.internet_blocked[d]:
                speed = "?" if math.isnan(mbps[s]) else f"{mbps[s]:g}"
                extra_ru = (f"; дистанционно нельзя: нужен интернет от {cons.min_remote_mbps:g} Мбит/с "
                            f"(у школы {speed})")
                extra_en = (f"; not remotely: it needs internet of {cons.min_remote_mbps:g} Mbit/s or more "
                            f"(the school has {speed})")
            out.append(Unmet(
                **base, code="out_of_reach", nearest_resource=rids[r] if r >= 0 else None,
                nearest_host=ids[supply.host[r]] if r >= 0 else None,
                nearest_minutes=None if r < 0 else mi, nearest_km=None if r < 0 else km,
                reason_ru=f"в пределах досягаемости ({limit_ru}) нет ресурса с профилем «{p}»; {far_ru}{extra_ru}",
                reason_en=f"nothing within reach ({limit_en}) offers '{p}'; {far_en}{extra_en}"))
            continue
        mine = np.arange(start[d], start[d + 1])
        rs = arcs.r[mine]
        order = np.lexsort((rs, arcs.remote[mine], arcs.minutes[mine]))
        listed = [(host_ids[r], rids[r], share[r]) for r in rs[order].tolist()]
        shown_ru = ", ".join(f"{h} ({rid}: {100 * u:.0f}%)" for h, rid, u in listed[:5])
        more_ru = f" и ещё {len(listed) - 5}" if len(listed) > 5 else ""
        more_en = f" and {len(listed) - 5} more" if len(listed) > 5 else ""
        if full[rs].all():
            out.append(Unmet(**base, code="full", full_hosts=tuple(listed),
                             reason_ru=f"всё в пределах досягаемости занято: {shown_ru}{more_ru}",
                             reason_en=f"everything in reach is full: {shown_ru}{more_en}"))
            continue
        if not split:
            why_ru = "заявка не делится между площадками (split=False)"
            why_en = "a demand is not split between hosts (split=False)"
        else:
            why_ru = why_en = ""
        if status != "optimal":
            why_ru = ", ".join(x for x in (why_ru, "не хватило времени на оптимизацию") if x)
            why_en = ", ".join(x for x in (why_en, "the time limit ran out") if x)
        why_ru = why_ru or "план их не использовал"
        why_en = why_en or "the plan did not use them"
        out.append(Unmet(**base, code="not_chosen", full_hosts=tuple(listed),
                         reason_ru=f"в пределах досягаемости есть свободные часы, но {why_ru}: {shown_ru}{more_ru}",
                         reason_en=f"resources in reach have free hours, but {why_en}: {shown_ru}{more_en}"))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# the checker


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
    >>> from netmatch.datasets import load_demo
    >>> reg = load_demo()
    >>> plan = share_resources(reg)
    >>> check_sharing(reg, plan)
    []
    >>> check_sharing(reg, plan, {"max_minutes": 25})
    ["flow S12 -> TR-S06 at S06 ('информатика'): in person, 28.6 min and 23.8 km one way, beyond the limit (25 min)"]
    """
    func = "check_sharing"
    cons = sharing.constraints if constraints is None else coerce(SharingConstraints, constraints, func)
    table = _table(registry, distances, func)
    supply = _supply(registry, cons)
    problems: list[str] = []
    rindex = {rid: k for k, rid in enumerate(supply.ids)}
    demand: dict[tuple[str, tuple[str, str]], Demand] = {}
    for d in sharing.demand:
        key = (d.school, _profile_key(d.profile))
        if key in demand:
            problems.append(f"demand ({d.school!r}, {d.profile!r}) appears twice")
        if d.school not in registry:
            problems.append(f"demand ({d.school!r}, {d.profile!r}): no such school in the registry")
        demand[key] = d
    served: dict[tuple[str, tuple[str, str]], float] = {}
    hosts: dict[tuple[str, tuple[str, str]], set[str]] = {}
    load = np.zeros(len(supply.ids))
    checked: list[tuple[int, int, int, int]] = []  # flow, school row, host row, resource
    for i, f in enumerate(sharing.flows):
        key = (f.school, _profile_key(f.profile))
        what = f"flow {f.school} -> {f.resource} at {f.host} ({f.profile!r})"
        if not (f.group_hours > 0 and math.isfinite(f.group_hours)):
            problems.append(f"{what}: {f.group_hours} group-hours; expected a positive amount")
            continue
        if key not in demand:
            problems.append(f"{what}: no such demand")
        r = rindex.get(f.resource)
        if r is None or f.school not in registry:
            problems.append(f"{what}: no such {'resource' if r is None else 'school'} in the registry")
            continue
        res = registry.resources[r]
        load[r] += f.group_hours
        served[key] = served.get(key, 0.0) + f.group_hours
        hosts.setdefault(key, set()).add(res.host)
        if res.host != f.host:
            problems.append(f"{what}: the resource stands at {res.host}, not {f.host}")
        if res.host == f.school:
            problems.append(f"{what}: a school's own resource is not shared with itself")
        kind, value = key[1]
        offers = (value in supply.subjects[r] if kind == "subject" else
                  res.kind.value == value or (value == ResourceKind.GROWTH_POINT.value and res.kind in _GROWTH))
        if not offers:
            problems.append(f"{what}: the resource ({res.kind.value}; {', '.join(sorted(supply.subjects[r])) or '-'}) "
                            f"does not offer {f.profile!r}")
        checked.append((i, registry.index[f.school], registry.index[res.host], r))

    # trips, all at once
    if checked:
        fi, a, b, rr = (np.array(c, dtype=np.int64) for c in zip(*checked, strict=True))
        lat, lon, _, mbps = _school_geo(registry)
        km, minutes = _trips(lat, lon, a, b, len(registry), table, cons)
        eps = 1e-9
        with np.errstate(invalid="ignore"):
            in_reach = ~np.isnan(minutes)
            if cons.max_minutes is not None:
                in_reach &= minutes <= cons.max_minutes + eps
            if cons.max_km is not None:
                in_reach &= km <= cons.max_km + eps
            far = ~in_reach
            remote = np.array([sharing.flows[i].remote for i in fi.tolist()], dtype=bool)
            too_far = remote & far & (~(km <= cons.remote_max_km + eps) if cons.remote_max_km is not None else False)
            limit = cons.min_remote_mbps if cons.min_remote_mbps is not None else -np.inf
            slow_school = remote & far & (mbps[a] < limit)
            slow_host = remote & far & (mbps[b] < limit)
        _, limit_en = _limit_text(cons)
        for k in range(len(fi)):
            f = sharing.flows[int(fi[k])]
            what = f"flow {f.school} -> {f.resource} at {f.host} ({f.profile!r})"
            if not remote[k] and far[k]:
                problems.append(f"{what}: in person, {minutes[k]:.1f} min and {km[k]:.1f} km one way, beyond the "
                                f"limit ({limit_en})")
            if remote[k] and not supply.remote[rr[k]]:
                problems.append(f"{what}: served remotely but the resource is not remote")
            if too_far[k]:
                problems.append(f"{what}: remote over {km[k]:.1f} km, beyond remote_max_km {cons.remote_max_km:g}")
            for who, slow, row in ((f.school, slow_school[k], a[k]), (f.host, slow_host[k], b[k])):
                if slow:
                    problems.append(f"{what}: remote, but {who} has {mbps[row]:g} Mbit/s, below "
                                    f"{cons.min_remote_mbps:g}")

    over = load > supply.capacity + _slack(supply.capacity)
    for r in np.flatnonzero(over).tolist():
        res = registry.resources[r]
        problems.append(f"resource {supply.ids[r]} at {res.host} serves {load[r]:g} group-hours a week but its "
                        f"capacity is {supply.capacity[r]:g} ({int(supply.parallel[r])} groups at once x "
                        f"{res.hours_per_week} h x shift factor {supply.factor[r]:g})")
    unmet = {(u.school, _profile_key(u.profile)): u.group_hours for u in sharing.unmet}
    for key, d in demand.items():
        got, want = served.get(key, 0.0), d.group_hours
        tol = float(_slack(want))
        if got > want + tol:
            problems.append(f"demand ({d.school!r}, {d.profile!r}) is served {got:g} group-hours but asks for {want:g}")
        listed = unmet.get(key, 0.0)
        if abs(max(want - got, 0.0) - listed) > tol:
            problems.append(f"demand ({d.school!r}, {d.profile!r}) is {max(want - got, 0.0):g} group-hours short "
                            f"but {listed:g} are listed as unmet")
        if not sharing.split and len(hosts.get(key, ())) > 1:
            problems.append(f"demand ({d.school!r}, {d.profile!r}) is split between hosts {sorted(hosts[key])} "
                            "although split=False")
    for key in unmet:
        if key not in demand:
            problems.append(f"unmet demand ({key[0]!r}, {key[1][1]!r}) is not among the demands")
    return problems
