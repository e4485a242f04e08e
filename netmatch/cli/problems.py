"""Input problems on the console and as a table: what ``netmatch validate --problems`` writes.

The console shows the problems grouped (:meth:`netmatch.InvalidInputError.lines`): the same
problem in many rows is one line with the count and the rows as ranges. The table keeps every
problem on its own row — file, sheet, row, school, column, value, problem, fix — as CSV (UTF-8
with a BOM, so that Excel opens it in Cyrillic) or as an Excel sheet, with Russian headers by
default and English ones with ``--lang en``.

>>> from netmatch.exceptions import InvalidInputError, Problem
>>> err = InvalidInputError([Problem("schools", "an integer from 1 to 3", column="Сменность", value=4,
...                                  row=r, source="d.csv") for r in (3, 4, 5)])
>>> print(problem_lines(err, "ru")[1])
  - d.csv, строки 3–5 (3 строки), столбец «Сменность»: получено 4; ожидалось: целое число от 1 до 3
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from netmatch.cli.messages import PROBLEM_HEADERS, TEXT
from netmatch.exceptions import RECORD_FIELDS, InvalidInputError

__all__ = ["PROBLEM_SUFFIXES", "problem_lines", "write_problems"]

#: The files ``--problems`` writes.
PROBLEM_SUFFIXES = (".xlsx", ".csv")

#: Lines printed before the rest are left to the table.
CONSOLE_LIMIT = 100


def problem_lines(exc: InvalidInputError, lang: str, *, file: str | None = None,
                  table_written: bool = False) -> list[str]:
    """What the console shows for ``exc``: the count, one line per group, and how to see every row.

    ``file`` is the registry the command read (for the hint to write the table); ``table_written``
    leaves the hint out.
    """
    t = TEXT[lang]
    n, k = len(exc.problems), len(exc.groups)
    lines = [t["invalid"].format(n=n) + (t["invalid_groups"].format(k=k) if k < n else "")]
    lines += [f"  - {line}" for line in exc.lines(lang, CONSOLE_LIMIT)]
    if k > CONSOLE_LIMIT:
        lines.append("  " + t["problems_more"].format(n=k - CONSOLE_LIMIT))
    if k < n and not table_written:
        lines.append(t["problems_hint"].format(file=_shell_word(file or ("ФАЙЛ" if lang == "ru" else "FILE"))))
    lines.append(t["fix"])
    return lines


def _shell_word(text: str) -> str:
    """A path as one word to paste into a shell: quoted only when it has spaces or shell signs."""
    import shlex

    return shlex.quote(text) if re.search(r"""[\s'"$`\\|&;<>()*?!#~]""", text) else text


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers and text as they are, anything else as its text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return None if isinstance(value, float) and not math.isfinite(value) else value
    return value if isinstance(value, str) else str(value)


def _rows(exc: InvalidInputError | None, lang: str) -> list[list[Any]]:
    records = [] if exc is None else exc.records(lang)
    return [[_cell(r[f]) for f in RECORD_FIELDS] for r in records]


def _write_xlsx(headers: Sequence[str], rows: list[list[Any]], target: Path, lang: str) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInputError([TEXT[lang]["problems_openpyxl"]]) from None
    from netmatch._base.files import neutralise, replacing

    wb = Workbook()
    ws = wb.active
    ws.title = TEXT[lang]["problems_sheet"]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=j, value=neutralise(value))
            if isinstance(value, str):
                cell.data_type = "s"  # a value from the file is never a formula
    for j, width in enumerate((40, 14, 8, 12, 24, 16, 60, 50), start=1):
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    with replacing(target) as part:
        wb.save(part)


def write_problems(exc: InvalidInputError | None, path: str | Path, lang: str = "ru") -> Path:
    """Every problem of ``exc`` (none: an empty table) as a row of a ``.xlsx`` or ``.csv`` table.

    Columns: file, sheet, row, school, column, value, problem, fix — headers in ``lang``.

    >>> import tempfile
    >>> from netmatch.exceptions import Problem
    >>> err = InvalidInputError([Problem("schools", "a year", column="Год", value="20x", row=5, source="r.csv")])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print(write_problems(err, Path(tmp) / "p.csv").read_text(encoding="utf-8-sig").splitlines()[0])
    Файл,Лист,Строка,Школа,Столбец,Значение,Проблема,Как исправить
    """
    from netmatch.report import Column, Table, write_csv

    target = Path(path)
    if target.suffix.lower() not in PROBLEM_SUFFIXES:
        raise InvalidInputError([TEXT[lang]["problems_suffix"].format(path=target)])
    headers = PROBLEM_HEADERS[lang]
    rows = _rows(exc, lang)
    if target.suffix.lower() == ".csv":
        columns = tuple(Column(f, PROBLEM_HEADERS["ru"][k], PROBLEM_HEADERS["en"][k])
                        for k, f in enumerate(RECORD_FIELDS))
        write_csv(Table("problems", TEXT[lang]["problems_sheet"], columns, rows), target, lang)
    else:
        _write_xlsx(headers, rows, target, lang)
    return target
