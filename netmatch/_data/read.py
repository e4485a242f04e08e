"""Reading and writing registries: CSV, Excel (XLSX), JSON and pandas DataFrames.

A registry has three tables — schools, results and resources — and four optional ones: the
partner organisations beyond schools (вузы, СПО, доп. образование, culture, sport), the
schools' stated needs, their teachers and the programme's staff. They may come as

* a **directory** holding ``schools``, ``results``, ``resources``, ``organisations``, ``needs``,
  ``teachers`` and ``staff`` files (``.csv``, ``.xlsx`` or ``.json``; Russian names «Школы»,
  «Результаты», «Ресурсы», «Организации», «Потребности», «Педагоги», «Специалисты» work too);
* one **CSV** file of schools, with optional siblings ``<name>.<table>.csv`` for each other table;
  UTF-8 (with or without BOM) or Windows-1251, separated by ``;``, ``,`` or tabs, with a decimal
  comma or point;
* one **Excel workbook** with a sheet per table (a single sheet is the schools table);
* one **JSON** document ``{"name": ..., "schools": [...], "results": [...], "resources": [...],
  "organisations": [...], "needs": [...], "teachers": [...], "staff": [...]}``;
* pandas **DataFrames**.

Headers may be English field names or the Russian headers departments use («Наименование
ОО», «Широта», «Кол-во обучающихся», …). The schools table may also carry results in the
wide form departments keep — one column per procedure, year, subject and figure, such as
«ЕГЭ 2021 Русский язык средний балл» — and resource flags such as a «Точка роста» column.

Nothing is dropped or coerced silently: every value that does not fit is reported at once,
with the file, row, column, value and what was expected, in one :class:`InvalidInputError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NoReturn, cast

import numpy as np

from netmatch._base.log import stage
from netmatch._base.params import FRAME, MAPPING, NONE, PATH, STRINGS, TEXT, Rule, one_of, validate_params
from netmatch._base.parse import CodedColumn, is_missing, map_distinct, norm
from netmatch._data.assessments import BUILTIN_ASSESSMENTS, Assessment, catalogue, declared_beside
from netmatch._data.context import context_name, place_context, read_context
from netmatch._data.decoding import encoding_name
from netmatch._data.headers import ALTERNATIVE, HEADERS, REQUIRED, RU_HEADERS, ColumnNote, is_weak, lookup, suggest
from netmatch._data.ids import normal_id, plain
from netmatch._data.models import ResourceKind
from netmatch._data.names import MATCH_MODES, NAME_FIELDS, NameMatch, join_names, uses_names
from netmatch._data.partner_tables import check_partners, check_people, readable_codes
from netmatch._data.raw import RawTable
from netmatch._data.registry import ColumnRecords, Registry, validate_parts, validate_records
from netmatch._data.results import COUNT_COLUMNS, RESULT_COLUMNS
from netmatch._data.surveys import survey_problems
from netmatch._data.tables import TABLES, Origin, Tables, clean_column, gather, resolved, stored_name
from netmatch._data.wide import WideColumn, flag_resources, parse_wide_header, resource_flag, wide_groups, wide_results

# moved to netmatch._data.write; netmatch/__init__.py and benchmarks/bench_cli.py import it from here
from netmatch._data.write import write_registry as write_registry
from netmatch.exceptions import InvalidInputError, Problem

__all__ = ["DEFAULT_NA_VALUES", "read_registry"]

#: Cell texts read as "missing" (compared after stripping and case folding).
DEFAULT_NA_VALUES: frozenset[str] = frozenset(
    {"", "н/д", "нет данных", "n/a", "na", "#н/д", "#n/a", "—", "nan", "none", "null"}
)

Source = str | os.PathLike[str] | Mapping[str, Any] | Any  # Any: a pandas DataFrame


_KEYS = ("school", "year", "procedure", "subject")
_REQUIRED = REQUIRED
_LIST = Rule("a list", lambda v: isinstance(v, list))
_ITEMS = Rule("a list of procedures (Assessment or dicts)", lambda v: isinstance(v, (list, tuple)))
#: The results' columns a file may give: the table's own, and counts that become shares.
_INPUT_COLUMNS = (*RESULT_COLUMNS, *COUNT_COLUMNS)


# --- headers onto fields ----------------------------------------------------------------------


@dataclass
class _Layout:
    """How a raw table's headers map onto a model."""

    fields: dict[str, int] = field(default_factory=dict)  # field -> column position
    wide: dict[int, WideColumn] = field(default_factory=dict)
    flags: dict[int, ResourceKind] = field(default_factory=dict)
    context: dict[int, str] = field(default_factory=dict)  # schools: indicators of conditions, «Условия: …»
    weak: list[tuple[int, str]] = field(default_factory=list)  # two-meaning headers: (position, field)
    notes: list[ColumnNote] = field(default_factory=list)
    by_name: bool = False  # results: the school named, not coded (see netmatch._data.names)


def _blank_header(raw: RawTable, table: str, pos: int) -> None:
    """A column without a header is fine while it is empty."""
    if any(not is_missing(v) for v in raw.column(pos)):
        raw.problems.append(Problem(table, "a header for a column that holds data",
                                    column=f"#{pos + 1}", source=raw.source, row=1 if len(raw)
                                    and raw.row_numbers[0] is not None else None))


