"""The registry data model: schools, their results and their shareable resources.

A municipal registry (реестр образовательных организаций) becomes a :class:`Registry` of

* :class:`School` — one general-education school (общеобразовательная организация);
* :class:`Result` — one assessment result in long form: school, year, procedure
  (ЕГЭ, ОГЭ or ВПР), grade, subject and its figures;
* :class:`Resource` — one shareable resource hosted by a school: a «Точка роста» centre,
  an IT-куб, a Кванториум, a library, a computer class, a sports hall or a laboratory.

Models are immutable pydantic models that forbid unknown fields, so a typo in a field name
is an error rather than a silently ignored value. Missing optional values stay ``None``.
Results are stored column-wise in a :class:`ResultTable` because a region has hundreds
of thousands of them; iterating it still yields :class:`Result` records.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, overload

import numpy as np
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from netmatch._base.parse import is_missing, norm, parse_bool, parse_number, parse_number_array, split_list
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GROWTH_POINT_KINDS",
    "Phase",
    "Procedure",
    "Registry",
    "RegistryFrames",
    "Resource",
    "ResourceKind",
    "Result",
    "ResultTable",
    "School",
    "SchoolKind",
    "SettlementType",
    "Specialist",
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
    """Тип (вид) общеобразовательной организации."""

    SECONDARY = "secondary", "СОШ", "средняя общеобразовательная школа", "средняя школа", "МБОУ СОШ"
    BASIC = "basic", "ООШ", "основная общеобразовательная школа", "основная школа", "МБОУ ООШ"
    PRIMARY = "primary", "НОШ", "начальная общеобразовательная школа", "начальная школа", "МБОУ НОШ"
    GYMNASIUM = "gymnasium", "гимназия"
    LYCEUM = "lyceum", "лицей"
    EVENING = "evening", "вечерняя", "вечерняя школа", "ВСОШ", "В(С)ОШ", "ВСШ", "открытая сменная"
    BOARDING = "boarding", "школа-интернат", "интернат"
    SPECIAL = "special", "коррекционная", "адаптированная", "КШИ", "специальная"
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
    def parse(value: object) -> object:
        if is_missing(value):
            return None
        return parse_number(value, integer=integer, share=share)

    return parse


def _text(value: object) -> object:
    if is_missing(value):
        return None
    if isinstance(value, float) and value == int(value):
        return str(int(value))  # ids typed as numbers in Excel: 1001.0 -> "1001"
    return str(value).strip() if isinstance(value, (str, int, np.integer)) else value


def _subject(value: object) -> object:
    """Subjects are compared in one spelling: lower case, ``ё`` as ``е``, no punctuation."""
    text = _text(value)
    return norm(text) if isinstance(text, str) else text


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


Id = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Text = Annotated[str | None, BeforeValidator(_text)]
Count = Annotated[Annotated[int, Field(ge=0)] | None, BeforeValidator(_number(integer=True))]
Amount = Annotated[Annotated[float, Field(ge=0)] | None, BeforeValidator(_number())]
Share = Annotated[Annotated[float, Field(ge=0, le=1)] | None, BeforeValidator(_number(share=True))]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
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
    internet_mbps: Amount = Field(None, description="Скорость интернета, Мбит/с.")
    social_wellbeing_index: Annotated[float | None, BeforeValidator(_number())] = Field(
        None, description="Индекс социального благополучия школы (ИСБШ); выше — благополучнее."
    )
    share_single_parent: Share = Field(None, description="Доля обучающихся из неполных семей.")
    share_registered: Share = Field(None, description="Доля обучающихся на учёте в КДН/ПДН.")
    share_non_native: Share = Field(None, description="Доля обучающихся, для которых русский не родной.")
    share_disabled: Share = Field(None, description="Доля обучающихся с ОВЗ.")
    declared_low_results: Flag = Field(None, description="Заявленный статус ШНОР (по официальному списку).")
    declared_unfavourable: Flag = Field(None, description="Заявленный статус ШНСУ.")
    declared_leader: Flag = Field(None, description="Заявленный статус школы-лидера.")
    program_500plus: Flag = Field(None, description="Участник проекта «500+».")
    partners: Names = Field((), description="Коды школ, с которыми уже заключено партнёрство.")
    leader_capacity: Count = Field(None, description="Сколько школ-партнёров лидер готов сопровождать.")
    mentor_hours: Amount = Field(None, description="Часы наставничества в неделю, которые даёт лидер.")
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
        if v is not None and not math.isfinite(v):
            raise ValueError("a finite number")
        return v

    @property
    def has_coordinates(self) -> bool:
        """True when latitude and longitude are both known."""
        return self.latitude is not None


class Result(_Model):
    """One assessment result (long form): a school's figures in one procedure, year, grade, subject.

    Subjects are kept in one normalised spelling (lower case, ``ё`` as ``е``, punctuation
    dropped: «Математика (профильная)» becomes ``"математика профильная"``) so that wide and
    long tables, and different years, name a subject the same way.

    ``mean_score`` is on the procedure's own scale (ЕГЭ test points, ОГЭ mark or points, ВПР
    points); ``mean_percent`` is the mean percentage of the maximum (средний процент
    выполнения). ``share_below_minimum`` is the share of participants who did not reach the
    minimum threshold (не преодолели минимальный порог / получили «2»); ``share_high`` the
    share of high results (высокобалльники, «5»).

    >>> r = Result(school="S01", year=2023, procedure="ОГЭ", grade=9, subject="математика",
    ...            participants=31, mean_score="3,4", share_below_minimum="12,9%")
    >>> r.procedure, r.mean_score, r.share_below_minimum
    (<Procedure.OGE: 'oge'>, 3.4, 0.129)
    """

    school: Id
    year: Annotated[int, BeforeValidator(_number(integer=True)), Field(ge=1990, le=2100)]
    procedure: Annotated[Procedure, BeforeValidator(_code(Procedure))]
    grade: Annotated[Annotated[int, Field(ge=1, le=11)] | None, BeforeValidator(_number(integer=True))] = None
    subject: Annotated[str, BeforeValidator(_subject), Field(min_length=1)]
    participants: Count = None
    mean_score: Amount = None
    mean_percent: Annotated[Annotated[float, Field(ge=0, le=100)] | None, BeforeValidator(_number())] = None
    share_below_minimum: Share = None
    share_high: Share = None


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


# --- results, column-wise --------------------------------------------------------------------

RESULT_COLUMNS: tuple[str, ...] = tuple(Result.model_fields)
_RESULT_KEY = ("school", "year", "procedure", "grade", "subject")
_FLOAT_COLUMNS = ("grade", "participants", "mean_score", "mean_percent", "share_below_minimum", "share_high")
_BOUNDS: dict[str, tuple[float, float, bool, str]] = {
    # column: (low, high, whole number, expected)
    "year": (1990, 2100, True, "a year from 1990 to 2100"),
    "grade": (1, 11, True, "a grade from 1 to 11"),
    "participants": (0, math.inf, True, "a whole number of participants, 0 or more"),
    "mean_score": (0, math.inf, False, "a mean score of 0 or more"),
    "mean_percent": (0, 100, False, "a mean percentage from 0 to 100"),
    "share_below_minimum": (0, 1, False, "a share from 0 to 1 (write 35% as 0.35 or '35%')"),
    "share_high": (0, 1, False, "a share from 0 to 1 (write 35% as 0.35 or '35%')"),
}


def _as_object_array(values: Iterable[object]) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype == object:
        return values.copy()
    arr = np.empty(len(values) if isinstance(values, Sized) else 0, dtype=object)
    if isinstance(values, Sized):
        arr[:] = list(values)
        return arr
    items = list(values)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    return arr


from collections.abc import Sized  # noqa: E402  (kept next to its only user)


def _readonly(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


@dataclass(frozen=True, eq=False)
class ResultTable(Sequence[Result]):
    """All results of a registry, stored column-wise; a read-only sequence of :class:`Result`.

    Columns are numpy arrays: ``school``, ``subject`` (str objects), ``procedure`` (str
    codes of :class:`Procedure`), ``year`` (int64) and float64 figures with NaN for missing
    (``grade``, ``participants``, ``mean_score``, ``mean_percent``, ``share_below_minimum``,
    ``share_high``). Build one with :meth:`from_results` or :meth:`from_columns`.

    Examples
    --------
    >>> t = ResultTable.from_columns({"school": ["A", "A"], "year": [2022, "2023"],
    ...     "procedure": ["ЕГЭ", "ege"], "subject": ["химия", "химия"], "mean_score": ["55,5", 60]})
    >>> len(t), t.mean_score.tolist(), t[1].year
    (2, [55.5, 60.0], 2023)
    """

    school: np.ndarray
    year: np.ndarray
    procedure: np.ndarray
    grade: np.ndarray
    subject: np.ndarray
    participants: np.ndarray
    mean_score: np.ndarray
    mean_percent: np.ndarray
    share_below_minimum: np.ndarray
    share_high: np.ndarray

    def __post_init__(self) -> None:
        for name in RESULT_COLUMNS:
            _readonly(getattr(self, name))

    # -- construction --
    @classmethod
    def empty(cls) -> ResultTable:
        """A table with no results."""
        return cls.from_columns({c: [] for c in ("school", "year", "procedure", "subject")})

    @classmethod
    def from_results(cls, results: Iterable[Result | Mapping[str, Any]]) -> ResultTable:
        """Build from :class:`Result` records or dicts (each validated)."""
        problems: list[Problem] = []
        records: list[Result] = []
        for i, r in enumerate(results):
            if isinstance(r, Result):
                records.append(r)
                continue
            try:
                records.append(Result.model_validate(r))
            except ValidationError as exc:
                school = r.get("school") if isinstance(r, Mapping) else None
                problems += problems_from_validation(exc, "results", i, school=school)
        if problems:
            raise InvalidInputError(problems)
        cols = {c: [getattr(r, c) for r in records] for c in RESULT_COLUMNS}
        cols["procedure"] = [p.value for p in cols["procedure"]]
        return cls._from_clean(cols)

    @classmethod
    def _from_clean(cls, cols: Mapping[str, Sequence[Any]]) -> ResultTable:
        out: dict[str, np.ndarray] = {}
        for c in RESULT_COLUMNS:
            v = cols[c]
            if c in ("school", "procedure", "subject"):
                out[c] = _as_object_array(v)
            elif c == "year":
                out[c] = np.asarray(v, dtype=np.int64).reshape(-1)
            else:
                out[c] = np.array([np.nan if x is None else x for x in v], dtype=np.float64).reshape(-1)
        return cls(**out)

    @classmethod
    def from_columns(cls, columns: Mapping[str, Any], *, validate: bool = True) -> ResultTable:
        """Build from columns of raw values, checking every value at once.

        Parameters
        ----------
        columns : mapping of str to array-like
            ``school``, ``year``, ``procedure`` and ``subject`` are required; the figures
            are optional. Strings with a decimal comma or a percent sign (shares) are read.
        validate : bool
            Check every value (default). ``False`` trusts already clean, typed columns.

        Raises
        ------
        InvalidInputError
            Listing every bad value with its 0-based index, column and what was expected.
        """
        unknown = sorted(set(columns) - set(RESULT_COLUMNS))
        missing = [c for c in ("school", "year", "procedure", "subject") if c not in columns]
        if unknown or missing:
            msgs = [Problem("results", f"a column of {list(RESULT_COLUMNS)}", column=c) for c in unknown]
            msgs += [Problem("results", "this required column", column=c) for c in missing]
            raise InvalidInputError(msgs)
        n = len(next(iter(columns.values()))) if columns else 0
        if any(len(v) != n for v in columns.values()):
            raise InvalidInputError(["All result columns must have the same length."])
        if not validate:
            data = {c: columns.get(c, [None] * n) for c in RESULT_COLUMNS}
            return cls(
                school=_as_object_array(data["school"]),
                year=np.asarray(data["year"], dtype=np.int64),
                procedure=_as_object_array(data["procedure"]),
                grade=np.asarray(data["grade"], dtype=np.float64),
                subject=_as_object_array(data["subject"]),
                **{c: np.asarray(data[c], dtype=np.float64) for c in _FLOAT_COLUMNS if c != "grade"},
            )
        problems: list[Problem] = []
        school = np.array([_text(v) for v in columns["school"]], dtype=object)
        subject = np.array([_subject(v) for v in columns["subject"]], dtype=object)
        for name, arr in (("school", school), ("subject", subject)):
            for i in np.flatnonzero([v is None or v == "" for v in arr]).tolist():
                problems.append(Problem("results", "a value (it is required)", column=name, index=i,
                                        school=school[i]))
        proc = np.array([None if is_missing(v) else Procedure.parse(v) for v in columns["procedure"]],
                        dtype=object)
        for i in np.flatnonzero([not isinstance(v, Procedure) for v in proc]).tolist():
            problems.append(Problem("results", Procedure.expected(), column="procedure",
                                    value=columns["procedure"][i], index=i, school=school[i]))
        proc_codes = np.array([v.value if isinstance(v, Procedure) else None for v in proc], dtype=object)
        numbers: dict[str, np.ndarray] = {}
        for c in ("year", *_FLOAT_COLUMNS):
            raw = columns.get(c)
            if raw is None:
                numbers[c] = np.full(n, np.nan)
                continue
            lo, hi, whole, expected = _BOUNDS[c]
            x, bad = parse_number_array(raw, share=c.startswith("share"))
            present = ~np.isnan(x)
            bad |= present & ((x < lo) | (x > hi))
            if whole:
                bad |= present & (np.floor(x) != x)
            if c == "year":
                bad |= ~present & ~bad  # a year is required
            raw_list = list(raw)
            for j in np.flatnonzero(bad).tolist():
                problems.append(Problem("results", expected, column=c, value=raw_list[j], index=j,
                                        school=school[j]))
            numbers[c] = x
        if not problems:
            keys: dict[tuple[object, ...], int] = {}
            for i, raw_key in enumerate(zip(school, numbers["year"], proc_codes, numbers["grade"], subject,
                                            strict=True)):
                key = tuple(-1 if isinstance(k, float) and math.isnan(k) else k for k in raw_key)
                if key in keys:
                    problems.append(Problem(
                        "results",
                        f"one row per school, year, procedure, grade and subject; this repeats item {keys[key]}",
                        column="subject", value=subject[i], index=i, school=school[i]))
                else:
                    keys[key] = i
        if problems:
            raise InvalidInputError(problems)
        return cls(
            school=school,
            year=numbers["year"].astype(np.int64),
            procedure=proc_codes,
            grade=numbers["grade"],
            subject=subject,
            **{c: numbers[c] for c in _FLOAT_COLUMNS if c != "grade"},
        )

    # -- sequence protocol --
    def __len__(self) -> int:
        return len(self.school)

    @overload
    def __getitem__(self, i: int) -> Result: ...
    @overload
    def __getitem__(self, i: slice) -> ResultTable: ...
    def __getitem__(self, i: int | slice) -> Result | ResultTable:
        if isinstance(i, slice):
            return self.take(np.arange(len(self))[i])
        i = range(len(self))[i]
        values: dict[str, Any] = {}
        for c in RESULT_COLUMNS:
            v = getattr(self, c)[i]
            if isinstance(v, (float, np.floating)):
                v = None if math.isnan(v) else float(v)
            values[c] = v
        values["year"] = int(values["year"])
        values["procedure"] = Procedure.parse(values["procedure"])
        for c in ("grade", "participants"):
            if values[c] is not None:
                values[c] = int(values[c])
        return Result.model_construct(**values)

    def __iter__(self) -> Iterator[Result]:
        for i in range(len(self)):
            yield self[i]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResultTable):
            return NotImplemented
        if len(self) != len(other):
            return False
        for c in RESULT_COLUMNS:
            a, b = getattr(self, c), getattr(other, c)
            if a.dtype == object:
                if not np.array_equal(a, b):
                    return False
            elif not np.array_equal(a, b, equal_nan=True):
                return False
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ResultTable({len(self)} results)"

    def codes(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Integer codes of a text column and the distinct values they index (sorted).

        >>> t = ResultTable.from_columns({"school": ["B", "A", "B"], "year": [2023, 2024, 2024],
        ...                               "procedure": ["ЕГЭ"] * 3, "subject": ["химия"] * 3})
        >>> codes, names = t.codes("school")
        >>> codes.tolist(), names.tolist()
        ([1, 0, 1], ['A', 'B'])
        """
        cache: dict[str, tuple[np.ndarray, np.ndarray]] = self.__dict__.setdefault("_codes", {})
        if column not in cache:
            import pandas as pd

            # hashing, not sorting the strings: fast for millions of rows
            codes, uniques = pd.factorize(pd.Series(getattr(self, column), dtype=object), sort=True)
            names = np.asarray(uniques, dtype=object)
            codes = np.asarray(codes, dtype=np.int64)
            codes.flags.writeable = False
            cache[column] = (codes, names)
        return cache[column]

    def take(self, index: np.ndarray) -> ResultTable:
        """The results at ``index`` (an integer or boolean array), as a new table."""
        return ResultTable(**{c: getattr(self, c)[index].copy() for c in RESULT_COLUMNS})

    def columns(self) -> dict[str, np.ndarray]:
        """The columns as a dict of read-only numpy arrays."""
        return {c: getattr(self, c) for c in RESULT_COLUMNS}

    def concat(self, other: ResultTable) -> ResultTable:
        """This table followed by ``other`` (no validation of duplicates across them)."""
        return ResultTable(**{c: np.concatenate([getattr(self, c), getattr(other, c)])
                              for c in RESULT_COLUMNS})


