"""Satisfaction surveys (анкетирование удовлетворённости): the optional «Опросы» table of a registry.

A row is one survey of one school in one year: what was asked (``survey``: «удовлетворённость
родителей качеством образования», «школьный климат»), how many answered (``respondents``) and the
share satisfied (``satisfied``: a fraction, or a percentage with its sign). The seed programmes use
such surveys beside results and the social passport; netmatch counts the latest year's share as
one indicator of the social composite (``share_satisfied``, a favourable one) and the programme's
indicators may read it (:mod:`netmatch._programme.tables`).

>>> Survey(school="S01", year="2024/25", survey="Удовлетворённость родителей", respondents=120,
...        satisfied="81%").satisfied
0.81
>>> satisfied_shares([Survey(school="A", year=2024, satisfied=0.5),
...                   Survey(school="A", year=2025, satisfied=0.6, respondents=30),
...                   Survey(school="A", year=2025, survey="климат", satisfied=0.9, respondents=10)], ["A", "B"])
(array([0.675,   nan]), array([2025,    0]))
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Annotated, Any, cast

import numpy as np
from pydantic import BeforeValidator, Field

from netmatch._data.columnwise import validate_each
from netmatch._data.models import Count, Id, _Model, _number, _text, _year
from netmatch.exceptions import Problem

__all__ = ["Survey", "satisfied_shares", "survey_problems"]

#: The survey a row without one names.
DEFAULT_SURVEY = "удовлетворённость"


class Survey(_Model):
    """One satisfaction survey of one school in one year (строка таблицы «Опросы»).

    Examples
    --------
    >>> Survey(school="S01", year=2025, satisfied=1.5)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Survey
    satisfied
      Input should be less than or equal to 1 ...
    """

    school: Id = Field(description="Код школы, как в реестре школ.")
    year: Annotated[int, BeforeValidator(_year), Field(ge=1990, le=2100)] = Field(
        description="Год опроса (учебный год «2024/25» — год его окончания).")
    survey: Annotated[str, BeforeValidator(_text), Field(min_length=1)] = Field(
        DEFAULT_SURVEY, description="Что спрашивали: «удовлетворённость родителей», «школьный климат».")
    respondents: Count = Field(None, description="Сколько человек ответили.")
    satisfied: Annotated[float, BeforeValidator(_number(share=True)), Field(ge=0, le=1)] = Field(
        description="Доля удовлетворённых (дробь или процент со знаком %).")


def survey_problems(surveys: Sequence[Any], school_ids: Collection[str]) -> tuple[tuple[Survey, ...], list[Problem]]:
    """The survey rows validated: a school of the registry, one row per school, year and survey.

    >>> rows, found = survey_problems([{"school": "A", "year": 2025, "satisfied": 0.8},
    ...                                {"school": "A", "year": 2025, "satisfied": 0.7},
    ...                                {"school": "Z", "year": 2025, "satisfied": 0.7}], {"A"})
    >>> [(p.index, p.column, p.value) for p in found]
    [(1, 'year', 2025), (2, 'school', 'Z')]
    """
    rows, problems = validate_each(Survey, "surveys", surveys)
    first: dict[tuple[str, int, str], int] = {}
    for i, row in enumerate(rows):
        if row is None:
            continue
        key = (row.school, row.year, row.survey.casefold())
        if key in first:
            problems.append(Problem("surveys", f"one row per school, year and survey; this repeats item {first[key]}",
                                    column="year", value=row.year, index=i, school=row.school))
        else:
            first[key] = i
        if row.school not in school_ids:
            problems.append(Problem("surveys", "the id of a school in the registry", column="school",
                                    value=row.school, index=i, school=row.school))
    if problems:
        return (), sorted(problems, key=lambda p: p.index or 0)
    return tuple(cast(list[Survey], rows)), []


def satisfied_shares(surveys: Iterable[Survey], ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each school's share satisfied in its latest year of surveys, and that year (0 where none).

    The surveys of that year are pooled by their respondents (equally when any of them does not
    say how many answered).
    """
    index = {sid: i for i, sid in enumerate(ids)}
    latest = np.zeros(len(ids), dtype=np.int64)
    rows = [(index[s.school], s) for s in surveys if s.school in index]
    for i, s in rows:
        latest[i] = max(latest[i], s.year)
    total, weight, counted = np.zeros(len(ids)), np.zeros(len(ids)), np.zeros(len(ids), dtype=bool)
    plain_sum, plain_n = np.zeros(len(ids)), np.zeros(len(ids))
    for i, s in rows:
        if s.year != latest[i]:
            continue
        plain_sum[i] += s.satisfied
        plain_n[i] += 1
        if s.respondents:
            total[i] += s.satisfied * s.respondents
            weight[i] += s.respondents
        else:
            counted[i] = True  # a survey without its respondents: the year's surveys count equally
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.where(~counted & (weight > 0), total / np.where(weight > 0, weight, 1),
                          plain_sum / np.where(plain_n > 0, plain_n, 1))
    pooled[plain_n == 0] = np.nan
    return pooled, latest
