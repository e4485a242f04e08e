"""Raw tables: what CSV, Excel and JSON files, DataFrames and records hold, before any validation.

:func:`gather` turns whatever :func:`netmatch.read_registry` was given (a directory, a file, a
mapping of tables, a DataFrame, a list of records) into one :class:`RawTable` per registry table —
headers, rows of cells and the row number of each in its file. :class:`Origin` keeps where
each record came from, so that a problem found later names the file, row and column the user sees.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io as _io
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from netmatch._base.parse import is_missing, map_distinct, norm
from netmatch._data.headers import TABLE_NAMES
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLES", "Origin", "RawTable", "clean", "clean_column", "gather", "stored_name"]

#: The three tables of a registry, in the order problems are listed.
TABLES = ("schools", "results", "resources")
_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json", ".txt")
#: Encodings in which the separator, quote and line ends are the ASCII bytes (the fast CSV reader scans bytes).
_ASCII_BASED = frozenset({"utf-8", "utf-8-sig", "cp1251", "ascii", "koi8-r", "cp866", "iso8859-1", "iso8859-5"})


class RawTable:
    """A table as read: headers, rows of raw cells, and where each row came from.

    A large CSV table is kept column by column (:meth:`column`); its :attr:`rows` are built
    only when asked for. ``numbers`` are the rows' numbers in the file (header = 1), ``None``
    for in-memory data.

    >>> raw = RawTable(["id", "name"], [["S1", "Школа"]], [2], "schools.csv")
    >>> len(raw), raw.column(1).tolist(), raw.rows
    (1, ['Школа'], [['S1', 'Школа']])
    """

    def __init__(self, headers: list[str], rows: list[list[Any]] | None, numbers: list[int | None], source: str,
                 problems: list[Problem] | None = None, *, columns: list[np.ndarray] | None = None) -> None:
        self.headers = headers
        self.numbers = numbers
        self.source = source
        self.problems: list[Problem] = [] if problems is None else problems
        self._rows = rows
        self._columns = columns

    def __len__(self) -> int:
        return len(self.numbers)

    def __repr__(self) -> str:
        return f"RawTable({self.source!r}, {len(self)} rows, {len(self.headers)} columns)"

    @property
    def rows(self) -> list[list[Any]]:
        """The rows of raw cells (built from the columns on first use)."""
        if self._rows is None:
            columns = self._columns or []
            self._rows = [list(r) for r in zip(*columns, strict=True)] if columns else [[] for _ in self.numbers]
        return self._rows

    @rows.setter
    def rows(self, rows: list[list[Any]]) -> None:
        self._rows, self._columns = rows, None

    def column(self, pos: int) -> np.ndarray:
        """The raw cells at column ``pos`` as an object array (``None`` where a row is short)."""
        if self._columns is not None:
            return self._columns[pos]
        rows = self.rows
        out = np.empty(len(rows), dtype=object)
        out[:] = [r[pos] if pos < len(r) else None for r in rows]
        return out


def _decode(data: bytes, encoding: str | None) -> str:
    return _decoded(data, encoding)[0]


def _decoded(data: bytes, encoding: str | None) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if encoding:
        return data.decode(encoding), encoding
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        # Russian Excel saves "CSV" in Windows-1251.
        return data.decode("cp1251"), "cp1251"


def _sniff_sep(text: str) -> str:
    head = text[: 1 << 16].splitlines()[:-1] or text.splitlines()  # the last line may be cut short
    first = next((line for line in head if line.strip()), None)
    if first is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
    return max(counts, key=lambda s: (counts[s], s == ";"))


def _filled_lines(data: bytes, sep: str) -> tuple[np.ndarray, int] | None:
    """The 1-based numbers of the non-empty lines of ``data`` and its separators; ``None`` for a lone CR.

    Lines end in ``\\n`` or ``\\r\\n``; a carriage return anywhere else would end a line for the csv
    module but not for this count.
    """
    b = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(b == 10)
    if not len(b) or b[-1] != 10:
        ends = np.append(ends, len(b))
    starts = np.concatenate(([0], ends[:-1] + 1))
    length = ends - starts
    crlf = np.zeros(len(ends), dtype=bool)
    crlf[length > 0] = b[ends[length > 0] - 1] == 13
    if data.count(b"\r") != np.count_nonzero(crlf[:-1]) + (bool(crlf[-1]) and b[-1] == 10):
        return None
    length -= crlf  # the CR of a CRLF is no content
    return np.flatnonzero(length > 0) + 1, data.count(sep.encode("ascii"))


def _blank_rows(columns: list[np.ndarray]) -> np.ndarray:
    """Which records hold only blank cells (``;;;``): the csv module's reader skipped them."""
    blank = map_distinct(columns[0], _blank_cell).astype(bool)
    for i in np.flatnonzero(blank).tolist():  # few: a row whose first cell is blank
        blank[i] = all(_blank_cell(col[i]) for col in columns)
    return blank


