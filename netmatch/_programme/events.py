"""The plan of events (план мероприятий): :func:`plan_events` drafts a dated plan from a plan's network.

From the pairs, associations, subject groups, shared resources and curators of a
:class:`netmatch.Plan` and a catalogue of activity types (:mod:`netmatch._programme.catalogue`,
the shipped :data:`~netmatch._programme.catalogue.PRESET` by default), every activity is held as
often as the catalogue says for every unit of its scope, in the months of a school year
(September to May) or of any period, each event with a date, a start time, the place (the host
school, or remote), the schools taking part, the person responsible and the expected result.

The months are chosen exactly (:func:`netmatch._solvers.calendar.schedule_months`): every
event as near its even spread over the period as the monthly loads allow — the hours of each
responsible person (the staff table's «Часов в месяц», else ``person_hours``), the hours of a
school head who answers for events (``head_hours``), the in-person events one school or
organisation hosts (``host_events``) and the events one school takes part in (``school_events``).
An in-person event is held at its place for the schools within the travel rule of the plan's
constraints (``max_km``/``max_minutes``); a school beyond it, or without coordinates, joins it
remotely and is named so. It starts after the lessons of every school taking part: on Tuesday to
Thursday afternoon when all work in one shift, on Saturday morning otherwise. An event the loads
leave no month for is listed with the reason, never dropped. A coordinator moves an event
(``moves``: its id to a date or a month) and the rest is re-planned around it.

>>> import netmatch as nm
>>> p = nm.plan(nm.datasets.load_demo(), sharing=False)
>>> ev = plan_events(p)
>>> ev.kpis.unscheduled, check_events(ev, p)
(0, [])
>>> ev.events[0].id, ev.events[0].date_words("ru")
('consultation:K02:S12:1', '2 сентября 2025 г.')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from netmatch._base.geo import TravelModel
from netmatch._base.params import MAPPING, NONE, coerce, number, of, validate_params
from netmatch._base.results import Indicators, Reasoned
from netmatch._data import Registry
from netmatch._people.common import places_of
from netmatch._programme.catalogue import ACTIVITIES, SCOPES, Activity, catalogue_of
from netmatch._programme.dates import HOLIDAYS, date_words, days_for, month_words, months_between
from netmatch._programme.units import Responsible, StaffLookup, Unit, plan_units, responsible_for, shifts_of
from netmatch._scenario import MoveEvent, Plan
from netmatch._solvers.calendar import schedule_months
from netmatch._words import CATALOG, fill
from netmatch.exceptions import InvalidInputError
from netmatch.graph import Constraints

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Event", "EventKpis", "EventLoads", "EventPlan", "UnscheduledEvent", "check_events", "plan_events"]

#: How an event is held, ``form -> (Russian, English)``.
FORMS: dict[str, tuple[str, str]] = {"in_person": ("очно", "in person"), "remote": ("дистанционно", "remote"),
                                     "mixed": ("очно и дистанционно", "in person and remote")}
REASONS: dict[str, tuple[str, str]] = {
    "month_outside": ("месяц {month} вне периода плана", "the month {month} is outside the plan's period"),
    "overloaded": ("нагрузка не позволяет: {full}", "the loads leave no month: {full}"),
    "too_many": ("чаще, чем месяцев в периоде ({months})", "more often than the period has months ({months})"),
    "moved": ("перенесено координатором", "moved by the coordinator"),
}
#: The monthly loads in words, ``kind -> (Russian, English)`` (for the reasons of undated events).
LOAD_WORDS: dict[str, tuple[str, str]] = {
    "person": ("{code} ({name}) — не более {cap} ч в месяц", "{code} ({name}) — at most {cap} h a month"),
    "head": ("руководитель {code} — не более {cap} ч в месяц", "the head of {code} — at most {cap} h a month"),
    "host": ("{code} принимает не более {cap} очных мероприятий в месяц",
             "{code} hosts at most {cap} in-person events a month"),
    "school": ("{code} участвует не более чем в {cap} мероприятиях в месяц",
               "{code} takes part in at most {cap} events a month"),
}


class EventLoads(BaseModel):
    """The monthly loads a plan of events keeps (see the module)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    person_hours: float = Field(16.0, gt=0, description="Hours a month of a staff member who states none.")
    head_hours: float = Field(12.0, gt=0, description="Hours a month of a school head answering for events.")
    host_events: int = Field(4, ge=1, description="In-person events one school or organisation hosts a month.")
    school_events: int = Field(6, ge=1, description="Events one school takes part in a month.")
    weekday_start: str = Field("15:00", pattern=r"^\d{2}:\d{2}$")
    saturday_start: str = Field("10:00", pattern=r"^\d{2}:\d{2}$")