def _filled(raw: RawTable, pos: int) -> int:
    return sum(not is_missing(v) for v in raw.column(pos))


def _unknown(layout: _Layout, raw: RawTable, table: str, pos: int, header: str, target: str, unknown: str,
             mapped: bool) -> None:
    """A column that names no field: a mapping mistake, a misspelling, or an extra column kept aside."""
    if mapped and not any(target in HEADERS[t] or lookup(t, target) for t in HEADERS):
        close = suggest(table, target)
        raw.problems.append(Problem(
            table, f"a field name or a wide results header as the target of columns={{{header!r}: ...}}; "
            f"{target!r} names no field" + (f" (did you mean {close!r}?)" if close else ""),
            column=header, source=raw.source, fix="The fields and their headers: netmatch columns.",
            expected_ru=f"имя поля или заголовок результатов в широкой форме для столбца «{header}» в "
            f"сопоставлении столбцов; «{target}» — не поле" + (f" (вы имели в виду «{close}»?)" if close else ""),
            fix_ru="Поля и их заголовки перечисляет команда netmatch columns."))
        return
    if mapped:  # mapped onto another table's field: not read here
        if unknown != "ignore":
            layout.notes.append(ColumnNote("kept_aside", table, header, raw.source, filled=_filled(raw, pos)))
        return
    close = None if unknown == "ignore" else suggest(table, header)
    if close is not None:
        raw.problems.append(Problem(
            table, f"a known header, misspelt? Did you mean {close!r}?", column=header, source=raw.source,
            fix=f"Rename the column; if it is another column, skip it with columns={{{header!r}: None}} "
            f"(in a --columns file: \"{header}\" = false).",
            expected_ru=f"похоже на опечатку в известном заголовке — вы имели в виду «{close}»?",
            fix_ru=f"Переименуйте столбец; если это другой столбец, пропустите его: \"{header}\" = false в "
            f"файле --columns (в Python: columns={{{header!r}: None}})."))
    elif unknown == "error":
        raw.problems.append(Problem(
            table, "a column netmatch reads (strict mode: an extra column is an error)", column=header,
            source=raw.source,
            fix=f"Map it onto a field with columns={{{header!r}: field}} or skip it with columns={{{header!r}: "
            f"None}} (in a --columns file: \"{header}\" = \"field\" or false; the fields: netmatch columns).",
            expected_ru="столбец, который netmatch читает (строгая проверка: лишний столбец — ошибка)",
            fix_ru=f"Сопоставьте столбец полю или пропустите его: \"{header}\" = \"поле\" или false в файле "
            f"--columns (поля: netmatch columns; в Python: columns={{{header!r}: None}})."))
    elif unknown == "keep":
        layout.notes.append(ColumnNote("kept_aside", table, header, raw.source, filled=_filled(raw, pos)))


def _place(layout: _Layout, raw: RawTable, table: str, pos: int, header: str, target: str, unknown: str,
           mapped: bool = False, assessments: tuple[Assessment, ...] = BUILTIN_ASSESSMENTS) -> None:
    """Map the column at ``pos`` (``header``, read as ``target``) onto a field, a wide result or a flag."""
    name = target if target in HEADERS[table] else lookup(table, target)
    if name is not None and not mapped and is_weak(table, target):
        layout.weak.append((pos, name))  # «ИНН»: the school code only if no other column gives it
        return
    if name is not None:
        if name in layout.fields:
            raw.problems.append(Problem(
                table, f"one column for the field {name!r}; column "
                f"{raw.headers[layout.fields[name]]!r} already holds it", column=header,
                source=raw.source))
        else:
            layout.fields[name] = pos
        return
    if table == "schools":
        indicator = context_name(header, target, mapped)
        if indicator is not None:
            raw.problems.extend(place_context(layout.context, raw, pos, header, indicator))
            return
        wide = parse_wide_header(target, assessments)
        if wide is not None:
            layout.wide[pos] = wide
            return
        flag = resource_flag(target)
        if flag is not None:
            layout.flags[pos] = flag
            return
    _unknown(layout, raw, table, pos, header, target, unknown, mapped)


def _resolve_weak(layout: _Layout, raw: RawTable, table: str) -> None:
    """Two-meaning headers (:data:`~netmatch._data.headers.WEAK`) give their field only when no other column does."""
    for pos, name in layout.weak:
        header = raw.headers[pos]
        if name in layout.fields:
            layout.notes.append(ColumnNote("resolved", table, header, raw.source, field=name,
                                           holder=raw.headers[layout.fields[name]], filled=_filled(raw, pos)))
        else:
            layout.fields[name] = pos
            layout.notes.append(ColumnNote("resolved", table, header, raw.source, field=name,
                                           filled=_filled(raw, pos)))


