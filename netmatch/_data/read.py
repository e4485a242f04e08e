"""Reading and writing registries: CSV, Excel (XLSX), JSON and pandas DataFrames.

A registry has three tables — schools, results and resources. They may come as

* a **directory** holding ``schools``, ``results`` and ``resources`` files (``.csv``,
  ``.xlsx`` or ``.json``; Russian names «Школы», «Результаты», «Ресурсы» work too);
* one **CSV** file of schools, with optional siblings ``<name>.results.csv`` and
  ``<name>.resources.csv``; UTF-8 (with or without BOM) or Windows-1251, separated by
  ``;``, ``,`` or tabs, with a decimal comma or point;
* one **Excel workbook** with a sheet per table (a single sheet is the schools table);
* one **JSON** document ``{"name": ..., "schools": [...], "results": [...], "resources": [...]}``;
* pandas **DataFrames**.

Headers may be English field names or the Russian headers departments use («Наименование
ОО», «Широта», «Кол-во обучающихся», …). The schools table may also carry results in the
wide form departments keep — one column per procedure, year, subject and figure, such as
«ЕГЭ 2021 Русский язык средний балл» — and resource flags such as a «Точка роста» column.

Nothing is dropped or coerced silently: every value that does not fit is reported at once,
with the file, row, column, value and what was expected, in one :class:`InvalidInputError`.
"""

from __future__ import annotations

import csv
import io as _io
import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from netmatch._base.parse import is_missing, norm, parse_bool
from netmatch._data.headers import HEADERS, RU_HEADERS, TABLE_NAMES, lookup
from netmatch._data.models import (
    RESULT_COLUMNS,
    Procedure,
    Registry,
    ResourceKind,
    validate_parts,
)
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEFAULT_NA_VALUES", "parse_wide_header", "read_registry", "write_registry"]

TABLES = ("schools", "results", "resources")

#: Cell texts read as "missing" (compared after stripping and case folding).
DEFAULT_NA_VALUES: frozenset[str] = frozenset(
    {"", "н/д", "нет данных", "n/a", "na", "#н/д", "#n/a", "—", "nan", "none", "null"}
)

Source = str | os.PathLike[str] | Mapping[str, Any] | Any  # Any: a pandas DataFrame


# --- raw tables -----------------------------------------------------------------------------


@dataclass
class _Raw:
    """A table as read: headers, rows of raw cells, and where each row came from."""

    headers: list[str]
    rows: list[list[Any]]
    numbers: list[int | None]  # row number in the file (header = 1), None for in-memory data
    source: str
    problems: list[Problem] = field(default_factory=list)


