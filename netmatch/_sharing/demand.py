"""The demand a sharing plan serves: the default one from the identification, or the user's table.

Without a ``demand``, every school that teaches grades 5–11 and has no own resource offering a
family of subjects (by default the natural-science lab — физика, химия, биология — and the
computer lab — информатика, the two «Точка роста» profiles) needs lab hours for its
``weak_subjects`` weakest subjects of that family (lowest mean z-score of its results in
:func:`netmatch._identify.identify`; subjects without results come after, in the family's order):
``ceil(students · share of grades 5–11 / group_size)`` groups of ``hours_per_group`` (2) hours a
week. The share of grades 5–11 counts grades of the phases the school teaches (НОО 4, ООО 5,
СОО 2). ШНОР/ШНСУ come first and have priority in the objective. A user's table is read by
:func:`netmatch._data.demand.parse_demand`.

>>> GRADES[Phase.BASIC]
5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from netmatch._base.params import coerce, validate_params
from netmatch._base.parse import norm
from netmatch._data import Phase, Registry, SchoolKind
from netmatch._data.demand import parse_demand, profile_key
from netmatch._identify import Identification, identify
from netmatch._sharing.arcs import _Demands, _Supply, _supply
from netmatch._sharing.results import Demand
from netmatch._sharing.rules import CONSTRAINTS, IDENTIFICATION, REGISTRY
from netmatch._sharing.settings import SharingConstraints
from netmatch.exceptions import InvalidInputError

__all__ = ["GRADES", "default_demand"]

#: Grades in each phase: НОО 1–4, ООО 5–9, СОО 10–11.
GRADES: Mapping[Phase, int] = {Phase.PRIMARY: 4, Phase.BASIC: 5, Phase.SECONDARY: 2}
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


def _groups(registry: Registry, cons: SharingConstraints) -> tuple[np.ndarray, int]:
    """Groups of pupils in grades 5–11 per school, and how many such schools lack a pupil count."""
    grades = _phases_of(registry)
    students = np.array([np.nan if s.students is None else s.students for s in registry.schools], dtype=float)
    upper = grades[:, 0] > 0
    share = np.where(grades[:, 1] > 0, grades[:, 0] / np.maximum(grades[:, 1], 1), 0.0)
    pupils = np.nan_to_num(students) * share
    groups = np.where(pupils > 0, np.ceil(pupils / cons.group_size - 1e-9), 0).astype(np.int64)
    return groups, int((upper & np.isnan(students)).sum())


def _own(n: int, families: Sequence[tuple[str, ...]], supply: _Supply) -> np.ndarray:
    """Whether each school hosts a resource offering some subject of each family: an (n, families) array."""
    own = np.zeros((n, len(families)), dtype=bool)
    for h, offered in zip(supply.host.tolist(), supply.subjects, strict=True):
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


def _default_demand(registry: Registry, cons: SharingConstraints, ident: Identification,
                    supply: _Supply | None = None) -> tuple[tuple[Demand, ...], int]:
    """The default demand, and how many schools teaching grades 5–11 were left out for lack of pupil numbers."""
    n = len(registry)
    groups, no_students = _groups(registry, cons)
    families = [tuple(norm(s) for s in fam) for fam in cons.demand_subjects]
    own = _own(n, families, _supply(registry, cons) if supply is None else supply)
    prio = ident.needs_partner.astype(bool) if n else np.zeros(0, bool)
    needs = [np.flatnonzero((groups > 0) & ~own[:, f]) for f in range(len(families))]
    take = [min(cons.weak_subjects, len(fam)) for fam in families]
    school, family, rank, pick = _weakest(ident, families, needs, take, n)
    # ШНОР/ШНСУ first, then registry order, then family, then weakest subject first
    order = np.lexsort((rank, family, school, ~prio[school]))
    ids = registry.ids
    hours = float(cons.hours_per_group)
    records = tuple(
        Demand(ids[s], cons.demand_subjects[f][j], int(groups[s]), hours, bool(prio[s]))
        for s, f, j in zip(school[order].tolist(), family[order].tolist(), pick[order].tolist(), strict=True))
    return records, no_students


@validate_params(registry=REGISTRY, constraints=CONSTRAINTS, identification=IDENTIFICATION)
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
