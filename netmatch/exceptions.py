"""Exceptions raised by netmatch.

The hierarchy is small on purpose::

    NetmatchError                 base of everything netmatch raises on purpose
    ├── InvalidInputError         bad registry data or parameters (also a ValueError)
    └── InfeasibleError           a problem that has no solution under its constraints

An :class:`InvalidInputError` carries every problem found, not just the first, as
:class:`Problem` records naming the table, file, row, column, value, what was expected and how
to fix it. Its message groups them: the same problem in many rows is one line with the count
and the rows as ranges ("rows 3–9, 12 (8 rows)"); :meth:`InvalidInputError.records` gives every
problem as a row of a table (file, sheet, row, school, column, value, problem, fix) and
:meth:`InvalidInputError.lines` the grouped lines in Russian or English.

The words that frame a problem (row, column, got, expected, and their Russian forms) are here,
in :data:`WORDS`; what a value should be comes with each problem in English (``expected``,
``fix``) and is shown in Russian through the catalog (:mod:`netmatch._words`), or as the
problem's own ``expected_ru`` and ``fix_ru`` when it gives them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from netmatch._words import translate
from netmatch._words.numbers import plural

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RECORD_FIELDS", "WORDS", "InfeasibleError", "InvalidInputError", "NetmatchError", "Problem",
           "ProblemGroup", "group_problems", "number_ranges"]

#: How many lines (groups of problems) an error message spells out; all stay in ``.problems``.
MESSAGE_LIMIT = 200

#: The fields of one problem as a table row (:meth:`Problem.record`), in order.
RECORD_FIELDS = ("file", "sheet", "row", "school", "column", "value", "problem", "fix")

#: The words framing a problem line, in English and Russian. Counted words: one, few, many, and the
#: plural that heads a list ("rows 3–9").
WORDS: dict[str, dict[str, Any]] = {
    "en": {"row": ("row", "rows", "rows", "rows"), "item": ("item", "items", "items", "items"),
           "school": "school {0}", "column": "column {0}", "got": "got {0}; expected {1}",
           "expected": "expected {0}", "times": ("time", "times", "times"), "more": "{0} and {1} more",
           "head": "{0} problems in the input:",
           "tail": "... and {0} more lines (every problem is in the error's .problems)", "tables": {}},
    "ru": {"row": ("строка", "строки", "строк", "строки"), "item": ("элемент", "элемента", "элементов", "элементы"),
           "school": "школа {0}", "column": "столбец {0}", "got": "получено {0}; ожидалось: {1}",
           "expected": "ожидалось: {0}", "times": ("раз", "раза", "раз"), "more": "{0} и ещё {1}",
           "head": "Найдено проблем: {0}",
           "tail": "… и ещё строк сообщения: {0} (все проблемы — в .problems ошибки)",
           "tables": {"schools": "школы", "results": "результаты", "resources": "ресурсы",
                      "parameters": "параметры", "demand": "потребность",
                      "organisations": "организации", "needs": "потребности школ",
                      "teachers": "педагоги по предметам", "staff": "специалисты", "surveys": "опросы",
                      "rules": "правила выявления", "programme": "база программы"}},
}

_SHEET = re.compile(r"^(?P<file>.*) \[(?P<sheet>[^\[\]]+)\]$")
_REF = re.compile(r"\b(item|row) \d+")


def _words(lang: str) -> dict[str, Any]:
    return WORDS["ru" if lang == "ru" else "en"]


def _quote(value: object, lang: str) -> str:
    """A value or a name as the user typed it: ``'x'`` in English, «x» in Russian."""
    if lang == "ru" and isinstance(value, str) and value.isprintable():
        return f"«{value}»"
    return repr(value)


def number_ranges(numbers: Iterable[int], limit: int = 12) -> str:
    """Row numbers as ranges, in order: runs of three or more as ``a–b``.

    Parameters
    ----------
    numbers : iterable of int
        Row (or item) numbers, in any order; repeats count once.
    limit : int
        How many ranges to spell out; the rest become ``…``.

    Examples
    --------
    >>> number_ranges([12, 3, 4, 5, 6, 7, 8, 9])
    '3–9, 12'
    >>> number_ranges([2, 3, 10]), number_ranges(range(1, 40, 2), limit=3)
    ('2, 3, 10', '1, 3, 5, …')
    """
    values = sorted(set(numbers))
    runs: list[str] = []
    k = 0
    while k < len(values):
        j = k
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        runs += [f"{values[k]}–{values[j]}"] if j - k >= 2 else [str(v) for v in values[k:j + 1]]
        k = j + 1
    return ", ".join(runs[:limit] + (["…"] if len(runs) > limit else []))


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
        The file (and sheet, as ``"file.xlsx [Sheet]"``) the record came from.
    school : str, optional
        The school id of the record, when known.
    fix : str, optional
        How to fix it, when that is more than giving the expected value.
    expected_ru, fix_ru : str, optional
        The same in Russian; without them Russian lines show the catalog's Russian of
        ``expected`` and ``fix`` (:func:`netmatch._words.translate`).

    Examples
    --------
    >>> p = Problem("schools", "an integer from 1 to 3", column="Сменность", value="4",
    ...             row=7, source="district.csv", school="S07")
    >>> str(p)
    "district.csv, row 7 (school 'S07'), column 'Сменность': got '4'; expected an integer from 1 to 3"
    >>> p.text("ru")
    'district.csv, строка 7 (школа «S07»), столбец «Сменность»: получено «4»; ожидалось: целое число от 1 до 3'
    """

    table: str
    expected: str
    column: str | None = None
    value: object = None
    index: int | None = None
    row: int | None = None
    source: str | None = None
    school: str | None = None
    fix: str | None = None
    expected_ru: str | None = None
    fix_ru: str | None = None

    def located(self, *, source: str | None = None, row: int | None = None,
                column: str | None = None) -> Problem:
        """Return a copy placed in a file: ``source``, ``row`` and the user's ``column`` name."""
        return replace(
            self,
            source=source if source is not None else self.source,
            row=row if row is not None else self.row,
            column=column if column is not None else self.column,
        )

    @property
    def file(self) -> str | None:
        """The file (or ``"schools DataFrame"``) without the sheet."""
        if self.source is None:
            return None
        m = _SHEET.match(self.source)
        return m.group("file") if m else self.source

    @property
    def sheet(self) -> str | None:
        """The workbook sheet (or JSON section) the record came from, if any."""
        m = _SHEET.match(self.source) if self.source else None
        return m.group("sheet") if m else None

    def what(self, lang: str = "en") -> str:
        """What the value should be, in ``lang`` (without the place and the value)."""
        if lang == "ru":
            return self.expected_ru or translate(self.expected, "ru")
        return self.expected

    def how(self, lang: str = "en") -> str | None:
        """How to fix it, in ``lang``; ``None`` when the expected value says it all."""
        if lang == "ru":
            return self.fix_ru or (None if self.fix is None else translate(self.fix, "ru"))
        return self.fix

    def text(self, lang: str = "en") -> str:
        """The problem as one line in ``"en"`` (as ``str()``) or ``"ru"``."""
        return ProblemGroup((self,)).text(lang)

    def record(self, lang: str = "en") -> dict[str, Any]:
        """The problem as a table row with the :data:`RECORD_FIELDS`, texts in ``lang``.

        ``row`` is the file's row number, or for a table given in memory the record's
        0-based position.

        >>> Problem("results", "a year from 1990 to 2100", column="Год", value="20x",
        ...         row=5, source="r.xlsx [Результаты]").record("en")["sheet"]
        'Результаты'
        """
        w = _words(lang)
        what = self.what(lang)
        return {"file": self.file, "sheet": self.sheet, "row": self.row if self.row is not None else self.index,
                "school": self.school, "column": self.column, "value": self.value,
                "problem": what if self.value is None else w["expected"].format(what), "fix": self.how(lang)}

    def __str__(self) -> str:
        return self.text("en")


