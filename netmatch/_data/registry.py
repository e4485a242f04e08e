"""The whole registry: :class:`Registry` (schools, results, resources) and its cross-table checks.

:func:`validate_parts` validates the three tables together and :func:`registry_problems` checks
what ties them (unique ids; every result, resource and partnership names a known school), so that
one :class:`netmatch.InvalidInputError` lists every problem at once; :func:`partner_problems` and
:func:`~netmatch._data.people.teacher_problems` do the same for the optional organisations, needs, teachers
and staff.
:class:`RegistryFrames` holds the registry as DataFrames; :class:`RegistryKpis` sums it up.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from netmatch._base.parse import norm
from netmatch._base.results import Indicators, short_repr
from netmatch._base.util import gc_paused
from netmatch._data.assessments import BUILTIN_ASSESSMENTS, Assessment, catalogue, expected_text
from netmatch._data.columnwise import ColumnRecords, validate_each
from netmatch._data.headers import ColumnNote
from netmatch._data.ids import look_alike
from netmatch._data.models import (
    GROWTH_POINT_KINDS,
    Resource,
    Result,
    School,
    SettlementType,
    _checked_subject,
    _Model,
    _text,
)
from netmatch._data.partners import Need, Organisation
from netmatch._data.people import staff_problems, subject_counts, teacher_problems
from netmatch._data.results import ResultTable
from netmatch._data.staff import StaffMember, SubjectTeachers
from netmatch._data.surveys import Survey, survey_problems
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ColumnRecords",
    "Records",
    "Registry",
    "RegistryFrames",
    "RegistryKpis",
    "partner_problems",
    "registry_problems",
    "validate_parts",
    "validate_records",
]


class RegistryFrames(NamedTuple):
    """The registry as pandas DataFrames: schools, results, resources, organisations, needs, teachers, staff and
    satisfaction surveys."""

    schools: pd.DataFrame
    results: pd.DataFrame
    resources: pd.DataFrame
    organisations: pd.DataFrame | None = None
    needs: pd.DataFrame | None = None
    teachers: pd.DataFrame | None = None
    staff: pd.DataFrame | None = None
    surveys: pd.DataFrame | None = None


@dataclass(frozen=True)
class RegistryKpis(Indicators):
    """What a registry holds, in figures (:attr:`Registry.kpis`).

    ``students`` sums the schools whose number of pupils is known; ``first_year`` and
    ``last_year`` are ``None`` when there are no results.

    >>> from netmatch.datasets import load_demo
    >>> k = load_demo().kpis
    >>> k.schools, k.with_coordinates, k.procedures
    (18, 18, 3)
    """

    schools: int
    municipalities: int
    rural: int
    with_coordinates: int
    students: int
    results: int
    schools_with_results: int
    years: int
    first_year: int | None
    last_year: int | None
    procedures: int
    subjects: int
    resources: int
    growth_points: int
    organisations: int = 0
    needs: int = 0
    teachers: int = 0
    staff: int = 0


# --- validation -------------------------------------------------------------------------------


def _as_results(value: object, assessments: tuple[Assessment, ...] = BUILTIN_ASSESSMENTS,
                percent_columns: Sequence[str] = (), notes: list[ColumnNote] | None = None) -> ResultTable:
    if isinstance(value, ResultTable):
        _declared(value, assessments)
        return value
    if value is None:
        return ResultTable.empty()
    if isinstance(value, Mapping):
        return ResultTable.from_columns(value, assessments=assessments, percent_columns=percent_columns, notes=notes)
    return ResultTable.from_results(value, assessments=assessments)  # type: ignore[arg-type]


def _declared(table: ResultTable, assessments: tuple[Assessment, ...]) -> None:
    """A table built elsewhere must name only the registry's procedures (by code)."""
    codes = {a.code for a in assessments}
    names = table.codes("procedure")[1]
    strangers = [p for p in names.tolist() if p not in codes]
    if strangers:
        first = {p: int(np.flatnonzero(table.procedure == p)[0]) for p in strangers}
        raise InvalidInputError([Problem("results", expected_text(assessments), column="procedure", value=p,
                                         index=i, expected_ru=expected_text(assessments, "ru"))
                                 for p, i in first.items()])