@dataclass(frozen=True)
class Event:
    """One dated event of the plan."""

    id: str
    activity: str
    name_ru: str
    name_en: str
    scope: str
    unit: str
    date: dt.date
    start: str
    form: str
    #: the host school or organisation of an in-person event; ``None`` when remote
    place: str | None
    participants: tuple[str, ...]
    #: those of ``participants`` joining remotely (beyond the travel rule, or without coordinates)
    remote: tuple[str, ...]
    responsible: str
    responsible_ru: str
    responsible_en: str
    hours: float
    result_ru: str
    result_en: str
    moved: bool = False
    #: who takes part, in words (the catalogue's), beside the schools
    participants_ru: str = ""
    participants_en: str = ""

    @property
    def month(self) -> tuple[int, int]:
        return (self.date.year, self.date.month)

    def date_words(self, lang: str = "ru") -> str:
        return date_words(self.date, lang)

    def name(self, lang: str = "ru") -> str:
        return self.name_ru if lang == "ru" else self.name_en


@dataclass(frozen=True)
class UnscheduledEvent(Reasoned):
    """An event of the catalogue the plan could not date, and why."""

    id: str
    activity: str
    scope: str
    unit: str
    code: str
    reason_ru: str
    reason_en: str


@dataclass(frozen=True)
class EventKpis(Indicators):
    """How many events the plan holds, how, and how loaded its busiest month is."""

    events: int
    in_person: int
    remote: int
    mixed: int
    unscheduled: int
    moved: int
    months: int
    #: the most events in one month
    busiest_month: int


