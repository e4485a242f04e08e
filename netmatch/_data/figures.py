"""The figures of a results table checked against what they mean: scales, percentages, counts.

* :func:`on_scale` — a mean score on its assessment's scale (a progress score may be negative
  where the assessment's scale allows it);
* :func:`percent_shares` — a share column read as fractions, or as percentages when that is
  declared or unambiguous (values over 1, none between 0 and 1); a column that mixes the two is
  one problem naming the column;
* :func:`counted_shares` — counts below the minimum and of high results, with the number of
  participants, turned into shares.

Everything is vectorised over the column; each helper appends its :class:`Problem` records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from netmatch._base.parse import map_distinct, parse_number_array
from netmatch._data.assessments import BUILTIN_ASSESSMENTS, Assessment
from netmatch._data.headers import ColumnNote
from netmatch.exceptions import Problem

__all__ = ["COUNT_COLUMNS", "counted_shares", "on_scale", "percent_shares"]

#: Result columns read as counts and turned into the share beside them (over ``participants``).
COUNT_COLUMNS: dict[str, str] = {"count_below_minimum": "share_below_minimum", "count_high": "share_high",
                                 "count_quality": "share_quality"}


def on_scale(score: np.ndarray, procedure: np.ndarray, assessments: Sequence[Assessment],
             school: np.ndarray, raw: Any, problems: list[Problem]) -> None:
    """A problem for every mean score off its assessment's scale, naming the assessment and its scale.

    >>> probs = []
    >>> on_scale(np.array([-0.4, -5.0]), np.array(["rdr", "rdr"], object),
    ...          [Assessment(code="rdr", name_ru="РДР", scale_min=-3, scale_max=3)], np.array(["A", "B"], object),
    ...          [-0.4, -5.0], probs)
    >>> [(p.index, p.expected) for p in probs]
    [(1, 'a mean score on the scale of РДР: from -3 to 3')]
    """
    bounds = [(a, -np.inf if a.scale_min is None else a.scale_min, np.inf if a.scale_max is None else a.scale_max)
              for a in assessments]
    bounds = [(a, lo, hi) for a, lo, hi in bounds if lo > -np.inf or hi < np.inf]
    if not bounds:
        return
    with np.errstate(invalid="ignore"):  # only scores off some scale are looked at, by their procedure
        maybe = np.flatnonzero((score < max(lo for _, lo, _ in bounds)) | (score > min(hi for _, _, hi in bounds)))
    if not len(maybe):
        return
    proc, value = procedure[maybe], score[maybe]
    raw_list: list[Any] | None = None
    builtin = {b.code: b for b in BUILTIN_ASSESSMENTS}
    for a, lo, hi in bounds:
        wrong = maybe[(proc == a.code) & ((value < lo) | (value > hi))].tolist()
        if not wrong:
            continue
        raw_list = list(raw) if raw_list is None else raw_list
        same = builtin.get(a.code) == a  # the built-ins keep their words of before
        en = "a mean score of 0 or more" if same else f"a mean score on the scale of {a.name_en}: {a.scale_text('en')}"
        ru = None if same else f"средний балл на шкале {a.name_ru}: {a.scale_text('ru')}"
        for j in wrong:
            problems.append(Problem("results", en, column="mean_score", value=raw_list[j], index=j,
                                    school=school[j], expected_ru=ru))


def _signed(given: Any) -> np.ndarray:
    """Which cells carry a percent sign (``"35%"``), already read as a fraction."""
    marks = map_distinct(given, lambda v: isinstance(v, str) and v.rstrip().endswith("%"))
    return np.asarray(marks, dtype=bool)


def _ambiguous(given: Any, column: str, first: int, school: np.ndarray) -> Problem:
    """The one problem of a share column mixing percentages and fractions, at its first value over 1."""
    return Problem(
        "results", "one way of writing shares in the column: it holds percentages (values over 1) "
                   "and fractions (values between 0 and 1)",
        column=column, value=given[first], index=first, school=school[first],
        fix=f"Write every value one way (35% or 0.35), or declare the column a percent column "
            f"(read_registry(..., percent_columns=['{column}']), or percent_columns in [read] of --config).",
        expected_ru="один способ записи долей в столбце: в нём и проценты (значения больше 1), и доли "
                    "(значения между 0 и 1)",
        fix_ru=f"Запишите все значения одинаково (35% или 0,35) или объявите столбец процентным "
               f"(read_registry(..., percent_columns=['{column}']) или percent_columns в разделе [read] "
               "файла --config).")


def percent_shares(given: Any, column: str, declared: bool, school: np.ndarray, problems: list[Problem],
                   notes: list[ColumnNote] | None) -> tuple[np.ndarray, np.ndarray]:
    """A share column as fractions: ``(values, unreadable)``, the way :func:`parse_number_array` gives them.

    ``"35%"`` is 0.35 always. Bare numbers are fractions, unless the column is ``declared`` a
    percent column, or it holds at least two values over 1 and no value strictly between 0 and
    1 — then every bare number is a percentage, with a note (a value over 100 stays an error).
    Values over 1 beside values between 0 and 1 are ambiguous: one problem names the column
    and its fix (at the row of its first value over 1), and those values are left out rather
    than guessed. A lone value over 1 among whole shares (0 or 1) is too little to call a
    column percentages: it stays the error it was, on its row (a share from 0 to 1).

    >>> probs, notes = [], []
    >>> x, bad = percent_shares(np.array([35, "12%", 0, 100], object), "share_high", False,
    ...                         np.array(["A"] * 4, object), probs, notes)
    >>> x.tolist(), [n.kind for n in notes], probs
    ([0.35, 0.12, 0.0, 1.0], ['percent'], [])
    >>> x, bad = percent_shares(np.array([35, 40, 0.5], object), "share_high", False,
    ...                         np.array(["A"] * 3, object), probs, notes)
    >>> x.tolist(), probs[0].column
    ([nan, nan, 0.5], 'share_high')
    """
    x, bad = parse_number_array(given, share=True)
    present = ~np.isnan(x) & ~bad
    if not declared and not (present & (x > 1)).any():
        return x, bad  # the usual column of fractions: no need to look for percent signs
    plain = present & ~_signed(given)
    big = plain & (x > 1)
    if declared:
        x[plain] /= 100
        return x, bad
    if not big.any():
        return x, bad
    if (plain & (x > 0) & (x < 1)).any():
        problems.append(_ambiguous(given, column, int(np.flatnonzero(big)[0]), school))
        x[big] = np.nan
        return x, bad
    if big.sum() < 2:  # a lone value over 1 is no column of percentages: it stays the error it was
        return x, bad
    if notes is not None:
        notes.append(ColumnNote("percent", "results", column, filled=int(plain.sum())))
    x[plain] /= 100
    return x, bad


def _count(raw: Any) -> tuple[np.ndarray, np.ndarray]:
    x, bad = parse_number_array(raw)
    present = ~np.isnan(x)
    bad |= present & ((x < 0) | (np.floor(x) != x))
    return np.where(bad, np.nan, x), bad


def counted_shares(columns: Mapping[str, Any], numbers: dict[str, np.ndarray], school: np.ndarray,
                   problems: list[Problem]) -> None:
    """Shares below the minimum and of high results derived from counts over participants, in ``numbers``.

    A count needs the number of participants (more than 0) and cannot exceed it; a share given
    beside a count must agree with it (within the rounding of one participant).

    >>> numbers = {"participants": np.array([20.0, np.nan]), "share_high": np.full(2, np.nan)}
    >>> probs = []
    >>> counted_shares({"count_high": [5, 3]}, numbers, np.array(["A", "B"], object), probs)
    >>> numbers["share_high"].tolist()[0], probs[0].index, probs[0].column
    (0.25, 1, 'participants')
    """
    part = numbers["participants"]
    for count_col, share_col in COUNT_COLUMNS.items():
        raw = columns.get(count_col)
        if raw is None:
            continue
        raw_list = list(raw)
        count, bad = _count(raw)
        for j in np.flatnonzero(bad).tolist():
            problems.append(Problem("results", "a whole number of participants, 0 or more", column=count_col,
                                    value=raw_list[j], index=j, school=school[j],
                                    expected_ru="целое число участников, 0 или больше"))
        has = ~np.isnan(count)
        with np.errstate(invalid="ignore", divide="ignore"):
            no_part = has & ~(part > 0)
            over = has & (part > 0) & (count > part)
            derived = count / part
            share = numbers[share_col]
            clash = has & ~no_part & ~over & ~np.isnan(share) & (np.abs(share - derived) > 0.5 / part + 1e-9)
        for j in np.flatnonzero(no_part).tolist():
            problems.append(Problem(
                "results", f"the number of participants (more than 0) beside the count in '{count_col}'",
                column="participants", value=None if np.isnan(part[j]) else part[j], index=j, school=school[j],
                expected_ru=f"число участников (больше 0) рядом с количеством в «{count_col}»",
                fix="Give the participants, or the share instead of the count.",
                fix_ru="Укажите число участников или долю вместо количества."))
        for j in np.flatnonzero(over).tolist():
            problems.append(Problem(
                "results", f"a count of at most the {int(part[j])} participants", column=count_col,
                value=raw_list[j], index=j, school=school[j],
                expected_ru=f"количество не больше числа участников ({int(part[j])})"))
        for j in np.flatnonzero(clash).tolist():
            problems.append(Problem(
                "results", f"the share {share[j]:g} to agree with the count {raw_list[j]} of {int(part[j])} "
                           "participants", column=share_col, value=share[j], index=j, school=school[j],
                expected_ru=f"долю {share[j]:g}, согласную с количеством {raw_list[j]} из {int(part[j])} "
                            "участников", fix="Give either the share or the count.",
                fix_ru="Укажите долю или количество."))
        numbers[share_col] = np.where(has & ~no_part & ~over, derived, share)
