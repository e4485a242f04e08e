"""Edits of a scenario: open a centre, close or merge a school, change a capacity, a limit or a status, bring in or
take out a partner organisation, put a school into an association.

An edit is a small frozen dataclass whose ``apply`` builds a new :class:`_State` (registry,
constraints as a dict, status decisions) from the old one; every model is immutable, so the base
registry is never touched. :func:`apply_edits` runs a list of them in order.

>>> import netmatch as nm
>>> reg, cons, statuses = apply_edits(nm.datasets.load_demo(), {}, (CloseSchool("S18"), SetLimit("max_km", 30)))
>>> "S18" in reg, cons["max_km"], statuses
(False, 30, {})
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netmatch._base.params import invalid
from netmatch._data import Organisation, Registry, Resource, ResourceKind, StaffMember, SubjectTeachers
from netmatch._identify import Status
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints

__all__ = [
    "EDIT_TYPES",
    "AddLeader",
    "AddOrganisation",
    "AddStaff",
    "CloseSchool",
    "Edit",
    "JoinAssociation",
    "MergeSchools",
    "MoveEvent",
    "OpenCentre",
    "RemoveLeader",
    "RemoveOrganisation",
    "SetLeaderCapacity",
    "SetLimit",
    "SetStaffLoad",
    "SetStatus",
    "apply_edits",
]


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
        needs = [x for x in reg.needs if x.school != self.school]
        teachers = [t for t in reg.teachers if t.school != self.school]
        cons, statuses = _forget(state, self.school)
        return _State(reg.replace(schools=schools, results=results, resources=resources, needs=needs,
                                  teachers=teachers, staff=_rehomed(reg, self.school, None)), cons, statuses)


@dataclass(frozen=True)
class MergeSchools:
    """Merge ``school`` into ``into``: pupils, teachers (by subject too), resources, needs and partnerships move;
    its results go.

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
        needs = [x.model_copy(update={"school": self.into}) if x.school == self.school else x for x in reg.needs]
        results = reg.results.take(reg.results.school != self.school)
        cons, statuses = _forget(state, self.school)
        return _State(reg.replace(schools=schools, results=results, resources=resources, needs=needs,
                                  teachers=_merged_teachers(reg, self.school, self.into),
                                  staff=_rehomed(reg, self.school, self.into)), cons, statuses)


def _rehomed(reg: Registry, school: str, into: str | None) -> list[Any]:
    """The staff with the people of ``school`` working at ``into`` (at no school when it closes, placed where
    it stood); a head of ``school`` heads neither."""
    gone = reg.school(school)
    out = []
    for p in reg.staff:
        if p.school == school:
            place = {} if p.latitude is not None or into is not None else {"latitude": gone.latitude,
                                                                           "longitude": gone.longitude}
            p = p.model_copy(update={"school": into, "head": None, **place})  # no longer its head
        out.append(p)
    return out


def _merged_teachers(reg: Registry, school: str, into: str) -> list[Any]:
    """The teachers with ``school``'s joining ``into``'s: named teachers move, and a subject either school
    counts is counted as the two schools' teachers together."""
    counts = reg.subject_teachers
    counted = {t.subject for t in reg.teachers if t.name is None and t.school in (school, into)}
    total = {s: counts.get((school, s), 0) + counts.get((into, s), 0) for s in counted}
    out = [t for t in reg.teachers if t.school not in (school, into)]
    named = set()
    for t in reg.teachers:
        if t.school in (school, into) and t.name is not None and (t.subject, t.name.casefold()) not in named:
            named.add((t.subject, t.name.casefold()))
            out.append(t.model_copy(update={"school": into}))
    out += [SubjectTeachers(school=into, subject=s, teachers=n) for s, n in sorted(total.items())]
    return out


@dataclass(frozen=True)
class SetLeaderCapacity:
    """Change how many partners a leader takes."""

    school: str
    capacity: int

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        if self.capacity < 0:
            raise invalid("capacity", "SetLeaderCapacity", "0 or more", self.capacity)
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


#: Every kind of edit, in the order the documentation lists them.
@dataclass(frozen=True)
class AddOrganisation:
    """Bring a partner organisation into the programme (an :class:`~netmatch.Organisation` or a dict of its fields).

    >>> reg, _, _ = apply_edits(__import__("netmatch").datasets.load_demo(), {}, (AddOrganisation(
    ...     {"id": "NEW", "name": "Технопарк", "kind": "доп. образование", "leads": True}),))
    >>> reg.organisation("NEW").kind.value
    'additional'
    """

    organisation: Any

    def apply(self, state: _State) -> _State:
        reg = state.registry
        org = self.organisation if isinstance(self.organisation, Organisation) else Organisation.model_validate(
            dict(self.organisation))
        return dataclasses.replace(state, registry=reg.replace(organisations=(*reg.organisations, org)))


