"""Scenario planning and monitoring: what-if plans side by side, sweeps, year-over-year continuity.

A :class:`Scenario` is a registry plus rules, constraints, weights and a list of edits (open a
centre, close or merge a school, change a leader's capacity or a limit, add or remove a
leader, set a status). :func:`plan` runs identification, the graph, pairing and resource
sharing in one call; :func:`compare` puts plans side by side and :func:`differences` says,
school by school, what changed and why. :func:`sweep` evaluates many variants in parallel on
any :class:`concurrent.futures.Executor` or a Dask client and says how often each pair
appears across them. :func:`replan` carries last year's partnerships into this year's plan,
and :func:`monitor` follows the schools and the programme indicators over the years.

Edits never touch the base registry: every model is immutable and edits build new ones.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import numpy as np
from pydantic import BaseModel

from netmatch._base.params import coerce
from netmatch._data.models import Registry, Resource, ResourceKind
from netmatch._identify import Identification, IdentificationRules, Status, identify
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Candidates, Constraints, build_graph, candidates_of
from netmatch.matching import (
    Pairing,
    Unpaired,
    greedy_pairing,
    optimal_pairing,
    stable_pairing,
    subject_pairing,
)
from netmatch.scoring import ScoringWeights

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AddLeader",
    "CloseSchool",
    "MergeSchools",
    "Monitoring",
    "OpenCentre",
    "Plan",
    "RemoveLeader",
    "Scenario",
    "SetLeaderCapacity",
    "SetLimit",
    "SetStatus",
    "SweepResult",
    "compare",
    "differences",
    "monitor",
    "plan",
    "replan",
    "sweep",
]


# --- edits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    """What the edits build: a registry, the constraints (as a dict) and status decisions.

    A status decision maps a school to its statuses; an empty set means "the computed
    statuses without LEADER" (:class:`RemoveLeader`, whose effect depends on the
    identification that runs later).
    """

    registry: Registry
    constraints: dict[str, Any]
    statuses: dict[str, frozenset[Status]]


def _check_school(state: _State, school: str, edit: object) -> None:
    if school not in state.registry:
        raise InvalidInputError([f"{type(edit).__name__}: no school {school!r} in the registry."])


def _forget(state: _State, school: str) -> tuple[dict[str, Any], dict[str, frozenset[Status]]]:
    """Constraints and status decisions without any mention of ``school`` (it leaves the registry)."""
    cons = dict(state.constraints)
    for key in ("required_pairs", "excluded_pairs"):
        cons[key] = tuple(p for p in cons.get(key, ()) if school not in tuple(p))
    return cons, {s: st for s, st in state.statuses.items() if s != school}


@dataclass(frozen=True)
class OpenCentre:
    """Open a new centre (a «Точка роста» by default) at a school."""

    school: str
    kind: str = ResourceKind.GROWTH_POINT_SCIENCE.value
    seats: int = 15
    hours_per_week: float = 20.0
    profiles: tuple[str, ...] = ()
    remote: bool = False

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        new = Resource(id=f"{self.school}:new:{self.kind}", host=self.school, kind=self.kind, seats=self.seats,
                       hours_per_week=self.hours_per_week, profiles=self.profiles, remote=self.remote)
        reg = state.registry.replace(resources=(*state.registry.resources, new))
        return dataclasses.replace(state, registry=reg)


@dataclass(frozen=True)
class CloseSchool:
    """Close a school: it leaves the registry with its results, resources and partnerships.

    Required or excluded pairs and status decisions naming it are dropped too.
    """

    school: str

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        reg = state.registry
        schools = [s.model_copy(update={"partners": tuple(p for p in s.partners if p != self.school)})
                   for s in reg.schools if s.id != self.school]
        results = reg.results.take(reg.results.school != self.school)
        resources = [r for r in reg.resources if r.host != self.school]
        cons, statuses = _forget(state, self.school)
        return _State(reg.replace(schools=schools, results=results, resources=resources), cons, statuses)


@dataclass(frozen=True)
class MergeSchools:
    """Merge ``school`` into ``into``: pupils, teachers, resources and partnerships move; its results go.

    Required or excluded pairs and status decisions naming ``school`` are dropped (its
    contracts end with it); ``into`` keeps its own.
    """

    school: str
    into: str

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        _check_school(state, self.into, self)
        if self.school == self.into:
            raise InvalidInputError([f"MergeSchools: a school cannot merge into itself. Got {self.school!r} twice."])
        reg = state.registry
        gone, kept = reg.school(self.school), reg.school(self.into)

        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        merged = kept.model_copy(update={
            "students": add(kept.students, gone.students), "teachers": add(kept.teachers, gone.teachers),
            "design_capacity": add(kept.design_capacity, gone.design_capacity),
            "partners": tuple(dict.fromkeys(p for p in (*kept.partners, *gone.partners)
                                            if p not in (self.school, self.into)))})
        schools = []
        for s in reg.schools:
            if s.id == self.school:
                continue
            if s.id == self.into:
                schools.append(merged)
                continue
            partners = tuple(dict.fromkeys(self.into if p == self.school else p for p in s.partners))
            schools.append(s.model_copy(update={"partners": partners}))
        resources = [r.model_copy(update={"host": self.into}) if r.host == self.school else r for r in reg.resources]
        results = reg.results.take(reg.results.school != self.school)
        cons, statuses = _forget(state, self.school)
        return _State(reg.replace(schools=schools, results=results, resources=resources), cons, statuses)


@dataclass(frozen=True)
class SetLeaderCapacity:
    """Change how many partners a leader takes."""

    school: str
    capacity: int

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        if self.capacity < 0:
            raise InvalidInputError([f"SetLeaderCapacity: capacity must be 0 or more. Got {self.capacity}."])
        reg = state.registry
        schools = [s.model_copy(update={"leader_capacity": self.capacity}) if s.id == self.school else s
                   for s in reg.schools]
        return dataclasses.replace(state, registry=reg.replace(schools=schools))


@dataclass(frozen=True)
class SetLimit:
    """Change one of the :class:`netmatch.Constraints` (e.g. ``SetLimit("max_km", 30)``)."""

    name: str
    value: Any

    def apply(self, state: _State) -> _State:
        if self.name not in Constraints.model_fields:
            raise InvalidInputError([f"SetLimit: {self.name!r} is not a constraint; choose one of "
                                     f"{sorted(Constraints.model_fields)}."])
        return dataclasses.replace(state, constraints={**state.constraints, self.name: self.value})


@dataclass(frozen=True)
class SetStatus:
    """Set a school's statuses by decision (e.g. the official list), overriding the computed ones."""

    school: str
    status: str | Status | tuple[str | Status, ...]

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        raw = self.status if isinstance(self.status, tuple) else (self.status,)
        try:
            statuses = frozenset(Status(s) for s in raw)
        except ValueError:
            raise InvalidInputError([f"SetStatus: statuses are {[s.value for s in Status]}. Got {raw!r}."]) from None
        if not statuses:
            raise InvalidInputError([f"SetStatus: give {self.school!r} at least one status "
                                     f"({[s.value for s in Status]}). Got none."])
        return dataclasses.replace(state, statuses={**state.statuses, self.school: statuses})


