"""Raw tables: what CSV, Excel and JSON files, DataFrames and records hold, before any validation.

:func:`gather` turns whatever :func:`netmatch.read_registry` was given (a directory, a file, a
mapping of tables, a DataFrame, a list of records) into one :class:`RawTable` per registry table —
headers, rows of cells and the row number of each in its file. :class:`Origin` keeps where
each record came from, so that a problem found later names the file, row and column the user sees.
"""

from __future__ import annotations

import csv
import io as _io
import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmatch._base.parse import is_missing, norm
from netmatch._data.headers import TABLE_NAMES
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLES", "Origin", "RawTable", "clean", "gather", "stored_name"]

#: The three tables of a registry, in the order problems are listed.
TABLES = ("schools", "results", "resources")
_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json", ".txt")


@dataclass
class RawTable:
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


def _read_csv(path: Path, table: str, encoding: str | None, sep: str | None) -> RawTable:
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
    raw = RawTable(headers or [], rows, numbers, str(path))
    for cells, number in zip(rows, numbers, strict=True):
        if len(cells) != len(raw.headers):
            raw.problems.append(Problem(
                table, f"{len(raw.headers)} cells as in the header (row {header_line}); check the "
                f"separator {sep!r} and quotes", value=f"{len(cells)} cells", row=number, source=str(path)))
    return raw


def _read_xlsx(path: Path) -> dict[str, RawTable]:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([
            f"Reading {path.name} needs openpyxl: pip install 'netmatch[excel]'."]) from None
    wb = load_workbook(path, read_only=True, data_only=True)
    out: dict[str, RawTable] = {}
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
                out[ws.title] = RawTable(headers, rows, numbers, f"{path} [{ws.title}]")
    finally:
        wb.close()
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
        if row is None:
            return Problem(p.table, expected, column, p.value, self.index[i], None, self.source[i], p.school)
        return Problem(p.table, expected, column, p.value, None, row, self.source[i], p.school)
