"""The tables of the programme's people, from a saved plan: «Кураторы» and «Наставники».

«Кураторы» lists every ШНОР/ШНСУ with its curator (or the reason it has none), the trip, the weak
subjects and those in the curator's expertise, and under it each curator's load against the
limit. «Наставники» lists every teacher of a ШНОР/ШНСУ in a weak subject with the mentor, the
mentor's school and the reason — and each weak subject that the teachers table does not staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netmatch.report.tables import Column, Table
from netmatch.report.words import MODE, li, names_of, yes_no

__all__ = ["curators_table", "mentors_table"]


def curators_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Кураторы»: each ШНОР/ШНСУ, its curator and why; the curators' loads in the note.

    >>> rec = {"schools": [{"id": "S", "name": "Школа"}], "curators": {"kpis": {"schools": 1, "assigned": 1},
    ...        "people": [{"id": "K", "name": "Иванова И. И.", "organisation": "ММС", "capacity": 2, "load": 1}],
    ...        "assignments": [{"school": "S", "curator": "K", "mode": "remote", "km": 40.2, "weak": ["химия"],
    ...        "matched": ["химия"], "fixed": False, "reason_ru": "куратор K", "reason_en": "curator K"}]}}
    >>> t = curators_table(rec, "ru")
    >>> t.rows[0][2:7], t.note
    (['K', 'Иванова И. И.', 'ММС', 'дистанционно', 40.2], 'Нагрузка кураторов (школ из возможных): K — 1 из 2.')
    """
    i = li(lang)
    names = names_of(record)
    cur = record.get("curators") or {}
    people = {p["id"]: p for p in cur.get("people", [])}
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование школы", "School name", "long"),
            Column("curator", "Куратор", "Curator"), Column("person", "ФИО куратора", "Curator's name"),
            Column("workplace", "Место работы", "Works at", "long"), Column("mode", "Формат", "Mode"),
            Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("weak", "Слабые предметы", "Weak subjects", "long"),
            Column("matched", "Из них в экспертизе куратора", "Of them in the curator's expertise", "long"),
            Column("fixed", "Назначен координатором", "Fixed by the coordinator"),
            Column("reason", "Почему так", "Why", "long"))
    rows = []
    for a in cur.get("assignments", []):
        p = people.get(a.get("curator") or "", {})
        rows.append([a["school"], names.get(a["school"], ""), a.get("curator") or "", p.get("name", ""),
                     p.get("organisation") or names.get(p.get("school") or "", ""),
                     MODE.get(a.get("mode") or "", ("", ""))[i] if a.get("curator") else "", a.get("km"),
                     ", ".join(a.get("weak") or ()), ", ".join(a.get("matched") or ()),
                     yes_no(bool(a.get("fixed")), lang), a["reason_ru"] if i == 0 else a["reason_en"]])
    of = ("из", "of")[i]
    loads = "; ".join(f"{p['id']} — {p['load']} {of} {p['capacity']}" for p in cur.get("people", []))
    note = (f"Нагрузка кураторов (школ из возможных): {loads or '—'}." if i == 0
            else f"The curators' loads (schools of those allowed): {loads or '—'}.")
    return Table("curators", ("Кураторы", "Curators")[i], cols, rows, note)


def mentors_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """«Наставники»: each teacher of a ШНОР/ШНСУ in a weak subject, the mentor and why.

    >>> rec = {"schools": [{"id": "S", "name": "Школа"}, {"id": "L", "name": "Лицей"}],
    ...        "mentors": {"kpis": {"mentees": 1, "matched": 1, "mentors_used": 1}, "assignments": [{"school": "S",
    ...        "subject": "химия", "teacher_ru": "Петров П. П.", "teacher_en": "Петров П. П.", "mentor_school": "L",
    ...        "mentor_ru": "Орлова О. О.", "mentor_en": "Орлова О. О.", "km": 12.0,
    ...        "reason_ru": "наставник из школы-лидера L", "reason_en": "mentor of the leader school L"}]}}
    >>> mentors_table(rec, "en").rows[0][2:7]
    ['химия', 'Петров П. П.', 'L', 'Лицей', 'Орлова О. О.']
    """
    i = li(lang)
    names = names_of(record)
    men = record.get("mentors") or {}
    cols = (Column("school", "Школа", "School"), Column("name", "Наименование школы", "School name", "long"),
            Column("subject", "Предмет", "Subject"), Column("teacher", "Педагог", "Teacher"),
            Column("mentor_school", "Школа наставника", "Mentor's school"),
            Column("mentor_school_name", "Наименование школы наставника", "Mentor's school name", "long"),
            Column("mentor", "Наставник", "Mentor"), Column("km", "Расстояние, км", "Distance, km", "km"),
            Column("reason", "Почему так", "Why", "long"))
    key = ("_ru", "_en")[i]
    rows = [[x["school"], names.get(x["school"], ""), x["subject"], x["teacher" + key], x.get("mentor_school") or "",
             names.get(x.get("mentor_school") or "", ""), x["mentor" + key], x.get("km"), x["reason" + key]]
            for x in men.get("assignments", [])]
    k = men.get("kpis") or {}
    note = (f"Педагогов ШНОР/ШНСУ по слабым предметам: {k.get('mentees', 0)}, с наставником: {k.get('matched', 0)}; "
            f"наставников занято: {k.get('mentors_used', 0)}." if i == 0 else
            f"Teachers of the ШНОР/ШНСУ in weak subjects: {k.get('mentees', 0)}, with a mentor: "
            f"{k.get('matched', 0)}; mentors taken: {k.get('mentors_used', 0)}.")
    return Table("mentors", ("Наставники", "Mentors")[i], cols, rows, note)
