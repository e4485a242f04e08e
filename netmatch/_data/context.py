"""Indicators of a school's conditions that a registry adds to netmatch's own: a column each, «Условия: …».

Departments measure social context in more ways than any fixed list of fields: the share of
low-income families, of pupils missing school, of parents on benefits. Such a column joins the
schools' :attr:`~netmatch._data.models.School.context_indicators` (name -> number) when its header
starts with «Условия:» or ``context:`` («Условия: доля малообеспеченных семей»), or when the column
mapping sends it to ``"context"`` (named by its own header) or to ``"context:<name>"``. The
identification's composite of social disadvantage then takes it by name
(``IdentificationRules.composite_weights``).

Cells are numbers — a decimal comma, spaces and a percent sign allowed (``12%`` is the share 0.12);
a missing cell leaves the indicator out of that school's record; any other cell is a problem
naming its row, column and value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from netmatch._base.parse import CodedColumn, norm, parse_number_array
from netmatch._data.columnwise import ColumnRecords
from netmatch._data.models import MAX_SCORE
from netmatch._data.raw import RawTable
from netmatch._data.tables import clean_column
from netmatch.exceptions import Problem

__all__ = ["CONTEXT_FIELD", "context_header", "context_name", "context_records", "place_context", "read_context"]

#: The schools' field the columns fill.
CONTEXT_FIELD = "context_indicators"
#: What a header starts with («Условия: …») and what a mapping may send a column to.
_PREFIXES = frozenset(norm(p) for p in ("Условия", "context", "показатель условий", "context indicator"))
_EXPECTED = "a number from -1,000,000 to 1,000,000 (a percentage is a share: 12% is 0.12)"
_EXPECTED_RU = "число от -1 000 000 до 1 000 000 (процент — доля: 12% — это 0,12)"


def context_name(header: str, target: str, mapped: bool) -> str | None:
    """The indicator of conditions a schools column holds, or ``None`` when it holds none.

    ``target`` is what the column mapping sends the column to (its header when not ``mapped``).

    >>> context_name("Условия: доля малообеспеченных", "Условия: доля малообеспеченных", False)
    'доля малообеспеченных'
    >>> context_name("Малообеспеченные", "context", True), context_name("X", "context: poor", True)
    ('Малообеспеченные', 'poor')
    >>> context_name("Context", "Context", False) is None, context_name("Широта", "Широта", False) is None
    (True, True)
    """
    if mapped and norm(target) in _PREFIXES:
        return header.strip() or None
    head, sep, name = target.partition(":")
    return name.strip() or None if sep and norm(head) in _PREFIXES else None


def context_header(name: str, lang: str) -> str:
    """The header :func:`netmatch.write_registry` gives an indicator's column; :func:`context_name` reads it back.

    >>> context_header("доля малообеспеченных", "ru"), context_header("poor", "en")
    ('Условия: доля малообеспеченных', 'context: poor')
    """
    return f"Условия: {name}" if lang == "ru" else f"context: {name}"


def _numbers(col: np.ndarray | CodedColumn) -> tuple[np.ndarray, np.ndarray]:
    """The column's numbers (NaN missing) and which cells are not numbers; a coded column's texts parsed once."""
    if isinstance(col, CodedColumn):
        x, bad = parse_number_array(col.uniques, share=True)
        return np.append(x, np.nan)[col.codes], np.append(bad, False)[col.codes]
    return parse_number_array(col, share=True)


def context_records(raw: RawTable, columns: Mapping[int, str], cleaned: Mapping[int, Any],
                    ids: np.ndarray | CodedColumn) -> tuple[np.ndarray, list[Problem]]:
    """Each row's indicators (an object array of ``{name: number}``) and a problem per cell that is no number.

    ``columns`` maps column positions to indicator names, ``cleaned`` holds those columns' cells
    cleaned of blanks and missing-value markers, ``ids`` the school codes (for the problems).
    """
    n = len(raw)
    names = list(columns.values())
    values = np.full((n, len(names)), np.nan)
    problems: list[Problem] = []
    for j, pos in enumerate(columns):
        x, bad = _numbers(cleaned[pos])
        bad |= np.abs(np.nan_to_num(x)) > MAX_SCORE
        x[bad] = np.nan
        values[:, j] = x
        cells = cleaned[pos]
        for k in np.flatnonzero(bad).tolist():
            cell = cells.uniques[cells.codes[k]] if isinstance(cells, CodedColumn) else cells[k]
            code = ids[k] if not isinstance(ids, CodedColumn) else ids.uniques[ids.codes[k]] if ids.codes[k] >= 0 \
                else None
            row = raw.numbers[k]
            problems.append(Problem("schools", _EXPECTED, column=raw.headers[pos], value=cell, row=row,
                                    index=None if row else k, source=raw.source,
                                    school=None if code is None else str(code), expected_ru=_EXPECTED_RU))
    out = np.empty(n, dtype=object)
    given = ~np.isnan(values)
    rows = values.tolist()
    for i, (row_values, row_given) in enumerate(zip(rows, given.tolist(), strict=True)):
        out[i] = {name: v for name, v, g in zip(names, row_values, row_given, strict=True) if g}
    return out, problems


def place_context(context: dict[int, str], raw: RawTable, pos: int, header: str, indicator: str) -> list[Problem]:
    """Take the column at ``pos`` as ``indicator`` into ``context`` (position -> name): one column per indicator."""
    same = next((p for p, name in context.items() if norm(name) == norm(indicator)), None)
    if same is None:
        context[pos] = indicator
        return []
    return [Problem("schools", f"one column per indicator of conditions; {raw.headers[same]!r} holds {indicator!r} "
                    "already", column=header, source=raw.source,
                    expected_ru=f"один столбец на показатель условий; столбец «{raw.headers[same]}» уже содержит "
                                f"«{indicator}»")]


def read_context(raw: RawTable, context: Mapping[int, str], fields: Mapping[str, int], na: frozenset[str],
                 records: ColumnRecords, heads: dict[str, str]) -> list[Problem]:
    """The columns of indicators into the schools' ``records`` as one field (:data:`CONTEXT_FIELD`), its header
    into ``heads``; a problem per bad cell, or one when the registry also gives the one-cell column."""
    if not context:
        return []
    first = raw.headers[next(iter(context))]
    if CONTEXT_FIELD in fields:
        there = raw.headers[fields[CONTEXT_FIELD]]
        return [Problem("schools", f"indicators of conditions either in one column ({there!r}) or a column each, "
                        "not both", column=first, source=raw.source,
                        expected_ru=f"показатели условий либо в одном столбце («{there}»), либо каждый в своём "
                                    "столбце, но не так и так")]
    cleaned = {p: clean_column(raw.coded(p), na, raw.quoted) for p in context}
    values, problems = context_records(raw, context, cleaned, records.columns["id"])
    records.columns[CONTEXT_FIELD] = values
    heads[CONTEXT_FIELD] = first  # a problem of the field (a value out of bounds) names the first column
    return problems
