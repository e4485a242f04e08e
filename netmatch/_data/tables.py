"""Raw tables: what CSV, Excel and JSON files, DataFrames and records hold, before any validation.

:func:`gather` turns whatever :func:`netmatch.read_registry` was given (a directory, a file, a
mapping of tables, a DataFrame, a list of records) into one :class:`RawTable` per registry table —
headers, rows of cells and the row number of each in its file. :class:`Origin` keeps where
each record came from, so that a problem found later names the file, row and column the user sees.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io as _io
import itertools
import json
import math
import mmap
import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from netmatch._base.parse import CodedColumn, is_missing, map_distinct, norm
from netmatch._data.headers import TABLE_NAMES
from netmatch._data.origin import Origin
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLES", "Origin", "RawTable", "clean", "clean_column", "gather", "stored_name"]

#: The three tables of a registry, in the order problems are listed.
TABLES = ("schools", "results", "resources")
_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json", ".txt")
#: Encodings in which the separator, quote and line ends are the ASCII bytes (the fast CSV reader scans bytes).
_ASCII_BASED = frozenset({"utf-8", "utf-8-sig", "cp1251", "ascii", "koi8-r", "cp866", "iso8859-1", "iso8859-5"})
_LONE_CR = re.compile(rb"\r(?!\n)")
#: From this size on a CSV file is read by pyarrow or pandas when it allows (see :func:`_simple`).
_FAST_FROM = 1 << 16


class RawTable:
    """A table as read: headers, rows of raw cells, and where each row came from.

    A large CSV table is kept column by column (:meth:`column`); its :attr:`rows` are built
    only when asked for. ``numbers`` are the rows' numbers in the file (header = 1), ``None``
    for in-memory data.

    >>> raw = RawTable(["id", "name"], [["S1", "Школа"]], [2], "schools.csv")
    >>> len(raw), raw.column(1).tolist(), raw.rows
    (1, ['Школа'], [['S1', 'Школа']])
    """

    def __init__(self, headers: list[str], rows: list[list[Any]] | None, numbers: list[int | None] | np.ndarray,
                 source: str,
                 problems: list[Problem] | None = None, *,
                 columns: Sequence[np.ndarray | CodedColumn] | None = None) -> None:
        self.headers = headers
        self._numbers: list[int | None] | np.ndarray = numbers
        self.source = source
        self.problems: list[Problem] = [] if problems is None else problems
        self._rows = rows
        self._columns = columns
        self._split: list[np.ndarray] | None = None  # the rows' columns, split once

    def __len__(self) -> int:
        return len(self._numbers)

    @property
    def numbers(self) -> list[int | None]:
        """The rows' numbers in the file, as a list (a fast reader keeps them as an array until asked)."""
        if not isinstance(self._numbers, list):
            self._numbers = list(self._numbers.tolist())
        return self._numbers

    @property
    def row_numbers(self) -> Sequence[int | None] | np.ndarray:
        """The rows' numbers as kept: a list, or an integer array from a fast reader (no Python int per row)."""
        return self._numbers

    def __repr__(self) -> str:
        return f"RawTable({self.source!r}, {len(self)} rows, {len(self.headers)} columns)"

    @property
    def rows(self) -> list[list[Any]]:
        """The rows of raw cells (built from the columns on first use)."""
        if self._rows is None:
            columns = [self.column(p) for p in range(len(self._columns or []))]
            self._rows = [list(r) for r in zip(*columns, strict=True)] if columns else [[] for _ in range(len(self))]
        return self._rows

    @rows.setter
    def rows(self, rows: list[list[Any]]) -> None:
        self._rows, self._columns, self._split = rows, None, None

    def column(self, pos: int) -> np.ndarray:
        """The raw cells at column ``pos`` as an object array (``None`` where a row is short)."""
        if self._columns is not None:
            col = self._columns[pos]
            return col.to_numpy() if isinstance(col, CodedColumn) else col
        rows = self.rows
        if self._split is None:  # every column at once: a table is read column by column
            self._split = []
            for cells in itertools.zip_longest(*rows):  # None where a row is short
                col = np.fromiter(cells, dtype=object, count=len(rows))
                col.flags.writeable = False  # shared by every caller
                self._split.append(col)
        if pos < len(self._split):
            return self._split[pos]
        return np.full(len(rows), None, dtype=object)

    def coded(self, pos: int) -> np.ndarray | CodedColumn:
        """The cells at column ``pos`` coded (:class:`CodedColumn`) when they are strings, else as :meth:`column`.

        A reader that coded the column hands it over as it is; otherwise it is coded here, once.
        """
        if self._columns is not None and isinstance(self._columns[pos], CodedColumn):
            return self._columns[pos]
        values = self.column(pos)
        return CodedColumn.of(values) or values


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