def _blank_cell(value: Any) -> bool:
    return value is None or not str(value).strip()


def _read_csv_fast(data: bytes, encoding: str, sep: str, path: Path) -> RawTable | None:
    """A large CSV table read by pandas' C parser, column by column; ``None`` when it needs :mod:`csv`.

    That is: quotes (a cell may then span lines or hold the separator), a lone carriage return,
    a wide separator, an encoding other than UTF-8 or Windows-1251, or rows whose number of cells
    differs (the :mod:`csv` path words those problems). Otherwise each non-empty line is one
    record, so the row numbers are the line numbers.
    """
    import pandas as pd

    if len(sep) != 1 or ord(sep) > 127 or len(data) < 1 << 16 or b'"' in data:
        return None
    name = codecs.lookup(encoding).name
    if name not in _ASCII_BASED or (data.startswith(codecs.BOM_UTF8) and name != "utf-8-sig"):
        return None  # pandas would drop a BOM that the encoding keeps
    found = _filled_lines(data, sep)
    if found is None:
        return None
    lines, seps = found
    try:
        frame = pd.read_csv(_io.BytesIO(data), sep=sep, header=None, dtype=object, na_filter=False,
                            quoting=csv.QUOTE_NONE, skip_blank_lines=True, encoding=encoding, engine="c")
    except (ValueError, pd.errors.ParserError):
        return None  # a row with more cells than the first
    columns = [frame[c].to_numpy(dtype=object) for c in frame.columns]
    del frame
    # The parser refuses a row longer than the first and pads a shorter one; with none longer, as
    # many separators as every line needs means none is shorter. A skipped line (blank but not empty)
    # would shift the row numbers.
    if len(columns[0]) != len(lines) or seps != (len(columns) - 1) * len(lines):
        return None
    keep = np.flatnonzero(~_blank_rows(columns))
    if not len(keep):
        return RawTable([], [], [], str(path))
    head = keep[0]
    headers = [str(col[head]).strip() for col in columns]
    body = keep[1:]
    whole = len(body) == len(lines) - head - 1
    data_columns = [col[head + 1:] if whole else col[body] for col in columns]
    return RawTable(headers, None, lines[body].tolist(), str(path), columns=data_columns)


def _read_csv(path: Path, table: str, encoding: str | None, sep: str | None) -> RawTable:
    data = path.read_bytes()
    text, used = _decoded(data, encoding)
    sep = sep or _sniff_sep(text)
    fast = _read_csv_fast(data, used, sep, path)
    if fast is not None:
        return fast
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
    raw = RawTable(headers or [], rows, numbers, str(path))
    for cells, number in zip(rows, numbers, strict=True):
        if len(cells) != len(raw.headers):
            raw.problems.append(Problem(
                table, f"{len(raw.headers)} cells as in the header (row {header_line}); check the "
                f"separator {sep!r} and quotes", value=f"{len(cells)} cells", row=number, source=str(path)))
    return raw


