"""Where each record of a registry table came from: :class:`Origin`, to place a problem in its file."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

import numpy as np

from netmatch.exceptions import Problem

__all__ = ["Origin"]


class _Block(NamedTuple):
    """Records ``start``, ``start + 1``, ... of an :class:`Origin`: from one file, under one set of headers."""

    start: int
    source: str
    headers: Mapping[str, str]
    rows: Sequence[int | None] | np.ndarray
    items: Sequence[int]


class Origin:
    """Where each record of a table came from, to place its problems in the file.

    Kept block by block — a table of millions of rows is one block holding its list of row
    numbers, not four lists of millions of entries.

    >>> o = Origin()
    >>> o.extend("r.csv", [2, 3, 5], {"school": "Код ОО"})
    >>> o.add("w.csv", 7, {"school": "ИНН"}, 0)
    >>> o.locate(Problem("results", "a value", column="school", index=2)).row, len(o)
    (5, 4)
    """

    def __init__(self) -> None:
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self._size = 0
        self._adding: tuple[list[int | None], list[int]] | None = None

    def __len__(self) -> int:
        return self._size

    def _open(self, source: str, headers: Mapping[str, str], rows: Sequence[int | None] | np.ndarray,
              items: Sequence[int]) -> None:
        self._blocks.append(_Block(self._size, source, headers, rows, items))
        self._starts.append(self._size)

    def add(self, source: str, row: int | None, headers: Mapping[str, str], index: int) -> None:
        """Record where the next record came from (``headers``: field -> the column's header)."""
        last = self._blocks[-1] if self._blocks else None
        if last is None or self._adding is None or last.source != source or (
                last.headers is not headers and last.headers != headers):
            self._adding = ([], [])  # the lists of a block of add()s
            self._open(source, headers, *self._adding)
        self._adding[0].append(row)
        self._adding[1].append(index)
        self._size += 1

    def extend(self, source: str, rows: Sequence[int | None] | np.ndarray, headers: Mapping[str, str],
               start: int = 0) -> None:
        """Record where the next ``len(rows)`` records came from: items ``start``, ``start + 1``, ... of a table."""
        if len(rows):
            self._adding = None
            self._open(source, headers, rows, range(start, start + len(rows)))
            self._size += len(rows)

    def _at(self, i: int) -> tuple[_Block, int]:
        block = self._blocks[bisect.bisect_right(self._starts, i) - 1]
        return block, i - block.start

    def locate(self, p: Problem) -> Problem:
        """``p`` placed in its file: the header for the field, the row (or the item) for the index."""
        if p.index is None or p.index >= self._size:
            return p
        block, k = self._at(p.index)
        column = block.headers.get(p.column, p.column) if p.column else None
        row = block.rows[k]
        row = None if row is None else int(row)  # a fast reader's rows are an integer array

        def other(match: re.Match[str]) -> str:  # "item 3 has the same id" -> "row 5 ..."
            j = int(match.group(1))
            if j >= self._size:
                return match.group(0)
            there, m = self._at(j)
            found = there.rows[m]
            return f"row {int(found)}" if found is not None else match.group(0)

        expected = re.sub(r"item (\d+)", other, p.expected)
        # replace(): the fix and the Russian texts stay with the problem
        if row is None:
            return replace(p, expected=expected, column=column, index=block.items[k], row=None, source=block.source)
        return replace(p, expected=expected, column=column, index=None, row=row, source=block.source)