@dataclass(frozen=True)
class AddLeader:
    """Make a school a leader (by decision)."""

    school: str

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        return SetStatus(self.school, Status.LEADER).apply(state)


@dataclass(frozen=True)
class RemoveLeader:
    """Take a school off the leaders' list; its other statuses stay as they are."""

    school: str

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        decided = state.statuses.get(self.school)
        # without an earlier decision the statuses are only known after identification: an
        # empty set asks plan() to drop LEADER from the computed ones
        kept = (decided - {Status.LEADER}) or frozenset({Status.ORDINARY}) if decided else frozenset()
        return dataclasses.replace(state, statuses={**state.statuses, self.school: kept})


Edit = OpenCentre | CloseSchool | MergeSchools | SetLeaderCapacity | SetLimit | SetStatus | AddLeader | RemoveLeader
_EDIT_TYPES = (OpenCentre, CloseSchool, MergeSchools, SetLeaderCapacity, SetLimit, SetStatus, AddLeader, RemoveLeader)


@dataclass(frozen=True)
class Scenario:
    """A registry with rules, constraints, weights and edits: one what-if to plan.

    >>> import netmatch as nm
    >>> base = nm.datasets.load_demo()
    >>> s = Scenario(base, name="30 км", edits=(SetLimit("max_km", 30), OpenCentre("S07")))
    >>> s.registry is base  # edits never touch the base registry
    True
    """

    registry: Registry
    name: str = "базовый"
    rules: IdentificationRules | Mapping[str, Any] | None = None
    constraints: Constraints | Mapping[str, Any] | None = None
    weights: ScoringWeights | Mapping[str, Any] | None = None
    edits: tuple[Edit, ...] = ()
    pairing: Literal["optimal", "stable", "greedy", "subject"] = "optimal"
    sharing: bool = True
    #: Settings of the resource-sharing step (a ``SharingConstraints`` or a dict of its fields).
    sharing_constraints: Any = None

    def with_edits(self, *edits: Edit, name: str | None = None) -> Scenario:
        """This scenario with more edits."""
        return dataclasses.replace(self, edits=(*self.edits, *edits), name=name or self.name)

    def apply(self) -> tuple[Registry, Constraints, dict[str, frozenset[Status]]]:
        """The edited registry, the constraints and the status decisions.

        A status decision maps a school to its statuses; an empty set (from
        :class:`RemoveLeader`) means the computed statuses without LEADER.
        """
        cons = coerce(Constraints, self.constraints, "Scenario").model_dump()
        state = _State(self.registry, cons, {})
        for k, edit in enumerate(self.edits):
            if not isinstance(edit, _EDIT_TYPES):
                raise InvalidInputError([f"Scenario: edit {k} must be one of {[t.__name__ for t in _EDIT_TYPES]}. "
                                         f"Got {edit!r} instead."])
            state = edit.apply(state)
        return state.registry, coerce(Constraints, state.constraints, "Scenario"), state.statuses