def _simple(data: bytes | mmap.mmap, encoding: str, sep: str, quotes: bool = False) -> bool:
    """Whether a fast reader may read ``data``: large, a one-byte separator, an ASCII-based encoding, and unquoted.

    With ``quotes`` (pyarrow), quotes are allowed where they only enclose whole cells on one line
    (:func:`_cell_quotes`).
    """
    if len(sep) != 1 or ord(sep) > 127 or len(data) < _FAST_FROM:
        return False
    if data.find(b'"') != -1 and not (quotes and _cell_quotes(data, sep)):
        return False
    name = codecs.lookup(encoding).name
    # pandas and pyarrow would drop a BOM that the encoding keeps
    return name in _ASCII_BASED and not (data[:3] == codecs.BOM_UTF8 and name != "utf-8-sig")


def _cell_quotes(data: bytes | mmap.mmap, sep: str) -> bool:
    """Whether every quote of ``data`` opens or closes a whole cell, and no quoted cell spans lines.

    Then a line is a record (its number the row's) and pyarrow reads the cells as the :mod:`csv`
    module does: each quote follows a separator or a line start, or comes before a separator or
    a line end, and every line holds an even number of them. A doubled quote inside a cell, or a
    quote inside an unquoted cell, is left to the :mod:`csv` module.

    >>> _cell_quotes(b'id;name\\nS1;"School; one"\\n' * 4, ";"), _cell_quotes(b'S1;a"b\\n', ";")
    (True, False)
    >>> _cell_quotes(b'S1;"two\\nlines"\\n', ";")
    False
    """
    b = np.frombuffer(data, dtype=np.uint8)
    q = np.flatnonzero(b == ord('"'))
    ends = np.flatnonzero(b == ord("\n"))
    if (np.searchsorted(q, ends) % 2).any() or len(q) % 2:
        return False  # a quoted line break, or an unclosed quote
    edge = np.array([ord(sep), ord("\n"), ord("\r")], dtype=np.uint8)
    before = np.where(q > 0, b[np.maximum(q - 1, 0)], ord("\n"))
    after = np.where(q + 1 < len(b), b[np.minimum(q + 1, len(b) - 1)], ord("\n"))
    return bool((np.isin(before, edge) | np.isin(after, edge)).all())


def _coded_blank(col: CodedColumn, rows: np.ndarray) -> np.ndarray:
    """Which of ``rows`` hold a blank cell in ``col``."""
    blank = np.fromiter((not u.strip() for u in col.uniques.tolist()), dtype=bool, count=len(col.uniques))
    out: np.ndarray = blank[col.codes[rows]]
    return out


