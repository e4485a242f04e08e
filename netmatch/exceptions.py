"""Exceptions raised by netmatch.

The hierarchy is small on purpose::

    NetmatchError                 base of everything netmatch raises on purpose
    ├── InvalidInputError         bad registry data or parameters (also a ValueError)
    └── InfeasibleError           a problem that has no solution under its constraints

An :class:`InvalidInputError` carries every problem found, not just the first, as
:class:`Problem` records naming the table, file, row, column, value and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

__all__ = ["InfeasibleError", "InvalidInputError", "NetmatchError", "Problem"]

#: How many problems an error message spells out; all of them stay in ``.problems``.
MESSAGE_LIMIT = 200


class NetmatchError(Exception):
    """Base class of the errors netmatch raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    Parameters
    ----------
    table : str
        ``"schools"``, ``"results"``, ``"resources"`` or ``"parameters"``.
    expected : str
        What the value should have been, and how to fix it.
    column : str, optional
        The column (or field) at fault, as the user named it.
    value : object, optional
        The offending value, exactly as read.
    index : int, optional
        0-based position of the record within its table.
    row : int, optional
        1-based row number in the source file (the header is row 1).
    source : str, optional
        The file (and sheet) the record came from.
    school : str, optional
        The school id of the record, when known.

    Examples
    --------
    >>> p = Problem("schools", "an integer from 1 to 3", column="Сменность", value="4",
    ...             row=7, source="district.csv", school="S07")
    >>> str(p)
    "district.csv, row 7 (school 'S07'), column 'Сменность': got '4'; expected an integer from 1 to 3"
    """

    table: str
    expected: str
    column: str | None = None
    value: object = None
    index: int | None = None
    row: int | None = None
    source: str | None = None
    school: str | None = None

    def located(self, *, source: str | None = None, row: int | None = None,
                column: str | None = None) -> Problem:
        """Return a copy placed in a file: ``source``, ``row`` and the user's ``column`` name."""
        return replace(
            self,
            source=source if source is not None else self.source,
            row=row if row is not None else self.row,
            column=column if column is not None else self.column,
        )

    def __str__(self) -> str:
        if self.table == "parameters" and self.column is None and self.row is None and self.index is None:
            return self.expected
        where = self.source or self.table
        if self.row is not None:
            where += f", row {self.row}"
        elif self.index is not None:
            where += f", item {self.index}"
        if self.school is not None:
            where += f" (school {self.school!r})"
        if self.column is not None:
            where += f", column {self.column!r}"
        if self.value is None:
            return f"{where}: {self.expected}"
        return f"{where}: got {self.value!r}; expected {self.expected}"


class InvalidInputError(NetmatchError, ValueError):
    """Input that netmatch cannot use, with every problem found.

    Parameters
    ----------
    problems : iterable of Problem or str
        What is wrong; a plain string becomes a parameter problem.

    Examples
    --------
    >>> err = InvalidInputError(["The 'max_km' parameter must be positive. Got -5 instead."])
    >>> len(err.problems)
    1
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem("parameters", p) for p in problems
        )
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        if n == 1:
            return str(self.problems[0])
        lines = [f"{n} problems in the input:"]
        lines += [f"  - {p}" for p in self.problems[:MESSAGE_LIMIT]]
        if n > MESSAGE_LIMIT:
            lines.append(f"  ... and {n - MESSAGE_LIMIT} more (all are in the error's .problems)")
        return "\n".join(lines)


class InfeasibleError(NetmatchError):
    """The problem has no solution under its constraints; the message gives the numbers."""