_SHARE = "a share from 0 to 1 (write 35% as 0.35 or '35%')"
_COUNT = "a whole number, 0 or more"
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
    "internet_mbps": "a speed in Mbit/s, 0 or more",
    "mentor_hours": "hours per week, 0 or more",
    "hours_per_week": "hours per week from 0 to 168",
    "social_wellbeing_index": "a number (the index of social well-being, ИСБШ)",
    "share_highest_category": _SHARE, "share_first_category": _SHARE, "share_single_parent": _SHARE,
    "share_registered": _SHARE, "share_non_native": _SHARE, "share_disabled": _SHARE,
    "share_below_minimum": _SHARE, "share_high": _SHARE,
    "year": "a year from 1990 to 2100",
    "grade": "a grade from 1 to 11",
    "mean_score": "a mean score of 0 or more",
    "mean_percent": "a mean percentage from 0 to 100",
    "declared_low_results": "yes or no (да/нет, 1/0)", "declared_unfavourable": "yes or no (да/нет, 1/0)",
    "declared_leader": "yes or no (да/нет, 1/0)", "program_500plus": "yes or no (да/нет, 1/0)",
    "centre_candidate": "yes or no (да/нет, 1/0)", "remote": "yes or no (да/нет, 1/0)",
    "settlement_type": SettlementType.expected(), "kind": SchoolKind.expected(),
    "phases": "levels among " + Phase.expected()[7:], "specialists": "specialists among "
    + Specialist.expected()[7:], "procedure": Procedure.expected(),
}
EXPECTED["resource_kind"] = ResourceKind.expected()


