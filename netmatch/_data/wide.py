"""Results and resources carried in the schools table, in the wide form departments keep.

A schools sheet may hold one column per procedure, year, subject and figure — «ЕГЭ 2021 Русский
язык средний балл», «ВПР-2023, 4 класс, математика: доля 2» — read by :func:`parse_wide_header`
into a :class:`WideColumn`; and one column per kind of resource — «Точка роста», «IT-куб» — with
yes/no (or the centre's profile) in each school's row. :func:`wide_results` and
:func:`flag_resources` turn those cells into long results and resource records.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from netmatch._base.parse import SCHOOL_YEAR, norm, parse_bool, school_year
from netmatch._data.assessments import BUILTIN_ASSESSMENTS, Assessment
from netmatch._data.headers import HEADERS
from netmatch._data.ids import normal_id
from netmatch._data.models import Procedure, ResourceKind
from netmatch._data.raw import RawTable
from netmatch._data.results import RESULT_COLUMNS
from netmatch._data.tables import Origin, clean
from netmatch.exceptions import Problem

__all__ = ["WideColumn", "flag_resources", "parse_wide_header", "resource_flag", "wide_groups", "wide_results"]

_PROC = re.compile(r"(?<![\w])(егэ|огэ|впр|ege|oge|vpr|гиа-9)(?![\w])")
_YEAR = re.compile(r"(?<![\w])(19\d\d|20\d\d)(?![\w])")
_GRADE = re.compile(r"(?<![\w])(?:(\d{1,2})\s*(?:-?й\s*)?(?:класс|кл|grade)|(?:grade|класс)\s*(\d{1,2}))(?![\w])")
_MEASURE_FIELDS = ("participants", "mean_score", "mean_percent", "share_below_minimum", "share_high",
                   "share_quality")
_MEASURES: list[tuple[str, str]] = sorted(
    ((norm(alias).replace("_", " "), f) for f in _MEASURE_FIELDS
     for alias in (f, *HEADERS["results"][f])),
    key=lambda t: -len(t[0]),
)


@dataclass(frozen=True)
class WideColumn:
    """What a wide results header names."""

    procedure: Procedure | str  # a declared assessment by its code
    year: int
    grade: int | None
    subject: str
    measure: str


@functools.lru_cache(maxsize=32)
def _declared_pattern(assessments: tuple[Assessment, ...]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A pattern finding any spelling of the declared assessments in a header, and spelling -> code."""
    codes = {norm(s): a.code for a in assessments if a not in BUILTIN_ASSESSMENTS for s in a.spellings()}
    codes = {k: v for k, v in codes.items() if k}
    if not codes:
        return None
    alternatives = "|".join(re.escape(k) for k in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![\w])({alternatives})(?![\w])"), codes


def parse_wide_header(header: str, assessments: tuple[Assessment, ...] = BUILTIN_ASSESSMENTS
                      ) -> WideColumn | None:
    """Read a wide results header such as «ЕГЭ 2021 Русский язык средний балл».

    The procedure (ЕГЭ, ОГЭ, ВПР, or one of the declared ``assessments`` by its code, name or
    spelling: «РДР 2024 математика средний балл»), a year and a figure (средний балл, доля не преодолевших
    минимальный порог, …) must all be present, in any order; a grade («4 класс») is
    optional; what remains is the subject. A school year («2015-2016», «2015/16», «2015–16 уч.
    год») names the year of its exams, the second one. Returns ``None`` for any other header.

    Examples
    --------
    >>> parse_wide_header("ЕГЭ 2021 Русский язык средний балл")
    WideColumn(procedure=<Procedure.EGE: 'ege'>, year=2021, grade=None, subject='русский язык', measure='mean_score')
    >>> parse_wide_header("ВПР-2023, 4 класс, математика: доля 2").measure
    'share_below_minimum'
    >>> parse_wide_header("ОГЭ 2015/16 уч. год математика средний балл").year
    2016
    >>> parse_wide_header("Наименование ОО") is None
    True
    >>> rdr = Assessment(code="rdr", name_ru="РДР", scale_min=-3, scale_max=3)
    >>> parse_wide_header("РДР 2024 математика средний балл", (*BUILTIN_ASSESSMENTS, rdr)).procedure
    'rdr'
    """
    text = norm(header).replace("_", " ")
    declared = _declared_pattern(assessments)
    pattern, codes = declared if declared is not None else (_PROC, {})
    proc = pattern.search(text) if codes else None  # a declared assessment first: its names are the longer
    if proc is None:
        pattern, codes = _PROC, {}
        proc = pattern.search(text)
    exam_year, text = _school_year(text)
    year = _YEAR.search(text) if exam_year is None else None
    if not proc or (exam_year is None and not year):
        return None
    measure = None
    for alias, name in _MEASURES:
        if text.endswith(" " + alias) or text.startswith(alias + " "):
            measure = name
            text = text[: -len(alias)] if text.endswith(" " + alias) else text[len(alias):]
            break
    if measure is None:
        return None
    grade_match = _GRADE.search(text)
    grade = None
    if grade_match:
        grade = int(grade_match.group(1) or grade_match.group(2))
        text = text[: grade_match.start()] + " " + text[grade_match.end():]
    text = pattern.sub(" ", text, count=1)
    if exam_year is None:
        text = _YEAR.sub(" ", text, count=1)
    subject = norm(re.sub(r"(^|\s)[-–—]+(\s|$)", " ", text)).strip(" -")
    if not subject:
        return None
    found = exam_year if exam_year is not None else int(year.group(1)) if year else 0
    return WideColumn(codes[proc.group(1)] if codes else Procedure.parse(proc.group(1)), found, grade, subject, measure)


