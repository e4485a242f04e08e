"""The checks of the people's tables against the rest of the registry: teachers and staff.

:func:`teacher_problems` and :func:`staff_problems` validate the optional «Педагоги» and
«Специалисты» tables (:mod:`netmatch._data.staff`) and what ties them to the schools, returning
every problem at once, each with its row's 0-based position, as the other tables' checks do;
:func:`subject_counts` reads the teachers of each school and subject from either form of row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from netmatch._data.columnwise import validate_each
from netmatch._data.staff import StaffMember, SubjectTeachers
from netmatch.exceptions import Problem

__all__ = ["staff_problems", "subject_counts", "teacher_problems"]


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.index or 0)


def teacher_problems(teachers: Sequence[Any], school_ids: Collection[str]
                     ) -> tuple[tuple[SubjectTeachers, ...], list[Problem]]:
    """The teachers rows validated, with every problem of theirs.

    A row names a school of the registry (``school_ids``). A school and subject have at most one
    counting row and one row per named teacher (names compared in any case); a repeat is a problem
    naming the first row, as a repeated result is. Named teachers of a school and subject may not
    outnumber its counting row. Returns the parsed rows (meaningful only without problems) and the
    problems.

    >>> rows, found = teacher_problems([{"school": "A", "subject": "Химия", "teachers": 1},
    ...                                 {"school": "A", "subject": "химия", "teachers": 2},
    ...                                 {"school": "Z", "subject": "физика", "teachers": 1}], {"A"})
    >>> [(p.index, p.column, p.value, p.expected) for p in found]  # doctest: +NORMALIZE_WHITESPACE
    [(1, 'subject', 'химия', 'one row per school and subject; this repeats item 0'),
     (2, 'school', 'Z', 'the id of a school in the registry')]
    >>> _, found = teacher_problems([{"school": "A", "subject": "химия", "teachers": 1},
    ...                              {"school": "A", "subject": "химия", "name": "Орлова"},
    ...                              {"school": "A", "subject": "химия", "name": "Белова"}], {"A"})
    >>> [(p.index, p.column, p.value) for p in found]
    [(2, 'name', 'Белова')]
    """
    rows, problems = validate_each(SubjectTeachers, "teachers", teachers)
    # a row with neither a count nor a name lacks the count: its column is named, as a required one is
    problems = [replace(p, column="teachers") if p.column is None and p.expected.startswith("a row gives") else p
                for p in problems]
    first: dict[tuple[str, str, str | None], int] = {}
    named: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        if row is None:
            continue
        person = None if row.name is None else row.name.casefold()
        key = (row.school, row.subject, person)
        if key in first:
            repeat = (f"one row per school and subject; this repeats item {first[key]}" if person is None
                      else f"one row per teacher and subject; this repeats item {first[key]}")
            problems.append(Problem("teachers", repeat,
                                    column="subject" if person is None else "name",
                                    value=row.subject if person is None else row.name, index=i, school=row.school))
        else:
            first[key] = i
        if row.school not in school_ids:
            problems.append(Problem("teachers", "the id of a school in the registry", column="school",
                                    value=row.school, index=i, school=row.school))
        if person is not None:
            named[row.school, row.subject] = named.get((row.school, row.subject), 0) + 1
            counted = first.get((row.school, row.subject, None))
            total = None if counted is None else rows[counted].count
            if total is not None and named[row.school, row.subject] > total:
                problems.append(Problem("teachers", f"no more named teachers than item {counted} counts ({total})",
                                        column="name", value=row.name, index=i, school=row.school))
    if problems:
        return (), _sorted(problems)
    return tuple(cast(list[SubjectTeachers], rows)), []


def staff_problems(staff: Sequence[Any], workplaces: Collection[str]
                   ) -> tuple[tuple[StaffMember, ...], list[Problem]]:
    """The staff validated: unique codes, and a workplace (``school``) among the registry's codes.

    ``workplaces`` are the codes of the schools and the organisations of the registry.

    >>> rows, found = staff_problems([{"id": "K1", "name": "Петров", "role": "куратор", "school": "S9"},
    ...                               {"id": "K1", "name": "Орлов", "role": "пилот"}], {"S1"})
    >>> [(p.index, p.column, p.value) for p in found]
    [(0, 'school', 'S9'), (1, 'role', 'пилот'), (1, 'id', 'K1')]
    """
    rows, problems = validate_each(StaffMember, "staff", staff)
    seen: dict[str, int] = {}
    for i, item in enumerate(staff):
        code = item.id if isinstance(item, StaffMember) else item.get("id") if isinstance(item, Mapping) else None
        code = rows[i].id if rows[i] is not None else code
        if isinstance(code, str) and code in seen:
            problems.append(Problem("staff", f"a unique code of a person; item {seen[code]} has the same code",
                                    column="id", value=code, index=i))
        elif isinstance(code, str):
            seen[code] = i
    for i, row in enumerate(rows):
        if row is not None and row.school is not None and row.school not in workplaces:
            problems.append(Problem("staff", "the code of a school or an organisation in the registry",
                                    column="school", value=row.school, index=i))
    if problems:
        return (), _sorted(problems)
    return tuple(cast(list[StaffMember], rows)), []


def subject_counts(teachers: Iterable[SubjectTeachers]) -> dict[tuple[str, str], int]:
    """The teachers of each (school, subject): its counting row, else how many teachers are named.

    >>> subject_counts([SubjectTeachers(school="A", subject="химия", name="Орлова"),
    ...                 SubjectTeachers(school="A", subject="химия", name="Белова"),
    ...                 SubjectTeachers(school="B", subject="химия", teachers=3),
    ...                 SubjectTeachers(school="B", subject="химия", name="Ильина")])
    {('A', 'химия'): 2, ('B', 'химия'): 3}
    """
    counted: dict[tuple[str, str], int] = {}
    named: dict[tuple[str, str], int] = {}
    for t in teachers:
        key = (t.school, t.subject)
        if t.name is None:
            counted[key] = t.count
        else:
            named[key] = named.get(key, 0) + 1
    return {**named, **counted}