def problems_from_validation(exc: ValidationError, table: str, index: int | None,
                             school: object = None) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into :class:`Problem` records, one per error."""
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(x) for x in err.get("loc", ())]
        column = loc[0] if loc else None
        key = "resource_kind" if (table == "resources" and column == "kind") else column
        if err["type"] == "missing":
            expected = "a value (it is required)"
        elif err["type"] == "extra_forbidden":
            expected = "no such field; see the model's fields for the accepted names"
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


# --- the registry -----------------------------------------------------------------------------


class RegistryFrames(NamedTuple):
    """The registry as three pandas DataFrames."""

    schools: pd.DataFrame
    results: pd.DataFrame
    resources: pd.DataFrame


def _as_results(value: object) -> ResultTable:
    if isinstance(value, ResultTable):
        return value
    if value is None:
        return ResultTable.empty()
    if isinstance(value, Mapping):
        return ResultTable.from_columns(value)
    return ResultTable.from_results(value)  # type: ignore[arg-type]


def _validate_records(kind: type[_Model], table: str, items: Iterable[Any]
                      ) -> tuple[list[Any], list[Problem]]:
    """Validate records one by one; invalid ones become ``None`` beside their problems."""
    out: list[Any] = []
    problems: list[Problem] = []
    for i, v in enumerate(items):
        if isinstance(v, kind):
            out.append(v)
            continue
        try:
            out.append(kind.model_validate(v))
        except ValidationError as exc:
            key = {"schools": "id", "resources": "host"}.get(table, "school")
            ident = v.get(key) if isinstance(v, Mapping) else None
            found = problems_from_validation(exc, table, i, school=_text(ident))
            if isinstance(v, Mapping):  # report the value as given, not as half-parsed
                found = [replace(p, value=v[p.column]) if p.column in v and p.value is not None else p
                         for p in found]
            problems += found
            out.append(None)
    return out, problems


def validate_parts(
    schools: Sequence[Any], results: Any, resources: Sequence[Any]
) -> tuple[tuple[School, ...], ResultTable, tuple[Resource, ...], list[Problem]]:
    """Validate the three tables and their cross-references, collecting every problem.

    Returns the parsed parts (meaningful only when no problem was found) and the problems,
    each carrying its record's 0-based position in ``index``.
    """
    school_list, problems = _validate_records(School, "schools", schools)
    resource_list, more = _validate_records(Resource, "resources", resources)
    problems += more
    table: ResultTable | None
    try:
        table = _as_results(results)
    except InvalidInputError as exc:
        problems += exc.problems
        table = None
    ids: list[str | None] = [None if s is None else s.id for s in school_list]
    for i, raw in enumerate(schools):
        # an invalid record still counts for duplicate detection when its id is readable
        if ids[i] is None and isinstance(raw, Mapping):
            ident = _text(raw.get("id"))
            ids[i] = ident if isinstance(ident, str) and ident else None
    problems += registry_problems(
        ids,
        [() if s is None else s.partners for s in school_list],
        list(table.school) if table is not None else [],
        [None if r is None else r.id for r in resource_list],
        [None if r is None else r.host for r in resource_list],
    )
    if problems or table is None:
        return (), ResultTable.empty(), (), problems
    return tuple(school_list), table, tuple(resource_list), []


class Registry(_Model):
    """A district's or region's registry: schools, their results and shareable resources.

    Parameters
    ----------
    schools : sequence of School or dict
    results : ResultTable, sequence of Result or dict, or a mapping of columns
    resources : sequence of Resource or dict
    name : str, optional
        The district or region, for reports.

    Raises
    ------
    InvalidInputError
        With every problem at once: bad values, duplicate school or resource ids, results,
        resources or partnerships naming unknown schools, repeated results.

    Examples
    --------
    >>> reg = Registry(schools=[School(id="A", name="Школа А"), School(id="B", name="Школа Б")],
    ...                resources=[Resource(id="R", host="B", kind="IT-куб", seats=12)])
    >>> len(reg), reg.school("B").name, [r.id for r in reg.resources_of("B")]
    (2, 'Школа Б', ['R'])
    >>> Registry(schools=[School(id="A", name="x"), School(id="A", name="y")])
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: schools, item 1 (school 'A'), column 'id': got 'A'; expected a unique ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    schools: tuple[School, ...]
    results: ResultTable = Field(default_factory=ResultTable.empty)
    resources: tuple[Resource, ...] = ()
    name: str | None = None

    def __init__(
        self,
        schools: Iterable[School | Mapping[str, Any]],
        results: ResultTable | Iterable[Result | Mapping[str, Any]] | Mapping[str, Any] | None = None,
        resources: Iterable[Resource | Mapping[str, Any]] | None = None,
        name: str | None = None,
    ) -> None:
        # All three tables are checked before anything is raised: one error lists every problem.
        parsed_schools, table, parsed_resources, problems = validate_parts(
            list(schools), results, list(resources or ()))
        if problems:
            raise InvalidInputError(problems)
        fields: dict[str, Any] = {"schools": parsed_schools, "results": table, "resources": parsed_resources,
                                  "name": name}
        super().__init__(**fields)

    def __str__(self) -> str:
        return self.__repr__()

    def __len__(self) -> int:
        return len(self.schools)

    def __repr__(self) -> str:
        label = f"{self.name!r}, " if self.name else ""
        return (f"Registry({label}{len(self.schools)} schools, {len(self.results)} results, "
                f"{len(self.resources)} resources)")

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """School ids in registry order."""
        return tuple(s.id for s in self.schools)

    @cached_property
    def index(self) -> dict[str, int]:
        """Position of each school id in :attr:`schools`."""
        return {s.id: i for i, s in enumerate(self.schools)}

    @cached_property
    def result_rows(self) -> np.ndarray:
        """For each result, the row of its school in :attr:`schools` (int64, read-only)."""
        import pandas as pd

        rows = pd.Index(self.ids).get_indexer(pd.Index(self.results.school)).astype(np.int64)
        rows.flags.writeable = False
        return rows

    def school(self, school_id: str) -> School:
        """The school with this id; ``KeyError`` naming the id when there is none."""
        try:
            return self.schools[self.index[school_id]]
        except KeyError:
            raise KeyError(f"no school with id {school_id!r} in the registry") from None

    def __contains__(self, school_id: object) -> bool:
        return school_id in self.index

    def results_of(self, school_id: str) -> ResultTable:
        """All results of one school."""
        self.school(school_id)
        return self.results.take(self.results.school == school_id)

    def resources_of(self, school_id: str) -> tuple[Resource, ...]:
        """The resources one school hosts."""
        self.school(school_id)
        return tuple(r for r in self.resources if r.host == school_id)

    def replace(self, **changes: Any) -> Registry:
        """A new registry with some parts replaced, validated again."""
        data: dict[str, Any] = {"schools": self.schools, "results": self.results,
                                "resources": self.resources, "name": self.name}
        data.update(changes)
        return Registry(**data)

    def to_frames(self) -> RegistryFrames:
        """The registry as DataFrames: one row per school, per result and per resource.

        Codes are plain strings (``"secondary"``), lists are tuples, missing values are
        ``None``/NaN; column names are the model's field names.

        >>> from netmatch.datasets import load_demo
        >>> frames = load_demo().to_frames()
        >>> frames.schools.shape[0], list(frames.results.columns)[:3]
        (18, ['school', 'year', 'procedure'])
        """
        import pandas as pd

        def rows(items: Sequence[BaseModel], model: type[BaseModel]) -> pd.DataFrame:
            records = [it.model_dump(mode="python") for it in items]
            frame = pd.DataFrame.from_records(records, columns=list(model.model_fields))
            for col in frame.columns:
                if frame[col].dtype == object:
                    frame[col] = frame[col].map(_plain)
            return frame

        results = pd.DataFrame(self.results.columns())
        for c in ("grade", "participants"):
            results[c] = results[c].astype("Int64")
        return RegistryFrames(rows(self.schools, School), results, rows(self.resources, Resource))