class Records(NamedTuple):
    """The schools and resources validated (``None`` for a record with problems), and their problems."""

    schools: list[School | None]
    resources: list[Resource | None]
    problems: list[Problem]


@gc_paused()  # hundreds of thousands of small objects at once: see gc_paused
def validate_records(schools: Sequence[Any], resources: Sequence[Any]) -> Records:
    """The schools and the resources validated, each record on its own (cross-references aside).

    The first half of :func:`validate_parts`: a reader runs it while a large results file is
    still being read.
    """
    school_list, problems = validate_each(School, "schools", schools)
    resource_list, more = validate_each(Resource, "resources", resources)
    return Records(school_list, resource_list, problems + more)


@gc_paused()
def validate_parts(
    schools: Sequence[Any], results: Any, resources: Sequence[Any], *,
    assessments: tuple[Assessment, ...] = BUILTIN_ASSESSMENTS, percent_columns: Sequence[str] = (),
    notes: list[ColumnNote] | None = None, records: Records | None = None, hosts: Collection[str] = (),
) -> tuple[tuple[School, ...], ResultTable, tuple[Resource, ...], list[Problem]]:
    """Validate the three tables and their cross-references, collecting every problem.

    Returns the parsed parts (meaningful only when no problem was found) and the problems,
    each carrying its record's 0-based position in ``index``. ``assessments`` are the
    procedures results may name (a catalogue: :func:`netmatch._data.assessments.catalogue`);
    ``percent_columns`` and ``notes`` as in :meth:`ResultTable.from_columns`; ``records`` what
    :func:`validate_records` found for ``schools`` and ``resources``, when it ran already;
    ``hosts`` the codes beside the schools' that a resource may name as its host (the organisations').
    """
    records = records or validate_records(schools, resources)
    school_list, resource_list, problems = records.schools, records.resources, list(records.problems)
    problems += _no_schools(schools)
    table: ResultTable | None
    try:
        table = _as_results(results, assessments, percent_columns, notes)
    except InvalidInputError as exc:  # after the schools' and the resources' problems, as always
        problems += exc.problems
        table = None
    ids: list[str | None] = [None if s is None else s.id for s in school_list]
    for i in [k for k, sid in enumerate(ids) if sid is None]:
        # an invalid record still counts for duplicate detection when its id is readable
        raw = schools[i]
        if isinstance(raw, Mapping):
            ident = _text(raw.get("id"))
            ids[i] = ident if isinstance(ident, str) and ident else None
    problems += registry_problems(
        ids,
        [() if s is None else s.partners for s in school_list],
        table.codes("school") if table is not None else (np.zeros(0, np.int64), np.zeros(0, object)),
        [None if r is None else r.id for r in resource_list],
        [None if r is None else r.host for r in resource_list],
        hosts,
    )
    if problems or table is None:
        return (), ResultTable.empty(), (), problems
    # no problem: no record is None
    return tuple(cast(list[School], school_list)), table, tuple(cast(list[Resource], resource_list)), []


def _no_schools(schools: Sequence[Any]) -> list[Problem]:
    """A problem when there is no school: a header-only file has nothing to plan, no later step anything to say."""
    return [] if len(schools) else [Problem("schools", "at least one school; the schools table has none (only a "
                                            "header?)")]