def _key(p: Problem) -> tuple[Any, ...]:
    """What makes two problems the same one: the place but the row, and what was expected."""
    return (p.table, p.source, p.column, _REF.sub(r"\1 …", p.expected), p.fix, p.index is None and p.row is None)


@dataclass(frozen=True)
class ProblemGroup:
    """The same problem in one or more rows of one table: rendered as one line.

    >>> g = group_problems([Problem("schools", "an integer from 1 to 3", column="Сменность", value=4,
    ...                             row=r, source="d.csv") for r in (3, 4, 5, 6, 7, 8, 9, 12)])[0]
    >>> g.count, g.text("en")
    (8, "d.csv, rows 3–9, 12 (8 rows), column 'Сменность': got 4; expected an integer from 1 to 3")
    >>> g.text("ru")
    'd.csv, строки 3–9, 12 (8 строк), столбец «Сменность»: получено 4; ожидалось: целое число от 1 до 3'
    """

    problems: tuple[Problem, ...]

    @property
    def first(self) -> Problem:
        """The first problem of the group (its place and texts stand for all)."""
        return self.problems[0]

    @property
    def count(self) -> int:
        """How many problems (rows) the group holds."""
        return len(self.problems)

    @property
    def rows(self) -> tuple[int, ...]:
        """The file rows (or, for a table in memory, the 0-based items), sorted, each once."""
        found = {p.row if p.row is not None else p.index for p in self.problems}
        return tuple(sorted(n for n in found if n is not None))

    def _where(self, lang: str) -> str:
        w, p = _words(lang), self.first
        where = p.source or w["tables"].get(p.table, p.table)
        rows = self.rows
        unit = w["row"] if any(q.row is not None for q in self.problems) else w["item"]
        if len(rows) == 1:
            where += f", {unit[0]} {rows[0]}"
        elif rows:
            n = len(rows)
            where += f", {unit[3]} {number_ranges(rows)} ({n} {plural(n, unit, lang)})"
        schools = {q.school for q in self.problems}
        if len(schools) == 1 and p.school is not None:
            where += " (" + w["school"].format(_quote(p.school, lang)) + ")"
        if p.column is not None:
            where += ", " + w["column"].format(_quote(p.column, lang))
        return where

    def _values(self, lang: str) -> str | None:
        distinct: dict[str, object] = {}  # by repr: cells may be unhashable, and equal reprs read the same
        for q in self.problems:
            if q.value is not None:
                distinct.setdefault(repr(q.value), q.value)
        values = list(distinct.values())
        if not values:
            return None
        shown = ", ".join(_quote(v, lang) for v in values[:5])
        return shown if len(values) <= 5 else _words(lang)["more"].format(shown, len(values) - 5)

    def _what(self, lang: str) -> str:
        p = self.first
        texts = {q.what(lang) for q in self.problems}
        if len(texts) == 1:
            return p.what(lang)
        if lang == "ru" and p.expected_ru:
            return p.expected_ru
        return translate(_REF.sub(r"\1 …", p.expected), lang)  # "this repeats row …": the rows differ

    def text(self, lang: str = "en") -> str:
        """The group as one line: where (with the rows as ranges and their count), the value, what was expected.

        A lone parameter problem is its message as it stands.
        """
        p, w = self.first, _words(lang)
        what = self._what(lang)
        fix = p.how(lang)
        if fix:
            what = f"{what}. {fix}" if not what.endswith((".", "!", "?")) else f"{what} {fix}"
        if p.table == "parameters" and p.column is None and not self.rows:
            line = what
        else:
            values = self._values(lang)
            line = f"{self._where(lang)}: " + (what if values is None else w["got"].format(values, what))
        if not self.rows and self.count > 1:
            line += f" ({self.count} {plural(self.count, w['times'], lang)})"
        return line