@dataclass(frozen=True)
class EventPlan:
    """The dated events of a plan (by date), those left undated, and the monthly loads against their limits."""

    events: tuple[Event, ...]
    unscheduled: tuple[UnscheduledEvent, ...]
    kpis: EventKpis
    start: dt.date
    end: dt.date
    #: (load key, (year, month)) -> used; keys ``person:<id>``, ``head:<school>``, ``host:<code>``,
    #: ``school:<code>`` (hours for people and heads, events for hosts and schools)
    load: Mapping[tuple[str, tuple[int, int]], float]
    capacity: Mapping[str, float]
    loads: EventLoads = field(default_factory=EventLoads)

    def __repr__(self) -> str:
        k = self.kpis
        return f"<EventPlan: {k.events} events in {k.months} months, {k.unscheduled} undated>"

    @cached_property
    def _by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def event(self, event_id: str) -> Event:
        """The event with this id; ``KeyError`` naming it when there is none."""
        try:
            return self._by_id[event_id]
        except KeyError:
            raise KeyError(f"no event {event_id!r} in the plan") from None

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per event, by date: id, date, month, start, activity, scope, unit, form, place, participants,
        remote, responsible, hours, result (and the undated ones last, with the reason)."""
        import pandas as pd

        ru = lang == "ru"
        rows = [{"id": e.id, "date": e.date.isoformat(), "month": month_words(e.month, lang), "start": e.start,
                 "activity": e.name(lang), "scope": SCOPES[e.scope][0 if ru else 1], "unit": e.unit,
                 "form": FORMS[e.form][0 if ru else 1], "place": e.place or "",
                 "participants": ", ".join(e.participants), "remote": ", ".join(e.remote),
                 "responsible": e.responsible_ru if ru else e.responsible_en,
                 "hours": e.hours, "result": e.result_ru if ru else e.result_en, "reason": ""} for e in self.events]
        rows += [{"id": u.id, "activity": u.activity, "scope": SCOPES[u.scope][0 if ru else 1], "unit": u.unit,
                  "reason": u.reason(lang)} for u in self.unscheduled]
        cols = ["id", "date", "month", "start", "activity", "scope", "unit", "form", "place", "participants",
                "remote", "responsible", "hours", "result", "reason"]
        return pd.DataFrame(rows, columns=cols)


@dataclass(frozen=True, eq=False)
class _Occurrence:
    id: str
    activity: Activity
    unit: Unit
    k: int
    target: int


def _period(plan: Any, year: int | None, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start is None or end is None:
        years = plan.identification.years
        first = year if year is not None else (max(years) if years else 2025)
        start = start or dt.date(first, 9, 1)
        end = end or dt.date(start.year + (start.month >= 6), 5, 31)
    if end < start:
        raise InvalidInputError([f"plan_events: the period ends ({end}) before it starts ({start})."])
    return start, end


def _occurrences(catalogue: Sequence[Activity], units: Sequence[Unit], months: Sequence[tuple[int, int]]
                 ) -> tuple[list[_Occurrence], list[UnscheduledEvent]]:
    """Every activity for every unit of its scope, as often as it says, each with its target month."""
    out: list[_Occurrence] = []
    left: list[UnscheduledEvent] = []
    n = len(months)
    by_scope: dict[str, list[Unit]] = {}
    for u in units:
        by_scope.setdefault(u.scope, []).append(u)
    for a in catalogue:
        for ordinal, u in enumerate(by_scope.get(a.scope, ())):
            if a.months:
                at = [next((i for i, (_, m) in enumerate(months) if m == month), -1) for month in a.months]
            else:  # evenly, every ``n / per_year`` months; units take turns at the phase, so months share the load
                step = n / a.per_year
                phase = (ordinal % max(int(step), 1)) - (max(int(step), 1) - 1) / 2 if step >= 2 else 0.0
                at = [min(max(round((j + 0.5) * step - 0.5 + phase), 0), n - 1) for j in range(a.per_year)]
            for k, t in enumerate(at, 1):
                oid = f"{a.code}:{u.key}:{k}"
                if t < 0 or t >= n:
                    month = a.months[k - 1] if a.months else k
                    ru, en = fill(REASONS["month_outside"], month=str(month))
                    left.append(UnscheduledEvent(oid, a.code, a.scope, u.key, "month_outside", ru, en))
                elif not a.months and a.per_year > n and k > n:
                    ru, en = fill(REASONS["too_many"], months=str(n))
                    left.append(UnscheduledEvent(oid, a.code, a.scope, u.key, "too_many", ru, en))
                else:
                    out.append(_Occurrence(oid, a, u, k, min(t, n - 1)))
    return out, left


@dataclass(frozen=True, eq=False)
class _Setting:
    """Where and how one occurrence is held: the place, who joins remotely, the responsible, the form."""

    place: str | None
    remote: tuple[str, ...]
    responsible: Responsible
    form: str
    saturday: bool


def _place(o: _Occurrence, registry: Registry, known: Mapping[str, int]) -> str | None:
    """Where an occurrence is held in person: the unit's lead or member; ``None`` when it is held remotely."""
    a, u = o.activity, o.unit
    if a.form == "remote" or u.remote:
        return None  # a remote activity, a remote pair or curator
    place = u.member if a.at == "member" and u.member else u.lead
    if place not in known or place == "programme" or place in registry.staff_index:
        return None  # the programme, or a person: no venue
    return place


def _settings(occ: Sequence[_Occurrence], registry: Registry, cons: Constraints) -> list[_Setting]:
    """The place, remote participants, responsible and form of every occurrence."""
    codes = sorted({c for o in occ for c in (o.unit.lead, o.unit.member or o.unit.lead, *o.unit.participants)})
    at = {c: i for i, c in enumerate(codes)}
    shifts = {c: shifts_of(registry, c) for c in codes}
    places_of = [_place(o, registry, at) for o in occ]
    travel = [_others(o, place) for o, place in zip(occ, places_of, strict=True)]
    fine = _within(registry, codes, at, {(s, p) for p, others in zip(places_of, travel, strict=True)
                                         if p is not None for s in others}, cons)
    who: dict[tuple[str, str, str | None], Responsible] = {}
    staff = StaffLookup(registry)
    return [_setting(o, place, others, fine, registry, shifts, who, staff)
            for o, place, others in zip(occ, places_of, travel, strict=True)]