def _calamine_cell(value: Any) -> Any:
    """A calamine cell as openpyxl gives it: ``None`` for empty, whole numbers as ``int``, dates with a time."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if type(value) is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


def _has_error_cells(path: Path) -> bool:
    """Whether a sheet holds an error cell (#DIV/0!): calamine reads those as empty, openpyxl as the text."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return any(b' t="e"' in z.read(name) for name in z.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (OSError, zipfile.BadZipFile):
        return True  # let openpyxl say what is wrong with the file


def _calamine_sheets(path: Path) -> list[tuple[str, list[list[Any]]]] | None:
    """Every sheet's rows read by python-calamine (much faster), or ``None`` when it is not installed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    if _has_error_cells(path):
        return None
    wb = CalamineWorkbook.from_path(str(path))
    out = []
    for title in wb.sheet_names:
        rows = wb.get_sheet_by_name(title).to_python(skip_empty_area=False)
        out.append((title, [[_calamine_cell(c) for c in r] for r in rows]))
    return out


def _openpyxl_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([
            f"Reading {path.name} needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(ws.title, [list(values) for values in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]
    finally:
        wb.close()


def _read_xlsx(path: Path) -> dict[str, RawTable]:
    """Every sheet of a workbook: python-calamine when installed, else openpyxl; the same cells either way."""
    sheets = _calamine_sheets(path)
    if sheets is None:
        sheets = _openpyxl_sheets(path)
    out: dict[str, RawTable] = {}
    for title, sheet in sheets:
        headers: list[str] | None = None
        rows: list[list[Any]] = []
        numbers: list[int | None] = []
        for number, cells in enumerate(sheet, start=1):
            if headers is None:
                # A title line above the header ("Реестр школ района") has one filled cell.
                if sum(not is_missing(c) for c in cells) >= 2:
                    headers = ["" if c is None else str(c).strip() for c in cells]
                continue
            if all(is_missing(c) for c in cells):
                continue
            rows.append(cells[: len(headers)] + [None] * (len(headers) - len(cells)))
            numbers.append(number)
        if headers is not None:
            while headers and not headers[-1]:
                headers.pop()
            rows = [r[: len(headers)] for r in rows]
            out[title] = RawTable(headers, rows, numbers, f"{path} [{title}]")
    return out


def _from_records(records: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]], source: str) -> RawTable:
    if isinstance(records, Mapping):  # column-wise
        headers = list(records)
        n = len(next(iter(records.values()), []))
        rows = [[records[h][i] for h in headers] for i in range(n)]
        return RawTable(headers, rows, [None] * n, source)
    headers = []
    for rec in records:
        for key in rec:
            if key not in headers:
                headers.append(key)
    rows = [[rec.get(h) for h in headers] for rec in records]
    return RawTable(headers, rows, [None] * len(rows), source)


def _from_frame(frame: pd.DataFrame, source: str) -> RawTable:
    headers = [str(c) for c in frame.columns]
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    return RawTable(headers, rows, [None] * len(rows), source)


def _table_of(name: str) -> str | None:
    key = norm(Path(name).stem if "." in name else name)
    for table, names in TABLE_NAMES.items():
        if key in {norm(n) for n in names}:
            return table
    return None


def _read_dir(path: Path, encoding: str | None, sep: str | None) -> dict[str, RawTable]:
    found: dict[str, RawTable] = {}
    for child in sorted(path.iterdir()):
        table = _table_of(child.stem)
        if table is None or child.suffix.lower() not in _SUFFIXES:
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


def _read_csv_tables(path: Path, encoding: str | None, sep: str | None) -> dict[str, RawTable]:
    """The schools CSV and its ``<name>.results.csv`` and ``<name>.resources.csv`` siblings."""
    out = {"schools": _read_csv(path, "schools", encoding, sep)}
    for table in ("results", "resources"):
        sibling = path.with_name(f"{path.stem}.{table}{path.suffix}")
        if sibling.exists():
            out[table] = _read_csv(sibling, table, encoding, sep)
    return out


def _read_workbook(path: Path) -> dict[str, RawTable]:
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


def _read_json(path: Path, encoding: str | None) -> dict[str, RawTable]:
    try:
        doc = json.loads(_decode(path.read_bytes(), encoding))
    except json.JSONDecodeError as exc:
        raise InvalidInputError([
            f"{path.name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ]) from None
    return _read_doc(doc, str(path))


def _read_path(path: Path, encoding: str | None, sep: str | None) -> dict[str, RawTable]:
    if not path.exists():
        raise InvalidInputError([f"No such file or directory: {str(path)!r}."])
    if path.is_dir():
        return _read_dir(path, encoding, sep)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv_tables(path, encoding, sep)
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    if suffix == ".json":
        return _read_json(path, encoding)
    raise InvalidInputError([
        f"Cannot read {path.name}: use a .csv, .xlsx or .json file, or a directory of them."])


def _read_doc(doc: Any, source: str) -> dict[str, RawTable]:
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


_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def _workbook_title(path: Path) -> str | None:
    """The title in a workbook's core properties ("" when it has none), read from the zip alone.

    openpyxl would parse every sheet to open the workbook; ``None`` leaves it to openpyxl.
    """
    import xml.etree.ElementTree as ET
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            rels = ET.fromstring(z.read("_rels/.rels"))
            target = next((r.get("Target", "") for r in rels if r.get("Type") == _CORE), None)
            if target is None:
                return ""
            core = ET.fromstring(z.read(target.lstrip("/")))
    except (OSError, KeyError, ET.ParseError, zipfile.BadZipFile):
        return None
    title = core.find("{http://purl.org/dc/elements/1.1/}title")
    return title.text or "" if title is not None else ""


def stored_name(path: Path) -> str | None:
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
        found = _workbook_title(path)
        if found is not None:
            return found or None
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            return wb.properties.title or None
        finally:
            wb.close()
    return None


def gather(source: Any, encoding: str | None, sep: str | None, default: str = "schools") -> dict[str, RawTable]:
    """The raw tables a path, a mapping of tables, a DataFrame or a list of records holds."""
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source), encoding, sep)
    if isinstance(source, Mapping):
        out: dict[str, RawTable] = {}
        for key, value in source.items():
            table = _table_of(str(key))
            if table is None:
                raise InvalidInputError([
                    f"Unknown table {key!r}: use 'schools', 'results' or 'resources'."])
            found = gather(value, encoding, sep, default=table)
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


def clean(value: Any, na: frozenset[str]) -> Any:
    """A cell's value with blanks stripped; ``None`` for a missing-value marker or NaN."""
    if isinstance(value, str):
        value = value.strip()
        return None if value.casefold() in na else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def clean_column(values: Any, na: frozenset[str]) -> np.ndarray:
    """:func:`clean` applied to a whole column, as an object array (once per distinct text).

    >>> clean_column([" a ", "н/д", "a"], frozenset({"н/д"})).tolist()
    ['a', None, 'a']
    """
    return map_distinct(values, lambda v: clean(v, na))


@dataclass
class Origin:
    """Where each record of a table came from, to place its problems in the file."""

    source: list[str] = field(default_factory=list)
    row: list[int | None] = field(default_factory=list)
    headers: list[Mapping[str, str]] = field(default_factory=list)
    index: list[int] = field(default_factory=list)

    def add(self, source: str, row: int | None, headers: Mapping[str, str], index: int) -> None:
        """Record where the next record came from (``headers``: field -> the column's header)."""
        self.source.append(source)
        self.row.append(row)
        self.headers.append(headers)
        self.index.append(index)

    def extend(self, source: str, rows: Sequence[int | None], headers: Mapping[str, str], start: int = 0) -> None:
        """Record where the next ``len(rows)`` records came from: items ``start``, ``start + 1``, ... of a table."""
        n = len(rows)
        self.source.extend([source] * n)
        self.row.extend(rows)
        self.headers.extend([headers] * n)
        self.index.extend(range(start, start + n))

    def locate(self, p: Problem) -> Problem:
        """``p`` placed in its file: the header for the field, the row (or the item) for the index."""
        if p.index is None or p.index >= len(self.source):
            return p
        i = p.index
        column = self.headers[i].get(p.column, p.column) if p.column else None
        row = self.row[i]

        def other(match: re.Match[str]) -> str:  # "item 3 has the same id" -> "row 5 ..."
            j = int(match.group(1))
            return f"row {self.row[j]}" if j < len(self.row) and self.row[j] is not None else match.group(0)

        expected = re.sub(r"item (\d+)", other, p.expected)
        # replace, not a new Problem: the fix and the Russian texts stay with it
        if row is None:
            return replace(p, expected=expected, column=column, index=self.index[i], row=None, source=self.source[i])
        return replace(p, expected=expected, column=column, index=None, row=row, source=self.source[i])
