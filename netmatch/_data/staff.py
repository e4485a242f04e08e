"""The people of a programme: teachers (:class:`SubjectTeachers`, the «Педагоги» table) and staff
(:class:`StaffMember`, the «Специалисты» table: coordinators, curators, methodists).

The schools table gives each school's whole staff (``School.teachers``); the optional teachers
table says who teaches each subject, in one of two ways that may be mixed: a row counting the
teachers of a school and subject (``teachers``), or a row per named teacher (``name``; it counts
one) with the qualification category, the years of experience, whether the teacher is a mentor
(наставник) and the hours a month they can give to mentoring. A teacher of two subjects has a row
for each. Subjects are written as the results write them (lower case, ``ё`` as ``е``, no
punctuation). Inter-school subject groups (:func:`netmatch.form_groups`) read the counts; mentor
assignment (:func:`netmatch.assign_mentors`) reads the named teachers.

>>> row = SubjectTeachers(school="S01", subject="Русский язык", teachers="3")
>>> row.subject, row.count
('русский язык', 3)
>>> mentor = SubjectTeachers(school="S10", subject="математика", name="Иванова Мария Петровна",
...                          category="высшая", years=22, mentor="да", hours=8)
>>> mentor.count, mentor.category.label_ru, mentor.mentor
(1, 'высшая', True)
>>> StaffMember(id="K1", name="Петров П. П.", role="куратор", subjects="математика; физика").role
<StaffRole.CURATOR: 'curator'>
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from netmatch._base.parse import is_missing, parse_bool
from netmatch._data.models import (
    EXPECTED,
    MAX_COUNT,
    Count,
    Flag,
    Id,
    Text,
    _checked_subject,
    _code,
    _Coded,
    _Model,
    _number,
    _text,
)
from netmatch._data.partners import Latitude, Longitude, Subjects
from netmatch._words import CATALOG

__all__ = ["StaffMember", "StaffRole", "SubjectTeachers", "TeacherCategory"]

#: The hours in a month: the most a person can give to the programme in one.
MONTH_HOURS = 744
_MonthHours = Annotated[Annotated[float, Field(ge=0, le=MONTH_HOURS)] | None, BeforeValidator(_number())]
_Years = Annotated[Annotated[int, Field(ge=0, le=70)] | None, BeforeValidator(_number(integer=True))]
_TeacherCount = Annotated[Annotated[int, Field(ge=0, le=MAX_COUNT)] | None, BeforeValidator(_number(integer=True))]


def _no(value: object) -> object:
    return False if is_missing(value) else parse_bool(value)


_No = Annotated[bool, BeforeValidator(_no)]


def _trained(value: object) -> object:
    """A count of teachers, or yes/no for a row of one teacher (1/0)."""
    if isinstance(value, str) and not is_missing(value) and not value.strip().lstrip("+-").isdigit():
        return int(parse_bool(value))
    return value


_Trained = Annotated[Annotated[int, Field(ge=0, le=MAX_COUNT)] | None, BeforeValidator(_number(integer=True)),
                     BeforeValidator(_trained)]


class TeacherCategory(_Coded):
    """Квалификационная категория педагога."""

    HIGHEST = "highest", "высшая", "высшая категория", "высшая квалификационная категория", "highest"
    FIRST = "first", "первая", "первая категория", "первая квалификационная категория", "first"
    CONFORMITY = ("conformity", "соответствие занимаемой должности", "СЗД", "соответствие", "на соответствие",
                  "conformity")
    NONE = "no_category", "без категории", "нет категории", "б/к", "no category"


class StaffRole(_Coded):
    """Роль специалиста в программе: муниципальный координатор, куратор, методист."""

    COORDINATOR = ("coordinator", "координатор", "муниципальный координатор", "региональный координатор",
                   "ответственный", "coordinator")
    CURATOR = "curator", "куратор", "куратор школы", "куратор ШНОР", "curator"
    METHODIST = "methodist", "методист", "методист ММС", "методист муниципальной методической службы", "methodist"


class SubjectTeachers(_Model):
    """Teachers of one school in one subject (педагоги школы по предмету): a count, or one named teacher.

    A row without ``name`` counts the school's teachers of the subject (``teachers`` is then
    required: a whole number, 0 or more — 0 states there is none). A row with ``name`` is one
    teacher (``teachers`` empty or 1) and may say its ``category``, ``years`` of experience, whether it
    is a ``mentor`` and the ``hours`` a month it can give to mentoring.

    Examples
    --------
    >>> SubjectTeachers(school="S12", subject="химия", teachers=0).count
    0
    >>> SubjectTeachers(school="S12", subject="химия", teachers=-1)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SubjectTeachers
    teachers
      Input should be greater than or equal to 0 ...
    >>> SubjectTeachers(school="S12", subject="химия")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SubjectTeachers
      Value error, a row gives the number of teachers («Педагогов») or one teacher's name («ФИО») ...
    """

    school: Id = Field(description="Код школы, как в реестре школ.")
    subject: Annotated[str, BeforeValidator(_checked_subject), Field(min_length=1)] = Field(
        description="Учебный предмет, как в результатах.")
    teachers: _TeacherCount = Field(None, description="Сколько педагогов школы преподают предмет.")
    name: Text = Field(None, description="ФИО педагога (строка об одном педагоге).")
    category: Annotated[TeacherCategory | None, BeforeValidator(_code(TeacherCategory))] = Field(
        None, description="Квалификационная категория: высшая, первая, соответствие, без категории.")
    years: _Years = Field(None, description="Педагогический стаж, лет.")
    mentor: _No = Field(False, description="Наставник: да/нет.")
    hours: _MonthHours = Field(None, description="Часов в месяц на наставничество.")
    trained: _Trained = Field(None, description="Сколько из них прошли повышение квалификации (КПК) за последние "
                                                "3 года; в строке об одном педагоге — да/нет.")

    @model_validator(mode="after")
    def _counted(self) -> SubjectTeachers:
        if self.name is None and self.teachers is None:
            raise ValueError("a row gives the number of teachers («Педагогов») or one teacher's name («ФИО»)")
        if self.name is not None and self.teachers not in (None, 1):
            raise ValueError("a row naming a teacher counts one teacher: leave «Педагогов» empty or write 1")
        if self.trained is not None and self.trained > self.count:
            raise ValueError("more teachers trained («Прошли КПК») than the row counts («Педагогов»)")
        return self

    @property
    def count(self) -> int:
        """How many teachers the row counts: ``teachers``, or 1 for a named teacher."""
        return 1 if self.teachers is None else self.teachers


class StaffMember(_Model):
    """A person of the programme's staff (специалист): a coordinator, a curator or a methodist.

    ``school`` is the code of the school or organisation of the registry where the person works
    (``head``: its head); a curator is never assigned to the school where he or she works unless
    the assignment allows it. ``subjects`` are the subjects of expertise, written as results write
    them; ``max_schools`` and ``hours`` (a month) bound the load; ``remote`` marks one who can work
    at a distance. Coordinates, when not given, are those of ``school``.

    >>> StaffMember(id="K2", name="Сидорова А. А.", role="методист", latitude=52.0).role
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for StaffMember
      Value error, latitude and longitude must be given together (or both left empty) ...
    """

    id: Id = Field(description="Код специалиста: уникальный.")
    name: Annotated[str, BeforeValidator(_text), Field(min_length=1)] = Field(description="ФИО.")
    role: Annotated[StaffRole, BeforeValidator(_code(StaffRole))] = Field(
        description="Роль: координатор, куратор, методист.")
    organisation: Text = Field(None, description="Место работы, как его пишут: «Управление образования», ИРО ...")
    school: Annotated[str | None, BeforeValidator(_text)] = Field(
        None, description="Код школы или организации реестра, где работает специалист.")
    head: Flag = Field(None, description="Руководитель этой школы или организации.")
    municipality: Text = None
    subjects: Subjects = Field((), description="Предметы, в которых специалист эксперт.")
    max_schools: Count = Field(None, description="Сколько школ может курировать.")
    hours: _MonthHours = Field(None, description="Часов в месяц на программу.")
    latitude: Latitude = None
    longitude: Longitude = None
    remote: _No = Field(False, description="Может работать дистанционно.")

    @model_validator(mode="after")
    def _together(self) -> StaffMember:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together (or both left empty)")
        return self


_MONTH = "hours a month from 0 to 744"
_TRAINED = ("how many of the row's teachers were trained: a whole number, 0 or more (yes/no in a row of one "
            "teacher)")
EXPECTED.update({"trained": _TRAINED, "teacher_category": TeacherCategory.expected(),
                 "staff_role": StaffRole.expected(),
                 "years": "years of experience: a whole number from 0 to 70", "mentor": EXPECTED["remote"],
                 "head": EXPECTED["remote"], "month_hours": _MONTH, "max_schools": EXPECTED["seats"]})
CATALOG.messages("inputs", {**{c.expected(): c.expected_ru() for c in (TeacherCategory, StaffRole)},
                            _MONTH: "часов в месяц: от 0 до 744",
                            _TRAINED: "сколько педагогов строки прошли КПК: целое число от 0 (да/нет в строке об "
                                      "одном педагоге)",
                            "years of experience: a whole number from 0 to 70": "стаж: целое число лет от 0 до 70"})