# --- plans --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Everything one scenario produced: identification, graph, pairing, sharing and KPIs."""

    name: str
    registry: Registry
    identification: Identification
    graph: nx.Graph
    pairing: Pairing
    sharing: Any = None
    kpis: Mapping[str, Any] = field(default_factory=dict)
    scenario: Scenario | None = None
    notes: tuple[str, ...] = ()

    def pairs(self) -> list[tuple[str, str]]:
        """(leader, partner) pairs of the plan, sorted."""
        return sorted({(p.leader, p.partner) for p in self.pairing.pairs})


def _override(ident: Identification, statuses: Mapping[str, frozenset[Status]]) -> Identification:
    if not statuses:
        return ident
    rows = ident.index
    new = list(ident.statuses)
    for school, st in statuses.items():
        row = rows[school]
        new[row] = st if st else (new[row] - {Status.LEADER}) or frozenset({Status.ORDINARY})
    return dataclasses.replace(ident, statuses=tuple(new))


_PAIRING: dict[str, Callable[[nx.Graph], Pairing]] = {
    "optimal": optimal_pairing, "greedy": greedy_pairing, "stable": stable_pairing, "subject": subject_pairing}
_OPTIONS = ("rules", "constraints", "weights", "edits", "pairing", "sharing", "sharing_constraints")


def _scenario(scenario_or_registry: Scenario | Registry, options: Mapping[str, Any], owner: str) -> Scenario:
    """The scenario to plan: a registry with options, or a scenario with some fields replaced."""
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise InvalidInputError([f"{owner}() takes the options {list(_OPTIONS)}. Got {unknown} instead."])
    opts = dict(options)
    if "edits" in opts:
        opts["edits"] = tuple(opts["edits"])
    if isinstance(scenario_or_registry, Registry):
        scenario = Scenario(scenario_or_registry, **opts)
    elif isinstance(scenario_or_registry, Scenario):
        scenario = dataclasses.replace(scenario_or_registry, **opts) if opts else scenario_or_registry
    else:
        raise InvalidInputError([f"{owner}() takes a Scenario or a Registry. "
                                 f"Got {type(scenario_or_registry).__name__}."])
    if scenario.pairing not in _PAIRING:
        raise InvalidInputError([f"The 'pairing' parameter of {owner} must be one of {sorted(_PAIRING)}. "
                                 f"Got {scenario.pairing!r} instead."])
    return scenario


def _prepare(scenario: Scenario, owner: str) -> tuple[Registry, Constraints, Identification]:
    """The edited registry, its constraints and its identification with the status decisions."""
    registry, cons, statuses = scenario.apply()
    ident = _override(identify(registry, coerce(IdentificationRules, scenario.rules, owner)), statuses)
    return registry, cons, ident


def _share(scenario: Scenario, registry: Registry, ident: Identification) -> Any:
    if not (scenario.sharing and registry.resources):
        return None
    from netmatch._sharing import share_resources

    return share_resources(registry, constraints=scenario.sharing_constraints, identification=ident)


def plan(scenario_or_registry: Scenario | Registry, *, name: str | None = None, **options: Any) -> Plan:
    """Identify, build the graph, pair and share resources in one call.

    Parameters
    ----------
    scenario_or_registry : Scenario or Registry
    name : str, optional
        The plan's name (default: the scenario's).
    **options
        Any :class:`Scenario` field (``rules``, ``constraints``, ``weights``, ``edits``,
        ``pairing``, ``sharing``); for a scenario, they replace its own.

    Returns
    -------
    Plan

    Examples
    --------
    >>> import netmatch as nm
    >>> p = plan(nm.datasets.load_demo())
    >>> p.kpis["share_covered"], len(p.pairing.pairs) > 0
    (1.0, True)
    """
    scenario = _scenario(scenario_or_registry, options, "plan")
    registry, cons, ident = _prepare(scenario, "plan")
    G = build_graph(registry, ident, cons, coerce(ScoringWeights, scenario.weights, "plan"))
    pairing = _PAIRING[scenario.pairing](G)
    sharing = _share(scenario, registry, ident)
    return Plan(name=name or scenario.name, registry=registry, identification=ident, graph=G, pairing=pairing,
                sharing=sharing, kpis=_kpis(ident, pairing, sharing), scenario=scenario)


def _kpis(ident: Identification, pairing: Pairing, sharing: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "low_results": len(ident.low_results), "unfavourable": len(ident.unfavourable),
        "leaders": len(ident.leaders), **pairing.kpis.as_dict(), "pairing_status": pairing.status,
        "unpaired": len(pairing.unpaired)}
    if sharing is not None and hasattr(sharing, "kpis"):
        k = sharing.kpis
        if isinstance(k, Mapping):
            items = k.items()
        elif hasattr(k, "as_dict"):
            items = k.as_dict().items()
        else:
            items = dataclasses.asdict(k).items()
        out.update({f"sharing_{key}": value for key, value in items})
    return out