def _read_csv_arrow(data: bytes | mmap.mmap, text: str | None, encoding: str, sep: str, path: Path
                    ) -> RawTable | None:
    """A large CSV table read by pyarrow when it is installed, each column coded; ``None`` when it needs another reader.

    The same files as :func:`_read_csv_pandas` (and the same cells): no quotes, so each non-empty
    line is one record and its number the row's; pyarrow refuses rows whose number of cells
    differs, which the :mod:`csv` path words. Columns come dictionary-encoded, so no column of
    millions of cells is made of Python strings or factorized again (:class:`CodedColumn`).
    ``text`` is ``data`` decoded, needed (re-encoded as UTF-8) only for an encoding other than UTF-8;
    pyarrow checks that UTF-8 data is valid, and gives ``None`` when it is not.
    """
    try:
        import pyarrow as pa
    except ImportError:
        return None
    name = codecs.lookup(encoding).name
    if not _simple(data, encoding, sep, quotes=True) or (text is None and name not in ("utf-8", "utf-8-sig")):
        return None
    if name in ("utf-8", "utf-8-sig"):
        # the BOM holds no line end nor separator: counting in ``data`` counts in what pyarrow reads
        raw, buf = data, pa.py_buffer(data)
        if name == "utf-8-sig" and data[:3] == codecs.BOM_UTF8:
            buf = buf.slice(len(codecs.BOM_UTF8))
    else:
        raw = (text or "").encode("utf-8")
        buf = pa.py_buffer(raw)
    if raw.find(b"\r") != -1 and _LONE_CR.search(raw):
        return None  # a lone carriage return ends a line for the csv module
    first = bytes(raw[: raw.find(b"\n")])
    # the first line's cells, as pyarrow counts them (a quoted header may hold the separator)
    cells = len(next(csv.reader([first.decode("utf-8", "replace")], delimiter=sep), [""])) if b'"' in first \
        else first.count(sep.encode("ascii")) + 1
    # Every line a record (an empty one of empty cells, skipped below as blank): the row numbers are 1, 2, ...
    found = _arrow_columns(buf, sep, cells)
    return None if found is None else _coded_table(found[0], np.arange(1, found[1] + 1), path)


