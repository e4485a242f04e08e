"""Partners beyond schools and what schools ask of them: :class:`Organisation` and :class:`Need`.

A programme of network interaction brings in вузы, СПО, institutions of additional education,
culture, sport and other social institutions. An :class:`Organisation` is one of them: where it
is, what it offers (subjects, programmes, kinds of help), how many schools it can take and
whether it works at a distance; it may lead a network association (``leads``) and host
resources (a :class:`~netmatch._data.models.Resource` whose ``host`` is its code). It is never
a school: identification and the schools' indicators never count it.

A :class:`Need` is one line of the schools' stated needs («сбор потребностей школ во
взаимодействии с ВО/СПО»): a school, the kind of help it asks for, a subject or a resource, and
a priority. Needs are matched to organisations (:func:`netmatch.match_needs`); needs of the
kind ``resource`` are also the demand a resource-sharing plan serves.

>>> org = Organisation(id="O1", name="Педагогический колледж", kind="СПО", subjects="Математика; физика",
...                    help="профориентация; предметная подготовка", capacity=4, remote="да")
>>> org.kind, org.subjects, [h.value for h in org.help], org.remote
(<OrganisationKind.COLLEGE: 'college'>, ('математика', 'физика'), ['career', 'subject'], True)
>>> Need(school="S01", help="ресурсы", resource="IT-куб", priority=1, pupils=24).resource
<ResourceKind.IT_CUBE: 'it_cube'>
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, model_validator

from netmatch._base.parse import is_missing, parse_bool, split_list
from netmatch._data.models import (
    EXPECTED,
    Count,
    Flag,
    Hours,
    Id,
    Names,
    ResourceKind,
    Text,
    _checked_subject,
    _code,
    _Coded,
    _codes,
    _Model,
    _number,
    _text,
)
from netmatch._words import CATALOG

__all__ = ["HelpKind", "Need", "Organisation", "OrganisationKind"]


class OrganisationKind(_Coded):
    """Вид организации-партнёра: вуз, СПО, доп. образование, культура, спорт, социальное учреждение."""

    UNIVERSITY = ("university", "вуз", "ВО", "университет", "институт", "академия", "высшее образование",
                  "образовательная организация высшего образования", "ООВО", "university", "higher education")
    COLLEGE = ("college", "СПО", "колледж", "техникум", "профессиональная образовательная организация", "ПОО",
               "среднее профессиональное образование", "college")
    ADDITIONAL = ("additional", "дополнительное образование", "доп. образование", "УДО", "ДО",
                  "организация дополнительного образования", "учреждение дополнительного образования",
                  "ДДТ", "ЦДО", "дом детского творчества", "центр детского творчества", "станция юных техников",
                  "детский технопарк", "additional education")
    CULTURE = ("culture", "учреждение культуры", "культура", "музей", "театр", "дом культуры",
               "библиотека", "culture")
    SPORT = "sport", "учреждение спорта", "спорт", "спортивная школа", "ДЮСШ", "СШОР", "sport"
    SOCIAL = ("social", "социальное учреждение", "социальная", "центр социальной помощи",
              "центр психолого-педагогической помощи", "ППМС-центр", "социальная служба", "social")
    OTHER = "other", "другое", "иное", "other"


class HelpKind(_Coded):
    """Вид помощи, которую школа просит и организация даёт."""

    SUBJECT = ("subject", "предметная подготовка", "предмет", "подготовка по предмету", "предметная помощь",
               "подготовка к ГИА", "subject teaching")
    METHODICAL = ("methodical", "методическая помощь", "методическая", "методическое сопровождение",
                  "повышение квалификации", "наставничество", "methodical support")
    CAREER = ("career", "профориентация", "профориентационная работа", "профессиональная ориентация",
              "careers guidance", "career guidance")
    PROFILE = "profile", "профильное обучение", "профильные классы", "профильный класс", "profile classes"
    PSYCHOLOGICAL = ("psychological", "психолого-педагогическая помощь", "психологическая помощь",
                     "психолог", "психологическая", "psychological support")
    RESOURCE = ("resource", "ресурсы", "ресурс", "использование ресурсов", "оборудование", "площадка",
                "resources")
    ADDITIONAL = ("additional", "дополнительное образование", "кружки", "доп. образование", "внеурочная деятельность",
                  "additional education")
    CULTURE = "culture", "культура", "культурно-просветительская", "культурная программа"
    SPORT = "sport", "спорт", "физкультурно-спортивная", "спортивная"
    OTHER = "other", "другое", "иное"


def _subjects(value: object) -> object:
    """Subjects in the spelling results use (lower case, ``ё`` as ``е``, no punctuation)."""
    return tuple(s for s in (_checked_subject(v) for v in split_list(value)) if s)


def _remote(value: object) -> object:
    return False if is_missing(value) else parse_bool(value)


Subjects = Annotated[tuple[str, ...], BeforeValidator(_subjects)]
Latitude = Annotated[Annotated[float, Field(ge=-90, le=90)] | None, BeforeValidator(_number())]
Longitude = Annotated[Annotated[float, Field(ge=-180, le=180)] | None, BeforeValidator(_number())]


class Organisation(_Model):
    """A partner organisation of the programme (организация-партнёр): not a school.

    ``capacity`` is how many schools' requests (needs, or members of the association it
    leads) it can take; ``None`` means it states no limit for needs and leads no association.
    ``leads`` marks an organisation ready to lead a network association (организация-лидер);
    ``remote`` one that can work at a distance. ``subjects`` are written as results write them.

    >>> Organisation(id="O2", name="ДЮСШ № 1", kind="спортивная школа", latitude=52.0).kind
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Organisation
      Value error, latitude and longitude must be given together (or both left empty) ...
    """

    id: Id = Field(description="Код организации: уникальный, не совпадает с кодами школ.")
    name: Annotated[str, BeforeValidator(_text), Field(min_length=1)] = Field(description="Наименование.")
    kind: Annotated[OrganisationKind, BeforeValidator(_code(OrganisationKind))] = Field(
        description="Вид: вуз, СПО, доп. образование, культура, спорт, социальное учреждение, другое.")
    municipality: Text = None
    settlement: Text = None
    latitude: Latitude = None
    longitude: Longitude = None
    subjects: Subjects = Field((), description="Предметы, по которым организация помогает.")
    programmes: Names = Field((), description="Программы и профили: инженерный класс, IT, медицина ...")
    help: Annotated[tuple[HelpKind, ...], BeforeValidator(_codes(HelpKind))] = Field(
        (), description="Виды помощи: предметная подготовка, профориентация, методическая, ресурсы ...")
    capacity: Count = Field(None, description="Сколько школ (запросов) организация может взять.")
    leads: Flag = Field(None, description="Готова возглавить сетевое объединение.")
    remote: Annotated[bool, BeforeValidator(_remote)] = Field(False, description="Может работать дистанционно.")

    @model_validator(mode="after")
    def _together(self) -> Organisation:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together (or both left empty)")
        return self

    @property
    def has_coordinates(self) -> bool:
        """True when latitude and longitude are both known."""
        return self.latitude is not None


class Need(_Model):
    """One need a school states (потребность школы): the help it asks for, and how much it matters.

    ``priority`` is 1 (most urgent), 2 or 3; left empty it counts as 2. ``subject`` narrows a
    need for subject teaching, methodical help or a resource to one subject; ``resource`` names
    the kind of resource a need of the kind ``resource`` asks for. ``pupils`` and
    ``hours_per_week`` size a resource need: the pupils who would use it (in groups of the
    sharing's ``group_size``) and the hours a week each group needs.

    >>> Need(school="S01", help="предметная подготовка", subject="Химия", priority="1").subject
    'химия'
    >>> Need(school="S01", help="ресурсы")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Need
      Value error, a need for a resource names the resource or a subject ...
    """

    school: Id
    help: Annotated[HelpKind, BeforeValidator(_code(HelpKind))]
    subject: Annotated[str | None, BeforeValidator(_checked_subject)] = None
    resource: Annotated[ResourceKind | None, BeforeValidator(_code(ResourceKind))] = None
    priority: Annotated[Annotated[int, Field(ge=1, le=3)] | None, BeforeValidator(_number(integer=True))] = None
    pupils: Count = None
    hours_per_week: Hours = None
    note: Text = None

    @model_validator(mode="after")
    def _named(self) -> Need:
        if self.help is HelpKind.RESOURCE and self.resource is None and self.subject is None:
            raise ValueError("a need for a resource names the resource or a subject it is for "
                             "(«Вид ресурса» or «Предмет»)")
        return self

    @property
    def rank(self) -> int:
        """The priority, 2 when the school left it empty."""
        return 2 if self.priority is None else self.priority


_COUNT = EXPECTED["seats"]
EXPECTED.update({
    "organisation_kind": OrganisationKind.expected(), "help_kind": HelpKind.expected(),
    "help_kinds": "kinds of help among " + HelpKind.expected()[7:], "priority": "a priority: 1 (most urgent), 2 or 3",
    "capacity": _COUNT, "pupils": _COUNT,
})
CATALOG.messages("inputs", {
    **{c.expected(): c.expected_ru() for c in (OrganisationKind, HelpKind)},
    EXPECTED["help_kinds"]: "виды помощи из: " + HelpKind.expected_ru()[9:],
})