def group_problems(problems: Iterable[Problem]) -> tuple[ProblemGroup, ...]:
    """The problems grouped: one group per table, file, column and expected value, in order of first appearance.

    Problems differing only in the row, the school, the value or a row they refer to ("this
    repeats row 4") are one group.

    >>> ps = [Problem("results", "the id of a school in the registry", column="Код ОО", value="S05",
    ...               row=r, source="r.csv") for r in range(201, 264)]
    >>> [g.text("en") for g in group_problems(ps)]
    ["r.csv, rows 201–263 (63 rows), column 'Код ОО': got 'S05'; expected the id of a school in the registry"]
    """
    groups: dict[tuple[Any, ...], list[Problem]] = {}
    for p in problems:
        groups.setdefault(_key(p), []).append(p)
    return tuple(ProblemGroup(tuple(ps)) for ps in groups.values())


class InvalidInputError(NetmatchError, ValueError):
    """Input that netmatch cannot use, with every problem found.

    Parameters
    ----------
    problems : iterable of Problem or str
        What is wrong; a plain string becomes a parameter problem.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem, one per row and column at fault.
    groups : tuple of ProblemGroup
        The same problems grouped as the message shows them.

    Examples
    --------
    >>> err = InvalidInputError(["The 'max_km' parameter must be positive. Got -5 instead."])
    >>> len(err.problems)
    1
    >>> isinstance(err, ValueError)
    True
    >>> err = InvalidInputError([Problem("schools", "yes or no (да/нет, 1/0)", column="ШНОР", value="?",
    ...                                  row=r, source="d.csv") for r in (2, 3, 4)])
    >>> print(err)
    d.csv, rows 2–4 (3 rows), column 'ШНОР': got '?'; expected yes or no (да/нет, 1/0)
    >>> err.records("ru")[0]["problem"]
    'ожидалось: да или нет (да/нет, 1/0)'
    """

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else Problem("parameters", p) for p in problems
        )
        self.groups: tuple[ProblemGroup, ...] = group_problems(self.problems)
        super().__init__(self._message())

    def lines(self, lang: str = "en", limit: int | None = MESSAGE_LIMIT) -> list[str]:
        """One line per group of problems, in ``"en"`` or ``"ru"``, at most ``limit`` of them."""
        shown = self.groups if limit is None else self.groups[:limit]
        return [g.text(lang) for g in shown]

    def more(self, lang: str = "en", limit: int = MESSAGE_LIMIT) -> str | None:
        """The line saying how many groups :meth:`lines` left out past ``limit``; ``None`` when none."""
        left = len(self.groups) - limit
        return _words(lang)["tail"].format(left) if left > 0 else None

    def records(self, lang: str = "en") -> list[dict[str, Any]]:
        """Every problem as a row with the :data:`RECORD_FIELDS` (``pandas.DataFrame(err.records())`` makes a table)."""
        return [p.record(lang) for p in self.problems]

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """Every problem as a row of a DataFrame with the :data:`RECORD_FIELDS` as columns.

        >>> InvalidInputError(["The 'k' parameter of f must be positive. Got 0 instead."]).to_frame().shape
        (1, 8)
        """
        import pandas as pd

        return pd.DataFrame(self.records(lang), columns=list(RECORD_FIELDS))

    def _message(self) -> str:
        if len(self.groups) == 1:
            return self.groups[0].text("en")
        lines = [_words("en")["head"].format(len(self.problems))]
        lines += [f"  - {line}" for line in self.lines("en")]
        more = self.more("en")
        return "\n".join(lines + ([f"  {more}"] if more else []))


class InfeasibleError(NetmatchError):
    """The problem has no solution under its constraints; the message gives the numbers."""
