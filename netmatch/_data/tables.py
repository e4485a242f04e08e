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
import io as _io
import json
import math
import mmap
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from netmatch._base.files import unquote
from netmatch._base.parse import CodedColumn, is_missing, map_distinct, norm
from netmatch._data.arrow_csv import FAST_FROM, on_this_thread
from netmatch._data.arrow_csv import read_csv_arrow as _read_csv_arrow
from netmatch._data.arrow_csv import simple as _simple
from netmatch._data.decoding import decode
from netmatch._data.headers import TABLE_NAMES
from netmatch._data.json_doc import check_table
from netmatch._data.json_doc import loads as json_loads
from netmatch._data.origin import Origin
from netmatch._data.raw import RawTable
from netmatch._data.xlsx import sheets as read_sheets
from netmatch.exceptions import InvalidInputError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TABLES", "Origin", "Tables", "clean", "clean_column", "gather", "resolved", "stored_name"]

#: The tables of a registry, in the order problems are listed: the partner organisations, the
#: schools' needs, their teachers and the programme's staff come last (all optional and small).
TABLES = ("schools", "results", "resources", "organisations", "needs", "teachers", "staff", "surveys")
#: The tables a CSV file of schools may have beside it, as ``<name>.<table>.csv``.
_SIBLINGS = TABLES[1:]
#: The longest cell of a CSV file, in characters (the :mod:`csv` module's own limit, for every reader).
MAX_CELL = csv.field_size_limit()
_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json", ".txt")
#: The raw tables of a source by table name; a large results file may still be being read (a future).
Tables = dict[str, "RawTable | Future[RawTable]"]


def resolved(raw: RawTable | Future[RawTable]) -> RawTable:
    """The raw table, once read (a reader's error raised here)."""
    return raw.result() if isinstance(raw, Future) else raw


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
    if len(length) and int(length.max()) > MAX_CELL:
        return None  # a cell may be longer than the limit: the csv module's reader names its row
    return np.flatnonzero(length > 0) + 1, data.count(sep.encode("ascii"))


def _blank_rows(columns: list[np.ndarray]) -> np.ndarray:
    """Which records hold only blank cells (``;;;``): the csv module's reader skipped them."""
    blank = map_distinct(columns[0], _blank_cell).astype(bool)
    for i in np.flatnonzero(blank).tolist():  # few: a row whose first cell is blank
        blank[i] = all(_blank_cell(col[i]) for col in columns)
    return blank


def _blank_cell(value: Any) -> bool:
    return value is None or not str(value).strip()


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
    if path.stat().st_size < max(FAST_FROM, 1):
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
    return RawTable(headers, None, lines[body].tolist(), str(path), columns=data_columns, quoted=True)


def _records(reader: Any, path: Path) -> Iterator[list[str]]:
    """The records of a :mod:`csv` reader; a cell over :data:`MAX_CELL` characters is an input error."""
    try:
        yield from reader
    except csv.Error:
        line = reader.line_num
        raise InvalidInputError([
            f"{path.name}, line {line}: a cell longer than {MAX_CELL:,} characters, or a quote opened and never "
            "closed; close the quote or shorten the cell."]) from None


def _read_csv(path: Path, table: str, encoding: str | None, sep: str | None) -> RawTable:
    fast, tried = _read_mapped(path, encoding, sep)  # pyarrow checks the UTF-8 itself: nothing decoded first
    if fast is not None:
        return fast
    data = path.read_bytes()
    text, used = decode(data, encoding, path.name)
    raw = _read_text(path, table, data, text, used, sep, tried)
    if encoding is None and codecs.lookup(used).name not in ("utf-8", "utf-8-sig"):
        raw.guessed = used  # said to the user: the letters may still be wrong
    return raw


def _read_text(path: Path, table: str, data: bytes, text: str, used: str, sep: str | None, tried: str | None
               ) -> RawTable:
    """The CSV table of ``text`` (``data`` decoded in ``used``): a fast reader's, else :mod:`csv`'s."""
    sep = sep or _sniff_sep(text)
    fast = _read_csv_fast(data, used, sep, path, text, used != tried)
    if fast is not None:
        return fast
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep)
    headers: list[str] | None = None
    rows: list[list[Any]] = []
    numbers: list[int | None] = []
    # a row's number is the record's, as a spreadsheet shows it: a quoted line break does not start a row
    for line, record in enumerate(_records(reader, path), start=1):
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
    raw = RawTable(headers or [], rows, numbers, str(path), quoted=True)
    for cells, number in zip(rows, numbers, strict=True):
        if len(cells) != len(raw.headers):
            raw.problems.append(Problem(
                table, f"{len(raw.headers)} cells as in the header (row {header_line}); check the "
                f"separator {sep!r} and quotes", value=f"{len(cells)} cells", row=number, source=str(path)))
    return raw