def _layout(raw: RawTable, table: str, mapping: Mapping[str, str | None], unknown: str,
            match: str = "auto", assessments: tuple[Assessment, ...] = BUILTIN_ASSESSMENTS) -> _Layout:
    layout = _Layout()
    normed = {norm(k): v for k, v in mapping.items()}  # «Код  школы» maps like «код школы»
    if not len(raw) and table != "schools":
        return layout  # an empty results or resources table (a JSON [] or a header-only file)
    for pos, header in enumerate(raw.headers):
        if not header:
            _blank_header(raw, table, pos)
            continue
        mapped = header in mapping or norm(header) in normed
        target = mapping[header] if header in mapping else normed.get(norm(header), header)
        if target is not None:
            _place(layout, raw, table, pos, header, target, unknown, mapped, assessments)
    _resolve_weak(layout, raw, table)
    if table == "results":
        layout.by_name = _by_name(layout, raw, match, unknown)
    for name in _REQUIRED[table]:
        if name not in layout.fields and not (layout.by_name and name == "school") and \
                ALTERNATIVE.get((table, name)) not in layout.fields:
            raw.problems.append(Problem(
                table, f"a column for the required field {name!r} (e.g. {RU_HEADERS[table][name]!r})",
                source=raw.source, expected_ru=f"обязательный столбец «{RU_HEADERS[table][name]}» ({name}) "
                "не найден; добавьте его или укажите, какой столбец его содержит (соответствие столбцов: "
                "columns=… или --columns)"))
    _coordinates_together(layout, raw, table)
    return layout


def _by_name(layout: _Layout, raw: RawTable, match: str, unknown: str) -> bool:
    """Whether the results name their schools (:func:`~netmatch._data.names.uses_names`).

    The columns not used either way — the name columns when joining by code, the code column
    when joining by name — are columns netmatch does not read: kept aside with a note (strict:
    an error), as before these fields existed.
    """
    by_name = uses_names(match, layout.fields)
    unused = [layout.fields.pop(f) for f in (("school",) if by_name else NAME_FIELDS) if f in layout.fields]
    for pos in unused:
        _unknown(layout, raw, "results", pos, raw.headers[pos], raw.headers[pos], unknown, False)
    if unused:
        layout.notes.sort(key=lambda n: raw.headers.index(n.header))  # in column order, as the others
    if by_name and not {"school_name", "school_number"} & layout.fields.keys():
        raw.problems.append(Problem(
            "results", f"a column for the school name (e.g. {RU_HEADERS['results']['school_name']!r}) or number "
            f"({RU_HEADERS['results']['school_number']!r}): match_results={match!r} joins the results by name",
            source=raw.source, expected_ru=f"столбец наименования школы («{RU_HEADERS['results']['school_name']}») "
            f"или её номера («{RU_HEADERS['results']['school_number']}»): результаты сопоставляются со школами "
            "по наименованию (--match-results)"))
    return by_name


def _coordinates_together(layout: _Layout, raw: RawTable, table: str) -> None:
    """Latitude without longitude (or the reverse) is one missing column, not a problem in every row."""
    if table not in ("schools", "organisations") or ("latitude" in layout.fields) == ("longitude" in layout.fields):
        return
    have, lack = ("latitude", "longitude") if "latitude" in layout.fields else ("longitude", "latitude")
    there, missing = raw.headers[layout.fields[have]], RU_HEADERS[table][lack]
    raw.problems.append(Problem(
        table, f"missing — the table has {there!r}, and coordinates need both ({have} and {lack})",
        column=missing, source=raw.source,
        fix=f"Add the {missing!r} column, or delete {there!r} if the coordinates are unknown.",
        expected_ru=f"нет такого столбца — в таблице есть «{there}», а координаты нужны обе (широта и долгота)",
        fix_ru=f"Добавьте столбец «{missing}» или удалите «{there}», если координаты неизвестны."))


def _split_mapping(columns: Mapping[str, Any] | None) -> dict[str, dict[str, str | None]]:
    if not columns:
        return {t: {} for t in TABLES}
    if all(k in TABLES for k in columns) and all(isinstance(v, Mapping) for v in columns.values()):
        return {t: dict(columns.get(t, {})) for t in TABLES}
    bad = [f"columns[{k!r}] = {v!r}: a target must be a field name, a wide results header or None."
           for k, v in columns.items() if not (v is None or isinstance(v, str))]
    if bad:
        raise InvalidInputError(bad)
    return {t: dict(columns) for t in TABLES}


# --- raw tables into records --------------------------------------------------------------------


@dataclass(frozen=True)
class _Absent:
    """A column a long results table does not have: its ``n`` cells are missing."""

    n: int


@dataclass
class _Records:
    """The records of every table as read, and where each came from."""

    schools: Sequence[dict[str, Any]] = field(default_factory=list)
    results: dict[str, list[Any]] = field(default_factory=lambda: {c: [] for c in _INPUT_COLUMNS})
    long: dict[str, list[np.ndarray | CodedColumn | _Absent]] = field(
        default_factory=lambda: {c: [] for c in _INPUT_COLUMNS})
    resources: Sequence[dict[str, Any]] = field(default_factory=list)
    organisations: Sequence[dict[str, Any]] = field(default_factory=list)
    needs: Sequence[dict[str, Any]] = field(default_factory=list)
    teachers: Sequence[dict[str, Any]] = field(default_factory=list)
    staff: Sequence[dict[str, Any]] = field(default_factory=list)
    surveys: Sequence[dict[str, Any]] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=lambda: {t: Origin() for t in TABLES})
    #: the codes given one spelling (:func:`_codes`), a note per column
    code_notes: list[ColumnNote] = field(default_factory=list)