@dataclass(frozen=True)
class RemoveOrganisation:
    """Take a partner organisation out: the resources it hosts go with it."""

    code: str

    def apply(self, state: _State) -> _State:
        reg = state.registry
        if self.code not in reg.organisation_index:
            raise InvalidInputError([f"{type(self).__name__}: no organisation {self.code!r} in the registry."])
        return dataclasses.replace(state, registry=reg.replace(
            organisations=[o for o in reg.organisations if o.id != self.code],
            resources=[r for r in reg.resources if r.host != self.code]))


@dataclass(frozen=True)
class JoinAssociation:
    """Put ``school`` into the association of ``leader`` (a leader school or an organisation that leads).

    The plan's associations keep it there (:func:`netmatch.form_networks`'s ``join``); a school the
    leader cannot take — beyond the travel rules, a leader itself — is an error naming why.
    """

    school: str
    leader: str

    def apply(self, state: _State) -> _State:
        _check_school(state, self.school, self)
        if self.leader not in state.registry and self.leader not in state.registry.organisation_index:
            raise InvalidInputError([f"{type(self).__name__}: {self.leader!r} is neither a school nor an organisation "
                                     "of the registry."])
        return state  # kept by the scenario and honoured by its associations


@dataclass(frozen=True)
class AddStaff:
    """Bring a person into the programme's staff (a :class:`~netmatch.StaffMember` or a dict of its fields).

    >>> reg, _, _ = apply_edits(__import__("netmatch").datasets.load_demo(), {}, (AddStaff(
    ...     {"id": "K09", "name": "Новикова Анна Павловна", "role": "куратор", "max_schools": 2, "remote": True}),))
    >>> reg.person("K09").role.value
    'curator'
    """

    person: Any

    def apply(self, state: _State) -> _State:
        reg = state.registry
        person = self.person if isinstance(self.person, StaffMember) else StaffMember.model_validate(dict(self.person))
        if person.id in reg.staff_index:
            raise InvalidInputError([f"AddStaff: the staff already has {person.id!r}; give a new code."])
        return dataclasses.replace(state, registry=reg.replace(staff=(*reg.staff, person)))


@dataclass(frozen=True)
class SetStaffLoad:
    """Change a person's load: the schools he or she may curate and/or the hours a month for the programme.

    >>> reg, _, _ = apply_edits(__import__("netmatch").datasets.load_demo(), {}, (SetStaffLoad("K02", hours=20),))
    >>> reg.person("K02").hours, reg.person("K02").max_schools
    (20.0, 2)
    """

    person: str
    max_schools: int | None = None
    hours: float | None = None

    def apply(self, state: _State) -> _State:
        reg = state.registry
        if self.person not in reg.staff_index:
            raise InvalidInputError([f"SetStaffLoad: no person {self.person!r} in the staff."])
        if self.max_schools is None and self.hours is None:
            raise InvalidInputError(["SetStaffLoad: give «max_schools», «hours» or both."])
        update = {k: v for k, v in (("max_schools", self.max_schools), ("hours", self.hours)) if v is not None}
        current = reg.person(self.person)
        changed = StaffMember.model_validate({**current.model_dump(), **update})
        return dataclasses.replace(state, registry=reg.replace(
            staff=[changed if p.id == self.person else p for p in reg.staff]))


@dataclass(frozen=True)
class MoveEvent:
    """Move an event of the plan of events to a date (``"2025-11-18"``) or a month (``"2025-11"``).

    The registry is untouched: :func:`netmatch.plan_events` keeps the event there and re-plans the rest.
    """

    event: str
    when: Any

    def apply(self, state: _State) -> _State:
        return state  # kept by the scenario and honoured by its plan of events


Edit = (OpenCentre | CloseSchool | MergeSchools | SetLeaderCapacity | SetLimit | SetStatus | AddLeader | RemoveLeader
        | AddOrganisation | RemoveOrganisation | JoinAssociation | AddStaff | SetStaffLoad | MoveEvent)
EDIT_TYPES = (OpenCentre, CloseSchool, MergeSchools, SetLeaderCapacity, SetLimit, SetStatus, AddLeader, RemoveLeader,
              AddOrganisation, RemoveOrganisation, JoinAssociation, AddStaff, SetStaffLoad, MoveEvent)


def apply_edits(registry: Registry, constraints: Mapping[str, Any], edits: Sequence[Any],
                ) -> tuple[Registry, dict[str, Any], dict[str, frozenset[Status]]]:
    """Apply ``edits`` in order: the edited registry, the constraints (as a dict) and the status decisions.

    A status decision maps a school to its statuses; an empty set (from :class:`RemoveLeader`)
    means the computed statuses without LEADER.

    >>> import netmatch as nm
    >>> _, _, statuses = apply_edits(nm.datasets.load_demo(), {}, (AddLeader("S02"),))
    >>> statuses
    {'S02': frozenset({<Status.LEADER: 'leader'>})}
    """
    state = _State(registry, dict(constraints), {})
    for k, edit in enumerate(edits):
        if not isinstance(edit, EDIT_TYPES):
            raise InvalidInputError([f"Scenario: edit {k} must be one of {[t.__name__ for t in EDIT_TYPES]}. "
                                     f"Got {edit!r} instead."])
        state = edit.apply(state)
    return state.registry, state.constraints, state.statuses
