"""The partner tables as a reader hands them over: organisations, needs and teachers checked against the schools.

:func:`netmatch.read_registry` reads the optional «Организации», «Потребности» and «Педагоги»
tables column by column, as it reads the resources; :func:`check_partners` and
:func:`check_teachers` validate them against the codes of the schools read (:func:`readable_codes`),
and :func:`readable_codes` of the organisations are the hosts a resource may name beside the schools.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netmatch._data.columnwise import ColumnRecords
from netmatch._data.partners import Need, Organisation
from netmatch._data.people import staff_problems, teacher_problems
from netmatch._data.registry import _school_codes, partner_problems
from netmatch._data.staff import StaffMember, SubjectTeachers
from netmatch.exceptions import Problem

__all__ = ["check_partners", "check_people", "readable_codes"]


def readable_codes(records: Sequence[Any], name: str = "id") -> set[str]:
    """The values of the field ``name`` that read as codes (an unreadable one is its own table's problem).

    Of records kept column by column only that one column is read: no record's dict is built.

    >>> import numpy as np
    >>> sorted(readable_codes(ColumnRecords({"id": np.array(["O1", None, "O2"], dtype=object)}, 3)))
    ['O1', 'O2']
    >>> readable_codes([{"school": "S1", "help": "психолог"}], "school")
    {'S1'}
    """
    if isinstance(records, ColumnRecords):
        column = records.columns.get(name)
        if column is None:
            return set()
        records = ColumnRecords({"id": column}, len(records))
    elif name != "id":
        records = [{"id": r.get(name)} for r in records]
    return _school_codes(records)


def check_partners(organisations: Sequence[Any], needs: Sequence[Any], schools: Sequence[Any]
                   ) -> tuple[tuple[Organisation, ...], tuple[Need, ...], list[Problem]]:
    """The organisations and needs validated against the schools' codes; nothing to do without them.

    Returns what :func:`~netmatch._data.registry.partner_problems` returns: the records (meaningful only
    without problems) and the problems, each with its record's 0-based position in ``index``.

    >>> orgs, needs, found = check_partners([], [{"school": "S9", "help": "профориентация"}], [{"id": "S1"}])
    >>> [(p.table, p.column, p.value) for p in found]
    [('needs', 'school', 'S9')]
    >>> check_partners([], [], [{"id": "S1"}])
    ((), (), [])
    """
    if not len(organisations) and not len(needs):
        return (), (), []
    return partner_problems(organisations, needs, readable_codes(schools))


def check_people(teachers: Sequence[Any], staff: Sequence[Any], schools: Sequence[Any], organisations: Sequence[Any]
                 ) -> tuple[tuple[SubjectTeachers, ...], tuple[StaffMember, ...], list[Problem]]:
    """The teachers and the staff validated against the schools' (and organisations') codes.

    Returns the rows of each (meaningful only without problems) and the problems of both
    (:mod:`netmatch._data.people`), each with its row's 0-based position in ``index``.

    >>> rows, people, found = check_people([{"school": "S9", "subject": "химия", "teachers": 1}], [],
    ...                                    [{"id": "S1"}], [])
    >>> [(p.table, p.column, p.value) for p in found]
    [('teachers', 'school', 'S9')]
    >>> check_people([], [], [{"id": "S1"}], [])
    ((), (), [])
    """
    rows, found = teacher_problems(teachers, readable_codes(schools)) if len(teachers) else ((), [])
    if not len(staff):
        return rows, (), found
    people, more = staff_problems(staff, readable_codes(schools) | readable_codes(organisations))
    return rows, people, found + more
