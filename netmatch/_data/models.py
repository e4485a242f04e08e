"""The registry's records: codes (enums), :class:`School`, :class:`Result` and :class:`Resource`.

A municipal registry (реестр образовательных организаций) holds

* :class:`School` — one general-education school (общеобразовательная организация);
* :class:`Result` — one assessment result in long form: school, year, procedure
  (ЕГЭ, ОГЭ or ВПР), grade, subject and its figures;
* :class:`Resource` — one shareable resource hosted by a school: a «Точка роста» centre,
  an IT-куб, a Кванториум, a library, a computer class, a sports hall or a laboratory.

Models are immutable pydantic models that forbid unknown fields, so a typo in a field name
is an error rather than a silently ignored value. Missing optional values stay ``None``.
The codes they use (:class:`Phase`, :class:`Procedure`, ...) accept the Russian labels and
spellings registries use. :data:`EXPECTED` and :func:`problems_from_validation` word what went
wrong for the user. The results of a registry live column-wise in
:class:`netmatch._data.results.ResultTable`, the whole registry in
:class:`netmatch._data.registry.Registry`.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from netmatch._base.parse import is_missing, norm, parse_bool, parse_number, school_year, split_list
from netmatch._data.ids import CONTROL, normal_id
from netmatch._words import CATALOG
from netmatch.exceptions import Problem

__all__ = [
    "EXPECTED",
    "GROWTH_POINT_KINDS",
    "Phase",
    "Procedure",
    "Resource",
    "ResourceKind",
    "Result",
    "School",
    "SchoolKind",
    "SettlementType",
    "Specialist",
    "problems_from_validation",
]


class _Coded(str, enum.Enum):
    """A code with a Russian label and the spellings registries use for it."""

    label_ru: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, label_ru: str, *aliases: str) -> _Coded:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label_ru = label_ru
        obj.aliases = aliases
        return obj

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, value: object) -> Any:
        """Accept the code, the Russian label or a known spelling, in any case.

        >>> Phase.parse("ООО"), Procedure.parse("ЕГЭ"), SettlementType.parse("село")
        (<Phase.BASIC: 'basic'>, <Procedure.EGE: 'ege'>, <SettlementType.RURAL: 'rural'>)
        """
        if isinstance(value, cls):
            return value
        return cls._lookup().get(norm(value), value)

    @classmethod
    def _lookup(cls) -> dict[str, _Coded]:
        table = cls.__dict__.get("_lookup_table")
        if table is None:
            table = {}
            for member in cls:
                for spelling in (member.value, member.name, member.label_ru, *member.aliases):
                    table[norm(spelling)] = member
            type.__setattr__(cls, "_lookup_table", table)
        return table

    @classmethod
    def expected(cls) -> str:
        """Human description of the accepted values, for error messages."""
        return "one of " + ", ".join(f"{m.value!r} ({m.label_ru})" for m in cls)

    @classmethod
    def expected_ru(cls) -> str:
        """The same in Russian: the Russian labels (the codes are accepted too).

        >>> SettlementType.expected_ru()
        'одно из: «город», «село»'
        """
        return "одно из: " + ", ".join(f"«{m.label_ru}»" for m in cls)


class SettlementType(_Coded):
    """Тип поселения: городская или сельская местность."""

    URBAN = "urban", "город", "городская", "городской", "городская местность", "г", "город/пгт", "пгт"
    RURAL = "rural", "село", "сельская", "сельский", "сельская местность", "с", "деревня", "поселок"


class Phase(_Coded):
    """Уровень общего образования: НОО (1–4 классы), ООО (5–9), СОО (10–11)."""

    PRIMARY = "primary", "НОО", "начальное общее", "начальное", "1-4"
    BASIC = "basic", "ООО", "основное общее", "основное", "5-9"
    SECONDARY = "secondary", "СОО", "среднее общее", "среднее", "10-11"


class SchoolKind(_Coded):
    """Тип (вид) общеобразовательной организации.

    «Школа» (или «общеобразовательная школа») без типа — как с 2013 года называются многие
    общеобразовательные школы (МБОУ «Школа № 5») — читается как общеобразовательная школа,
    :attr:`SECONDARY` (СОШ): уровни, которые она даёт, говорит поле ``phases``, а не тип.
    «КШИ» — кадетская школа-интернат: школа-интернат (:attr:`BOARDING`), не коррекционная
    (:attr:`SPECIAL` — «С(К)ОШ», коррекционные и адаптированные школы).

    >>> SchoolKind.parse("Школа"), SchoolKind.parse("КШИ"), SchoolKind.parse("С(К)ОШИ")
    (<SchoolKind.SECONDARY: 'secondary'>, <SchoolKind.BOARDING: 'boarding'>, <SchoolKind.SPECIAL: 'special'>)
    """

    SECONDARY = ("secondary", "СОШ", "средняя общеобразовательная школа", "средняя школа", "МБОУ СОШ",
                 "школа", "общеобразовательная школа")
    BASIC = "basic", "ООШ", "основная общеобразовательная школа", "основная школа", "МБОУ ООШ"
    PRIMARY = "primary", "НОШ", "начальная общеобразовательная школа", "начальная школа", "МБОУ НОШ"
    GYMNASIUM = "gymnasium", "гимназия"
    LYCEUM = "lyceum", "лицей"
    EVENING = "evening", "вечерняя", "вечерняя школа", "ВСОШ", "В(С)ОШ", "ВСШ", "открытая сменная"
    BOARDING = "boarding", "школа-интернат", "интернат", "КШИ", "кадетская школа-интернат"
    SPECIAL = ("special", "коррекционная", "адаптированная", "специальная", "коррекционная школа",
               "С(К)ОШ", "С(К)ОШИ", "коррекционная школа-интернат")
    EDUCATION_CENTRE = "education_centre", "центр образования", "ЦО"
    OTHER = "other", "другое", "иное"


class Specialist(_Coded):
    """Специалисты сопровождения в штате школы."""

    PSYCHOLOGIST = "psychologist", "педагог-психолог", "психолог"
    SPEECH_THERAPIST = "speech_therapist", "учитель-логопед", "логопед"
    DEFECTOLOGIST = "defectologist", "учитель-дефектолог", "дефектолог"
    SOCIAL_PEDAGOGUE = "social_pedagogue", "социальный педагог", "соцпедагог"


class Procedure(_Coded):
    """Оценочная процедура: ЕГЭ (11 класс), ОГЭ (9 класс), ВПР (4–11 классы)."""

    EGE = "ege", "ЕГЭ", "единый государственный экзамен", "USE"
    OGE = "oge", "ОГЭ", "основной государственный экзамен", "ГИА-9"
    VPR = "vpr", "ВПР", "всероссийские проверочные работы", "всероссийская проверочная работа"


class ResourceKind(_Coded):
    """Вид ресурса, которым школа может делиться с партнёрами."""

    GROWTH_POINT = "growth_point", "«Точка роста»", "точка роста", "ТР"
    GROWTH_POINT_SCIENCE = (
        "growth_point_science",
        "«Точка роста» естественно-научной и технологической направленностей",
        "точка роста естественно-научная",
        "точка роста ент",
        "естественно-научная",
        "естественнонаучная",
    )
    GROWTH_POINT_DIGITAL = (
        "growth_point_digital",
        "«Точка роста» цифрового и гуманитарного профилей",
        "точка роста цифровая",
        "точка роста гуманитарная",
        "цифрового и гуманитарного профилей",
        "цифровая и гуманитарная",
    )
    IT_CUBE = "it_cube", "IT-куб", "айти-куб", "ит-куб"
    QUANTORIUM = "quantorium", "Кванториум", "школьный кванториум", "детский технопарк кванториум"
    LIBRARY = "library", "библиотека", "информационно-библиотечный центр", "ИБЦ"
    COMPUTER_CLASS = "computer_class", "компьютерный класс", "кабинет информатики"
    SPORTS_HALL = "sports_hall", "спортивный зал", "спортзал", "спортивный комплекс"
    LABORATORY = "laboratory", "лаборатория", "цифровая лаборатория"
    OTHER = "other", "другое", "иное"


#: The three kinds of «Точка роста» centre (general, science and technology, digital and humanities).
GROWTH_POINT_KINDS = frozenset({ResourceKind.GROWTH_POINT, ResourceKind.GROWTH_POINT_SCIENCE,
                                ResourceKind.GROWTH_POINT_DIGITAL})

# --- field types ---------------------------------------------------------------------------


def _number(*, integer: bool = False, share: bool = False) -> Callable[[object], object]:
    @functools.lru_cache(maxsize=1 << 14)
    def text(value: str) -> object:  # registries repeat the same texts over thousands of rows
        return None if not value.strip() else parse_number(value, integer=integer, share=share)

    def parse(value: object) -> object:
        if type(value) is str:
            return text(value)
        if type(value) is float and not integer and math.isfinite(value):
            return value  # a number already read (a column parsed at once): as parse_number would give it
        if is_missing(value):
            return None
        return parse_number(value, integer=integer, share=share)

    parse.number_options = (integer, share)  # type: ignore[attr-defined]  # a column may be parsed at once
    return parse


def _year(value: object) -> object:
    """A year, or a school year label («2015/16») read as the year of its exams (2016)."""
    year = school_year(value)
    return year if year is not None else _number(integer=True)(value)


class TextError(ValueError):
    """A text a registry may not hold, worded for the user (it replaces the field's expected value)."""


_CONTROL_TEXT = ("a text without control characters (here {chars}): a terminal or a spreadsheet would act on "
                 "them; remove them")


def control_text(text: str) -> str | None:
    """What is wrong with a text holding control characters (:data:`CONTROL`), or ``None`` when it has none.

    >>> control_text("Школа\\x1b[31m").split(":")[0], control_text("Школа\\nдва")
    ('a text without control characters (here U+001B)', None)
    """
    if text.isprintable() or not (found := CONTROL.findall(text)):
        return None
    return _CONTROL_TEXT.format(chars=", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found)))


def plain_text(value: object) -> object:
    """A cell as text (stripped; a whole float as an integer's digits), without the check for control characters."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():  # never int(inf): an infinite id is text, then an error
        return str(int(value))  # ids typed as numbers in Excel: 1001.0 -> "1001"
    return str(value).strip() if isinstance(value, (str, int, np.integer)) else value


def _text(value: object) -> object:
    text = plain_text(value)
    if isinstance(text, str) and (wrong := control_text(text)) is not None:
        raise TextError(wrong)
    return text


_SPELLING = "a code in one spelling, without invisible characters (read_registry gives it one: '{code}')"


def _one_spelling(value: str) -> str:
    """A code as :func:`netmatch._data.ids.normal_id` spells it; any other spelling refused, never changed here."""
    if not (value.isascii() and value.isprintable()) and (code := normal_id(value)) != value:
        raise TextError(_SPELLING.format(code=code))
    return value


def texts(values: list[Any]) -> list[Any]:
    """:func:`_text` of every value, a string's as its strip only (a column of 40,000 names is read at once).

    >>> texts([" S1 ", "", 1001.0, None])
    ['S1', None, '1001', None]
    """
    # a string's _text is its strip, or None when it is blank: the same answer without the checks
    return [(v.strip() or None) if type(v) is str else _text(v) for v in values]


def _subject(value: object) -> object:
    """Subjects are compared in one spelling: lower case, ``ё`` as ``е``, no punctuation.

    Control characters are not checked here but by the caller: a result table checks each distinct
    subject once, and a model's field refuses them (:func:`_checked_subject`).
    """
    text = plain_text(value)
    return norm(text) if isinstance(text, str) else text


def _checked_subject(value: object) -> object:
    text = _subject(value)
    if isinstance(text, str) and (wrong := control_text(text)) is not None:
        raise TextError(wrong)
    return text


def _flag(value: object) -> object:
    return None if is_missing(value) else parse_bool(value)


def _codes(kind: type[_Coded]) -> Callable[[object], object]:
    def parse(value: object) -> object:
        return tuple(kind.parse(v) for v in split_list(value))

    return parse


def _code(kind: type[_Coded]) -> Callable[[object], object]:
    def parse(value: object) -> object:
        return None if is_missing(value) else kind.parse(value)

    return parse


def _vacancies(value: object) -> object:
    """``"математика: 1; физика 2"`` or a mapping -> ``{"математика": 1, "физика": 2}``."""
    if is_missing(value):
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    out: dict[str, object] = {}
    for item in split_list(value):
        subject, sep, count = item.rpartition(":")
        if not sep:
            subject, _, count = item.rpartition(" ")
            if not subject or not count.strip().isdigit():
                subject, count = item, "1"  # a bare subject means one vacancy
        out[subject.strip()] = count.strip()
    return out


def _indicators(value: object) -> object:
    """``"доля малообеспеченных: 12%; пропуски: 3,5"`` or a mapping -> ``{name: value}``, missing values left out."""
    if is_missing(value):
        return {}
    if isinstance(value, Mapping):
        return {k.strip() if isinstance(k, str) else k: v for k, v in value.items() if not is_missing(v)}
    out: dict[str, object] = {}
    # split on «;» only: a decimal comma is part of a number
    for item in (part.strip() for part in str(value).split(";")):
        if not item:
            continue
        name, sep, number = item.rpartition(":")
        if not sep:
            raise ValueError("no name: write 'name: number'")
        out[name.strip()] = number.strip()
    return out


Id = Annotated[str, BeforeValidator(_text), Field(min_length=1), AfterValidator(_one_spelling)]
Text = Annotated[str | None, BeforeValidator(_text)]
#: The largest count a registry may give (pupils, places, teachers, partners, seats): beyond any school,
#: and exact in every type a count passes through (int64, float64).
MAX_COUNT = 10_000_000
Count = Annotated[Annotated[int, Field(ge=0, le=MAX_COUNT)] | None, BeforeValidator(_number(integer=True))]
Hours = Annotated[Annotated[float, Field(ge=0, le=168)] | None, BeforeValidator(_number())]
Speed = Annotated[Annotated[float, Field(ge=0, le=1_000_000)] | None, BeforeValidator(_number())]
#: An index or a score on any scale: bounded so that no sum of squares of a district overflows.
MAX_SCORE = 1_000_000
Score = Annotated[Annotated[float, Field(ge=-MAX_SCORE, le=MAX_SCORE)] | None, BeforeValidator(_number())]
Share = Annotated[Annotated[float, Field(ge=0, le=1)] | None, BeforeValidator(_number(share=True))]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
#: Indicators of a school's conditions the user names (their own columns, «Условия: …»): name -> number.
Indicators = Annotated[
    dict[Annotated[str, BeforeValidator(_text), Field(min_length=1)],
         Annotated[float, BeforeValidator(_number(share=True)), Field(ge=-MAX_SCORE, le=MAX_SCORE)]],
    BeforeValidator(_indicators)]
Names = Annotated[tuple[str, ...], BeforeValidator(split_list)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)


class School(_Model):
    """A general-education school (общеобразовательная организация) of the registry.

    Only ``id`` and ``name`` are required; every other figure may be missing and then stays
    ``None`` (or empty), never a made-up default. Numbers may be given as strings with a
    decimal comma; shares as fractions (0.35) or with a percent sign ("35%").

    Examples
    --------
    >>> s = School(id="S01", name="МБОУ «Листвянская СОШ»", phases="НОО, ООО, СОО",
    ...            kind="СОШ", settlement_type="село", shifts=2, students="412",
    ...            share_single_parent="18%", latitude=52.1, longitude=91.3)
    >>> s.kind, s.phases[-1], s.shifts, s.share_single_parent
    (<SchoolKind.SECONDARY: 'secondary'>, <Phase.SECONDARY: 'secondary'>, 2, 0.18)
    >>> School(id="S02", name="x", shifts=4)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for School
    shifts
      Input should be less than or equal to 3 ...
    """

    id: Id = Field(description="Код школы: уникальный идентификатор в реестре.")
    name: Annotated[str, BeforeValidator(_text), Field(min_length=1)] = Field(
        description="Наименование ОО."
    )
    municipality: Text = Field(None, description="Муниципальное образование (район, округ).")
    settlement: Text = Field(None, description="Населённый пункт.")
    settlement_type: Annotated[SettlementType | None, BeforeValidator(_code(SettlementType))] = Field(
        None, description="Городская или сельская местность."
    )
    latitude: Annotated[Annotated[float, Field(ge=-90, le=90)] | None, BeforeValidator(_number())] = Field(
        None, description="Широта, градусы (WGS 84)."
    )
    longitude: Annotated[Annotated[float, Field(ge=-180, le=180)] | None, BeforeValidator(_number())] = Field(
        None, description="Долгота, градусы (WGS 84)."
    )
    phases: Annotated[tuple[Phase, ...], BeforeValidator(_codes(Phase))] = Field(
        (), description="Реализуемые уровни: НОО, ООО, СОО."
    )
    kind: Annotated[SchoolKind | None, BeforeValidator(_code(SchoolKind))] = Field(
        None, description="Тип ОО: СОШ, ООШ, НОШ, гимназия, лицей, вечерняя, ..."
    )
    students: Count = Field(None, description="Количество обучающихся.")
    design_capacity: Count = Field(None, description="Проектная мощность (мест).")
    shifts: Annotated[Annotated[int, Field(ge=1, le=3)] | None, BeforeValidator(_number(integer=True))] = Field(
        None, description="Сменность: 1, 2 или 3 смены."
    )
    teachers: Count = Field(None, description="Количество педагогических работников.")
    share_highest_category: Share = Field(None, description="Доля педагогов высшей категории.")
    share_first_category: Share = Field(None, description="Доля педагогов первой категории.")
    vacancies: Annotated[dict[str, Annotated[int, BeforeValidator(_number(integer=True)), Field(ge=0)]],
                         BeforeValidator(_vacancies)] = Field(
        default_factory=dict, description="Вакансии по предметам: {предмет: число ставок}."
    )
    specialists: Annotated[tuple[Specialist, ...], BeforeValidator(_codes(Specialist))] = Field(
        (), description="Специалисты в штате: педагог-психолог, логопед, дефектолог, соцпедагог."
    )
    languages: Names = Field((), description="Языки обучения.")
    internet_mbps: Speed = Field(None, description="Скорость интернета, Мбит/с.")
    social_wellbeing_index: Score = Field(
        None, description="Индекс социального благополучия школы (ИСБШ); выше — благополучнее."
    )
    share_single_parent: Share = Field(None, description="Доля обучающихся из неполных семей.")
    share_registered: Share = Field(None, description="Доля обучающихся на учёте в КДН/ПДН.")
    share_non_native: Share = Field(None, description="Доля обучающихся, для которых русский не родной.")
    share_disabled: Share = Field(None, description="Доля обучающихся с ОВЗ.")
    share_parents_higher_education: Share = Field(
        None, description="Доля родителей с высшим образованием (выше — благополучнее).")
    share_unemployed_parents: Share = Field(None, description="Доля обучающихся, у которых родители безработные.")
    registered_count: Count = Field(
        None, description="Обучающихся на учёте в КДН/ПДН, человек (доля — от числа обучающихся, где доли нет).")
    context_indicators: Indicators = Field(
        default_factory=dict, description="Другие показатели условий, названные пользователем: {название: число} "
                                          "(столбцы «Условия: …»; процент — доля)."
    )
    declared_low_results: Flag = Field(None, description="Заявленный статус ШНОР (по официальному списку).")
    declared_unfavourable: Flag = Field(None, description="Заявленный статус ШНСУ.")
    declared_leader: Flag = Field(None, description="Заявленный статус школы-лидера.")
    program_500plus: Flag = Field(None, description="Участник проекта «500+».")
    partners: Names = Field((), description="Коды школ, с которыми уже заключено партнёрство.")
    leader_capacity: Count = Field(None, description="Сколько школ-партнёров лидер готов сопровождать.")
    mentor_hours: Hours = Field(None, description="Часы наставничества в неделю, которые даёт лидер.")
    centre_candidate: Flag = Field(None, description="Кандидат для размещения нового центра.")

    @model_validator(mode="after")
    def _consistent(self) -> School:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together (or both left empty)")
        hi, first = self.share_highest_category, self.share_first_category
        if hi is not None and first is not None and hi + first > 1 + 1e-9:
            raise ValueError(
                f"shares of teachers with the highest ({hi}) and first ({first}) category add up to more than 1"
            )
        if self.id in self.partners:
            raise ValueError(f"school {self.id!r} lists itself among its partners")
        return self

    @field_validator("social_wellbeing_index")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        return _finite(v)

    @property
    def has_coordinates(self) -> bool:
        """True when latitude and longitude are both known."""
        return self.latitude is not None


def _finite(v: float | None) -> float | None:
    if v is not None and not math.isfinite(v):
        raise ValueError("a finite number")
    return v


class Result(_Model):
    """One assessment result (long form): a school's figures in one procedure, year, grade, subject.

    Subjects are kept in one normalised spelling (lower case, ``ё`` as ``е``, punctuation
    dropped: «Математика (профильная)» becomes ``"математика профильная"``) so that wide and
    long tables, and different years, name a subject the same way.

    ``year`` is the year of the exams; a school year label such as «2015-2016», «2015/16» or
    «2015–16 уч. год» means the year its exams are written, the second one (2016).

    ``mean_score`` is on the procedure's own scale (ЕГЭ test points, ОГЭ mark or points, ВПР
    points; a declared assessment's scale may allow negative progress scores), checked against
    it when results become a :class:`~netmatch._data.results.ResultTable`; ``mean_percent`` is
    the mean percentage of the maximum (средний процент выполнения). ``share_below_minimum``
    is the share of participants who did not reach the minimum threshold (не преодолели
    минимальный порог / получили «2»); ``share_high`` the share of high results
    (высокобалльники, «5»); ``share_quality`` the share of marks «4» and «5» (качество знаний).

    >>> r = Result(school="S01", year=2023, procedure="ОГЭ", grade=9, subject="математика",
    ...            participants=31, mean_score="3,4", share_below_minimum="12,9%")
    >>> r.procedure, r.mean_score, r.share_below_minimum
    (<Procedure.OGE: 'oge'>, 3.4, 0.129)
    """

    school: Id
    year: Annotated[int, BeforeValidator(_year), Field(ge=1990, le=2100)]
    # a built-in procedure as its code; a declared one (see netmatch._data.assessments) as its text,
    # checked against the registry's assessments when results become a ResultTable
    procedure: Annotated[Procedure | Annotated[str, Field(min_length=1)], BeforeValidator(_code(Procedure))]
    grade: Annotated[Annotated[int, Field(ge=1, le=11)] | None, BeforeValidator(_number(integer=True))] = None
    subject: Annotated[str, BeforeValidator(_checked_subject), Field(min_length=1)]
    participants: Count = None
    mean_score: Score = None  # and on the procedure's scale (netmatch._data.figures.on_scale)
    mean_percent: Annotated[Annotated[float, Field(ge=0, le=100)] | None, BeforeValidator(_number())] = None
    share_below_minimum: Share = None
    share_high: Share = None
    share_quality: Share = None

    @field_validator("mean_score")
    @classmethod
    def _finite_score(cls, v: float | None) -> float | None:
        return _finite(v)


class Resource(_Model):
    """A resource a school can share with partners (ресурс для сетевого взаимодействия).

    ``seats`` is how many pupils it takes at once; ``hours_per_week`` how many hours a week
    it is free for partner schools (before any reduction for a host on 2–3 shifts, which the
    resource-sharing step applies). ``remote`` marks resources that can serve at a distance.

    >>> Resource(id="R1", host="S01", kind="Точка роста", seats=15, hours_per_week="12",
    ...          profiles="физика; химия; биология").profiles
    ('физика', 'химия', 'биология')
    """

    id: Id
    host: Id
    kind: Annotated[ResourceKind, BeforeValidator(_code(ResourceKind))]
    name: Text = None
    seats: Count = None
    hours_per_week: Annotated[Annotated[float, Field(ge=0, le=168)] | None, BeforeValidator(_number())] = None
    profiles: Names = ()
    remote: Annotated[bool, BeforeValidator(lambda v: False if is_missing(v) else parse_bool(v))] = False


_SHARE = "a share from 0 to 1 (write 35% as 0.35 or '35%')"
_COUNT = "a whole number from 0 to 10,000,000"
#: What each field accepts, worded for error messages.
EXPECTED: dict[str, str] = {
    "id": "a non-empty id",
    "name": "a non-empty name",
    "host": "the id of the host school",
    "school": "the id of a school",
    "subject": "a subject name",
    "latitude": "a latitude in decimal degrees from -90 to 90 (e.g. 52.71)",
    "longitude": "a longitude in decimal degrees from -180 to 180 (e.g. 91.37)",
    "shifts": "the number of shifts: 1, 2 or 3",
    "students": _COUNT, "design_capacity": _COUNT, "teachers": _COUNT, "leader_capacity": _COUNT,
    "participants": _COUNT, "seats": _COUNT,
    "vacancies": "vacancies as 'subject: count; subject: count' with whole counts of 0 or more",
    "internet_mbps": "a speed in Mbit/s from 0 to 1,000,000",
    "mentor_hours": "hours per week from 0 to 168",
    "hours_per_week": "hours per week from 0 to 168",
    "social_wellbeing_index": "a number from -1,000,000 to 1,000,000 (the index of social well-being, ИСБШ)",
    "share_highest_category": _SHARE, "share_first_category": _SHARE, "share_single_parent": _SHARE,
    "share_registered": _SHARE, "share_non_native": _SHARE, "share_disabled": _SHARE,
    "share_parents_higher_education": _SHARE, "share_unemployed_parents": _SHARE, "registered_count": _COUNT,
    "context_indicators": "numbers from -1,000,000 to 1,000,000, as 'name: number; name: number' (a percentage "
                          "is a share)",
    "share_below_minimum": _SHARE, "share_high": _SHARE, "share_quality": _SHARE,
    "satisfied": _SHARE, "respondents": _COUNT, "survey": "the survey's name",
    "year": "a year from 1990 to 2100",
    "grade": "a grade from 1 to 11",
    "mean_score": "a mean score from -1,000,000 to 1,000,000",
    "mean_percent": "a mean percentage from 0 to 100",
    "declared_low_results": "yes or no (да/нет, 1/0)", "declared_unfavourable": "yes or no (да/нет, 1/0)",
    "declared_leader": "yes or no (да/нет, 1/0)", "program_500plus": "yes or no (да/нет, 1/0)",
    "centre_candidate": "yes or no (да/нет, 1/0)", "remote": "yes or no (да/нет, 1/0)",
    "settlement_type": SettlementType.expected(), "kind": SchoolKind.expected(),
    "phases": "levels among " + Phase.expected()[7:], "specialists": "specialists among "
    + Specialist.expected()[7:], "procedure": Procedure.expected(),
}
EXPECTED["resource_kind"] = ResourceKind.expected()
# the Russian of the lists of codes, built from the same members (the rest is in netmatch._words)
CATALOG.messages("inputs", {
    **{c.expected(): c.expected_ru() for c in (SettlementType, SchoolKind, Procedure, ResourceKind)},
    EXPECTED["phases"]: "уровни образования из: " + Phase.expected_ru()[9:],
    EXPECTED["specialists"]: "специалисты из: " + Specialist.expected_ru()[9:],
})


#: The key of :data:`EXPECTED` for a field whose name means another thing in another table.
_KIND_KEYS = {("resources", "kind"): "resource_kind", ("organisations", "kind"): "organisation_kind",
              ("needs", "resource"): "resource_kind", ("needs", "help"): "help_kind",
              ("organisations", "help"): "help_kinds", ("needs", "priority"): "priority",
              ("organisations", "capacity"): "capacity", ("needs", "pupils"): "pupils",
              ("teachers", "category"): "teacher_category", ("staff", "role"): "staff_role",
              ("teachers", "hours"): "month_hours", ("staff", "hours"): "month_hours"}


def problems_from_validation(exc: ValidationError, table: str, index: int | None,
                             school: object = None) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into :class:`Problem` records, one per error."""
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(x) for x in err.get("loc", ())]
        column = loc[0] if loc else None
        key = _KIND_KEYS.get((table, column or ""), column)
        if err["type"] == "missing":
            expected = "a value (it is required)"
        elif err["type"] == "extra_forbidden":
            expected = "no such field; see the model's fields for the accepted names"
        elif err["type"] == "value_error" and isinstance(error := err.get("ctx", {}).get("error"), TextError):
            expected = str(error)
        elif key in EXPECTED:
            expected = EXPECTED[key]
        elif err["type"] == "value_error":
            expected = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            expected = err["msg"][0].lower() + err["msg"][1:]
        value = None if err["type"] == "missing" else err.get("input")
        if isinstance(value, Mapping):
            value = None
        out.append(Problem(table, expected, column=column, value=value, index=index,
                           school=None if school is None else str(school)))
    return out