def _setting(o: _Occurrence, place: str | None, others: Sequence[str], fine: Mapping[tuple[str, str], bool],
             registry: Registry, shifts: Mapping[str, int], who: dict[tuple[str, str, str | None], Responsible],
             staff: StaffLookup) -> _Setting:
    """One occurrence's setting; ``who`` keeps the responsible found for a unit's role and place."""
    u = o.unit
    far = list(others) if place is None else [s for s in others if not fine[s, place]]
    if place is not None and others and len(far) == len(others):
        place = None  # nobody could come: the event goes remote
    key = (o.activity.responsible, u.key + "|" + u.scope, place)
    if key not in who:
        who[key] = responsible_for(o.activity.responsible, u, registry, place, staff)
    form = "remote" if place is None else ("mixed" if far else "in_person")
    return _Setting(place, tuple(s for s in u.participants if s in far or place is None), who[key], form,
                    max((shifts[s] for s in u.participants), default=1) > 1)


def _others(o: _Occurrence, place: str | None) -> list[str]:
    """Who travels to an in-person event: the schools other than the host, or the curator to the school."""
    u = o.unit
    return [u.lead] if u.scope == "curator" and place is not None else [s for s in u.participants if s != place]


def _within(registry: Registry, codes: Sequence[str], at: Mapping[str, int], pairs: set[tuple[str, str]],
            cons: Constraints) -> dict[tuple[str, str], bool]:
    """For each (traveller, place): whether the trip keeps the travel rule (an unknown trip does not); one
    vectorised computation for all of them."""
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    lat, lon = places_of(registry, codes)
    order = sorted(pairs)
    a = np.array([at[s] for s, _ in order], dtype=np.int64)
    b = np.array([at[p] for _, p in order], dtype=np.int64)
    if not len(order):
        return {}
    km, minutes = trip.trips(lat, lon, a, b)
    with np.errstate(invalid="ignore"):
        ok = trip.within_limits(km, minutes, cons.max_km, cons.max_minutes) & ~np.isnan(km)
    return dict(zip(order, ok.tolist(), strict=True))