def registry_problems(
    school_ids: Sequence[str | None],
    partners: Sequence[Sequence[str]],
    result_schools: tuple[np.ndarray, np.ndarray],
    resource_ids: Sequence[str | None],
    resource_hosts: Sequence[str | None],
    hosts: Collection[str] = (),
) -> list[Problem]:
    """Cross-table checks: unique ids, and every reference names a known school.

    Each argument is aligned with its table (``None`` for a record whose own value was
    invalid), so the problems carry the record's position in ``index``. ``result_schools`` are
    the results' school codes and the names they index (:meth:`ResultTable.codes`): the few
    names are looked up, not the millions of cells. ``hosts`` are the codes beside the schools'
    a resource may be hosted by (the registry's organisations).
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
    for sid, others in look_alike(list(first)).items():
        other = others[0]
        problems.append(Problem("schools", f"a school id unlike the others; item {first[other]} has the id "
                                f"'{other}' that looks the same (Cyrillic and Latin letters, O and zero): write "
                                "both alike if they are one school, or give one another code",
                                column="id", value=sid, index=first[sid], school=sid))
    for i, (sid, listed) in enumerate(zip(school_ids, partners, strict=True)):
        for p in listed:
            if p not in first:
                problems.append(Problem("schools", "the id of a school in the registry", column="partners",
                                        value=p, index=i, school=sid))
    codes, names = result_schools
    strangers = [k for k, name in enumerate(names.tolist()) if name not in first]
    if strangers:
        for k in np.flatnonzero(np.isin(codes, strangers)).tolist():
            problems.append(Problem("results", "the id of a school in the registry", column="school",
                                    value=names[codes[k]], index=k))
    seen: dict[str, int] = {}
    for i, (rid, host) in enumerate(zip(resource_ids, resource_hosts, strict=True)):
        if host is not None and host not in first and host not in hosts:
            problems.append(Problem("resources", "the id of a school or an organisation in the registry", column="host",
                                    value=host, index=i))
        if rid is None:
            continue
        if rid in seen:
            problems.append(Problem("resources", f"a unique resource id; item {seen[rid]} has the same id",
                                    column="id", value=rid, index=i))
        else:
            seen[rid] = i
    return problems


def _school_codes(schools: Sequence[Any]) -> set[str]:
    """The readable school codes of records not yet validated (an unreadable one is the schools' problem)."""
    out: set[str] = set()
    for s in schools:
        try:
            code = s.id if isinstance(s, School) else _text(s.get("id")) if isinstance(s, Mapping) else None
        except ValueError:
            continue
        if isinstance(code, str) and code:
            out.add(code)
    return out


def partner_problems(organisations: Sequence[Any], needs: Sequence[Any], school_ids: Collection[str]
                     ) -> tuple[tuple[Organisation, ...], tuple[Need, ...], list[Problem]]:
    """The organisations and the needs validated, with every problem of theirs.

    An organisation's code is unique and no school's; a need names a school of the registry
    (``school_ids``). Returns the parsed records (meaningful only without problems) and the problems,
    each with its record's 0-based position in ``index``.

    >>> orgs, needs, found = partner_problems([{"id": "A", "name": "x", "kind": "вуз"}],
    ...                                       [{"school": "Z", "help": "профориентация"}], {"A", "B"})
    >>> [(p.table, p.column, p.value) for p in found]
    [('organisations', 'id', 'A'), ('needs', 'school', 'Z')]
    """
    orgs, problems = validate_each(Organisation, "organisations", organisations)
    stated, more = validate_each(Need, "needs", needs)
    problems += more
    seen: dict[str, int] = {}
    for i, org in enumerate(orgs):
        if org is None:
            continue
        if org.id in school_ids:
            problems.append(Problem("organisations", "an organisation code no school has (the schools table has it)",
                                    column="id", value=org.id, index=i))
        elif org.id in seen:
            problems.append(Problem("organisations", f"a unique organisation code; item {seen[org.id]} has the "
                                    "same code", column="id", value=org.id, index=i))
        seen.setdefault(org.id, i)
    for i, need in enumerate(stated):
        if need is not None and need.school not in school_ids:
            problems.append(Problem("needs", "the id of a school in the registry", column="school",
                                    value=need.school, index=i, school=need.school))
    if problems:
        return (), (), problems
    return tuple(cast(list[Organisation], orgs)), tuple(cast(list[Need], stated)), []


# --- the registry -----------------------------------------------------------------------------


def _plain(v: object) -> object:
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, tuple):
        return tuple(_plain(x) for x in v)
    return v


