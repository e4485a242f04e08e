"""The catalogue of activity types a plan of events is drafted from (:class:`Activity`), and its preset.

An activity type says what is held (a methodical day, a joint pedagogical council, lesson visits
with discussion ...), for which part of the network (``scope``: each pair, association, subject
group, shared resource, curated school, or the programme once), how often in the school year
(``per_year``) or in which months (``months``), in which form (in person, remote, or in person
where the trip allows and remote beyond), who takes part, who answers for it (``responsible``:
the leader school, the curator, the coordinator, the host of the resource or group, a methodist),
how long it takes (``hours``, counted against the monthly loads) and its expected result.

:data:`PRESET` is the common part of the plans of events of the programmes the project started
from (методические дни, семинары, совместные педсоветы, взаимопосещение уроков с анализом,
уроки в классах партнёра, совместные олимпиады и конкурсы, консультации, выезды куратора,
мониторинг и отчётность); :func:`load_catalogue` reads a department's own catalogue from TOML
(a list ``[[activity]]`` of the fields of :class:`Activity`).

>>> [a.code for a in PRESET][:3]
['methodical_day', 'joint_council', 'lesson_visits']
>>> Activity(code="x", name_ru="Х", name_en="X", scope="pair", per_year=13)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Activity
per_year
  Input should be less than or equal to 12 ...
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from netmatch._base.coded import coded_models
from netmatch._base.params import PATH, Rule, validate_params
from netmatch.exceptions import InvalidInputError

__all__ = ["PRESET", "SCOPES", "Activity", "catalogue_of", "load_catalogue"]

#: The parts of the network an activity is held for, ``scope -> (Russian, English)``.
SCOPES: dict[str, tuple[str, str]] = {
    "pair": ("пара «лидер — школа»", "leader–school pair"), "association": ("сетевое объединение", "association"),
    "group": ("предметная группа педагогов", "subject group of teachers"),
    "resource": ("общий ресурс", "shared resource"), "curator": ("куратор и школа", "curator and school"),
    "programme": ("программа в целом", "the programme as a whole")}
#: Who answers for an activity, ``role -> (Russian, English)``.
RESPONSIBLE: dict[str, tuple[str, str]] = {
    "leader": ("руководитель школы-лидера", "head of the leader school"), "curator": ("куратор", "curator"),
    "coordinator": ("муниципальный координатор", "municipal coordinator"),
    "host": ("руководитель принимающей школы", "head of the host school"), "methodist": ("методист", "methodist")}
#: The months of a school year, in order (September to May).
SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)


class Activity(BaseModel):
    """One type of activity of a plan of events (see the module)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1, description="Код вида мероприятия: уникальный.")
    name_ru: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    scope: Literal["pair", "association", "group", "resource", "curator", "programme"]
    #: times in the school year, spread evenly over its months (ignored when ``months`` is given)
    per_year: int = Field(1, ge=1, le=12)
    #: calendar months (1–12) to hold it in, once each; empty: spread ``per_year`` times
    months: tuple[int, ...] = ()
    form: Literal["in_person", "remote", "mixed"] = "mixed"
    #: where an in-person event is held: at the leading side (the leader, the association's leader, the
    #: group's or resource's host, the curator's workplace) or at the member (the ШНОР/ШНСУ)
    at: Literal["lead", "member"] = "lead"
    responsible: Literal["leader", "curator", "coordinator", "host", "methodist"] = "leader"
    hours: float = Field(2.0, gt=0, le=40)
    participants_ru: str = ""
    participants_en: str = ""
    result_ru: str = ""
    result_en: str = ""

    @model_validator(mode="after")
    def _months(self) -> Activity:
        bad = [m for m in self.months if not 1 <= m <= 12]
        if bad:
            raise ValueError(f"months are 1 to 12; got {bad}")
        if len(set(self.months)) != len(self.months):
            raise ValueError(f"a month is given twice in {list(self.months)}")
        return self

    @property
    def times(self) -> int:
        """How many times it is held in a school year."""
        return len(self.months) or self.per_year

    def name(self, lang: str = "ru") -> str:
        return self.name_ru if lang == "ru" else self.name_en


def _a(code: str, ru: str, en: str, scope: str, **kw: Any) -> Activity:
    return Activity(code=code, name_ru=ru, name_en=en, scope=scope, **kw)