#: The fields that hold school, resource or organisation codes, table by table: one spelling each (:func:`normal_id`).
_CODE_FIELDS = {"schools": ("id", "partners"), "results": ("school",), "resources": ("id", "host"),
                "organisations": ("id",), "needs": ("school",), "teachers": ("school",),
                "staff": ("id", "school"), "surveys": ("school",)}


def _codes(column: Any, raw: RawTable, table: str, name: str, header: str, out: _Records) -> Any:
    """A column of codes in one spelling (:func:`netmatch._data.ids.normal_id`); each code changed noted."""
    changed: dict[str, str] = {}

    def one(v: Any) -> Any:
        if type(v) is not str:
            return v
        n = normal_id(v)
        if n != v:
            changed[v] = n
        return n or None  # a code of invisible characters only is a missing code

    if isinstance(column, np.ndarray) and column.dtype.kind in "iuf":
        return column  # a DataFrame's numbers: codes written as numbers have no letters to respell
    if isinstance(column, CodedColumn) and plain(column.uniques.tolist()):
        return column  # nothing to respell (a coded column's distinct values are texts): nearly every registry
    fixed = column.remap(one) if isinstance(column, CodedColumn) else map_distinct(column, one)
    if changed:
        out.code_notes.append(ColumnNote("codes", table, header, raw.source, field=name, filled=len(changed),
                                         changes=tuple(sorted(changed.items()))))
    return fixed


def _read_schools(raw: RawTable, layout: _Layout, na: frozenset[str], out: _Records) -> list[Problem]:
    """The schools, plus the results and resources carried in the schools table."""
    heads = {f: raw.headers[p] for f, p in layout.fields.items()}
    out.schools = _records(raw, layout, na, "schools", out)
    problems = read_context(raw, layout.context, layout.fields, na, out.schools, heads)
    out.origins["schools"].extend(raw.source, raw.row_numbers, heads)
    groups, more = wide_groups(raw, layout.wide)
    problems += more
    id_pos = layout.fields["id"]
    wide_results(raw, id_pos, groups, na, out.results, out.origins["results"])
    problems += flag_resources(raw, id_pos, layout.flags, na, cast(list[dict[str, Any]], out.resources),
                               out.origins["resources"])
    return problems


def _read_long(raw: RawTable, layout: _Layout, na: frozenset[str], out: _Records) -> None:
    """A results table in long form, column by column (kept as arrays: see :func:`_result_columns`)."""
    heads = {f: raw.headers[p] for f, p in layout.fields.items()}
    for c in _INPUT_COLUMNS:
        p = layout.fields.get(c)
        # a figure the table lacks stays None: no column of millions of None unless another table gives it
        if p is None:
            out.long[c].append(_Absent(len(raw)))
            continue
        column = clean_column(raw.coded(p), na, raw.quoted)
        out.long[c].append(_codes(column, raw, "results", c, raw.headers[p], out) if c == "school" else column)
    out.origins["results"].extend(raw.source, raw.row_numbers, heads)


def _result_columns(out: _Records) -> dict[str, Any]:
    """The results' columns, wide ones first, each as one array; a figure no row gives stays out.

    Millions of long-form cells go to :meth:`ResultTable.from_columns` as the object arrays they
    were cleaned into, not turned into lists and back.
    """
    columns: dict[str, Any] = {}
    for c in _INPUT_COLUMNS:
        wide, given = out.results[c], out.long[c]
        absent = all(isinstance(p, _Absent) for p in given) and not wide and c not in _KEYS
        long = [] if absent else [np.full(p.n, None, object) if isinstance(p, _Absent) else p for p in given]
        if long:
            parts = [np.fromiter(wide, dtype=object, count=len(wide)), *long] if wide else long
            # one coded column stays coded (the checks read its distinct values only)
            column: Any = parts[0] if len(parts) == 1 else np.concatenate([np.asarray(p) for p in parts])
        else:
            column = wide
        if c in _KEYS or _any_given(column):
            columns[c] = column
    return columns


def _any_given(column: Any) -> bool:
    if isinstance(column, CodedColumn):
        return bool((column.codes >= 0).any())
    if isinstance(column, np.ndarray) and column.dtype.kind == "f":
        return bool((~np.isnan(column)).any())
    if isinstance(column, np.ndarray) and column.dtype == object:
        return bool((column != None).any())  # noqa: E711  # one C loop, not a generator over millions of cells
    return any(x is not None for x in column)


def _read_resources(raw: RawTable, layout: _Layout, na: frozenset[str], out: _Records) -> None:
    heads = {f: raw.headers[p] for f, p in layout.fields.items()}
    records = _records(raw, layout, na, "resources", out)
    # a resources table alone stays column-wise (no dict per resource); after the schools' flags, one list
    out.resources = records if not out.resources else [*out.resources, *records]
    out.origins["resources"].extend(raw.source, raw.row_numbers, heads)


#: The optional tables of partners: the organisations beyond schools, the schools' needs and teachers by subject.
_PARTNER_TABLES = ("organisations", "needs", "teachers", "staff", "surveys")