def _read_xlsx(path: Path) -> dict[str, RawTable]:
    """Every sheet of a workbook (:func:`netmatch._data.xlsx.sheets`: checked first, calamine or openpyxl)."""
    sheets = read_sheets(path)
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
            rows.append(cells + [None] * (len(headers) - len(cells)))
            numbers.append(number)
        if headers is not None:
            while headers and not headers[-1]:
                headers.pop()
            raw = RawTable(headers, [r[: len(headers)] for r in rows], numbers, f"{path} [{title}]", quoted=True)
            for cells, at in zip(rows, numbers, strict=True):
                beyond = [k for k in range(len(headers), len(cells)) if not is_missing(cells[k])]
                if beyond:  # as a CSV row with more cells than its header: an error, not dropped
                    raw.problems.append(Problem(
                        _table_of(title) or "schools", "no value right of the last header; give the column a "
                        "header or clear it", value=f"{cells[beyond[0]]!s:.40}",
                        row=at, source=raw.source, column=_column_letter(beyond[0] + 1)))
            out[title] = raw
    return out


def _column_letter(k: int) -> str:
    """The spreadsheet letters of the ``k``-th column (1-based).

    >>> _column_letter(1), _column_letter(27)
    ('A', 'AA')
    """
    out = ""
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(65 + r) + out
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
    """A DataFrame's table, column by column: no row of Python objects per record.

    Text columns are coded straight from pandas (an Arrow-backed column never becomes millions
    of Python strings); integer and float columns stay numpy arrays (NaN missing); every other
    column becomes the Python values it holds, ``None`` where missing.
    """
    headers = [str(c) for c in frame.columns]
    columns = [_frame_column(frame.iloc[:, k]) for k in range(frame.shape[1])]
    return RawTable(headers, None, [None] * len(frame), source, columns=columns)


def _frame_column(s: pd.Series) -> np.ndarray | CodedColumn:
    """One column of a DataFrame as a raw table keeps it (see :func:`_from_frame`)."""
    import pandas as pd

    kind = s.dtype.kind if isinstance(s.dtype, np.dtype) else None
    if kind == "f":
        return np.asarray(s.to_numpy(dtype=np.float64))
    if kind in ("i", "u"):
        return np.asarray(s.to_numpy())  # whole numbers as they are: an id of 13 digits stays exact
    text = (kind is None and pd.api.types.is_string_dtype(s.dtype)) or \
        (kind == "O" and len(s) >= 64 and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"))
    if text:
        codes, uniques = pd.factorize(s)  # missing (None, NaN, NA) is -1
        return CodedColumn(np.asarray(codes), np.asarray(uniques, dtype=object))
    out = s.astype(object).to_numpy(dtype=object, copy=True)
    out[np.asarray(s.isna(), dtype=bool)] = None
    return out


def _table_of(name: str) -> str | None:
    key = norm(Path(name).stem if "." in name else name)
    for table, names in TABLE_NAMES.items():
        if key in {norm(n) for n in names}:
            return table
    return None


def _read_dir(path: Path, encoding: str | None, sep: str | None) -> Tables:
    found: Tables = {}
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


_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="netmatch-results")


def _read_csv_tables(path: Path, encoding: str | None, sep: str | None) -> Tables:
    """The schools CSV and its ``<name>.results.csv``, ``<name>.resources.csv``, ``<name>.organisations.csv``,
    ``<name>.needs.csv`` and ``<name>.teachers.csv`` siblings.

    The results file, usually the largest by far, is still being read when this returns (a
    :class:`~concurrent.futures.Future`): pyarrow parses it without the GIL while the schools
    are validated (see :func:`netmatch._data.read._assemble`).
    """
    siblings = {t: path.with_name(f"{path.stem}.{t}{path.suffix}") for t in _SIBLINGS}
    siblings = {t: p for t, p in siblings.items() if p.exists()}
    if "results" not in siblings:
        return {"schools": _read_csv(path, "schools", encoding, sep),
                **{t: _read_csv(p, t, encoding, sep) for t, p in siblings.items()}}
    results = _POOL.submit(_read_csv, siblings["results"], "results", encoding, sep)
    with on_this_thread():  # not queued behind the results' blocks in pyarrow's pool
        out: Tables = {"schools": _read_csv(path, "schools", encoding, sep)}
        out["results"] = results
        for table in _SIBLINGS[1:]:
            if table not in siblings:
                continue
            try:
                out[table] = _read_csv(siblings[table], table, encoding, sep)
            except InvalidInputError:  # the results' own error, if any, comes first, as read in turn
                results.result()
                raise
    return out


def _read_workbook(path: Path) -> dict[str, RawTable]:
    sheets = _read_xlsx(path)
    out = {}
    titles: dict[str, str] = {}
    for title, raw in sheets.items():
        table = _table_of(title)
        if table is not None:
            if table in out:
                raise InvalidInputError([
                    f"{path.name} has two sheets for the {table} table, «{titles[table]}» and «{title}»; keep one."])
            out[table], titles[table] = raw, title
    if "schools" not in out:
        if len(sheets) == 1:
            out["schools"] = next(iter(sheets.values()))
        else:
            raise InvalidInputError([
                f"{path.name} has sheets {list(sheets)}; name the schools sheet «Школы» or "
                "'schools' (and optionally «Результаты», «Ресурсы», «Организации», «Потребности», «Педагоги»)."])
    return out


