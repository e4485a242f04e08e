"""Large CSV files read by pyarrow, each column coded (:class:`~netmatch._base.parse.CodedColumn`).

Only files that the :mod:`csv` module would read cell for cell the same way: a one-byte
separator, an ASCII-based encoding, quotes only around whole cells on one line
(:func:`simple`). Anything else is left to :mod:`netmatch._data.tables`' other readers.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import csv
import mmap
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from netmatch._base.parse import CodedColumn
from netmatch._data.raw import RawTable

__all__ = ["FAST_FROM", "on_this_thread", "read_csv_arrow", "simple"]

#: Encodings in which the separator, quote and line ends are the ASCII bytes (the fast CSV reader scans bytes).
_ASCII_BASED = frozenset({"utf-8", "utf-8-sig", "cp1251", "ascii", "koi8-r", "cp866", "iso8859-1", "iso8859-5"})
_LONE_CR = re.compile(rb"\r(?!\n)")
#: From this size on a CSV file is read by pyarrow or pandas when it allows (see :func:`simple`).
FAST_FROM = 1 << 16
_SERIAL = contextvars.ContextVar("netmatch_arrow_serial", default=False)


@contextlib.contextmanager
def on_this_thread() -> Iterator[None]:
    """Within it, pyarrow parses on the calling thread, not in its pool (one thread per core).

    For files read while a larger one is parsed in the pool: queued behind its blocks they
    would wait until it is done. A context variable, so other threads are not affected.
    """
    token = _SERIAL.set(True)
    try:
        yield
    finally:
        _SERIAL.reset(token)



def simple(data: bytes | mmap.mmap, encoding: str, sep: str, quotes: bool = False) -> bool:
    """Whether a fast reader may read ``data``: large, a one-byte separator, an ASCII-based encoding, and unquoted.

    With ``quotes`` (pyarrow), quotes are allowed where they only enclose whole cells on one line
    (:func:`_cell_quotes`).
    """
    if len(sep) != 1 or ord(sep) > 127 or len(data) < FAST_FROM:
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
    codes = col.codes[rows]
    if len(rows) * 8 < len(col.uniques):  # few rows (the blank ones of the first column): their texts only
        used = np.unique(codes)
        blank = np.zeros(len(col.uniques), dtype=bool)
        blank[used] = [not u.strip() for u in col.uniques[used].tolist()]
    else:
        blank = np.array([not u.strip() for u in col.uniques.tolist()], dtype=bool)
    out: np.ndarray = blank[codes]
    return out


def read_csv_arrow(data: bytes | mmap.mmap, text: str | None, encoding: str, sep: str, path: Path
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
    if not simple(data, encoding, sep, quotes=True) or (text is None and name not in ("utf-8", "utf-8-sig")):
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
    headers = _first_headers(first, sep, name)
    if headers is not None:
        # the header read here and skipped by pyarrow: its texts stay out of the columns' distinct values
        found = _arrow_columns(buf, sep, len(headers), skip=1)
        if found is not None:
            return _coded_table(found[0], np.arange(2, found[1] + 2), path, headers)
    # the first line's cells, as pyarrow counts them (a quoted header may hold the separator)
    cells = len(next(csv.reader([first.decode("utf-8", "replace")], delimiter=sep), [""])) if b'"' in first \
        else first.count(sep.encode("ascii")) + 1
    # Every line a record (an empty one of empty cells, skipped below as blank): the row numbers are 1, 2, ...
    found = _arrow_columns(buf, sep, cells)
    return None if found is None else _coded_table(found[0], np.arange(1, found[1] + 1), path)


def _first_headers(first: bytes, sep: str, encoding: str) -> list[str] | None:
    """The headers on the first line, as the :mod:`csv` module reads them; ``None`` when that line is blank.

    >>> _first_headers(b'id,"a, b"\\r', ",", "utf-8"), _first_headers(b' ; ', ";", "utf-8")
    (['id', 'a, b'], None)
    """
    if encoding == "utf-8-sig" and first.startswith(codecs.BOM_UTF8):
        first = first[len(codecs.BOM_UTF8):]
    try:
        line = first.decode("utf-8")
    except UnicodeDecodeError:
        return None  # pyarrow refuses it: another reader words it
    cells = [c.strip() for c in next(csv.reader([line], delimiter=sep), [])]
    return cells if any(cells) else None


def _arrow_columns(buf: Any, sep: str, cells: int, skip: int = 0) -> tuple[list[CodedColumn], int] | None:
    """Every line of a CSV buffer (after the first ``skip``) read by pyarrow as a record of text cells, coded,
    and the number of records.

    ``None`` when pyarrow refuses it (a line of other cells than the first's, or not UTF-8).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    types = {f"f{i}": pa.dictionary(pa.int32(), pa.string()) for i in range(cells)}
    try:
        table = pacsv.read_csv(
            # blocks of 4 MB, not 1: still parsed in parallel, but the chunks put together 50 times faster
            pa.BufferReader(buf), read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 22,
                                                                  skip_rows=skip, use_threads=not _SERIAL.get()),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False)).unify_dictionaries()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # rows of other lengths, or not UTF-8
    if any(not pa.types.is_dictionary(t) for t in table.schema.types):
        return None  # pragma: no cover - a first line with more cells than counted
    # unified: every chunk of a column holds the same dictionary, its distinct texts
    longest = max((pc.max(pc.utf8_length(c.chunk(0).dictionary)).as_py() or 0
                   for c in table.columns if c.num_chunks), default=0)
    if longest > csv.field_size_limit():
        return None  # a cell beyond the csv module's limit: its reader names the row
    columns = []
    for chunked in table.columns:
        arr = chunked.combine_chunks()
        columns.append(CodedColumn(arr.indices.to_numpy(zero_copy_only=False),
                                   np.asarray(arr.dictionary.to_numpy(zero_copy_only=False), dtype=object)))
    return columns, table.num_rows


def _coded_table(columns: list[CodedColumn], lines: np.ndarray, path: Path, headers: list[str] | None = None
                 ) -> RawTable:
    """A raw table of coded columns, blank records skipped: ``headers`` and the records, or the records the
    header is the first of."""
    rows = np.arange(len(lines))
    blank = rows[_coded_blank(columns[0], rows)]  # few: rows whose first cell is blank
    for col in columns[1:]:
        blank = blank[_coded_blank(col, blank)]
    keep = np.setdiff1d(rows, blank, assume_unique=True) if len(blank) else rows
    if headers is None:
        if not len(keep):
            return RawTable([], [], [], str(path))
        headers = [str(col[int(keep[0])]).strip() for col in columns]
        keep = keep[1:]
    if len(keep) == len(rows):
        return RawTable(headers, None, lines, str(path), columns=columns, quoted=True)
    return RawTable(headers, None, lines[keep], str(path), columns=[_compact(col, keep) for col in columns],
                    quoted=True)


def _compact(col: CodedColumn, keep: np.ndarray) -> CodedColumn:
    """The cells of rows ``keep``, with only the distinct values they hold (a skipped row's text dropped).

    A column's distinct values are then its cells' only: the header «Широта» or a blank line's
    text among 40,000 coordinates would keep the column off the quick paths for numbers and texts.
    """
    codes = col.codes[keep]
    used = np.zeros(len(col.uniques), dtype=bool)
    used[codes[codes >= 0]] = True
    if used.all():
        return CodedColumn(codes, col.uniques)
    new = (np.cumsum(used) - 1).astype(codes.dtype)
    return CodedColumn(np.where(codes >= 0, new[np.maximum(codes, 0)], -1).astype(codes.dtype), col.uniques[used])
