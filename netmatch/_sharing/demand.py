"""The demand a sharing plan serves: the default one from the identification, or the user's table.

Where the demand comes from, in this order: a ``demand`` table given to
:func:`netmatch.share_resources` (read by :func:`netmatch._data.demand.parse_demand`); else the
registry's needs of the kind ``resource`` (:func:`needs_demand`: the schools' own statement);
else the default (:func:`default_demand`).

The default: a school with no own resource offering a family of subjects (by default the
natural-science lab — физика, химия, биология — and the computer lab — информатика, the two
«Точка роста» profiles) needs lab hours for its ``weak_subjects`` weakest subjects of that family
(lowest mean z-score of its results in :func:`netmatch._identify.identify`; subjects without
results come after, in the family's order): ``ceil(pupils in the grades that study the subject /
group_size)`` groups of ``hours_per_group`` (2) hours a week. The grades that study a subject are
those of :data:`SUBJECT_GRADES` (физика 7–11, химия 8–11, биология 5–11, информатика 7–11;
another subject 5–11); their pupils are the school's pupils times the share of its grades they
make (grades of the phases it teaches: НОО 1–4, ООО 5–9, СОО 10–11). Who asks is
``demand_scope``: the ШНОР/ШНСУ (``"priority"``), with the schools of their associations
(``"associations"``, the default: the schools given as ``network``; ШНОР/ШНСУ alone without
them), or every school (``"all"``). ШНОР/ШНСУ come first and have priority in the objective.

>>> GRADES[Phase.BASIC], SUBJECT_GRADES["химия"]
(5, (8, 11))
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from netmatch._base.params import NONE, STRINGS, coerce, validate_params
from netmatch._base.parse import norm
from netmatch._data import Phase, Registry, SchoolKind
from netmatch._data.demand import parse_demand, profile_key
from netmatch._identify import Identification, identify
from netmatch._sharing.arcs import _Demands, _Supply, _supply
from netmatch._sharing.results import Demand
from netmatch._sharing.rules import CONSTRAINTS, IDENTIFICATION, REGISTRY
from netmatch._sharing.settings import SharingConstraints
from netmatch.exceptions import InvalidInputError

__all__ = ["GRADES", "SUBJECT_GRADES", "default_demand", "needs_demand"]

#: Grades in each phase: НОО 1–4, ООО 5–9, СОО 10–11.
GRADES: Mapping[Phase, int] = {Phase.PRIMARY: 4, Phase.BASIC: 5, Phase.SECONDARY: 2}
_SPAN: Mapping[Phase, tuple[int, int]] = {Phase.PRIMARY: (1, 4), Phase.BASIC: (5, 9), Phase.SECONDARY: (10, 11)}
#: The grades (first, last) in which a subject is taught, by the federal curriculum (ФОП ООО и СОО): a lab
#: of the subject serves their pupils. A subject not listed: grades 5–11.
SUBJECT_GRADES: Mapping[str, tuple[int, int]] = {"физика": (7, 11), "химия": (8, 11), "биология": (5, 11),
                                                 "информатика": (7, 11), "технология": (5, 9)}
#: Phases assumed from the school type when the registry lists none (otherwise all three).
_KIND_PHASES: Mapping[SchoolKind, tuple[Phase, ...]] = {
    SchoolKind.PRIMARY: (Phase.PRIMARY,),
    SchoolKind.BASIC: (Phase.PRIMARY, Phase.BASIC),
    SchoolKind.EVENING: (Phase.BASIC, Phase.SECONDARY),
}


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


def _taught(registry: Registry) -> np.ndarray:
    """Which grades 1–11 each school teaches: an (n, 12) boolean array, column g for grade g (0 unused)."""
    out = np.zeros((len(registry), 12), dtype=bool)
    for i, s in enumerate(registry.schools):
        phases = s.phases or (_KIND_PHASES.get(s.kind, tuple(Phase)) if s.kind is not None else tuple(Phase))
        for p in phases:
            lo, hi = _SPAN[p]
            out[i, lo:hi + 1] = True
    return out


def _groups(registry: Registry, cons: SharingConstraints, subjects: Sequence[str]) -> tuple[np.ndarray, int]:
    """Groups of pupils in the grades that study each subject, per school (an (n, subjects) array), and how
    many schools teaching grades 5–11 lack a pupil count."""
    taught = _taught(registry)
    students = np.array([np.nan if s.students is None else s.students for s in registry.schools], dtype=float)
    total = taught.sum(axis=1)
    out = np.zeros((len(registry), len(subjects)), dtype=np.int64)
    for j, subject in enumerate(subjects):
        lo, hi = SUBJECT_GRADES.get(subject, (5, 11))
        share = np.where(total > 0, taught[:, lo:hi + 1].sum(axis=1) / np.maximum(total, 1), 0.0)
        pupils = np.nan_to_num(students) * share
        out[:, j] = np.where(pupils > 0, np.ceil(pupils / cons.group_size - 1e-9), 0)
    upper = taught[:, 5:].any(axis=1)
    return out, int((upper & np.isnan(students)).sum())


def _own(n: int, families: Sequence[tuple[str, ...]], supply: _Supply) -> np.ndarray:
    """Whether each school hosts a resource offering some subject of each family: an (n, families) array."""
    own = np.zeros((n, len(families)), dtype=bool)
    for h, offered in zip(supply.host.tolist(), supply.subjects, strict=True):
        if h >= n:  # an organisation's resource is no school's own
            continue
        for f, fam in enumerate(families):
            if offered.intersection(fam):
                own[h, f] = True
    return own


def _weakest(ident: Identification, families: Sequence[tuple[str, ...]], needs: Sequence[np.ndarray],
             take: Sequence[int], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(school, family, rank, subject) of the ``take[f]`` weakest subjects of each family a school needs."""
    school_l: list[np.ndarray] = []
    family_l: list[np.ndarray] = []
    rank_l: list[np.ndarray] = []
    pick_l: list[np.ndarray] = []
    for f, fam in enumerate(families):
        z = np.column_stack([_subject_z(ident, s) for s in fam]) if n else np.zeros((0, len(fam)))
        order = np.argsort(np.where(np.isnan(z), np.inf, z), axis=1, kind="stable")  # ties: family order
        for k in range(take[f]):
            school_l.append(needs[f])
            family_l.append(np.full(len(needs[f]), f))
            rank_l.append(np.full(len(needs[f]), k))
            pick_l.append(order[needs[f], k])
    parts = (school_l, family_l, rank_l, pick_l)
    school, family, rank, pick = (np.concatenate(p) if p else np.zeros(0, np.int64) for p in parts)
    return school, family, rank, pick