def _read_json(path: Path, encoding: str | None) -> dict[str, RawTable]:
    return _read_doc(json_loads(decode(path.read_bytes(), encoding, path.name)[0], path.name), str(path))


def _read_path(path: Path, encoding: str | None, sep: str | None) -> Tables:
    if not path.exists():
        raise InvalidInputError([f"No such file or directory: {str(path)!r}."])
    if path.is_dir():
        return _read_dir(path, encoding, sep)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv_tables(path, encoding, sep)
    found: Tables
    if suffix in (".xlsx", ".xlsm"):
        found = dict(_read_workbook(path))
        return found
    if suffix == ".json":
        found = dict(_read_json(path, encoding))
        return found
    raise InvalidInputError([
        f"Cannot read {path.name}: use a .csv, .xlsx or .json file, or a directory of them."])


def _read_doc(doc: Any, source: str) -> dict[str, RawTable]:
    if isinstance(doc, list):
        return {"schools": _from_records(check_table(doc, "schools", source), source)}
    tables = {_table_of(str(key)): key for key in doc} if isinstance(doc, Mapping) else {}
    if "schools" not in tables:
        raise InvalidInputError([f"{source}: expected an object with a 'schools' list (or a list of schools)."])
    out = {}
    for table, key in tables.items():
        if table is not None:
            out[table] = _from_records(check_table(doc[key], str(key), source), f"{source} [{key}]")
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
        except (OSError, ValueError, RecursionError):
            return None  # the reader says what is wrong
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


def gather(source: Any, encoding: str | None, sep: str | None, default: str = "schools") -> Tables:
    """The raw tables a path, a mapping of tables, a DataFrame or a list of records holds."""
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source), encoding, sep)
    if isinstance(source, Mapping):
        out: Tables = {}
        for key, value in source.items():
            table = _table_of(str(key))
            if table is None:
                raise InvalidInputError([
                    f"Unknown table {key!r}: use 'schools', 'results', 'resources', 'organisations', 'needs', "
                    "'teachers', 'staff' or 'surveys'."])
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


def clean(value: Any, na: frozenset[str], quoted: bool = False) -> Any:
    """A cell's value with blanks stripped; ``None`` for a missing-value marker or NaN.

    With ``quoted`` (a cell of a CSV or XLSX file), a text quoted against formulas (``'=1``, as
    netmatch and careful exporters write it) loses that one apostrophe
    (:func:`netmatch._base.files.unquote`); JSON and DataFrames are taken as they are.

    >>> clean(" '-5 ", frozenset(), quoted=True), clean(" '-5 ", frozenset()), clean("н/д", frozenset({"н/д"}))
    ('-5', "'-5", None)
    """
    if isinstance(value, str):
        value = value.strip()
        if quoted and value[:1] == "'":
            value = unquote(value)
        return None if value.casefold() in na else value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@overload
def clean_column(values: CodedColumn, na: frozenset[str], quoted: bool = ...) -> CodedColumn | np.ndarray: ...
@overload
def clean_column(values: Any, na: frozenset[str], quoted: bool = ...) -> np.ndarray: ...
def clean_column(values: Any, na: frozenset[str], quoted: bool = False) -> CodedColumn | np.ndarray:
    """:func:`clean` applied to a whole column, as an object array (once per distinct text).

    A :class:`CodedColumn` stays coded; a numeric array (NaN missing) stays as it is.

    >>> clean_column([" a ", "н/д", "a"], frozenset({"н/д"})).tolist()
    ['a', None, 'a']
    """
    if isinstance(values, CodedColumn):
        return values.remap(lambda v: clean(v, na, quoted), lambda vs: _clean_all(vs, na, quoted))
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return values  # numbers (a DataFrame's): nothing to strip, NaN is missing
    return map_distinct(values, lambda v: clean(v, na, quoted))


def _clean_all(values: list[Any], na: frozenset[str], quoted: bool = False) -> list[Any]:
    """:func:`clean` of every value, a string's without a Python call (the distinct texts of a column).

    >>> _clean_all([" a ", " Н/Д", None], frozenset({"н/д"}))
    ['a', None, None]
    """
    last = bool(values) and values[-1] is None  # a coded column's list: its distinct texts, then None
    text = values[:-1] if last else values
    if not set(map(type, text)) <= {str}:
        return [clean(v, na, quoted) for v in values]
    # each pass one loop in C; the rare texts it changes, by index
    out: list[Any] = list(map(str.strip, text))  # texts, then None where a marker of missing
    if quoted:
        for i in compress(range(len(out)), map(str.startswith, out, repeat("'"))):
            out[i] = unquote(out[i])
    if not na.isdisjoint(map(str.casefold, out)):
        for i in compress(range(len(out)), map(na.__contains__, map(str.casefold, out))):
            out[i] = None
    return [*out, None] if last else out