def compare(plans: Sequence[Plan] | Mapping[str, Plan]) -> pd.DataFrame:
    """Programme indicators of several plans side by side: one row per indicator, one column per plan.

    Rows keep the order in which the plans list their indicators; an indicator a plan lacks
    is NaN in its column.

    >>> import netmatch as nm
    >>> base = nm.datasets.load_demo()
    >>> table = compare([plan(base), plan(base, name="30 км", edits=(SetLimit("max_km", 30),))])
    >>> list(table.columns)
    ['базовый', '30 км']
    """
    import pandas as pd

    named = dict(plans) if isinstance(plans, Mapping) else {p.name: p for p in plans}
    if isinstance(plans, Sequence) and len(named) != len(plans):
        named = {f"{p.name} ({i + 1})": p for i, p in enumerate(plans)}
    rows = list(dict.fromkeys(k for p in named.values() for k in p.kpis))
    return pd.DataFrame({name: pd.Series([p.kpis.get(k, math.nan) for k in rows], index=rows, dtype=object)
                         for name, p in named.items()}, index=rows)


def _status_label(ident: Identification, row: int, lang: str) -> str:
    return ", ".join(s.label_ru if lang == "ru" else s.value for s in Status if s in ident.statuses[row])


def _status_why(ident: Identification, row: int, lang: str) -> str:
    """Why a school has its statuses: a decision in the scenario, or the identification's reasons."""
    if ident.rules.status_source == "computed" and ident.statuses[row] != ident.computed[row]:
        return "статус задан решением в сценарии" if lang == "ru" else "status set by a decision in the scenario"
    return "; ".join(r.text(lang) for r in ident.reasons[row])


def _why_not(b: Plan, leader: str, school: str, lang: str) -> str:
    """Why plan ``b`` no longer pairs ``school`` with ``leader``."""
    ru = lang == "ru"
    if leader not in b.registry:
        return (f"лидер {leader} выбыл из реестра (закрыт или присоединён)" if ru
                else f"leader {leader} left the registry (closed or merged)")
    if b.pairing.roles.get(leader) != "leader":
        return f"{leader} больше не школа-лидер" if ru else f"{leader} is no longer a leader"
    if not b.graph.has_edge(leader, school):
        return (f"пара {leader}–{school} недопустима при новых ограничениях" if ru
                else f"the pair {leader}–{school} is not feasible under the new limits")
    used, cap = b.pairing.kpis.leader_load.get(leader, (0, 0))
    if cap == 0:
        return f"{leader} не берёт партнёров (ёмкость 0)" if ru else f"{leader} takes no partners (capacity 0)"
    if used >= cap:
        return f"{leader} занят: партнёров {used} из {cap}" if ru else f"{leader} is full: {used} of {cap} partners"
    return (f"без пары {leader}–{school} план в целом лучше" if ru
            else f"the plan as a whole is better without {leader}–{school}")


def differences(a: Plan, b: Plan, lang: str = "ru") -> pd.DataFrame:
    """School by school, what changed from plan ``a`` to plan ``b``, and why.

    Columns: ``school``, ``change`` (``"gained_coverage"``, ``"changed_partner"``,
    ``"lost_coverage"``, ``"status"``, ``"closed"``, ``"opened"``), ``before``, ``after``,
    ``why``. For a changed partner, ``why`` says why the old leader was dropped (it left
    the registry, is no longer a leader, the pair is infeasible, the leader is full, or the
    plan as a whole is better) and why the new pair; for lost coverage, why the school has
    no leader now (or that it no longer needs one). A plan compared with itself gives an
    empty table.

    >>> import netmatch as nm
    >>> p = plan(nm.datasets.load_demo())
    >>> len(differences(p, p))
    0
    """
    import pandas as pd

    ru = lang == "ru"

    def leaders(p: Plan) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for pair in p.pairing.pairs:
            out.setdefault(pair.partner, []).append(pair.leader)
        return {k: tuple(sorted(set(v))) for k, v in out.items()}

    ia, ib = a.identification.index, b.identification.index
    la, lb = leaders(a), leaders(b)
    why_b = {u.school: u.reason(lang) for u in b.pairing.unpaired}
    expl_b = {(x.leader, x.partner): x.explanation(lang) for x in b.pairing.pairs}
    rows = []
    for school in sorted(ia.keys() | ib.keys()):
        if school not in ib:
            rows.append((school, "closed", _status_label(a.identification, ia[school], lang), "",
                         "школа выбыла из реестра (закрыта или присоединена)" if ru
                         else "the school left the registry (closed or merged)"))
            continue
        if school not in ia:
            rows.append((school, "opened", "", _status_label(b.identification, ib[school], lang), ""))
            continue
        sa, sb = _status_label(a.identification, ia[school], lang), _status_label(b.identification, ib[school], lang)
        if sa != sb:
            rows.append((school, "status", sa, sb, _status_why(b.identification, ib[school], lang)))
        before, after = la.get(school, ()), lb.get(school, ())
        if before == after:
            continue
        now = "; ".join(expl_b.get((ld, school), "") for ld in after if ld not in before)
        if not before:
            change, why = "gained_coverage", now
        elif not after:
            change = "lost_coverage"
            if b.pairing.roles.get(school) == "partner":
                why = why_b.get(school, "")
            else:
                why = ("партнёр не нужен: школа больше не ШНОР и не ШНСУ" if ru
                       else "needs no leader any more: neither ШНОР nor ШНСУ")
        else:
            change = "changed_partner"
            dropped = "; ".join(_why_not(b, ld, school, lang) for ld in before if ld not in after)
            why = "; ".join(x for x in (dropped, (f"новая пара: {now}" if ru else f"new pair: {now}") if now else "")
                            if x)
        rows.append((school, change, ", ".join(before), ", ".join(after), why))
    return pd.DataFrame(rows, columns=["school", "change", "before", "after", "why"])