#: The common items of the seed programmes' plans of events (see the module).
PRESET: tuple[Activity, ...] = (
    _a("methodical_day", "Методический день сетевого объединения", "Methodical day of the association", "association",
       per_year=2, form="mixed", responsible="leader", hours=4,
       participants_ru="педагоги и заместители руководителей школ объединения",
       participants_en="teachers and deputy heads of the association's schools",
       result_ru="обмен опытом; методические рекомендации по слабым предметам",
       result_en="shared practice; methodical recommendations on the weak subjects"),
    _a("joint_council", "Совместный педагогический совет", "Joint pedagogical council", "pair", per_year=1,
       form="mixed", responsible="leader", hours=3, participants_ru="педагогические коллективы школы-лидера и школы",
       participants_en="the staff of the leader school and of the school",
       result_ru="решения совета о мерах по повышению результатов", result_en="the council's decisions on measures"),
    _a("lesson_visits", "Взаимопосещение уроков с анализом", "Lesson visits with discussion", "pair", per_year=4,
       form="in_person", responsible="leader", hours=3, participants_ru="учителя слабых предметов и их наставники",
       participants_en="teachers of the weak subjects and their mentors",
       result_ru="разбор уроков; индивидуальные планы педагогов", result_en="lessons discussed; teachers' own plans"),
    _a("partner_lessons", "Уроки педагогов школы-лидера в классах партнёра", "Leader teachers teaching partner classes",
       "pair", per_year=2, form="mixed", at="member", responsible="leader", hours=2,
       participants_ru="педагоги школы-лидера, обучающиеся школы",
       participants_en="leader teachers, the school's pupils",
       result_ru="проведённые уроки по слабым предметам", result_en="lessons held in the weak subjects"),
    _a("seminar", "Семинар предметной группы", "Seminar of the subject group", "group", per_year=3, form="remote",
       responsible="host", hours=2, participants_ru="учителя предмета школ группы",
       participants_en="the subject's teachers of the group's schools",
       result_ru="разобранные задания оценочных процедур; общий банк материалов",
       result_en="assessment tasks discussed; a shared bank of materials"),
    _a("olympiad", "Совместная олимпиада или конкурс обучающихся", "Joint olympiad or contest", "association",
       per_year=1, months=(3,), form="mixed", responsible="leader", hours=4,
       participants_ru="обучающиеся и педагоги школ объединения", participants_en="pupils and teachers of the schools",
       result_ru="участники и призёры; выявленные интересы обучающихся", result_en="participants and winners"),
    _a("resource_session", "Занятия на базе общего ресурса", "Sessions at the shared resource", "resource",
       per_year=4, form="in_person", responsible="host", hours=2,
       participants_ru="обучающиеся школ, использующих ресурс", participants_en="pupils of the schools using it",
       result_ru="проведённые занятия по расписанию ресурса", result_en="sessions held as scheduled"),
    _a("consultation", "Консультация куратора для администрации школы", "Curator's consultation for the school",
       "curator", per_year=6, form="remote", responsible="curator", hours=1,
       participants_ru="руководитель и заместители школы", participants_en="the school's head and deputies",
       result_ru="скорректированный план мероприятий школы", result_en="the school's plan adjusted"),
    _a("curator_visit", "Выезд куратора в школу", "Curator's visit to the school", "curator", per_year=2,
       form="in_person", at="member", responsible="curator", hours=4, participants_ru="администрация и педагоги школы",
       participants_en="the school's administration and teachers",
       result_ru="справка по итогам посещения", result_en="a visit report"),
    _a("monitoring", "Мониторинг показателей программы", "Monitoring of the programme's indicators", "programme",
       months=(12, 5), form="remote", responsible="coordinator", hours=6,
       participants_ru="все школы программы", participants_en="all schools of the programme",
       result_ru="значения показателей за полугодие", result_en="the half-year's indicator values"),
    _a("report", "Отчёт о реализации программы", "Programme report", "programme", months=(1, 5), form="remote",
       responsible="coordinator", hours=4, participants_ru="координатор, кураторы, школы-лидеры",
       participants_en="the coordinator, curators, leader schools",
       result_ru="отчёт и корректировка плана", result_en="a report and the plan adjusted"),
)


#: A catalogue given to a function: a list of :class:`Activity` or of dicts of its fields.
ACTIVITIES = Rule("a list of activities (Activity or dict)", lambda v: isinstance(v, list | tuple) and all(
    isinstance(x, Activity | Mapping) for x in v))


def catalogue_of(given: Iterable[Activity | Mapping[str, Any]] | None, owner: str = "plan_events"
                 ) -> tuple[Activity, ...]:
    """Activities from models or dicts (the preset for ``None``); every bad entry in one error.

    >>> catalogue_of([{"code": "m", "name_ru": "М", "name_en": "M", "scope": "pair"}])[0].times
    1
    >>> catalogue_of([{"code": "m", "name_ru": "М", "name_en": "M", "scope": "school"}])
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: plan_events: activity 1 ('m'), scope: Input should be 'pair', \
'association', 'group', 'resource', 'curator' or 'programme' (got 'school').
    """
    if given is None:
        return PRESET
    return coded_models(Activity, given, owner, "activity")


@validate_params(path=PATH)
def load_catalogue(path: str | Path) -> tuple[Activity, ...]:
    """A catalogue from a TOML file: ``[[activity]]`` tables with the fields of :class:`Activity`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "c.toml"
    ...     _ = p.write_text('[[activity]]\\ncode = "day"\\nname_ru = "День"\\nname_en = "Day"\\n'
    ...                      'scope = "association"\\nper_year = 2\\n', encoding="utf-8")
    ...     [a.code for a in load_catalogue(p)]
    ['day']
    """
    target = Path(path)
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InvalidInputError([f"{target.name}: not a TOML file ({e}); write [[activity]] tables."]) from None
    items = data.get("activity")
    if not isinstance(items, Sequence) or not items:
        raise InvalidInputError([f"{target.name}: no [[activity]] tables; each activity is one [[activity]] table."])
    return catalogue_of(items, target.name)