def _records_frame(items: Sequence[BaseModel], model: type[BaseModel]) -> pd.DataFrame:
    """One row per record, one column per field; codes as plain strings."""
    import pandas as pd

    records = [it.model_dump(mode="python") for it in items]
    frame = pd.DataFrame.from_records(records, columns=list(model.model_fields))
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].map(_plain)
    return frame


class Registry(_Model):
    """A district's or region's registry: schools, their results and shareable resources.

    Parameters
    ----------
    schools : sequence of School or dict
    results : ResultTable, sequence of Result or dict, or a mapping of columns
    resources : sequence of Resource or dict
    name : str, optional
        The district or region, for reports.
    assessments : sequence of Assessment or dict, optional
        Procedures beyond the built-in ЕГЭ, ОГЭ and ВПР that results may name (a regional
        diagnostic, a foreign test; see :class:`~netmatch._data.assessments.Assessment`). The
        registry keeps the whole catalogue in :attr:`assessments`: the built-ins, then these.
    percent_columns : sequence of str
        Results share columns whose bare numbers are percentages (when results are columns).
    organisations : sequence of Organisation or dict, optional
        Partner organisations beyond schools (вузы, СПО, доп. образование, culture, sport):
        they may lead associations, host resources (a resource's ``host`` may be their code) and
        answer the schools' needs; they are never counted as schools.
    needs : sequence of Need or dict, optional
        The schools' stated needs (school, kind of help, subject or resource, priority).
    teachers : sequence of SubjectTeachers or dict, optional
        How many teachers each school has for each subject (school, subject as the results
        write it, teachers): one row per school and subject, each naming a school of the
        registry (see :meth:`teachers_of`); or one row per named teacher of a subject, with the
        category, years, whether a mentor and the hours a month for mentoring.
    staff : sequence of StaffMember or dict, optional
        The programme's people: coordinators, curators, methodists (code, name, role, workplace
        among the schools' and organisations' codes, subjects of expertise, load, place).
    surveys : sequence of Survey or dict, optional
        Satisfaction surveys (school, year, survey, respondents, share satisfied; see
        :class:`~netmatch._data.surveys.Survey`): one row per school, year and survey.

    Raises
    ------
    InvalidInputError
        With every problem at once: bad values, duplicate school or resource ids, results,
        resources, partnerships, needs or teachers naming unknown schools, repeated results or
        teachers rows.

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
    assessments: tuple[Assessment, ...] = BUILTIN_ASSESSMENTS
    organisations: tuple[Organisation, ...] = ()
    needs: tuple[Need, ...] = ()
    teachers: tuple[SubjectTeachers, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    surveys: tuple[Survey, ...] = ()

    def __init__(
        self,
        schools: Iterable[School | Mapping[str, Any]],
        results: ResultTable | Iterable[Result | Mapping[str, Any]] | Mapping[str, Any] | None = None,
        resources: Iterable[Resource | Mapping[str, Any]] | None = None,
        name: str | None = None,
        assessments: Iterable[Assessment | Mapping[str, Any]] | None = None,
        percent_columns: Sequence[str] = (),
        organisations: Iterable[Organisation | Mapping[str, Any]] | None = None,
        needs: Iterable[Need | Mapping[str, Any]] | None = None,
        teachers: Iterable[SubjectTeachers | Mapping[str, Any]] | None = None,
        staff: Iterable[StaffMember | Mapping[str, Any]] | None = None,
        surveys: Iterable[Survey | Mapping[str, Any]] | None = None,
    ) -> None:
        known = catalogue(assessments)  # a whole catalogue (Registry.replace) gives itself back
        schools = list(schools)
        codes = _school_codes(schools)
        orgs, stated, problems = partner_problems(list(organisations or ()), list(needs or ()), codes)
        named, found = teacher_problems(list(teachers or ()), codes)
        people, more_found = staff_problems(list(staff or ()), {*codes, *(o.id for o in orgs)})
        asked, surveyed = survey_problems(list(surveys or ()), codes) if surveys else ((), [])
        problems += found + more_found + surveyed
        # Every table is checked before anything is raised: one error lists every problem.
        parsed_schools, table, parsed_resources, more = validate_parts(
            schools, results, list(resources or ()), assessments=known, percent_columns=percent_columns,
            hosts={o.id for o in orgs})
        problems = more + problems
        if problems:
            raise InvalidInputError(problems)
        fields: dict[str, Any] = {"schools": parsed_schools, "results": table, "resources": parsed_resources,
                                  "name": name, "assessments": known, "organisations": orgs, "needs": stated,
                                  "teachers": named, "staff": people, "surveys": asked}
        super().__init__(**fields)

    def __str__(self) -> str:
        return self.__repr__()

    def __len__(self) -> int:
        return len(self.schools)

    def __repr__(self) -> str:
        k = self.kpis
        years = None if k.first_year is None else (
            str(k.first_year) if k.first_year == k.last_year else f"{k.first_year}–{k.last_year}")
        # a long name is cut so that the figures still fit
        label = self.name if self.name is None or len(self.name) <= 80 else self.name[:77] + "..."
        kind = f"Registry {label!r}" if label else "Registry"
        return short_repr(kind, k.schools, "schools", results=k.results, resources=k.resources,
                          **({} if years is None else {"years": years}))

    @cached_property
    def kpis(self) -> RegistryKpis:
        """The registry in figures: schools, results, years, procedures, resources ...

        >>> from netmatch.datasets import load_demo
        >>> load_demo().kpis.as_dict()["schools"]
        18
        """
        res = self.results
        year = res.year
        students = [s.students for s in self.schools if s.students is not None]
        return RegistryKpis(
            schools=len(self.schools),
            municipalities=len({s.municipality for s in self.schools if s.municipality is not None}),
            rural=sum(s.settlement_type is SettlementType.RURAL for s in self.schools),
            with_coordinates=sum(s.has_coordinates for s in self.schools),
            students=int(sum(students)),
            results=len(res),
            schools_with_results=len(res.codes("school")[1]),
            years=len(np.unique(year)),
            first_year=int(year.min()) if len(year) else None,
            last_year=int(year.max()) if len(year) else None,
            procedures=len(res.codes("procedure")[1]),
            subjects=len(res.codes("subject")[1]),
            resources=len(self.resources),
            growth_points=sum(r.kind in GROWTH_POINT_KINDS for r in self.resources),
            organisations=len(self.organisations),
            needs=len(self.needs),
            teachers=len(self.teachers),
            staff=len(self.staff),
        )

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

    @property
    def declared(self) -> tuple[Assessment, ...]:
        """The assessments beyond the built-in ЕГЭ, ОГЭ and ВПР as they come (a built-in one redeclared too).

        >>> from netmatch.datasets import load_demo
        >>> load_demo().declared
        ()
        """
        return tuple(a for a in self.assessments if a not in BUILTIN_ASSESSMENTS)

    @property
    def declared_names(self) -> dict[str, dict[str, tuple[str, str]]]:
        """``{"procedures": {code: (name_ru, name_en)}}`` of :attr:`declared`; ``{}`` when there are none."""
        names = {a.code: (a.name_ru, a.name("en")) for a in self.declared}
        return {"procedures": names} if names else {}

    def assessment(self, code: str) -> Assessment:
        """The registry's assessment with this code (or name, or spelling); ``KeyError`` when there is none.

        >>> from netmatch.datasets import load_demo
        >>> load_demo().assessment("ЕГЭ").name_en
        'EGE'
        """
        from netmatch._data.assessments import spellings

        found = spellings(self.assessments).get(norm(code))
        if found is None:
            raise KeyError(f"no procedure {code!r} in the registry")
        return next(a for a in self.assessments if a.code == found)

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
        """The resources one school (or organisation) hosts."""
        if school_id not in self.organisation_index:
            self.school(school_id)
        return tuple(r for r in self.resources if r.host == school_id)

    @cached_property
    def organisation_index(self) -> dict[str, int]:
        """Position of each organisation code in :attr:`organisations`."""
        return {o.id: i for i, o in enumerate(self.organisations)}

    def organisation(self, code: str) -> Organisation:
        """The organisation with this code; ``KeyError`` naming the code when there is none.

        >>> from netmatch.datasets import load_demo
        >>> load_demo().organisation("O1").kind.label_ru
        'вуз'
        """
        try:
            return self.organisations[self.organisation_index[code]]
        except KeyError:
            raise KeyError(f"no organisation with code {code!r} in the registry") from None

    @cached_property
    def subject_teachers(self) -> dict[tuple[str, str], int]:
        """The teachers of each (school, subject) the teachers table speaks of: its counting row, else its
        named teachers (see :func:`~netmatch._data.people.subject_counts`)."""
        return subject_counts(self.teachers)

    def teachers_of(self, school_id: str, subject: str) -> int | None:
        """How many teachers of the school teach the subject; ``None`` when the teachers table does not say.

        The subject may be written as the results write it or as a registry does («Русский
        язык»); a school not in the registry is a ``KeyError`` naming its id.

        >>> from netmatch.datasets import load_demo
        >>> reg = load_demo()
        >>> reg.teachers_of("S01", "Русский язык"), reg.teachers_of("S18", "русский язык")
        (4, 1)
        >>> reg.teachers_of("S18", "физика") is None  # a primary school teaches no physics
        True
        """
        self.school(school_id)
        return self.subject_teachers.get((school_id, str(_checked_subject(subject))))

    @cached_property
    def staff_index(self) -> dict[str, int]:
        """Position of each person's code in :attr:`staff`."""
        return {p.id: i for i, p in enumerate(self.staff)}

    def person(self, code: str) -> StaffMember:
        """The person of the staff with this code; ``KeyError`` naming the code when there is none."""
        try:
            return self.staff[self.staff_index[code]]
        except KeyError:
            raise KeyError(f"no person with code {code!r} in the staff") from None

    def replace(self, **changes: Any) -> Registry:
        """A new registry with some parts replaced, validated again (a row naming a school no longer there is
        a problem: the caller says what becomes of it)."""
        data: dict[str, Any] = {"schools": self.schools, "results": self.results,
                                "resources": self.resources, "name": self.name, "assessments": self.assessments,
                                "organisations": self.organisations, "needs": self.needs, "teachers": self.teachers,
                                "staff": self.staff, "surveys": self.surveys}
        data.update(changes)
        return Registry(**data)

    def to_frame(self) -> pd.DataFrame:
        """One row per school, one column per :class:`School` field (results and resources: :meth:`to_frames`).

        >>> from netmatch.datasets import load_demo
        >>> frame = load_demo().to_frame()
        >>> frame.shape[0], list(frame.columns)[:3]
        (18, ['id', 'name', 'municipality'])
        """
        return _records_frame(self.schools, School)

    def to_frames(self) -> RegistryFrames:
        """The registry as DataFrames: one row per school, result, resource, organisation, need and teachers row.

        Codes are plain strings (``"secondary"``), lists are tuples, missing values are
        ``None``/NaN; column names are the model's field names.

        >>> from netmatch.datasets import load_demo
        >>> frames = load_demo().to_frames()
        >>> frames.schools.shape[0], list(frames.results.columns)[:3]
        (18, ['school', 'year', 'procedure'])
        >>> frames.teachers.shape, list(frames.teachers.columns)
        ((139, 9), ['school', 'subject', 'teachers', 'name', 'category', 'years', 'mentor', 'hours', 'trained'])
        """
        import pandas as pd

        results = pd.DataFrame(self.results.columns())
        for c in ("grade", "participants"):
            results[c] = results[c].astype("Int64")
        return RegistryFrames(_records_frame(self.schools, School), results,
                              _records_frame(self.resources, Resource),
                              _records_frame(self.organisations, Organisation), _records_frame(self.needs, Need),
                              _records_frame(self.teachers, SubjectTeachers), _records_frame(self.staff, StaffMember),
                              _records_frame(self.surveys, Survey))