def _read_partners(ready: Mapping[str, RawTable], layouts: Mapping[str, _Layout], na: frozenset[str],
                   out: _Records) -> None:
    """The organisations, the needs and the teachers, when given, into ``out`` (column by column, as the resources)."""
    for table in _PARTNER_TABLES:
        raw = ready.get(table)
        if raw is None or not len(raw):
            continue
        heads = {f: raw.headers[p] for f, p in layouts[table].fields.items()}
        setattr(out, table, _records(raw, layouts[table], na, table, out))
        out.origins[table].extend(raw.source, raw.row_numbers, heads)


def _records(raw: RawTable, layout: _Layout, na: frozenset[str], table: str, out: _Records) -> ColumnRecords:
    """The records of cleaned cells (field -> value), cleaned and kept column by column (no dict per row)."""
    # coded once here: validation reads each column's distinct values without factorizing it again
    columns = {f: clean_column(raw.coded(p), na, raw.quoted) for f, p in layout.fields.items()}
    for f in _CODE_FIELDS[table]:
        if f in columns:
            columns[f] = _codes(columns[f], raw, table, f, raw.headers[layout.fields[f]], out)
    return ColumnRecords(columns, len(raw))


def _hand_notes(layouts: Mapping[str, _Layout], notes: list[ColumnNote] | None) -> None:
    """The column notes, table by table, into the caller's list — before any error, as they explain what was read."""
    if notes is not None:
        notes.extend(n for t in TABLES if t in layouts for n in layouts[t].notes)


def _join_names(raw: RawTable, layout: _Layout, na: frozenset[str], out: _Records, start: int, match: str,
                matches: list[NameMatch] | None) -> tuple[list[Problem], set[int]]:
    """The long results' schools found by name (:mod:`netmatch._data.names`): their problems, located, and
    the rows (of all results) left without a school.

    Those rows get codes no school has («\\x00row 5»), each its own, so that validation reports only their
    other values.
    """
    cells = {f: clean_column(raw.column(layout.fields[f]), na, raw.quoted) for f in NAME_FIELDS if f in layout.fields}
    joined = join_names(cells, out.schools, fuzzy=match != "exact")
    if matches is not None:
        matches.extend(joined.matches)
    school = joined.school.copy()
    school[joined.unjoined] = [f"\x00row {k}" for k in joined.unjoined.tolist()]
    out.long["school"][-1] = school
    problems = [out.origins["results"].locate(replace(p, index=start + (p.index or 0))) for p in joined.problems]
    return problems, {start + k for k in joined.unjoined.tolist()}


@dataclass(frozen=True)
class _Figures:
    """How to read the results' figures: the procedures they name, the share columns in percent."""

    assessments: tuple[Assessment, ...]
    percent: tuple[str, ...] = ()


def _percent_notes(found: list[ColumnNote], layouts: Mapping[str, _Layout], raws: Mapping[str, RawTable]
                   ) -> list[ColumnNote]:
    """The notes of share columns read as percentages, under the header and file they were read from."""
    layout, raw = layouts.get("results"), raws.get("results")
    if layout is None or raw is None:
        return found
    return [replace(n, header=raw.headers[layout.fields[n.header]], source=raw.source)
            if n.header in layout.fields else n for n in found]


def _assemble(raws: Tables, maps: dict[str, dict[str, str | None]], na: frozenset[str],
              unknown: str, name: str | None, notes: list[ColumnNote] | None = None,
              figures: _Figures | None = None, match: str = "auto", matches: list[NameMatch] | None = None
              ) -> Registry:
    figures = figures or _Figures(catalogue())
    layouts: dict[str, _Layout] = {}
    ready = {t: resolved(raw) for t, raw in raws.items() if t != "results" or isinstance(raw, RawTable)}

    def lay() -> None:
        """The layouts of the tables read; their columns' own problems raised (the rows would only repeat them)."""
        layouts.update({t: _layout(raw, t, maps[t], unknown, match, figures.assessments)
                        for t, raw in ready.items() if t not in layouts})
        if any(raw.problems for raw in ready.values()) or len(ready) == len(raws):
            ready.update({t: resolved(raw) for t, raw in raws.items() if t not in ready})  # every table's at once
            layouts.update({t: _layout(raw, t, maps[t], unknown, match, figures.assessments)
                            for t, raw in ready.items() if t not in layouts})
            _hand_notes(layouts, notes)
            if notes is not None:  # a file not in UTF-8: said before any error, which its letters may explain
                notes.extend(ColumnNote("encoding", t, "", raw.source, field=encoding_name(raw.guessed))
                             for t, raw in ready.items() if raw.guessed)
            problems = [p for t in raws for p in ready[t].problems]
            if problems:
                raise InvalidInputError(problems)

    lay()
    stage("check.schools", rows=len(ready["schools"]))
    out = _Records()
    problems = _read_schools(ready["schools"], layouts["schools"], na, out)
    if "resources" in ready and len(ready["resources"]):
        _read_resources(ready["resources"], layouts["resources"], na, out)
    _read_partners(ready, layouts, na, out)
    # the schools' and resources' models are built while a large results file is still being read
    records = validate_records(out.schools, out.resources)
    if len(ready) < len(raws):
        stage("read.results")
        ready["results"] = resolved(raws["results"])
        lay()
    if "results" in ready:
        stage("check.results", rows=len(ready["results"]))
    more, unjoined = _read_results(ready, layouts, na, out, match, matches)
    problems += more
    if notes is not None:  # before any error: they explain the codes it names
        notes.extend(out.code_notes)
    percent_notes: list[ColumnNote] = []
    schools, table, resources, found = validate_parts(out.schools, _result_columns(out), out.resources,
                                                      assessments=figures.assessments, percent_columns=figures.percent,
                                                      notes=percent_notes, records=records,
                                                      hosts=readable_codes(out.organisations))
    if notes is not None:
        notes.extend(_percent_notes(percent_notes, layouts, ready))
    organisations, needs, more = check_partners(out.organisations, out.needs, out.schools)
    teachers, staff, people = check_people(out.teachers, out.staff, out.schools, out.organisations)
    surveys, asked = survey_problems(out.surveys, readable_codes(out.schools)) if len(out.surveys) else ((), [])
    problems += _located(found + more + people + asked, out, ready, unjoined)
    if problems:
        _raise_in_order(problems)
    return Registry.model_construct(schools=schools, results=table, resources=resources, name=name,
                                    assessments=figures.assessments, organisations=organisations, needs=needs,
                                    teachers=teachers, staff=staff, surveys=surveys)


