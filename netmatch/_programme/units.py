"""The parts of a plan that events are held for (:class:`Unit`), and who answers for them.

A unit is one pair «лидер — школа», association, subject group, shared resource (its host and
the schools that use it), curator with a curated school, or the programme itself; it names the
leading side (``lead``), the member (for pairs and curators), the schools taking part and where
each stands. :func:`responsible_for` names the person or school that answers for an activity of
a unit: a named person of the staff when the staff table has one (the head of the leader school,
the curator, the coordinator, a methodist of the subject), else the role at that school.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netmatch._data import Registry
from netmatch._data.staff import StaffMember, StaffRole
from netmatch._programme.catalogue import RESPONSIBLE
from netmatch._words import fill

__all__ = ["Responsible", "StaffLookup", "Unit", "plan_units", "responsible_for", "shifts_of"]


@dataclass(frozen=True)
class Unit:
    """One part of the network events are held for."""

    scope: str
    key: str
    #: the leading side: a school, an organisation, or a person's code (a curator)
    lead: str
    #: the member of a pair or the curated school; ``None`` otherwise
    member: str | None
    #: the schools (and organisations) that take part, the leading side first
    participants: tuple[str, ...]
    #: the subject, for groups and subject pairs
    subject: str | None = None
    #: the pair or curator works at a distance (its events are held remotely)
    remote: bool = False


@dataclass(frozen=True)
class Responsible:
    """Who answers for an event: a person of the staff (``person``) or the head of a school (``school``)."""

    key: str
    label_ru: str
    label_en: str
    person: str | None = None
    school: str | None = None
    #: hours a month this person gives to the programme, when the staff table says
    hours: float | None = None


def plan_units(plan: Any) -> list[Unit]:
    """Every unit of a plan, in a fixed order: pairs, associations, groups, resources, curators, programme."""
    units: list[Unit] = []
    for p in plan.pairing.pairs:
        key = f"{p.leader}-{p.partner}" + (f"-{p.subject}" if p.subject else "")
        units.append(Unit("pair", key, p.leader, p.partner, (p.leader, p.partner), p.subject, p.mode == "remote"))
    for a in (plan.networks.associations if plan.networks is not None else ()):
        lead = () if a.organisation else (a.leader,)
        units.append(Unit("association", a.leader, a.leader, None,
                          (*((a.leader,) if a.organisation else lead), *a.members,
                           *((a.co_leader,) if a.co_leader else ()))))
    for g in (plan.groups.groups if plan.groups is not None else ()):
        units.append(Unit("group", f"{g.subject}:{g.host}", g.host, None, (g.host, *g.members), g.subject))
    users: dict[tuple[str, str], set[str]] = {}
    for f in (plan.sharing.flows if plan.sharing is not None else ()):
        if f.host != f.school:
            users.setdefault((f.resource, f.host), set()).add(f.school)
    for (resource, host), schools in sorted(users.items()):
        units.append(Unit("resource", resource, host, None, (host, *sorted(schools))))
    for c in (plan.curators.assignments if plan.curators is not None else ()):
        if c.curator is not None:
            units.append(Unit("curator", f"{c.curator}:{c.school}", c.curator, c.school, (c.school,),
                              remote=c.mode == "remote"))
    units.append(Unit("programme", "programme", "programme", None, ()))
    return units


class StaffLookup:
    """The staff as responsible_for asks it, read once: each school's head, the coordinator, the methodists."""

    def __init__(self, registry: Registry) -> None:
        self.heads: dict[str, StaffMember] = {}
        for p in registry.staff:
            if p.head and p.school is not None:
                self.heads.setdefault(p.school, p)  # the first head the table names
        self.coordinator = next((p for p in registry.staff if p.role == StaffRole.COORDINATOR), None)
        self.methodists = [p for p in registry.staff if p.role == StaffRole.METHODIST]

    def methodist(self, subject: str | None) -> StaffMember | None:
        """The first methodist, an expert in ``subject`` first."""
        if subject is None:
            return self.methodists[0] if self.methodists else None
        return min(self.methodists, key=lambda p: subject not in p.subjects, default=None)  # the first expert


def _person(p: StaffMember) -> Responsible:
    return Responsible(f"person:{p.id}", p.name, p.name, person=p.id, hours=p.hours)


def _role(role: str, school: str | None = None) -> Responsible:
    ru, en = RESPONSIBLE[role]
    if school is None:
        return Responsible(f"role:{role}", ru, en)
    ru, en = fill(("{role} {school}", "{role} {school}"), role=(ru, en), school=school)
    return Responsible(f"head:{school}", ru, en, school=school)


def responsible_for(role: str, unit: Unit, registry: Registry, place: str | None,
                    staff: StaffLookup | None = None) -> Responsible:
    """Who answers for an activity of ``role`` held for ``unit`` (at ``place``, a school, when in person);
    ``staff`` is the registry's :class:`StaffLookup` when already made."""
    staff = staff if staff is not None else StaffLookup(registry)
    if role == "curator":
        if unit.scope == "curator":
            return _person(registry.person(unit.lead))
        role = "coordinator"  # no curator of its own: the coordinator answers
    if role == "coordinator":
        p = staff.coordinator
        return _person(p) if p is not None else _role("coordinator")
    if role == "methodist":
        p = staff.methodist(unit.subject)
        return _person(p) if p is not None else _role("methodist")
    school = place if role == "host" and place is not None else unit.lead
    if unit.scope in ("curator", "programme") or school not in registry.index:
        p = staff.coordinator
        return _person(p) if p is not None else _role("coordinator")
    head = staff.heads.get(school)
    return _person(head) if head is not None else _role("leader" if role == "leader" else "host", school)


def shifts_of(registry: Registry, code: str) -> int:
    """The shifts of a school (1 for an organisation or a person: they keep no school timetable)."""
    return registry.school(code).shifts or 1 if code in registry.index else 1
