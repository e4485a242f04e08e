"""A table as read, before any validation: headers, rows of raw cells, where each row came from."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from netmatch._base.parse import CodedColumn
from netmatch.exceptions import Problem

__all__ = ["RawTable"]


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
                 columns: Sequence[np.ndarray | CodedColumn] | None = None, quoted: bool = False) -> None:
        self.headers = headers
        #: cells of a file a spreadsheet writes (CSV, XLSX): a text quoted against formulas is unquoted
        self.quoted = quoted
        #: the encoding the file was read in when netmatch chose one other than UTF-8, for a note
        self.guessed: str | None = None
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
        columns = self._columns if self._columns is not None else self._split_rows()
        if pos >= len(columns):  # a header beyond every row's cells
            return np.full(len(self), None, dtype=object)
        col = columns[pos]
        if isinstance(col, CodedColumn):
            return col.to_numpy()
        if col.dtype != object:  # a DataFrame's numbers: its cells as Python values, None for NaN
            cells = np.asarray(col.astype(object))
            if col.dtype.kind == "f":
                cells[np.isnan(col)] = None
            return cells
        return col

    def _split_rows(self) -> list[np.ndarray]:
        """The rows' columns, split once (a table is read column by column)."""
        if self._split is None:
            rows = self.rows
            self._split = []
            for cells in itertools.zip_longest(*rows):  # None where a row is short
                col = np.fromiter(cells, dtype=object, count=len(rows))
                col.flags.writeable = False  # shared by every caller
                self._split.append(col)
        return self._split

    def coded(self, pos: int) -> np.ndarray | CodedColumn:
        """The cells at column ``pos`` as the checks read them: strings coded (:class:`CodedColumn`), numbers
        as kept, else as :meth:`column`.

        A reader that coded the column hands it over as it is; otherwise it is coded here, once.
        """
        values = self._columns[pos] if self._columns is not None and pos < len(self._columns) else None
        if isinstance(values, CodedColumn) or (isinstance(values, np.ndarray) and values.dtype.kind in "iuf"):
            return values  # (a DataFrame's numbers as they are: see clean_column)
        values = self.column(pos)
        return CodedColumn.of(values) or values