def _located(found: list[Problem], out: _Records, ready: Mapping[str, RawTable], unjoined: set[int]
             ) -> list[Problem]:
    """The validation's problems with their file, row and headers; a table's own problem with its file."""
    if unjoined:  # their school is a problem already; their other values are still checked
        found = [p if p.table != "results" or p.index not in unjoined else replace(p, school=None)
                 for p in found if not (p.table == "results" and p.index in unjoined and p.column == "school")]
    return [out.origins[p.table].locate(p) if p.index is not None and p.table in out.origins
            else replace(p, source=ready[p.table].source) if p.source is None and p.table in ready else p
            for p in found]


def _read_results(raws: dict[str, RawTable], layouts: dict[str, _Layout], na: frozenset[str], out: _Records,
                  match: str, matches: list[NameMatch] | None) -> tuple[list[Problem], set[int]]:
    """The long results read into ``out``, joined by name when they name their schools: problems, rows unjoined."""
    if "results" not in raws or not len(raws["results"]):
        return [], set()
    start = len(out.origins["results"])
    _read_long(raws["results"], layouts["results"], na, out)
    if not layouts["results"].by_name:
        return [], set()
    return _join_names(raws["results"], layouts["results"], na, out, start, match, matches)


def _raise_in_order(problems: list[Problem]) -> NoReturn:
    """Raise every problem, table by table, each file's in row order."""
    order = {t: k for k, t in enumerate(TABLES)}
    problems.sort(key=lambda p: (order.get(p.table, 9), p.source or "", p.row or 0, p.index or 0))
    raise InvalidInputError(problems)


# --- the reader -------------------------------------------------------------------------------------


@validate_params(source=(PATH, FRAME, MAPPING), results=(PATH, FRAME, NONE), resources=(PATH, FRAME, NONE),
                 organisations=(PATH, FRAME, NONE), needs=(PATH, FRAME, NONE), teachers=(PATH, FRAME, NONE),
                 staff=(PATH, FRAME, NONE), surveys=(PATH, FRAME, NONE), columns=(MAPPING, NONE),
                 na_values=STRINGS, unknown=one_of("keep", "error", "ignore"),
                 encoding=(TEXT, NONE), sep=(TEXT, NONE), name=(TEXT, NONE), notes=(_LIST, NONE),
                 match_results=one_of(*MATCH_MODES), name_matches=(_LIST, NONE),
                 assessments=(_ITEMS, NONE), percent_columns=STRINGS)
