"""The teachers of each school by subject: :class:`SubjectTeachers`, one row of the «Педагоги» table.

The schools table gives each school's whole staff (``School.teachers``); this optional table
says how many of them teach each subject, so that inter-school subject groups of teachers
(:func:`netmatch.form_groups`) can see how many teachers a school brings to a subject. A row
names a school of the registry and a subject in the spelling the results use (lower case,
``ё`` as ``е``, no punctuation); a school and subject appear in one row at most.

>>> row = SubjectTeachers(school="S01", subject="Русский язык", teachers="3")
>>> row.subject, row.teachers
('русский язык', 3)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from netmatch._data.models import MAX_COUNT, Id, _checked_subject, _Model, _number

__all__ = ["SubjectTeachers"]

#: A count that must be given: a whole number from 0 to :data:`~netmatch._data.models.MAX_COUNT`.
_RequiredCount = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_number(integer=True))]


class SubjectTeachers(_Model):
    """How many teachers of one school teach one subject (педагоги школы по предмету).

    All three fields are required; ``teachers`` is a whole number, 0 or more (0: the school
    states it has no teacher of the subject). ``subject`` is written as results write it.

    Examples
    --------
    >>> SubjectTeachers(school="S12", subject="химия", teachers=0).teachers
    0
    >>> SubjectTeachers(school="S12", subject="химия", teachers=-1)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SubjectTeachers
    teachers
      Input should be greater than or equal to 0 ...
    """

    school: Id = Field(description="Код школы, как в реестре школ.")
    subject: Annotated[str, BeforeValidator(_checked_subject), Field(min_length=1)] = Field(
        description="Учебный предмет, как в результатах.")
    teachers: _RequiredCount = Field(description="Сколько педагогов школы преподают предмет.")