def _uses(occ: Sequence[_Occurrence], sets: Sequence[_Setting], loads: EventLoads
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(occurrence, resource, load) of every use, the resource keys and their monthly capacities."""
    keys: dict[str, int] = {}
    caps: list[float] = []
    uo, ur, ul = [], [], []

    def use(o: int, key: str, load: float, cap: float) -> None:
        r = keys.setdefault(key, len(keys))
        if r == len(caps):
            caps.append(cap)
        uo.append(o)
        ur.append(r)
        ul.append(load)

    for i, (o, s) in enumerate(zip(occ, sets, strict=True)):
        r = s.responsible
        if r.person is not None:
            use(i, r.key, o.activity.hours, r.hours if r.hours is not None else loads.person_hours)
        elif r.school is not None:
            use(i, r.key, o.activity.hours, loads.head_hours)
        if s.place is not None:
            use(i, f"host:{s.place}", 1.0, float(loads.host_events))
        if o.unit.scope != "programme":
            for school in o.unit.participants:
                use(i, f"school:{school}", 1.0, float(loads.school_events))
    return (np.array(uo, np.int64), np.array(ur, np.int64), np.array(ul, float), list(keys),
            np.array(caps, float))


def _moves(moves: Mapping[str, str | dt.date] | None, occ: Sequence[_Occurrence], sets: Sequence[_Setting],
           months: Sequence[tuple[int, int]], start: dt.date, end: dt.date) -> dict[int, tuple[int, dt.date | None]]:
    """The coordinator's moves as (month index, date or None) by occurrence; every bad one in one error."""
    at = {o.id: i for i, o in enumerate(occ)}
    out: dict[int, tuple[int, dt.date | None]] = {}
    problems = []
    for event, when in (moves or {}).items():
        found = _move(event, when, at, sets, months, start, end)
        if isinstance(found, str):
            problems.append(found)
        else:
            out[at[event]] = found
    if problems:
        raise InvalidInputError(problems)
    return out


def _move(event: str, when: str | dt.date, at: Mapping[str, int], sets: Sequence[_Setting],
          months: Sequence[tuple[int, int]], start: dt.date, end: dt.date) -> tuple[int, dt.date | None] | str:
    """One move as (month index, date or None), or the problem with it."""
    if event not in at:
        return (f"moves: no event {event!r} in the plan; an id reads activity:unit:number, as the plan of events "
                "lists it.")
    day = when if isinstance(when, dt.date) else _parse_when(str(when))
    month = (day.year, day.month) if isinstance(day, dt.date) else day
    if month is None or month not in months or (isinstance(day, dt.date) and not start <= day <= end):
        return (f"moves: {event!r} to {when!r}: give a date YYYY-MM-DD or a month YYYY-MM within "
                f"{start.isoformat()} – {end.isoformat()}.")
    if not isinstance(day, dt.date):
        return months.index(month), None
    saturday = sets[at[event]].saturday
    if day.weekday() == 6 or (day.month, day.day) in HOLIDAYS or (day.weekday() == 5) != saturday:
        if saturday:
            return (f"moves: {event!r} to {day.isoformat()}: a school of the event works in two or three shifts; "
                    "give a Saturday that is no public holiday.")
        return (f"moves: {event!r} to {day.isoformat()}: not a working day for it; give a weekday (Monday to "
                "Friday) that is no public holiday.")
    return months.index(month), day


def _parse_when(text: str) -> dt.date | tuple[int, int] | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        y, m = text.split("-")
        return (int(y), int(m)) if 1 <= int(m) <= 12 else None
    except ValueError:
        return None


_DATE = of(dt.date, text="a datetime.date")


@validate_params(plan=of(Plan, text="a Plan"), catalogue=(ACTIVITIES, NONE),
                 year=(number(integer=True, ge=2000, le=2100), NONE), start=(_DATE, NONE), end=(_DATE, NONE),
                 loads=(of(EventLoads, text="EventLoads"), MAPPING, NONE), moves=(MAPPING, NONE),
                 time_limit=number(gt=0))
def plan_events(plan: Plan, *, catalogue: Iterable[Activity | Mapping[str, Any]] | None = None,
                year: int | None = None, start: dt.date | None = None, end: dt.date | None = None,
                loads: EventLoads | Mapping[str, Any] | None = None,
                moves: Mapping[str, str | dt.date] | None = None, time_limit: float = 30.0) -> EventPlan:
    """Draft the dated plan of events of a plan (see the module).

    Parameters
    ----------
    plan : Plan
        Its pairs, associations, groups, sharing and curators, registry and constraints.
    catalogue : list of Activity or dict, optional
        The activity types (default: the preset).
    year : int, optional
        The school year starting in September of ``year`` (default: the latest year of the results).
    start, end : datetime.date, optional
        Any other period (a stage of the programme); override ``year``.
    loads : EventLoads or dict, optional
        The monthly loads (``person_hours``, ``head_hours``, ``host_events``, ``school_events``,
        ``weekday_start``, ``saturday_start``).
    moves : dict, optional
        Event id -> a date (``"2025-11-18"`` or a :class:`datetime.date`) or a month (``"2025-11"``)
        decided by the coordinator; the rest is re-planned around them. Scenario edits
        :class:`netmatch.MoveEvent` of the plan's scenario are added to them.
    time_limit : float
        Seconds for the month solver.

    Returns
    -------
    EventPlan
    """
    acts = catalogue_of(catalogue)
    limits = coerce(EventLoads, loads, "plan_events")
    first, last = _period(plan, year, start, end)
    months = months_between(first, last)
    occ, left = _occurrences(acts, plan_units(plan), months)
    cons = _constraints(plan)
    sets = _settings(occ, plan.registry, cons)
    moved = _moves({**_scenario_moves(plan), **(moves or {})}, occ, sets, months, first, last)
    uo, ur, ul, keys, caps = _uses(occ, sets, limits)
    spread = _spread_groups(occ)
    pinned = np.array([moved[i][0] if i in moved else -1 for i in range(len(occ))], dtype=np.int64)
    sol = schedule_months(np.array([o.target for o in occ], dtype=np.int64), len(months), uo, ur, ul, caps,
                          spread=spread, pinned=pinned, time_limit=time_limit)
    events, load = _dated(occ, sets, sol.month, months, moved, first, last, limits, uo, ur, ul, keys)
    left += _undated(occ, sol.month, uo, ur, ul, keys, caps, load, months, plan.registry)
    return _result(events, left, months, first, last, load, dict(zip(keys, caps.tolist(), strict=True)), limits)


def _constraints(plan: Any) -> Constraints:
    """The travel rules the plan was made with (its graph keeps them)."""
    return Constraints(**plan.graph.graph.get("constraints") or {})


def _scenario_moves(plan: Any) -> dict[str, str | dt.date]:
    edits = getattr(plan.scenario, "edits", ()) or ()
    return {e.event: e.when for e in edits if isinstance(e, MoveEvent)}


def _spread_groups(occ: Sequence[_Occurrence]) -> np.ndarray:
    ids: dict[tuple[str, str], int] = {}
    return np.array([ids.setdefault((o.activity.code, o.unit.key), len(ids)) for o in occ], dtype=np.int64)


def _dated(occ: Sequence[_Occurrence], sets: Sequence[_Setting], month: np.ndarray, months: Sequence[tuple[int, int]],
           moved: Mapping[int, tuple[int, dt.date | None]], first: dt.date, last: dt.date, limits: EventLoads,
           uo: np.ndarray, ur: np.ndarray, ul: np.ndarray, keys: Sequence[str]
           ) -> tuple[list[Event], dict[tuple[str, tuple[int, int]], float]]:
    """The events with their days: spread over the month's days, fewest events of the same people on a day."""
    busy: dict[tuple[str, dt.date], int] = {}
    calendar: dict[tuple[int, int, bool], list[dt.date]] = {}
    by_occ: dict[int, list[str]] = {}
    load: dict[tuple[str, tuple[int, int]], float] = {}
    for o, r, w in zip(uo.tolist(), ur.tolist(), ul.tolist(), strict=True):
        by_occ.setdefault(o, []).append(keys[r])
        if month[o] >= 0:
            load[keys[r], months[int(month[o])]] = load.get((keys[r], months[int(month[o])]), 0.0) + w
    out = []
    order = sorted((i for i in range(len(occ)) if month[i] >= 0), key=lambda i: (int(month[i]), occ[i].id))
    for n, i in enumerate(order):
        o, s = occ[i], sets[i]
        y, m = months[int(month[i])]
        fixed = moved.get(i, (0, None))[1]
        if (y, m, s.saturday) not in calendar:
            calendar[y, m, s.saturday] = (days_for(y, m, s.saturday, first, last)
                                          or days_for(y, m, not s.saturday, first, last))
        days = [fixed] if fixed is not None else calendar[y, m, s.saturday]
        mine = by_occ.get(i, [])
        day = min(days, key=lambda d: (sum(busy.get((k, d), 0) for k in mine), (days.index(d) - n) % len(days)))
        for k in mine:
            busy[k, day] = busy.get((k, day), 0) + 1
        a = o.activity
        out.append(Event(id=o.id, activity=a.code, name_ru=a.name_ru, name_en=a.name_en, scope=a.scope,
                         unit=o.unit.key, date=day, start=limits.saturday_start if day.weekday() == 5
                         else limits.weekday_start, form=s.form, place=s.place, participants=o.unit.participants,
                         remote=s.remote, responsible=s.responsible.person or s.responsible.school or
                         s.responsible.key, responsible_ru=s.responsible.label_ru,
                         responsible_en=s.responsible.label_en, hours=a.hours, result_ru=a.result_ru,
                         result_en=a.result_en, moved=i in moved, participants_ru=a.participants_ru,
                         participants_en=a.participants_en))
    out.sort(key=lambda e: (e.date, e.id))
    return out, load


def _load_words(key: str, cap: float, registry: Registry) -> tuple[str, str]:
    kind, code = key.split(":", 1)
    name = registry.person(code).name if kind == "person" else ""
    return fill(LOAD_WORDS[kind], code=code, name=name, cap=f"{cap:g}")


def _undated(occ: Sequence[_Occurrence], month: np.ndarray, uo: np.ndarray, ur: np.ndarray, ul: np.ndarray,
             keys: Sequence[str], caps: np.ndarray, load: Mapping[tuple[str, tuple[int, int]], float],
             months: Sequence[tuple[int, int]], registry: Registry) -> list[UnscheduledEvent]:
    """The occurrences the loads left no month for, each naming the loads that were full."""
    at = {k: r for r, k in enumerate(keys)}
    out = []
    for i in np.flatnonzero(month < 0).tolist():
        o = occ[i]
        full = sorted({keys[r] for r, w in zip(ur[uo == i].tolist(), ul[uo == i].tolist(), strict=True)
                       if all(load.get((keys[r], mo), 0.0) + w > caps[r] + 1e-9 for mo in months)})
        words = [_load_words(k, float(caps[at[k]]), registry) for k in full]
        ru, en = fill(REASONS["overloaded"], full=("; ".join(w[0] for w in words) or "—",
                                                   "; ".join(w[1] for w in words) or "—"))
        out.append(UnscheduledEvent(o.id, o.activity.code, o.activity.scope, o.unit.key, "overloaded", ru, en))
    return out


def _result(events: list[Event], left: list[UnscheduledEvent], months: Sequence[tuple[int, int]], first: dt.date,
            last: dt.date, load: Mapping[tuple[str, tuple[int, int]], float], capacity: Mapping[str, float],
            limits: EventLoads) -> EventPlan:
    per_month: dict[tuple[int, int], int] = {}
    for e in events:
        per_month[e.month] = per_month.get(e.month, 0) + 1
    kpis = EventKpis(events=len(events), in_person=sum(e.form == "in_person" for e in events),
                     remote=sum(e.form == "remote" for e in events), mixed=sum(e.form == "mixed" for e in events),
                     unscheduled=len(left), moved=sum(e.moved for e in events), months=len(months),
                     busiest_month=max(per_month.values(), default=0))
    return EventPlan(events=tuple(events), unscheduled=tuple(left), kpis=kpis, start=first, end=last,
                     load=dict(sorted(load.items())), capacity=dict(sorted(capacity.items())), loads=limits)


@validate_params(events=of(EventPlan, text="an EventPlan"), plan=of(Plan, text="a Plan"))
def check_events(events: EventPlan, plan: Plan) -> list[str]:
    """Every rule a plan of events breaks: a load over its limit in a month, an in-person participant beyond the
    travel rule, an event before the lessons of its schools end (a weekday with a school in two or three shifts),
    on a Sunday or a public holiday, or outside the period. Empty for a valid plan (see the module)."""
    problems = []
    used: dict[tuple[str, tuple[int, int]], float] = {}
    reg, cons = plan.registry, _constraints(plan)
    trip = TravelModel(cons.road_factor, cons.speed_kmh)
    for e in events.events:
        for key, w in _event_loads(e, reg):
            used[key, e.month] = used.get((key, e.month), 0.0) + w
        if not events.start <= e.date <= events.end:
            problems.append(f"{e.id}: {e.date} is outside the period")
        if e.date.weekday() == 6 or (e.date.month, e.date.day) in HOLIDAYS:
            problems.append(f"{e.id}: {e.date} is a Sunday or a public holiday")
        if e.date.weekday() != 5 and max((shifts_of(reg, s) for s in e.participants), default=1) > 1:
            problems.append(f"{e.id}: a weekday event with a school in two or three shifts")
        if e.place is not None:
            going = [s for s in e.participants if s != e.place and s not in e.remote]
            codes = [e.place, *going]
            lat, lon = places_of(reg, codes)
            if going:
                km, minutes = trip.trips(lat, lon, np.arange(1, len(codes)), np.zeros(len(going), np.int64))
                ok = trip.within_limits(km, minutes, cons.max_km, cons.max_minutes) & ~np.isnan(km)
                problems += [f"{e.id}: {s} comes in person beyond the travel rule"
                             for s, fine in zip(going, ok.tolist(), strict=True) if not fine]
    for (key, month), w in sorted(used.items()):
        cap = events.capacity.get(key)
        if cap is None or w > cap + 1e-9:
            problems.append(f"{key} in {month_words(month, 'en')}: {w:g} against the limit {cap}")
    return problems


def _event_loads(e: Event, reg: Registry) -> list[tuple[str, float]]:
    """The loads an event puts on people and schools, read off the event itself."""
    out: list[tuple[str, float]] = []
    if e.responsible in reg.staff_index:
        out.append((f"person:{e.responsible}", e.hours))
    elif e.responsible in reg.index:
        out.append((f"head:{e.responsible}", e.hours))
    if e.place is not None:
        out.append((f"host:{e.place}", 1.0))
    if e.scope != "programme":
        out += [(f"school:{s}", 1.0) for s in e.participants]
    return out




CATALOG.keyed("events.reasons", {**REASONS, **{f"form.{k}": v for k, v in FORMS.items()},
                                 **{f"load.{k}": v for k, v in LOAD_WORDS.items()}})