def _decode(data: bytes, encoding: str | None) -> str:
    if encoding:
        return data.decode(encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Russian Excel saves "CSV" in Windows-1251.
        return data.decode("cp1251")


def _sniff_sep(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
    return max(counts, key=lambda s: (counts[s], s == ";"))


def _read_csv(path: Path, table: str, encoding: str | None, sep: str | None) -> _Raw:
    text = _decode(path.read_bytes(), encoding)
    sep = sep or _sniff_sep(text)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep)
    headers: list[str] | None = None
    rows: list[list[Any]] = []
    numbers: list[int | None] = []
    line = 0
    for record in reader:
        line = reader.line_num
        if headers is None:
            if not any(c.strip() for c in record):
                continue
            headers = [c.strip() for c in record]
            header_line = line
            continue
        if not any(c.strip() for c in record):
            continue
        rows.append(record)
        numbers.append(line)
    raw = _Raw(headers or [], rows, numbers, str(path))
    for cells, number in zip(rows, numbers, strict=True):
        if len(cells) != len(raw.headers):
            raw.problems.append(Problem(
                table, f"{len(raw.headers)} cells as in the header (row {header_line}); check the "
                f"separator {sep!r} and quotes", value=f"{len(cells)} cells", row=number, source=str(path)))
    return raw


def _read_xlsx(path: Path) -> dict[str, _Raw]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([
            f"Reading {path.name} needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = load_workbook(path, read_only=True, data_only=True)
    out: dict[str, _Raw] = {}
    try:
        for ws in wb.worksheets:
            headers: list[str] | None = None
            rows: list[list[Any]] = []
            numbers: list[int | None] = []
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = list(values)
                filled = sum(not is_missing(c) for c in cells)
                if headers is None:
                    # A title line above the header ("Реестр школ района") has one filled cell.
                    if filled >= 2:
                        headers = ["" if c is None else str(c).strip() for c in cells]
                    continue
                if filled == 0:
                    continue
                rows.append(cells[: len(headers)] + [None] * (len(headers) - len(cells)))
                numbers.append(number)
            if headers is not None:
                while headers and not headers[-1]:
                    headers.pop()
                rows = [r[: len(headers)] for r in rows]
                out[ws.title] = _Raw(headers, rows, numbers, f"{path} [{ws.title}]")
    finally:
        wb.close()
    return out


def _from_records(records: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]], source: str) -> _Raw:
    if isinstance(records, Mapping):  # column-wise
        headers = list(records)
        n = len(next(iter(records.values()), []))
        rows = [[records[h][i] for h in headers] for i in range(n)]
        return _Raw(headers, rows, [None] * n, source)
    headers = []
    for rec in records:
        for key in rec:
            if key not in headers:
                headers.append(key)
    rows = [[rec.get(h) for h in headers] for rec in records]
    return _Raw(headers, rows, [None] * len(rows), source)


def _from_frame(frame: pd.DataFrame, source: str) -> _Raw:
    headers = [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return _Raw(headers, rows, [None] * len(rows), source)


def _table_of(name: str) -> str | None:
    key = norm(Path(name).stem if "." in name else name)
    for table, names in TABLE_NAMES.items():
        if key in {norm(n) for n in names}:
            return table
    return None


def _read_path(path: Path, encoding: str | None, sep: str | None) -> dict[str, _Raw]:
    if not path.exists():
        raise InvalidInputError([f"No such file or directory: {str(path)!r}."])
    if path.is_dir():
        found: dict[str, _Raw] = {}
        for child in sorted(path.iterdir()):
            table = _table_of(child.stem)
            if table is None or child.suffix.lower() not in (".csv", ".xlsx", ".xlsm", ".json", ".txt"):
                continue
            if table in found:
                raise InvalidInputError([f"{path} holds two files for the {table} table; keep one."])
            sub = _read_path(child, encoding, sep)
            found[table] = sub.get(table) or sub["schools"]
        if "schools" not in found:
            raise InvalidInputError([
                f"{path} holds no schools table: expected a file named schools.csv, schools.xlsx "
                "or Школы.csv (results and resources files are optional)."])
        return found
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        out = {"schools": _read_csv(path, "schools", encoding, sep)}
        for table in ("results", "resources"):
            sibling = path.with_name(f"{path.stem}.{table}{path.suffix}")
            if sibling.exists():
                out[table] = _read_csv(sibling, table, encoding, sep)
        return out
    if suffix in (".xlsx", ".xlsm"):
        sheets = _read_xlsx(path)
        out = {}
        for title, raw in sheets.items():
            table = _table_of(title)
            if table is not None:
                out[table] = raw
        if "schools" not in out:
            if len(sheets) == 1:
                out["schools"] = next(iter(sheets.values()))
            else:
                raise InvalidInputError([
                    f"{path.name} has sheets {list(sheets)}; name the schools sheet «Школы» or "
                    "'schools' (and optionally «Результаты», «Ресурсы»)."])
        return out
    if suffix == ".json":
        try:
            doc = json.loads(_decode(path.read_bytes(), encoding))
        except json.JSONDecodeError as exc:
            raise InvalidInputError([
                f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
            ]) from None
        return _read_doc(doc, str(path))
    raise InvalidInputError([
        f"Cannot read {path.name}: use a .csv, .xlsx or .json file, or a directory of them."])


def _read_doc(doc: Any, source: str) -> dict[str, _Raw]:
    if isinstance(doc, list):
        return {"schools": _from_records(doc, source)}
    if not isinstance(doc, Mapping) or "schools" not in doc:
        raise InvalidInputError([f"{source}: expected an object with a 'schools' list (or a list of schools)."])
    out = {}
    for key, value in doc.items():
        table = _table_of(str(key))
        if table is not None:
            out[table] = _from_records(value, f"{source} [{key}]")
    return out


# --- wide results headers -------------------------------------------------------------------

_PROC = re.compile(r"(?<![\w])(егэ|огэ|впр|ege|oge|vpr|гиа-9)(?![\w])")
_YEAR = re.compile(r"(?<![\w])(19\d\d|20\d\d)(?![\w])")
_GRADE = re.compile(r"(?<![\w])(?:(\d{1,2})\s*(?:-?й\s*)?(?:класс|кл|grade)|(?:grade|класс)\s*(\d{1,2}))(?![\w])")
_MEASURE_FIELDS = ("participants", "mean_score", "mean_percent", "share_below_minimum", "share_high")
_MEASURES: list[tuple[str, str]] = sorted(
    ((norm(alias).replace("_", " "), f) for f in _MEASURE_FIELDS
     for alias in (f, *HEADERS["results"][f])),
    key=lambda t: -len(t[0]),
)


@dataclass(frozen=True)
class WideColumn:
    """What a wide results header names."""

    procedure: Procedure
    year: int
    grade: int | None
    subject: str
    measure: str


def parse_wide_header(header: str) -> WideColumn | None:
    """Read a wide results header such as «ЕГЭ 2021 Русский язык средний балл».

    The procedure (ЕГЭ, ОГЭ, ВПР), a year and a figure (средний балл, доля не преодолевших
    минимальный порог, …) must all be present, in any order; a grade («4 класс») is
    optional; what remains is the subject. Returns ``None`` for any other header.

    Examples
    --------
    >>> parse_wide_header("ЕГЭ 2021 Русский язык средний балл")
    WideColumn(procedure=<Procedure.EGE: 'ege'>, year=2021, grade=None, subject='русский язык', measure='mean_score')
    >>> parse_wide_header("ВПР-2023, 4 класс, математика: доля 2").measure
    'share_below_minimum'
    >>> parse_wide_header("Наименование ОО") is None
    True
    """
    text = norm(header).replace("_", " ")
    proc = _PROC.search(text)
    year = _YEAR.search(text)
    if not proc or not year:
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
    text = _YEAR.sub(" ", _PROC.sub(" ", text, count=1), count=1)
    subject = norm(re.sub(r"(^|\s)[-–—]+(\s|$)", " ", text)).strip(" -")
    if not subject:
        return None
    return WideColumn(Procedure.parse(proc.group(1)), int(year.group(1)), grade, subject, measure)


def _resource_flag(header: str) -> ResourceKind | None:
    key = norm(header)
    kind = ResourceKind._lookup().get(key)
    if kind is None and key.startswith("точка роста"):
        kind = ResourceKind.GROWTH_POINT
    return kind if isinstance(kind, ResourceKind) else None


# --- turning raw tables into records ---------------------------------------------------------


@dataclass
class _Layout:
    """How a raw table's headers map onto a model."""

    fields: dict[str, int] = field(default_factory=dict)  # field -> column position
    wide: dict[int, WideColumn] = field(default_factory=dict)
    flags: dict[int, ResourceKind] = field(default_factory=dict)


def _layout(raw: _Raw, table: str, mapping: Mapping[str, str | None], unknown: str) -> _Layout:
    layout = _Layout()
    known = HEADERS[table]
    if not raw.rows and table != "schools":
        return layout  # an empty results or resources table (a JSON [] or a header-only file)
    for pos, header in enumerate(raw.headers):
        if not header:
            if any(not is_missing(r[pos]) for r in raw.rows if pos < len(r)):
                raw.problems.append(Problem(table, "a header for a column that holds data",
                                            column=f"#{pos + 1}", source=raw.source, row=1 if raw.numbers
                                            and raw.numbers[0] is not None else None))
            continue
        target: str | None
        if header in mapping:
            target = mapping[header]
            if target is None:
                continue
        else:
            target = header
        name = target if target in known else lookup(table, target)
        if name is not None:
            if name in layout.fields:
                raw.problems.append(Problem(
                    table, f"one column for the field {name!r}; column "
                    f"{raw.headers[layout.fields[name]]!r} already holds it", column=header,
                    source=raw.source))
                continue
            layout.fields[name] = pos
            continue
        if table == "schools":
            wide = parse_wide_header(target)
            if wide is not None:
                layout.wide[pos] = wide
                continue
            flag = _resource_flag(target)
            if flag is not None:
                layout.flags[pos] = flag
                continue
        if unknown == "error":
            raw.problems.append(Problem(
                table, "a known column; rename it, map it with columns={header: field} or skip it with "
                "columns={header: None} (or unknown='ignore')", column=header, source=raw.source))
    required = {"schools": ("id", "name"), "results": ("school", "year", "procedure", "subject"),
                "resources": ("id", "host", "kind")}[table]
    for name in required:
        if name not in layout.fields:
            raw.problems.append(Problem(
                table, f"a column for the required field {name!r} (e.g. {RU_HEADERS[table][name]!r})",
                source=raw.source))
    return layout


def _clean(value: Any, na: frozenset[str]) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return None if value.casefold() in na else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass
class _Origin:
    """Where each record of a table came from, to place its problems in the file."""

    source: list[str] = field(default_factory=list)
    row: list[int | None] = field(default_factory=list)
    headers: list[Mapping[str, str]] = field(default_factory=list)
    index: list[int] = field(default_factory=list)

    def add(self, source: str, row: int | None, headers: Mapping[str, str], index: int) -> None:
        self.source.append(source)
        self.row.append(row)
        self.headers.append(headers)
        self.index.append(index)

    def locate(self, p: Problem) -> Problem:
        if p.index is None or p.index >= len(self.source):
            return p
        i = p.index
        column = self.headers[i].get(p.column, p.column) if p.column else None
        row = self.row[i]

        def other(match: re.Match[str]) -> str:  # "item 3 has the same id" -> "row 5 ..."
            j = int(match.group(1))
            return f"row {self.row[j]}" if j < len(self.row) and self.row[j] is not None else match.group(0)

        expected = re.sub(r"item (\d+)", other, p.expected)
        if row is None:
            return Problem(p.table, expected, column, p.value, self.index[i], None, self.source[i], p.school)
        return Problem(p.table, expected, column, p.value, None, row, self.source[i], p.school)


def read_registry(
    source: Source,
    *,
    results: Source | None = None,
    resources: Source | None = None,
    columns: Mapping[str, Any] | None = None,
    na_values: Iterable[str] = (),
    unknown: Literal["error", "ignore"] = "error",
    encoding: str | None = None,
    sep: str | None = None,
    name: str | None = None,
) -> Registry:
    """Read a registry from files or DataFrames, checking every value.

    Parameters
    ----------
    source : path, DataFrame or mapping
        A directory, a ``.csv``/``.xlsx``/``.json`` file, a DataFrame of schools, or a
        mapping ``{"schools": ..., "results": ..., "resources": ...}`` of paths or DataFrames.
    results, resources : path or DataFrame, optional
        Tables given separately; they replace those found through ``source``.
    columns : mapping, optional
        Your headers -> netmatch fields, for files with other headers, e.g.
        ``{"URN": "id", "SCHNAME": "name", "WEB": None}``. ``None`` skips a column. The
        target may also be a wide results header (``"ОГЭ 2019 attainment 8 mean_score"``).
        A flat mapping applies to every table; ``{"schools": {...}, "results": {...}}``
        maps per table.
    na_values : iterable of str
        Extra cell texts meaning "missing" (e.g. ``("NP", "SUPP")``), on top of
        :data:`DEFAULT_NA_VALUES`.
    unknown : {"error", "ignore"}
        What an unrecognised column is: an error listing it (default), or skipped.
    encoding : str, optional
        Text encoding; by default UTF-8 (with or without BOM), else Windows-1251.
    sep : str, optional
        CSV separator; by default sniffed from the header line (``;``, ``,`` or tab).
    name : str, optional
        The district's name; by default the JSON document's ``"name"`` or none.

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
    (0.35) or carry a percent sign ("35%"); a bare 35 is an error, not 35%. Row numbers
    count the header as row 1.

    Examples
    --------
    >>> import pandas as pd
    >>> schools = pd.DataFrame({"Код ОО": ["S1", "S2"], "Наименование ОО": ["Школа 1", "Школа 2"],
    ...                         "Сменность": [1, 2], "ЕГЭ 2024 Математика профильная средний балл": [61.5, None],
    ...                         "Точка роста": ["да", "нет"]})
    >>> reg = read_registry(schools)
    >>> reg.school("S2").shifts, len(reg.results), reg.resources[0].kind.label_ru
    (2, 1, '«Точка роста»')
    >>> read_registry(schools.assign(Сменность=[1, 4]))
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: schools DataFrame, item 1 (school 'S2'), column 'Сменность': got 4; ...
    """
    if unknown not in ("error", "ignore"):
        raise InvalidInputError([f"The 'unknown' parameter of read_registry must be 'error' or 'ignore'. "
                                 f"Got {unknown!r} instead."])
    raws = _gather(source, encoding, sep)
    doc_name = _stored_name(Path(source)) if isinstance(source, (str, os.PathLike)) else None
    for table, extra in (("results", results), ("resources", resources)):
        if extra is not None:
            found = _gather(extra, encoding, sep, default=table)
            raws[table] = found.get(table) or found["schools"]
    na = DEFAULT_NA_VALUES | {v.strip().casefold() for v in na_values}
    maps = _split_mapping(columns)
    return _assemble(raws, maps, na, unknown, name if name is not None else doc_name)


def _stored_name(path: Path) -> str | None:
    """The registry name a JSON document or a workbook's title carries."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            doc = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        value = doc.get("name") if isinstance(doc, Mapping) else None
        return value if isinstance(value, str) else None
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            return wb.properties.title or None
        finally:
            wb.close()
    return None


def _gather(source: Any, encoding: str | None, sep: str | None, default: str = "schools") -> dict[str, _Raw]:
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source), encoding, sep)
    if isinstance(source, Mapping):
        out: dict[str, _Raw] = {}
        for key, value in source.items():
            table = _table_of(str(key))
            if table is None:
                raise InvalidInputError([
                    f"Unknown table {key!r}: use 'schools', 'results' or 'resources'."])
            found = _gather(value, encoding, sep, default=table)
            out[table] = found.get(table) or found["schools"]
        if "schools" not in out:
            raise InvalidInputError(["No schools table given: pass {'schools': ..., ...}."])
        return out
    if hasattr(source, "columns") and hasattr(source, "astype"):
        return {default: _from_frame(source, f"{default} DataFrame")}
    if isinstance(source, list):
        return {default: _from_records(source, default)}
    raise InvalidInputError([
        f"Cannot read a registry from {type(source).__name__}: pass a path, a DataFrame or a mapping."])


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


def _assemble(raws: dict[str, _Raw], maps: dict[str, dict[str, str | None]], na: frozenset[str],
              unknown: str, name: str | None) -> Registry:
    problems: list[Problem] = []
    layouts = {t: _layout(raw, t, maps[t], unknown) for t, raw in raws.items()}
    for raw in raws.values():
        problems += raw.problems
    if problems:  # the columns themselves are wrong: the rows would only repeat it
        raise InvalidInputError(problems)

    # schools, plus results and resources carried in the schools table
    sraw, slay = raws["schools"], layouts["schools"]
    sheaders = {f: sraw.headers[p] for f, p in slay.fields.items()}
    school_records: list[dict[str, Any]] = []
    s_origin = _Origin()
    res_cols: dict[str, list[Any]] = {c: [] for c in RESULT_COLUMNS}
    r_origin = _Origin()
    resource_records: list[dict[str, Any]] = []
    rs_origin = _Origin()
    wide_groups: dict[tuple[Procedure, int, int | None, str], dict[str, int]] = {}
    for pos, wide in slay.wide.items():
        group = wide_groups.setdefault((wide.procedure, wide.year, wide.grade, wide.subject), {})
        if wide.measure in group:
            problems.append(Problem("schools", f"one column per figure; {sraw.headers[group[wide.measure]]!r} "
                                    "names the same procedure, year, grade, subject and figure",
                                    column=sraw.headers[pos], source=sraw.source))
        group[wide.measure] = pos
    id_pos = slay.fields["id"]
    for i, cells in enumerate(sraw.rows):
        record = {f: _clean(cells[p], na) for f, p in slay.fields.items()}
        school_records.append(record)
        s_origin.add(sraw.source, sraw.numbers[i], sheaders, i)
        sid = _clean(cells[id_pos], na)
        for (proc, year, grade, subject), group in wide_groups.items():
            values = {m: _clean(cells[p], na) for m, p in group.items()}
            if all(v is None for v in values.values()):
                continue
            for c in RESULT_COLUMNS:
                res_cols[c].append(values.get(c))
            res_cols["school"][-1] = sid
            res_cols["year"][-1] = year
            res_cols["procedure"][-1] = proc
            res_cols["grade"][-1] = grade
            res_cols["subject"][-1] = subject
            heads = {m: sraw.headers[p] for m, p in group.items()}
            heads["school"] = sraw.headers[id_pos]
            heads.update({c: sraw.headers[next(iter(group.values()))]
                          for c in ("year", "procedure", "grade", "subject")})
            r_origin.add(sraw.source, sraw.numbers[i], heads, i)
        for pos, kind in slay.flags.items():
            value = _clean(cells[pos], na)
            if value is None:
                continue
            try:
                present = parse_bool(value)
                chosen = kind
            except ValueError:
                parsed = ResourceKind.parse(value)
                present = isinstance(parsed, ResourceKind)
                chosen = parsed if present else kind
                if not present:
                    problems.append(Problem("schools", "yes or no (да/нет), or the centre's profile "
                                            "(естественно-научная, цифровая и гуманитарная)",
                                            column=sraw.headers[pos], value=value, row=sraw.numbers[i],
                                            index=None if sraw.numbers[i] else i, source=sraw.source,
                                            school=None if sid is None else str(sid)))
            if present:
                resource_records.append({"id": f"{sid}:{chosen.value}", "host": sid, "kind": chosen})
                rs_origin.add(sraw.source, sraw.numbers[i], {"id": sraw.headers[pos],
                                                              "host": sraw.headers[id_pos],
                                                              "kind": sraw.headers[pos]}, i)

    if "results" in raws and raws["results"].rows:
        raw, lay = raws["results"], layouts["results"]
        heads = {f: raw.headers[p] for f, p in lay.fields.items()}
        for c in RESULT_COLUMNS:
            p = lay.fields.get(c)
            res_cols[c].extend(_clean(cells[p], na) if p is not None else None for cells in raw.rows)
        for i in range(len(raw.rows)):
            r_origin.add(raw.source, raw.numbers[i], heads, i)
    if "resources" in raws and raws["resources"].rows:
        raw, lay = raws["resources"], layouts["resources"]
        heads = {f: raw.headers[p] for f, p in lay.fields.items()}
        for i, cells in enumerate(raw.rows):
            resource_records.append({f: _clean(cells[p], na) for f, p in lay.fields.items()})
            rs_origin.add(raw.source, raw.numbers[i], heads, i)

    columns = {c: v for c, v in res_cols.items() if c in ("school", "year", "procedure", "subject")
               or any(x is not None for x in v)}
    schools, table, resources, found = validate_parts(school_records, columns, resource_records)
    origins = {"schools": s_origin, "results": r_origin, "resources": rs_origin}
    problems += [origins[p.table].locate(p) if p.table in origins else p for p in found]
    if problems:
        order = {t: k for k, t in enumerate(TABLES)}
        problems.sort(key=lambda p: (order.get(p.table, 9), p.source or "", p.row or 0, p.index or 0))
        raise InvalidInputError(problems)
    return Registry.model_construct(schools=schools, results=table, resources=resources, name=name)


# --- writing ---------------------------------------------------------------------------------


def _cell(value: Any, lang: str) -> Any:
    """A model value as a table cell: codes, lists joined with '; ', flags as yes/no."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("да" if value else "нет") if lang == "ru" else ("yes" if value else "no")
    if isinstance(value, Procedure | ResourceKind) or hasattr(value, "label_ru"):
        return value.label_ru if lang == "ru" else value.value
    if isinstance(value, tuple):
        return "; ".join(str(_cell(v, lang)) for v in value) or None
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _tables(registry: Registry, lang: str) -> dict[str, tuple[list[str], list[list[Any]]]]:
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for table, items in (("schools", registry.schools), ("resources", registry.resources)):
        names = list(HEADERS[table])
        rows = [[_cell(getattr(it, f), lang) for f in names] for it in items]
        out[table] = (names, rows)
    res = registry.results
    names = list(RESULT_COLUMNS)
    cols: list[list[Any]] = []
    for c in names:
        arr = getattr(res, c)
        if c == "procedure":
            cols.append([Procedure.parse(v).label_ru if lang == "ru" else v for v in arr])
        elif c in ("grade", "participants"):
            cols.append([None if math.isnan(v) else int(v) for v in arr.tolist()])
        elif arr.dtype.kind == "f":
            cols.append([None if math.isnan(v) else v for v in arr.tolist()])
        else:
            cols.append(arr.tolist())
    out["results"] = (names, [list(r) for r in zip(*cols, strict=True)] if cols and len(res) else [])
    if lang == "ru":
        out = {t: ([RU_HEADERS[t][f] for f in names], rows) for t, (names, rows) in out.items()}
    return out


def write_registry(registry: Registry, path: str | os.PathLike[str], *,
                   headers: Literal["en", "ru"] = "en") -> list[Path]:
    """Write a registry so that :func:`read_registry` reads back an equal one.

    Parameters
    ----------
    registry : Registry
    path : path
        ``.xlsx`` (a sheet per table), ``.json``, ``.csv`` (the schools file plus
        ``<name>.results.csv`` and ``<name>.resources.csv`` beside it) or a directory
        (``schools.csv``, ``results.csv``, ``resources.csv``).
    headers : {"en", "ru"}
        Field names (default) or the Russian headers, codes and «да»/«нет» of a
        department's registry.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from netmatch.datasets import load_demo
    >>> reg = load_demo()
    >>> with tempfile.TemporaryDirectory() as d:
    ...     files = write_registry(reg, pathlib.Path(d) / "district.xlsx", headers="ru")
    ...     read_registry(files[0], name=reg.name) == reg
    True
    """
    if headers not in ("en", "ru"):
        raise InvalidInputError([f"The 'headers' parameter of write_registry must be 'en' or 'ru'. "
                                 f"Got {headers!r} instead."])
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = _tables(registry, headers)
    suffix = target.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _write_xlsx(target, tables, headers, registry.name)
        return [target]
    if suffix == ".json":
        names, rows = tables["results"] if headers == "en" else _tables(registry, "en")["results"]
        doc: dict[str, Any] = {
            "name": registry.name,
            "schools": [s.model_dump(mode="json") for s in registry.schools],
            "results": [dict(zip(names, row, strict=True)) for row in rows],
            "resources": [r.model_dump(mode="json") for r in registry.resources],
        }
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        return [target]
    if suffix in (".csv", ".txt"):
        files = {"schools": target, "results": target.with_name(f"{target.stem}.results{target.suffix}"),
                 "resources": target.with_name(f"{target.stem}.resources{target.suffix}")}
    elif suffix == "":
        target.mkdir(parents=True, exist_ok=True)
        files = {t: target / f"{t}.csv" for t in TABLES}
    else:
        raise InvalidInputError([f"Cannot write {target.name}: use .csv, .xlsx, .json or a directory."])
    for table, file in files.items():
        names, rows = tables[table]
        # A BOM lets Russian Excel open the UTF-8 file with the right letters.
        with open(file, "w", encoding="utf-8-sig" if headers == "ru" else "utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(names)
            writer.writerows([["" if v is None else _text_cell(v) for v in row] for row in rows])
    return list(files.values())


def _text_cell(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _write_xlsx(target: Path, tables: dict[str, tuple[list[str], list[list[Any]]]], lang: str,
                name: str | None) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([f"Writing {target.name} needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = Workbook(write_only=True)
    if name:
        wb.properties.title = name
    titles = {"schools": "Школы", "results": "Результаты", "resources": "Ресурсы"}
    for table, (names, rows) in tables.items():
        ws = wb.create_sheet(titles[table] if lang == "ru" else table)
        ws.append(names)
        for row in rows:
            cells = []
            for v in row:
                if isinstance(v, str) and v.startswith("="):
                    cell = WriteOnlyCell(ws, value=v)
                    cell.data_type = "s"  # text, never a formula
                    cells.append(cell)
                else:
                    cells.append(v)
            ws.append(cells)
    wb.save(target)
