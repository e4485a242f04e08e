"""The plan of events in a saved plan and as the «План мероприятий» table.

:func:`events_record` keeps a :class:`netmatch.EventPlan` in ``plan.json`` (dates as ISO text);
:func:`events_table` lays it out for print: the date in words, the time, the event, whom it is
for, the form, the place, the schools taking part (those joining remotely marked), the person
responsible and the expected result, by date; the events the loads left undated follow, each
with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from netmatch._programme.catalogue import SCOPES
from netmatch._programme.dates import date_words, month_words
from netmatch._programme.events import FORMS
from netmatch.report.tables import Column, Table
from netmatch.report.words import li, names_of

__all__ = ["events_record", "events_table"]


def events_record(events: Any) -> dict[str, Any]:
    """A plan of events as plain data for ``plan.json``.

    >>> import netmatch as nm
    >>> p = nm.plan(nm.datasets.load_demo(), sharing=False)
    >>> rec = events_record(nm.plan_events(p))
    >>> rec["start"], rec["events"][0]["date"], rec["kpis"]["unscheduled"]
    ('2025-09-01', '2025-09-02', 0)
    """
    return {"start": events.start.isoformat(), "end": events.end.isoformat(), "kpis": events.kpis.as_dict(),
            "events": [{"id": e.id, "activity": e.activity, "name_ru": e.name_ru, "name_en": e.name_en,
                        "scope": e.scope, "unit": e.unit, "date": e.date.isoformat(), "start": e.start,
                        "form": e.form, "place": e.place, "participants": list(e.participants),
                        "remote": list(e.remote), "responsible": e.responsible, "responsible_ru": e.responsible_ru,
                        "responsible_en": e.responsible_en, "hours": e.hours, "result_ru": e.result_ru,
                        "result_en": e.result_en, "participants_ru": e.participants_ru,
                        "participants_en": e.participants_en, "moved": e.moved} for e in events.events],
            "unscheduled": [{"id": u.id, "activity": u.activity, "scope": u.scope, "unit": u.unit, "code": u.code,
                             "reason_ru": u.reason_ru, "reason_en": u.reason_en} for u in events.unscheduled]}


def _participants(e: Mapping[str, Any], lang: str) -> str:
    remote = set(e.get("remote") or ())
    mark = (" (дист.)", " (remote)")[li(lang)]
    return ", ".join(s + (mark if s in remote and e.get("place") else "") for s in e.get("participants") or ())


def _for(e: Mapping[str, Any], i: int) -> str:
    """Whom an event is for: its scope and unit (a curator's unit as «K02 — S12»)."""
    if e["scope"] == "programme":
        return SCOPES["programme"][i]
    return f"{SCOPES[e['scope']][i]} {e['unit'].replace(':', ' — ')}"


def events_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«План мероприятий»: every event by date, then the undated ones with their reasons.

    >>> rec = {"schools": [{"id": "S1", "name": "Лицей"}], "events": {"kpis": {"events": 1, "unscheduled": 0},
    ...        "start": "2025-09-01", "end": "2026-05-31", "events": [{"id": "day:S1:1", "name_ru": "День",
    ...        "name_en": "Day", "scope": "association", "unit": "S1", "date": "2025-10-14", "start": "15:00",
    ...        "form": "in_person", "place": "S1", "participants": ["S1", "S2"], "remote": ["S2"],
    ...        "responsible_ru": "Иванова И. И.", "responsible_en": "Иванова И. И.", "result_ru": "итог",
    ...        "result_en": "result", "moved": False}], "unscheduled": []}}
    >>> events_table(rec, "ru").rows[0][1:8]
    ['14 октября 2025 г.', '15:00', 'День', 'сетевое объединение S1', 'очно', 'S1 — Лицей', 'S1, S2 (дист.)']
    """
    i = li(lang)
    names = names_of(record)
    ev = record.get("events") or {}
    cols = (Column("n", "№", "No.", "int"), Column("date", "Дата", "Date"), Column("start", "Время", "Time"),
            Column("event", "Мероприятие", "Event", "long"), Column("for", "Для кого", "For", "long"),
            Column("form", "Формат", "Form"), Column("place", "Место проведения", "Place", "long"),
            Column("participants", "Участники", "Taking part", "long"),
            Column("responsible", "Ответственный", "Responsible", "long"),
            Column("result", "Ожидаемый результат", "Expected result", "long"),
            Column("note", "Примечание", "Note", "long"), Column("id", "Код мероприятия", "Event id"))
    rows = []
    key = ("_ru", "_en")[i]
    for n, e in enumerate(ev.get("events", []), 1):
        place = e.get("place")
        rows.append([n, date_words(dt.date.fromisoformat(e["date"]), lang), e["start"], e["name" + key],
                     _for(e, i),
                     FORMS[e["form"]][i], f"{place} — {names.get(place, '')}".rstrip(" —") if place else
                     FORMS["remote"][i], _participants(e, lang) or e.get("participants" + key, ""),
                     e["responsible" + key], e["result" + key],
                     ("перенесено координатором", "moved by the coordinator")[i] if e.get("moved") else "", e["id"]])
    for u in ev.get("unscheduled", []):
        rows.append([None, "—", "", u["activity"], _for(u, i), "", "", "", "", "",
                     (f"не назначено: {u['reason_ru']}", f"not dated: {u['reason_en']}")[i], u["id"]])
    k = ev.get("kpis") or {}
    period = ""
    if ev.get("start"):
        first, last = dt.date.fromisoformat(ev["start"]), dt.date.fromisoformat(ev["end"])
        period = f"{month_words((first.year, first.month), lang)} — {month_words((last.year, last.month), lang)}"
    note = (f"Период: {period}. Мероприятий: {k.get('events', 0)}, из них очно: {k.get('in_person', 0)}, "
            f"дистанционно: {k.get('remote', 0)}; без даты: {k.get('unscheduled', 0)}. Очные мероприятия — в "
            "пределах доезда; школа дальше присоединяется дистанционно (дист.)." if i == 0 else
            f"Period: {period}. Events: {k.get('events', 0)}, in person: {k.get('in_person', 0)}, remote: "
            f"{k.get('remote', 0)}; undated: {k.get('unscheduled', 0)}. In-person events are within the travel "
            "rule; a school farther away joins remotely (remote).")
    return Table("events", ("План мероприятий", "Plan of events")[i], cols, rows, note)