def read_registry(source: Source, *, results: Source | None = None, resources: Source | None = None,
                  organisations: Source | None = None, needs: Source | None = None, teachers: Source | None = None,
                  staff: Source | None = None, surveys: Source | None = None,
                  columns: Mapping[str, Any] | None = None, na_values: Iterable[str] = (),
                  unknown: Literal["keep", "error", "ignore"] = "keep", encoding: str | None = None,
                  sep: str | None = None, name: str | None = None, notes: list[ColumnNote] | None = None,
                  match_results: Literal["auto", "code", "name", "exact"] = "auto",
                  name_matches: list[NameMatch] | None = None,
                  assessments: Iterable[Assessment | Mapping[str, Any]] | None = None,
                  percent_columns: Iterable[str] = ()) -> Registry:
    """Read a registry from files or DataFrames, checking every value.

    Parameters
    ----------
    source : path, DataFrame or mapping
        A directory, a ``.csv``/``.xlsx``/``.json`` file, a DataFrame of schools, or a
        mapping ``{"schools": ..., "results": ..., "resources": ..., "organisations": ...,
        "needs": ..., "teachers": ..., "staff": ...}`` of paths or DataFrames.
    results, resources : path or DataFrame, optional
        Tables given separately; they replace those found through ``source``.
    organisations, needs : path or DataFrame, optional
        The partner organisations (вузы, СПО, доп. образование, culture, sport: «Организации»,
        see :class:`~netmatch._data.partners.Organisation`) and the schools' stated needs
        («Потребности», :class:`~netmatch._data.partners.Need`), given separately; they replace
        those found through ``source``. Both are optional. An organisation's code is unique and
        no school's; a need names a school of the registry; a resource's host may be an
        organisation's code.
    teachers, staff : path or DataFrame, optional
        The teachers by school and subject («Педагоги»: «Код ОО», «Предмет», «Педагогов», or a row
        per named teacher with «ФИО», «Категория», «Стаж, лет», «Наставник»; see
        :class:`~netmatch._data.staff.SubjectTeachers`) and the programme's staff («Специалисты»:
        coordinators, curators, methodists; :class:`~netmatch._data.staff.StaffMember`), given
        separately; each replaces the one found through ``source``.
    surveys : path or DataFrame, optional
        Satisfaction surveys («Опросы»: «Код ОО», «Год», «Опрос», «Опрошено, чел.», «Доля
        удовлетворённых»; see :class:`~netmatch._data.surveys.Survey`), given separately; it
        replaces the one found through ``source``.
    columns : mapping, optional
        Your headers -> netmatch fields, for files with other headers, e.g.
        ``{"URN": "id", "SCHNAME": "name", "WEB": None}``. ``None`` skips a column. The
        target may also be a wide results header (``"ОГЭ 2019 attainment 8 mean_score"``).
        A flat mapping applies to every table; ``{"schools": {...}, "results": {...}}``
        maps per table (``"organisations"``, ``"needs"``, ``"teachers"`` and ``"staff"`` too).
    na_values : iterable of str
        Extra cell texts meaning "missing" (e.g. ``("NP", "SUPP")``), on top of
        :data:`DEFAULT_NA_VALUES`.
    unknown : {"keep", "error", "ignore"}
        What a column whose header names no field is. ``"keep"`` (default): an extra column
        («Адрес», «Директор») kept aside — not read, listed in ``notes`` — unless its header is
        one edit from a known header («Широто»), which is an error that names the header meant.
        ``"error"``: every such column is an error (strict). ``"ignore"``: skipped silently.
    encoding : str, optional
        Text encoding; by default UTF-8 (with or without BOM), else Windows-1251 or KOI8-R
        (the one whose Cyrillic reads as lower-case text). Decoding is strict: a byte the
        encoding cannot read is an error naming its line.
    sep : str, optional
        CSV separator; by default sniffed from the header line (``;``, ``,`` or tab).
    name : str, optional
        The district's name; by default the JSON document's ``"name"`` or none.
    notes : list, optional
        A list that receives a :class:`~netmatch._data.headers.ColumnNote` for every column kept
        aside, every two-meaning header resolved, every share column read as percentages and
        every column whose codes were given one spelling — also when reading then fails.
    match_results : {"auto", "code", "name", "exact"}
        How result rows find their school. ``"auto"`` (default): by the school code («Код ОО»)
        when the results have a code column; when they have none but a school name («Наименование
        ОО», «Школа») or number («№ ОО») column, by name — with the municipality («Муниципалитет»)
        when given. ``"code"``: by code only (name columns are kept aside). ``"name"``: by name,
        exact and then, with rapidfuzz installed (``pip install 'netmatch[names]'``), fuzzy;
        ``"exact"``: by name, exact matches only. See :mod:`netmatch._data.names`.
    name_matches : list, optional
        A list that receives a :class:`~netmatch._data.names.NameMatch` for every distinct school
        name of the results — how it was matched (exact, by number, fuzzy with its score,
        ambiguous, unmatched), to which school — also when reading then fails;
        :func:`~netmatch._data.names.matches_frame` makes it a table.
    assessments : iterable of Assessment or dict, optional
        Procedures beyond ЕГЭ, ОГЭ and ВПР (a regional diagnostic, a foreign test), on top of
        those the files declare: a «Процедуры»/``procedures`` sheet, a JSON ``"procedures"``
        list, ``<name>.procedures.csv`` beside a CSV file or ``procedures.csv`` in a directory
        (see :class:`~netmatch._data.assessments.Assessment`).
    percent_columns : iterable of str
        Share columns (``"share_below_minimum"``, ``"share_high"``, ``"share_quality"``) whose bare numbers are
        percentages, 35 meaning 35%.

    Returns
    -------
    Registry

    Raises
    ------
    InvalidInputError
        Listing every problem at once, each with file, row, column, value and what was
        expected; ``.problems`` holds them as :class:`netmatch.Problem` records.

    Notes
    -----
    A comma inside a number is a decimal comma (``"4,5"`` is 4.5). Shares are fractions
    (0.35) or carry a percent sign ("35%"). A results share column whose bare numbers go over 1
    (at least two of them, none between 0 and 1) is read as percentages, with a note; one that
    mixes values over 1 with values between 0 and 1 is one error naming the column (declare it
    in ``percent_columns`` or write every value one way); a lone 35 is an error, not 35%.
    Counts (``count_below_minimum``, ``count_high``, with ``participants``) become shares.
    Mean scores are checked against their procedure's scale. Row numbers count the header as
    row 1.

    A year may be written as a school year — «2015-2016», «2015/16», «2015–16 уч. год»,
    «2015/2016 учебный год» — in the results' year column or in a wide header; it is read as
    the year of the exams, the second calendar year (2016). The two years must follow each
    other; anything else is an error naming the row, column and value.

    Headers are matched in this order of priority: your ``columns`` mapping; a field's name or
    any of its headers (:data:`~netmatch._data.HEADERS`); a wide results header or a resource
    flag («Точка роста»); a header with two meanings (:data:`~netmatch._data.headers.WEAK`:
    «ИНН», a tax number or the school code) gives its field only when no column above does,
    else it is kept aside — either way a note says which. Mapping keys match headers as
    written or after case, «ё» and punctuation are ignored.

    Codes (a school's ``id``, ``partners``, a result's ``school``, a resource's ``id`` and
    ``host``, an organisation's ``id``, a need's and a teachers row's ``school``) are read in one
    spelling (:func:`netmatch._data.ids.normal_id`): Unicode NFKC (but «№»), with zero-width,
    format and control characters removed; every code changed is listed in ``notes``. Two
    codes that differ only by look-alike letters (Cyrillic «О» and Latin «O» or a zero) are an
    error naming both rows. No text may hold control characters other than tab and line breaks
    (nor bidirectional overrides): each is an error naming its cell. In CSV and XLSX files a
    text quoted against formulas (``'=1+1``, as :func:`write_registry` and careful exporters
    write it) is read without that one apostrophe.

    Limits, each an error in words rather than a failure of the libraries underneath: a CSV
    cell of at most 131,072 characters; an XLSX workbook of at most 2 GiB unpacked, each part
    over 32 MiB compressed at most 400 to 1, no DTD or entities, no formula without its cached
    value; a JSON number of at most 18 digits as a number (a longer one stays text, for its
    field to refuse); every numeric field within its declared range (counts up to 10,000,000,
    hours per week up to 168, latitude ±90, longitude ±180).

    Results joined by name are never joined by a guess: a name that fits two schools (or a
    fuzzy match with a close runner-up), one that fits none, and two different names matched to
    one school are problems of their rows, naming the schools concerned.

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"Код ОО": ["S1", "S2"], "Наименование ОО": ["Школа 1", "Школа 2"],
    ...                         "Сменность": [1, 2], "ЕГЭ 2024 Математика профильная средний балл": [61.5, None],
    ...                         "Точка роста": ["да", "нет"]})
    >>> reg = read_registry(schools)
    >>> reg.school("S2").shifts, len(reg.results), reg.resources[0].kind.label_ru
    (2, 1, '«Точка роста»')
    >>> notes = []
    >>> len(read_registry(schools.assign(Адрес=["ул. Ленина, 1", None]), notes=notes)), [str(n) for n in notes]
    (2, ["schools DataFrame: column 'Адрес' is not read (1 filled cells)"])
    >>> results = pd.DataFrame({"Наименование ОО": ["Школа 2", "школа № 1"], "Год": 2024, "Процедура": "ЕГЭ",
    ...                         "Предмет": "Математика", "Средний балл": [55.0, 61.0]})
    >>> matches = []
    >>> read_registry({"schools": schools, "results": results}, name_matches=matches).results.school.tolist()
    ['S1', 'S2', 'S1']
    >>> [(m.name, m.method, m.school) for m in matches]
    [('Школа 2', 'exact', 'S2'), ('школа № 1', 'exact', 'S1')]
    >>> orgs = pd.DataFrame({"Код организации": ["O1"], "Наименование": ["Филиал педуниверситета"],
    ...                      "Вид организации": ["вуз"], "Виды помощи": ["профориентация; методическая помощь"]})
    >>> needs = pd.DataFrame({"Код ОО": ["S2"], "Вид помощи": ["профориентация"], "Приоритет": [1]})
    >>> reg = read_registry(schools, organisations=orgs, needs=needs)
    >>> [h.label_ru for h in reg.organisation("O1").help], reg.needs[0].school
    (['профориентация', 'методическая помощь'], 'S2')
    >>> staff = pd.DataFrame({"Код ОО": ["S1", "S2"], "Предмет": ["Математика", "химия"], "Педагогов": [2, 1]})
    >>> read_registry(schools, teachers=staff).teachers_of("S1", "математика")
    2
    >>> read_registry(schools.assign(Сменность=[1, 4]))
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: schools DataFrame, item 1 (school 'S2'), column 'Сменность': got 4; ...
    """
    declared = declared_beside(source)
    if isinstance(source, Mapping):  # the procedures are no table of schools, results or resources
        source = {k: v for k, v in source.items() if norm(k) not in {"procedures", "процедуры"}}
    figures = _Figures(catalogue([*(declared or ()), *(assessments or ())]), tuple(percent_columns))
    stage("read.schools")
    raws = gather(source, encoding, sep)
    doc_name = stored_name(Path(source)) if isinstance(source, (str, os.PathLike)) else None
    for table, extra in (("results", results), ("resources", resources), ("organisations", organisations),
                         ("needs", needs), ("teachers", teachers), ("staff", staff), ("surveys", surveys)):
        if extra is not None:
            found = gather(extra, encoding, sep, default=table)
            raws[table] = found.get(table) or found["schools"]
    na = DEFAULT_NA_VALUES | {v.strip().casefold() for v in na_values}
    return _assemble(raws, _split_mapping(columns), na, unknown, name if name is not None else doc_name, notes,
                     figures, match_results, name_matches)