def _asking(registry: Registry, cons: SharingConstraints, prio: np.ndarray, network: Iterable[str] | None
            ) -> np.ndarray:
    """Which schools the default demand asks for (``demand_scope``)."""
    if cons.demand_scope == "all":
        return np.ones(len(registry), dtype=bool)
    asking = prio.copy()
    if cons.demand_scope == "associations" and network is not None:
        index = registry.index
        asking[[index[s] for s in network if s in index]] = True
    return asking


def _default_demand(registry: Registry, cons: SharingConstraints, ident: Identification,
                    supply: _Supply | None = None, network: Iterable[str] | None = None
                    ) -> tuple[tuple[Demand, ...], int]:
    """The default demand, and how many schools teaching grades 5–11 were left out for lack of pupil numbers."""
    n = len(registry)
    flat = [s for fam in cons.demand_subjects for s in fam]
    groups, no_students = _groups(registry, cons, [norm(s) for s in flat])
    families = [tuple(norm(s) for s in fam) for fam in cons.demand_subjects]
    own = _own(n, families, _supply(registry, cons) if supply is None else supply)
    prio = ident.needs_partner.astype(bool) if n else np.zeros(0, bool)
    asking = _asking(registry, cons, prio, network)
    start = np.cumsum([0, *map(len, families)])
    needs = [np.flatnonzero(asking & (groups[:, start[f]:start[f + 1]].max(axis=1, initial=0) > 0) & ~own[:, f])
             for f in range(len(families))]
    take = [min(cons.weak_subjects, len(fam)) for fam in families]
    school, family, rank, pick = _weakest(ident, families, needs, take, n)
    # ШНОР/ШНСУ first, then registry order, then family, then weakest subject first
    order = np.lexsort((rank, family, school, ~prio[school]))
    ids = registry.ids
    hours = float(cons.hours_per_group)
    records = tuple(
        Demand(ids[s], cons.demand_subjects[f][j], int(groups[s, start[f] + j]), hours, bool(prio[s]))
        for s, f, j in zip(school[order].tolist(), family[order].tolist(), pick[order].tolist(), strict=True)
        if groups[s, start[f] + j] > 0)
    return records, no_students