# --- sweeps -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    """KPIs of every variant, and how often each pair appears across them."""

    kpis: pd.DataFrame
    pairs: pd.DataFrame
    seconds: float


def _evaluate(scenario: Scenario) -> tuple[str, dict[str, Any], list[tuple[str, str]]]:
    """One sweep variant: its name, KPIs and pairs (small results travel back from workers)."""
    p = plan(scenario)
    return p.name, dict(p.kpis), p.pairs()


_FIELDS: dict[str, type[BaseModel]] = {
    "constraints": Constraints, "weights": ScoringWeights, "rules": IdentificationRules}


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _grid(base: Scenario, grid: Mapping[str, Any]) -> list[Scenario]:
    """Every combination of the grid's values, as scenarios derived from ``base`` (validated here)."""
    keys = list(grid)
    if not keys:
        raise InvalidInputError(["sweep: the grid is empty; give at least one key with a list of values, "
                                 "e.g. {'max_km': [30, 40]}."])
    fixed = {e.name for e in base.edits if isinstance(e, SetLimit)}
    targets = []
    columns: list[list[Any]] = []
    for key in keys:
        section, _, name = str(key).rpartition(".")
        if section:
            if section not in _FIELDS or name not in _FIELDS[section].model_fields:
                raise InvalidInputError([f"sweep grid key {key!r}: use constraints.<field>, weights.<field> or "
                                         "rules.<field> with a field of that model."])
        else:
            found = [s for s, model in _FIELDS.items() if name in model.model_fields]
            if len(found) != 1:
                raise InvalidInputError([f"sweep grid key {key!r} is {'ambiguous' if found else 'unknown'}: "
                                         "write constraints.<field>, weights.<field> or rules.<field>."])
            section = found[0]
        if section == "constraints" and name in fixed:
            raise InvalidInputError([f"sweep grid key {key!r}: the base scenario's edits set {name!r} "
                                     "(SetLimit), which would override every value of the grid; drop the edit "
                                     "or the key."])
        values = grid[key]
        if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
            raise InvalidInputError([f"sweep grid key {key!r} must map to a list of values. Got {values!r} instead."])
        values = [_plain(v) for v in values]
        if not values:
            raise InvalidInputError([f"sweep grid key {key!r} must map to at least one value. Got none."])
        targets.append((section, name))
        columns.append(values)
    out = []
    for values in itertools.product(*columns):
        sections: dict[str, dict[str, Any]] = {}
        for (section, name), value in zip(targets, values, strict=True):
            sections.setdefault(section, {})[name] = value
        changes: dict[str, Any] = {}
        for section, upd in sections.items():
            current = getattr(base, section)
            current = current.model_dump() if isinstance(current, BaseModel) else dict(current or {})
            changes[section] = coerce(_FIELDS[section], {**current, **upd}, "sweep")
        label = ", ".join(f"{k}={v}" for k, v in zip(keys, values, strict=True))
        out.append(dataclasses.replace(base, name=label, **changes))
    return out


def _variants(base: Scenario, items: Sequence[Any]) -> list[Scenario]:
    """Scenarios as given; an edit or a list of edits becomes ``base`` with those edits."""
    out = []
    for k, item in enumerate(items):
        if isinstance(item, Scenario):
            out.append(item)
        elif isinstance(item, _EDIT_TYPES):
            out.append(base.with_edits(item, name=repr(item)))
        elif isinstance(item, tuple | list) and item and all(isinstance(e, _EDIT_TYPES) for e in item):
            out.append(base.with_edits(*item, name=" + ".join(repr(e) for e in item)))
        else:
            raise InvalidInputError([f"sweep: item {k} must be a Scenario, an edit or a list of edits. "
                                     f"Got {item!r} instead."])
    return out