def _school_year(text: str) -> tuple[int | None, str]:
    """The year of the exams a school year label in a header names («2015/16» -> 2016), and the rest."""
    for match in SCHOOL_YEAR.finditer(text):
        year = school_year(match.group(0))
        if year is not None:
            return year, text[: match.start()] + " " + text[match.end():]
    return None, text


def resource_flag(header: str) -> ResourceKind | None:
    """The kind of resource a flag column names («Точка роста», «IT-куб»), or ``None``.

    >>> resource_flag("Точка роста (цифровая)"), resource_flag("Точка роста, 2023"), resource_flag("Широта")
    (<ResourceKind.GROWTH_POINT_DIGITAL: 'growth_point_digital'>, <ResourceKind.GROWTH_POINT: 'growth_point'>, None)
    """
    key = norm(header)
    kind = ResourceKind._lookup().get(key)
    if kind is None and key.startswith("точка роста"):
        kind = ResourceKind.GROWTH_POINT
    return kind if isinstance(kind, ResourceKind) else None


#: A wide results group: procedure, year, grade and subject; its figures' column positions.
Group = tuple[Procedure | str, int, int | None, str]


def wide_groups(raw: RawTable, wide: Mapping[int, WideColumn]
                ) -> tuple[dict[Group, dict[str, int]], list[Problem]]:
    """The wide columns grouped by result (figure -> position), and a problem per repeated figure."""
    groups: dict[Group, dict[str, int]] = {}
    problems: list[Problem] = []
    for pos, col in wide.items():
        group = groups.setdefault((col.procedure, col.year, col.grade, col.subject), {})
        if col.measure in group:
            problems.append(Problem("schools", f"one column per figure; {raw.headers[group[col.measure]]!r} "
                                    "names the same procedure, year, grade, subject and figure",
                                    column=raw.headers[pos], source=raw.source))
        group[col.measure] = pos
    return groups, problems


def _code(value: Any) -> Any:
    """A school's code as the schools table keeps it (:func:`netmatch._data.ids.normal_id`)."""
    return (normal_id(value) or None) if type(value) is str else value


def wide_results(raw: RawTable, id_pos: int, groups: Mapping[Group, Mapping[str, int]], na: frozenset[str],
                 columns: dict[str, list[Any]], origin: Origin) -> None:
    """Append each school's wide results (a group with any figure given) to ``columns`` and ``origin``."""
    if not groups:  # no row built from the columns for nothing
        return
    heads: dict[Group, dict[str, str]] = {}
    for key, group in groups.items():
        # the headers a problem of each field points at; the key fields come from the group's first column
        h = {m: raw.headers[p] for m, p in group.items()}
        h["school"] = raw.headers[id_pos]
        h.update({c: raw.headers[next(iter(group.values()))] for c in ("year", "procedure", "grade", "subject")})
        heads[key] = h
    figures = [c for c in RESULT_COLUMNS if c not in ("school", "year", "procedure", "grade", "subject")]
    for i, cells in enumerate(raw.rows):
        sid = _code(clean(cells[id_pos], na, raw.quoted))
        for (proc, year, grade, subject), group in groups.items():
            values = {m: clean(cells[p], na, raw.quoted) for m, p in group.items()}
            if all(v is None for v in values.values()):
                continue
            columns["school"].append(sid)
            columns["year"].append(year)
            columns["procedure"].append(proc)
            columns["grade"].append(grade)
            columns["subject"].append(subject)
            for c in figures:
                columns[c].append(values.get(c))
            origin.add(raw.source, raw.numbers[i], heads[(proc, year, grade, subject)], i)


def _flag_value(value: object, kind: ResourceKind) -> tuple[bool, ResourceKind | None]:
    """Whether a flag cell says the school has the resource, and which kind (None: unreadable)."""
    try:
        return parse_bool(value), kind
    except ValueError:
        parsed = ResourceKind.parse(value)
        return (True, parsed) if isinstance(parsed, ResourceKind) else (False, None)


def flag_resources(raw: RawTable, id_pos: int, flags: Mapping[int, ResourceKind], na: frozenset[str],
                   records: list[dict[str, Any]], origin: Origin) -> list[Problem]:
    """Append a resource record for each «да» (or profile) in a flag column; a problem per unreadable cell."""
    problems: list[Problem] = []
    if not flags:
        return problems
    for i, cells in enumerate(raw.rows):
        sid = None
        for pos, kind in flags.items():
            value = clean(cells[pos], na, raw.quoted)
            if value is None:
                continue
            sid = _code(clean(cells[id_pos], na, raw.quoted))
            present, chosen = _flag_value(value, kind)
            if chosen is None:
                problems.append(Problem("schools", "yes or no (да/нет), or the centre's profile "
                                        "(естественно-научная, цифровая и гуманитарная)",
                                        column=raw.headers[pos], value=value, row=raw.numbers[i],
                                        index=None if raw.numbers[i] else i, source=raw.source,
                                        school=None if sid is None else str(sid)))
            elif present:
                records.append({"id": f"{sid}:{chosen.value}", "host": sid, "kind": chosen})
                origin.add(raw.source, raw.numbers[i], {"id": raw.headers[pos], "host": raw.headers[id_pos],
                                                        "kind": raw.headers[pos]}, i)
    return problems