def _plain(v: object) -> object:
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    return v


def registry_problems(
    school_ids: Sequence[str | None],
    partners: Sequence[Sequence[str]],
    result_schools: Sequence[object],
    resource_ids: Sequence[str | None],
    resource_hosts: Sequence[str | None],
) -> list[Problem]:
    """Cross-table checks: unique ids, and every reference names a known school.

    Each argument is aligned with its table (``None`` for a record whose own value was
    invalid), so the problems carry the record's position in ``index``.
    """
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for i, sid in enumerate(school_ids):
        if sid is None:
            continue
        if sid in first:
            problems.append(Problem("schools", f"a unique school id; item {first[sid]} has the same id",
                                    column="id", value=sid, index=i, school=sid))
        else:
            first[sid] = i
    for i, (sid, listed) in enumerate(zip(school_ids, partners, strict=True)):
        for p in listed:
            if p not in first:
                problems.append(Problem("schools", "the id of a school in the registry", column="partners",
                                        value=p, index=i, school=sid))
    if len(result_schools):
        # np.isin on object arrays compares all pairs: look up the few distinct names instead
        arr = np.asarray(result_schools, dtype=object)
        strangers = set(arr.tolist()) - first.keys() - {None}
        unknown = np.isin(arr, np.array(sorted(strangers, key=str), dtype=object)) if strangers else \
            np.zeros(len(arr), bool)
        for k in np.flatnonzero(unknown).tolist():
            problems.append(Problem("results", "the id of a school in the registry", column="school",
                                    value=arr[k], index=k))
    seen: dict[str, int] = {}
    for i, (rid, host) in enumerate(zip(resource_ids, resource_hosts, strict=True)):
        if host is not None and host not in first:
            problems.append(Problem("resources", "the id of a school in the registry", column="host",
                                    value=host, index=i))
        if rid is None:
            continue
        if rid in seen:
            problems.append(Problem("resources", f"a unique resource id; item {seen[rid]} has the same id",
                                    column="id", value=rid, index=i))
        else:
            seen[rid] = i
    return problems