class _Progress:
    """A plain progress bar on standard error (shown only for long sweeps or when asked)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled, self.start = total, 0, enabled, time.perf_counter()

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            elapsed = time.perf_counter() - self.start
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                             f"{elapsed:.0f} s")
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _is_dask_client(executor: object) -> bool:
    return all(hasattr(executor, a) for a in ("submit", "gather", "scatter"))


def sweep(base: Scenario | Registry, scenarios_or_grid: Sequence[Any] | Mapping[str, Any],
          executor: Any = None, *, progress: bool | None = None) -> SweepResult:
    """Evaluate many scenarios in parallel; KPIs per variant and the robustness of each pair.

    Parameters
    ----------
    base : Scenario or Registry
        What every variant starts from.
    scenarios_or_grid : list, or dict
        A list of variants — each a :class:`Scenario`, an edit, or a list of edits applied to
        ``base`` — or a grid ``{"max_km": [30, 40], "weights.proximity": [0.1, 0.3]}``
        whose every combination is a variant (plain names are looked up among the
        constraints, weights and rules; every value is validated before anything runs).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where to run. ``None`` uses a process pool; ``"sequential"`` runs here, one by one.
    progress : bool, optional
        Show a progress bar on standard error (default: for more than 10 variants).

    Returns
    -------
    SweepResult
        ``kpis``: one row per variant (in input order). ``pairs``: one row per (leader,
        partner) with ``count`` and ``share`` of the variants that chose it, most frequent
        first (ties by leader, then partner). Results do not depend on the executor.

    Examples
    --------
    >>> import netmatch as nm
    >>> res = sweep(nm.datasets.load_demo(), {"max_km": [30, 40]}, executor="sequential")
    >>> len(res.kpis), float(res.pairs["share"].max())
    (2, 1.0)
    """
    import pandas as pd

    start = time.perf_counter()
    if isinstance(executor, str) and executor != "sequential":
        raise InvalidInputError([f"The 'executor' parameter of sweep must be None, 'sequential', a "
                                 f"concurrent.futures.Executor or a dask.distributed.Client. Got {executor!r} "
                                 "instead."])
    base_s = base if isinstance(base, Scenario) else Scenario(base)
    scenarios = _grid(base_s, scenarios_or_grid) if isinstance(scenarios_or_grid, Mapping) \
        else _variants(base_s, scenarios_or_grid)
    if not scenarios:
        raise InvalidInputError(["sweep: no scenarios to evaluate; give at least one."])
    bar = _Progress(len(scenarios), progress if progress is not None else len(scenarios) > 10)
    results: list[tuple[str, dict[str, Any], list[tuple[str, str]]] | None] = [None] * len(scenarios)
    if executor == "sequential":
        for i, s in enumerate(scenarios):
            results[i] = _evaluate(s)
            bar.step()
    elif _is_dask_client(executor):
        from distributed import as_completed as dask_as_completed

        completed: Callable[[list[Any]], Iterable[Any]] = dask_as_completed
        futures = [executor.submit(_evaluate, s, pure=False) for s in scenarios]
        where = {f.key: i for i, f in enumerate(futures)}
        for fut in completed(futures):
            results[where[fut.key]] = fut.result()
            bar.step()
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        own = executor is None
        pool = ProcessPoolExecutor() if own else executor
        try:
            futs = {pool.submit(_evaluate, s): i for i, s in enumerate(scenarios)}
            for fut in as_completed(futs):
                results[futs[fut]] = fut.result()
                bar.step()
        finally:
            if own:
                pool.shutdown()
    done = [r for r in results if r is not None]
    kpis = pd.DataFrame([{"scenario": name, **k} for name, k, _ in done])
    counts = Counter(pair for _, _, pairs in done for pair in pairs)
    pairs = pd.DataFrame([(a, b, c, c / len(done)) for (a, b), c in sorted(counts.items())],
                         columns=["leader", "partner", "count", "share"])
    pairs = pairs.sort_values(["share", "leader", "partner"], ascending=[False, True, True], kind="stable")
    return SweepResult(kpis=kpis, pairs=pairs.reset_index(drop=True), seconds=time.perf_counter() - start)


# --- year over year -----------------------------------------------------------------------------


def _current_contracts(cons: Constraints, ident: Identification) -> tuple[Constraints, list[str]]:
    """Last year's required and excluded pairs that still make sense this year, and notes on the rest."""
    index = ident.index
    needs = ident.needs_partner
    leader = ident.is_leader & ~needs
    notes = []
    required = []
    for a, b in cons.required_pairs:
        if a not in index or b not in index:
            gone = " and ".join(x for x in (a, b) if x not in index)
            notes.append(f"{a}–{b}: required pair dropped, {gone} left the registry")
        elif not leader[index[a]]:
            notes.append(f"{a}–{b}: required pair dropped, {a} is no longer a leader")
        elif not needs[index[b]]:
            notes.append(f"{a}–{b}: required pair dropped, {b} left the ШНОР/ШНСУ list")
        else:
            required.append((a, b))
    excluded = tuple(p for p in cons.excluded_pairs if p[0] in index and p[1] in index)
    return cons.model_copy(update={"required_pairs": tuple(required), "excluded_pairs": excluded}), notes


def _own_reasons(G: nx.Graph, cand: Candidates, pairing: Pairing, boosted: np.ndarray) -> tuple[Unpaired, ...]:
    """The unpaired schools' reasons told with the pairs' own scores (the solver saw the bonus)."""
    from netmatch.matching import _unpaired_reason  # the solvers' own words

    touched = set(cand.partner[boosted].tolist())
    index = {s: i for i, s in enumerate(cand.ids)}
    if not any(index[u.school] in touched for u in pairing.unpaired):
        return pairing.unpaired
    used = np.zeros(len(cand.ids))
    cap = np.zeros(len(cand.ids))
    for school, (load, room) in pairing.kpis.leader_load.items():
        used[index[school]], cap[index[school]] = load, room
    got = Counter(b for _, b in {(p.leader, p.partner) for p in pairing.pairs})
    lacking = "часов наставничества" if pairing.method == "load_units" else None
    out = []
    for u in pairing.unpaired:
        row = index[u.school]
        if row in touched:
            u = _unpaired_reason(G, cand, row, got[u.school], np.flatnonzero(cand.partner == row), used, cap, lacking)
        out.append(u)
    return tuple(out)