def needs_demand(registry: Registry, cons: SharingConstraints, ident: Identification) -> tuple[Demand, ...]:
    """The demand the schools state: their needs of the kind ``resource`` (one per school and profile).

    The profile is the need's resource kind, else its subject; the groups are ``ceil(pupils /
    group_size)`` (the school's pupils in the grades that study the subject when the need gives no
    pupils, at least one group), each for ``hours_per_week`` (else ``hours_per_group``). A need of
    priority 1, or of a ШНОР/ШНСУ, has priority. Two needs of one school for one profile add up.

    >>> import netmatch as nm
    >>> from netmatch._sharing.settings import SharingConstraints
    >>> needs_demand(nm.datasets.load_demo().replace(needs=[{"school": "S09", "help": "ресурсы",
    ...     "resource": "IT-куб", "pupils": 30, "hours_per_week": 1}]), SharingConstraints(),
    ...     nm.identify(nm.datasets.load_demo()))
    (Demand(school='S09', profile='it_cube', groups=3, hours=1.0, priority=True),)
    """
    from netmatch._data import HelpKind

    prio = ident.needs_partner.astype(bool)
    wanted = [x for x in registry.needs if x.help is HelpKind.RESOURCE]
    subjects = sorted({x.subject for x in wanted if x.subject is not None})
    by_subject, _ = _groups(registry, cons, subjects)
    column = {s: j for j, s in enumerate(subjects)}
    index = registry.index
    out: dict[tuple[str, str], Demand] = {}
    for x in wanted:
        profile = x.resource.value if x.resource is not None else str(x.subject)
        row = index[x.school]
        if x.pupils is not None:
            groups = math.ceil(x.pupils / cons.group_size - 1e-9)
        else:
            groups = int(by_subject[row, column[x.subject]]) if x.subject in column else 0
        hours = float(cons.hours_per_group if x.hours_per_week is None else x.hours_per_week)
        urgent = x.rank == 1 or bool(prio[row])
        key = (x.school, profile)
        if key in out:  # the same school asks twice for one profile: one demand
            d = out[key]
            out[key] = Demand(d.school, d.profile, d.groups + max(groups, 1), max(d.hours, hours),
                              d.priority or urgent)
        elif hours > 0:
            out[key] = Demand(x.school, profile, max(groups, 1), hours, urgent)
    return tuple(sorted(out.values(), key=lambda d: (not d.priority, index[d.school], d.profile)))


@validate_params(registry=REGISTRY, constraints=CONSTRAINTS, identification=IDENTIFICATION, network=(STRINGS, NONE))
def default_demand(registry: Registry, constraints: SharingConstraints | Mapping[str, Any] | None = None, *,
                   identification: Identification | None = None,
                   network: Iterable[str] | None = None) -> tuple[Demand, ...]:
    """The demand :func:`share_resources` plans for when it is given none and the registry states none.

    Each school in ``constraints.demand_scope`` (by default the ШНОР/ШНСУ and the schools of their
    associations, ``network``) that hosts no resource offering any subject of a family in
    ``constraints.demand_subjects`` (by default физика/химия/биология — a natural-science lab — and
    информатика) asks, for each such family, for its ``weak_subjects`` weakest subjects (lowest mean
    z-score over the procedures in the identification; subjects without results come after those
    with results, in the family's order): ``ceil(pupils in the grades that study the subject /
    group_size)`` groups of ``hours_per_group`` hours a week (:data:`SUBJECT_GRADES`; the pupils of a
    grade are the school's pupils over the grades it teaches, from its phases or its type). Schools
    without a pupil count ask for nothing. ШНОР/ШНСУ come first and are marked ``priority``; then
    registry order.

    Parameters
    ----------
    registry : Registry
    constraints : SharingConstraints or dict, optional
    identification : Identification, optional
        Statuses and subject profiles; computed with default rules when omitted.
    network : iterable of str, optional
        The schools of the ШНОР/ШНСУ's associations, who ask too with ``demand_scope="associations"``.

    Returns
    -------
    tuple of Demand

    Examples
    --------
    >>> from netmatch.datasets import load_demo
    >>> demand = default_demand(load_demo())
    >>> demand[0]
    Demand(school='S08', profile='химия', groups=6, hours=2.0, priority=True)
    >>> sum(d.priority for d in demand), len(demand)
    (10, 10)
    """
    cons = coerce(SharingConstraints, constraints, "default_demand")
    ident = _identification(registry, identification)
    return _default_demand(registry, cons, ident, network=network)[0]


def _identification(registry: Registry, identification: Identification | None) -> Identification:
    ident = identification if identification is not None else identify(registry)
    if ident.ids != registry.ids:
        raise InvalidInputError(["The identification belongs to another registry (its school ids differ); "
                                 "run identify() on this registry."])
    return ident


def _user_demand(registry: Registry, demand: Any, identification: Identification | None,
                 owner: str) -> tuple[Demand, ...]:
    """A user's demand table as demands; a missing priority from the identification (ШНОР/ШНСУ)."""
    rows = parse_demand(demand, registry.index, owner)
    prio_of: np.ndarray | None = None
    if any(r.priority is None for r in rows):
        prio_of = _identification(registry, identification).needs_partner.astype(bool)
    index = registry.index
    return tuple(Demand(s, p, g, h, bool(prio_of[index[s]]) if pr is None and prio_of is not None else bool(pr))
                 for s, p, g, h, pr in rows)


def _demands(registry: Registry, records: Sequence[Demand]) -> _Demands:
    """Demands as arrays: school rows, profile keys (first-seen order), hours, group-hours and priority."""
    index = registry.index
    key_of: dict[tuple[str, str], int] = {}
    key = np.array([key_of.setdefault(profile_key(d.profile), len(key_of)) for d in records], dtype=np.int64)
    groups = np.array([d.groups for d in records], dtype=float)
    hours = np.array([d.hours for d in records], dtype=float)
    return _Demands(
        records=tuple(records), school=np.array([index[d.school] for d in records], dtype=np.int64), key=key,
        keys=tuple(key_of), hours=hours, q=groups * hours,
        priority=np.array([d.priority for d in records], dtype=bool))