def _arrow_columns(buf: Any, sep: str, cells: int) -> tuple[list[CodedColumn], int] | None:
    """Every line of a CSV buffer read by pyarrow as a record of text cells, coded, and the number of records.

    ``None`` when pyarrow refuses it (a line of other cells than the first's, or not UTF-8).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    types = {f"f{i}": pa.dictionary(pa.int32(), pa.string()) for i in range(cells)}
    try:
        table = pacsv.read_csv(
            # blocks of 4 MB, not 1: still parsed in parallel, but the chunks put together 50 times faster
            pa.BufferReader(buf), read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False)).unify_dictionaries()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # rows of other lengths, or not UTF-8
    if any(not pa.types.is_dictionary(t) for t in table.schema.types):
        return None  # pragma: no cover - a first line with more cells than counted
    columns = []
    for chunked in table.columns:
        arr = chunked.combine_chunks()
        columns.append(CodedColumn(arr.indices.to_numpy(zero_copy_only=False),
                                   np.asarray(arr.dictionary.to_numpy(zero_copy_only=False), dtype=object)))
    return columns, table.num_rows


def _coded_table(columns: list[CodedColumn], lines: np.ndarray, path: Path) -> RawTable:
    """A raw table of coded columns holding every record, the header among them: blank records skipped."""
    rows = np.arange(len(lines))
    blank = rows[_coded_blank(columns[0], rows)]  # few: rows whose first cell is blank
    for col in columns[1:]:
        blank = blank[_coded_blank(col, blank)]
    keep = np.setdiff1d(rows, blank, assume_unique=True) if len(blank) else rows
    if not len(keep):
        return RawTable([], [], [], str(path))
    head = int(keep[0])
    headers = [str(col[head]).strip() for col in columns]
    body = keep[1:]
    picked: np.ndarray | slice = slice(head + 1, None) if len(body) == len(rows) - head - 1 else body
    # the header's text stays among the distinct values, used by no row: harmless
    return RawTable(headers, None, lines[body], str(path),
                    columns=[CodedColumn(col.codes[picked], col.uniques) for col in columns])


def _utf8_head(data: bytes | mmap.mmap, encoding: str | None) -> tuple[str, str] | None:
    """The start of ``data`` decoded, and the encoding, when UTF-8 may be it; enough to sniff the separator."""
    used = encoding or "utf-8-sig"
    if codecs.lookup(used).name not in ("utf-8", "utf-8-sig"):
        return None
    try:
        head = codecs.getincrementaldecoder(used)().decode(data[: 1 << 18], final=len(data) <= 1 << 18)
    except UnicodeDecodeError:
        return None
    # :func:`_sniff_sep` reads the first 65536 characters, and all the text only if no line there is filled
    if not any(line.strip() for line in head[: 1 << 16].splitlines()[:-1]):
        return None
    return head, used


def _read_csv_fast(data: bytes | mmap.mmap, encoding: str, sep: str, path: Path, text: str | None = None,
                   arrow: bool = True) -> RawTable | None:
    """A large CSV table read by pyarrow (:func:`_read_csv_arrow`) or else pandas' C parser; ``None``: :mod:`csv`'s.

    ``text`` is ``data`` decoded, ``None`` when not yet (then only a UTF-8 ``encoding`` is read by pyarrow);
    ``data`` mapped from the file is read by pyarrow only; ``arrow=False``: by pandas only (pyarrow refused it).
    """
    fast = _read_csv_arrow(data, text, encoding, sep, path) if arrow else None
    if fast is None and isinstance(data, bytes):
        fast = _read_csv_pandas(data, encoding, sep, path)
    return fast


def _read_mapped(path: Path, encoding: str | None, sep: str | None) -> tuple[RawTable | None, str | None]:
    """A large UTF-8 file read by pyarrow straight from the file mapped into memory, and the encoding tried.

    Nothing is copied nor decoded first; ``(None, None)`` when the file is small or may not be UTF-8.
    """
    if path.stat().st_size < max(_FAST_FROM, 1):
        return None, None
    try:
        with path.open("rb") as f:
            view = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # a file that cannot be mapped is read as bytes
        return None, None
    try:
        found = _utf8_head(view, encoding)
        if found is None:
            return None, None
        head, tried = found
        return _read_csv_fast(view, tried, sep or _sniff_sep(head), path), tried
    finally:
        with contextlib.suppress(BufferError):  # else unmapped once pyarrow lets go of it
            view.close()


def _read_csv_pandas(data: bytes, encoding: str, sep: str, path: Path) -> RawTable | None:
    """A large CSV table read by pandas' C parser, column by column; ``None`` when it needs :mod:`csv`.

    That is: quotes (a cell may then span lines or hold the separator), a lone carriage return,
    a wide separator, an encoding other than UTF-8 or Windows-1251, or rows whose number of cells
    differs (the :mod:`csv` path words those problems). Otherwise each non-empty line is one
    record, so the row numbers are the line numbers.
    """
    import pandas as pd

    if not _simple(data, encoding, sep):
        return None
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
    fast, tried = _read_mapped(path, encoding, sep)  # pyarrow checks the UTF-8 itself: nothing decoded first
    if fast is not None:
        return fast
    data = path.read_bytes()
    text, used = _decoded(data, encoding)
    sep = sep or _sniff_sep(text)
    fast = _read_csv_fast(data, used, sep, path, text, used != tried)
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
    siblings = {t: path.with_name(f"{path.stem}.{t}{path.suffix}") for t in ("results", "resources")}
    siblings = {t: p for t, p in siblings.items() if p.exists()}
    if "results" not in siblings:
        return {"schools": _read_csv(path, "schools", encoding, sep),
                **{t: _read_csv(p, t, encoding, sep) for t, p in siblings.items()}}
    # pyarrow parses the (large) results file without the GIL: the other files are read meanwhile
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(_read_csv, siblings["results"], "results", encoding, sep)
        out = {"schools": _read_csv(path, "schools", encoding, sep)}
        later: InvalidInputError | None = None
        if "resources" in siblings:
            try:
                out["resources"] = _read_csv(siblings["resources"], "resources", encoding, sep)
            except InvalidInputError as exc:  # the results' own error, if any, comes first, as read in turn
                later = exc
        out["results"] = results.result()
        if later is not None:
            raise later
    return {t: out[t] for t in ("schools", "results", "resources") if t in out}


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


@overload
def clean_column(values: CodedColumn, na: frozenset[str]) -> CodedColumn | np.ndarray: ...
@overload
def clean_column(values: Any, na: frozenset[str]) -> np.ndarray: ...
def clean_column(values: Any, na: frozenset[str]) -> CodedColumn | np.ndarray:
    """:func:`clean` applied to a whole column, as an object array (once per distinct text).

    A :class:`CodedColumn` stays coded.

    >>> clean_column([" a ", "н/д", "a"], frozenset({"н/д"})).tolist()
    ['a', None, 'a']
    """
    if isinstance(values, CodedColumn):
        return values.remap(lambda v: clean(v, na))
    return map_distinct(values, lambda v: clean(v, na))