def replan(previous: Plan | Pairing | Iterable[tuple[str, str]], registry: Registry, *,
           switching_penalty: float = 0.15, **options: Any) -> Plan:
    """This year's plan that keeps working partnerships.

    A pair from last year stays unless its school left the ШНОР/ШНСУ list, either school
    closed (or merged), the leader is no longer a leader, the pair became infeasible, or
    another plan is better by more than ``switching_penalty`` per switched pair (the pair's
    score gets that bonus while solving: a switch must earn it back; the plan reports the
    pairs' own scores). The plan's ``notes`` list what was released and why.

    From a previous :class:`Plan`, the identification rules, pairing method and sharing
    switch carry over, and so do the constraints and weights in force last year (after its
    edits); required and excluded pairs that no longer make sense are dropped with a note.
    Last year's edits do not carry over: pass ``edits=`` again for decisions that still hold.
    ``options`` (any :class:`Scenario` field, and ``name``) override what carries over.

    >>> import netmatch as nm
    >>> reg = nm.datasets.load_demo()
    >>> first = plan(reg)
    >>> again = replan(first, reg)
    >>> again.pairs() == first.pairs()
    True
    """
    if not isinstance(switching_penalty, int | float) or not switching_penalty >= 0:
        raise InvalidInputError([f"The 'switching_penalty' parameter of replan must be 0 or more. "
                                 f"Got {switching_penalty!r} instead."])
    name = options.pop("name", "продолжение")
    carried: dict[str, Any] = {}
    if isinstance(previous, Plan):
        old = previous.pairs()
        if previous.scenario is not None:
            carried = {"rules": previous.scenario.rules, "pairing": previous.scenario.pairing,
                       "sharing": previous.scenario.sharing,
                       "sharing_constraints": previous.scenario.sharing_constraints}
        # the limits and weights in force last year, after that scenario's edits
        for part, model in (("constraints", Constraints), ("weights", ScoringWeights)):
            if previous.graph.graph.get(part) is not None:
                carried[part] = coerce(model, previous.graph.graph[part], "replan")
        carried = {k: v for k, v in carried.items() if v is not None and k not in options}
    elif isinstance(previous, Pairing):
        old = sorted({(p.leader, p.partner) for p in previous.pairs})
    else:
        old = sorted({(str(a), str(b)) for a, b in previous})
    scenario = dataclasses.replace(_scenario(registry, {**carried, **options}, "replan"), name=name)
    reg, cons, ident = _prepare(scenario, "replan")
    notes: list[str] = []
    if "constraints" in carried:
        cons, notes = _current_contracts(cons, ident)
        scenario = dataclasses.replace(scenario, constraints=cons)
    G = build_graph(reg, ident, cons, coerce(ScoringWeights, scenario.weights, "replan"))
    cand = candidates_of(G)
    ids = cand.ids
    index = {s: i for i, s in enumerate(ids)}
    n = len(ids)
    kept_keys = []
    for a, b in old:
        if a not in index and b not in index:
            notes.append(f"{a}–{b}: released, both schools closed or merged")
        elif b not in index:
            notes.append(f"{a}–{b}: released, {b} closed or merged")
        elif a not in index:
            notes.append(f"{a}–{b}: released, leader {a} closed or merged")
        elif not cand.needs_partner[index[b]]:
            notes.append(f"{a}–{b}: released, {b} left the ШНОР/ШНСУ list")
        elif not cand.is_leader[index[a]]:
            notes.append(f"{a}–{b}: released, {a} is no longer a leader")
        elif not G.has_edge(a, b):
            notes.append(f"{a}–{b}: released, the pair is no longer feasible under the limits")
        else:
            kept_keys.append(index[a] * n + index[b])
    solver = _PAIRING[scenario.pairing]
    kept = np.isin(cand.leader * n + cand.partner, np.array(kept_keys, dtype=np.int64))
    if kept.any() and switching_penalty > 0:
        boosted = dataclasses.replace(cand, score=cand.score + switching_penalty * kept)
        edges = [(ids[cand.leader[e]], ids[cand.partner[e]], e) for e in np.flatnonzero(kept).tolist()]
        G.graph["candidates"] = boosted
        for a, b, e in edges:
            G.edges[a, b]["score"] = float(boosted.score[e])
        try:
            pairing = solver(G)
        finally:  # the graph keeps the pairs' own scores; the bonus only steered the solver
            G.graph["candidates"] = cand
            for a, b, e in edges:
                G.edges[a, b]["score"] = float(cand.score[e])
                G.edges[a, b]["continuity_bonus"] = switching_penalty
        own = {(a, b): float(cand.score[e]) for a, b, e in edges}
        boosted_entries = sum(1 for p in pairing.pairs if (p.leader, p.partner) in own)
        pairing = dataclasses.replace(
            pairing, pairs=tuple(dataclasses.replace(p, score=own.get((p.leader, p.partner), p.score))
                                 for p in pairing.pairs),
            unpaired=_own_reasons(G, cand, pairing, kept),
            objective=pairing.objective - switching_penalty * boosted_entries)
    else:
        pairing = solver(G)
    new: dict[str, list[str]] = {}
    for p in pairing.pairs:
        new.setdefault(p.partner, []).append(p.leader)
    unpaired = {u.school: u.reason("en") for u in pairing.unpaired}
    for key in sorted(set(kept_keys)):
        a, b = ids[key // n], ids[key % n]
        if a in new.get(b, ()):
            continue
        if new.get(b):
            notes.append(f"{a}–{b}: switched to {', '.join(sorted(set(new[b])))}, a better plan outweighs the "
                         f"switching penalty {switching_penalty:g}")
        else:
            notes.append(f"{a}–{b}: released, {b} is left without a leader ({unpaired.get(b, 'not chosen')})")
    sharing = _share(scenario, reg, ident)
    return Plan(name=scenario.name, registry=reg, identification=ident, graph=G, pairing=pairing, sharing=sharing,
                kpis=_kpis(ident, pairing, sharing), scenario=scenario, notes=tuple(notes))


@dataclass(frozen=True)
class Monitoring:
    """Year-over-year dynamics: results of paired schools, list changes, programme indicators."""

    dynamics: pd.DataFrame
    lists: pd.DataFrame
    indicators: pd.DataFrame


def monitor(registries_by_year: Mapping[int, Registry],
            pairings_by_year: Mapping[int, Pairing | Plan],
            rules: IdentificationRules | Mapping[str, Any] | None = None) -> Monitoring:
    """Follow the programme over the years.

    Parameters
    ----------
    registries_by_year : {year: Registry}
        Each year's registry (its results window ending that year).
    pairings_by_year : {year: Pairing or Plan}
        The plan in force each year.
    rules : IdentificationRules, optional

    Returns
    -------
    Monitoring
        ``dynamics``: per paired school, procedure, subject and year, its mean z-score over
        that year's window and the trend;
        ``lists``: per year and status, the schools that entered and left the list;
        ``indicators``: per year, the share of ШНОР/ШНСУ covered, of all schools in the
        network, and of last year's low-results schools whose overall results improved
        (schools that closed count as not improved), and the sizes of both lists.

    >>> import netmatch as nm
    >>> reg = nm.datasets.load_demo()
    >>> m = monitor({2025: reg}, {2025: plan(reg)})
    >>> float(m.indicators.loc[0, "share_covered"])
    1.0
    """
    import pandas as pd

    years = sorted(registries_by_year)
    missing = [y for y in years if y not in pairings_by_year]
    if missing:
        raise InvalidInputError([f"monitor: no pairing for the year(s) {missing}."])
    cooked = coerce(IdentificationRules, rules, "monitor")
    idents = {y: identify(registries_by_year[y], cooked) for y in years}
    pairings = {y: (p.pairing if isinstance(p, Plan) else p) for y, p in pairings_by_year.items()}
    paired = sorted({pair.partner for y in years for pair in pairings[y].pairs})
    dyn_rows = []
    for y in years:
        ident = idents[y]
        rows = ident.index
        for s in paired:
            if s not in rows:
                continue
            row = rows[s]
            for k, (proc, subj) in enumerate(ident.profile.keys):
                z = float(ident.profile.z[row, k])
                if not math.isnan(z):
                    dyn_rows.append((s, y, proc, subj, z, float(ident.profile.trend[row, k])))
    dynamics = pd.DataFrame(dyn_rows, columns=["school", "year", "procedure", "subject", "z", "trend"])
    list_rows = []
    for prev, cur in itertools.pairwise(years):
        for status in (Status.LOW_RESULTS, Status.UNFAVOURABLE, Status.LEADER):
            a = set(idents[prev]._having(status))
            b = set(idents[cur]._having(status))
            list_rows += [(cur, status.value, s, "entered") for s in sorted(b - a)]
            list_rows += [(cur, status.value, s, "left") for s in sorted(a - b)]
    lists = pd.DataFrame(list_rows, columns=["year", "status", "school", "change"])
    ind_rows = []
    for k, y in enumerate(years):
        kp = pairings[y].kpis
        improved = math.nan
        if k:
            prev = years[k - 1]
            low = idents[prev].low_results
            if low:
                then, now = idents[prev].index, idents[y].index
                before = {s: idents[prev].overall[then[s]] for s in low}
                after = {s: idents[y].overall[now[s]] for s in low if s in now}
                improved = sum(1 for s, v in after.items() if v == v and before[s] == before[s] and v > before[s]) \
                    / len(low)
        ind_rows.append((y, kp.share_covered, kp.share_in_network, improved, len(idents[y].low_results),
                         len(idents[y].unfavourable)))
    indicators = pd.DataFrame(ind_rows, columns=["year", "share_covered", "share_in_network",
                                                 "share_low_improved", "low_results", "unfavourable"])
    return Monitoring(dynamics=dynamics, lists=lists, indicators=indicators)
