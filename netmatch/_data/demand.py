"""A user's demand for shared resources (school, profile, groups, hours, priority) read into plain rows.

:func:`netmatch.share_resources` takes an optional demand table — a DataFrame, a mapping of
columns or a list of records — with one row per school and profile. This is its one reader:
every problem of the table is reported at once, and the rows come back as :class:`DemandRow`
for the sharing layer to turn into its demand.

>>> parse_demand([{"school": "A", "profile": "Физика", "groups": 2, "hours": "1,5"}], {"A": 0})
[DemandRow(school='A', profile='Физика', groups=2, hours=1.5, priority=None)]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from netmatch._base.params import invalid
from netmatch._base.parse import is_missing, norm, parse_bool, parse_number
from netmatch._data.models import ResourceKind
from netmatch.exceptions import InvalidInputError, Problem

__all__ = ["DEMAND_COLUMNS", "DemandRow", "demand_columns", "parse_demand", "profile_key"]

#: The columns of a demand table; ``priority`` is optional.
DEMAND_COLUMNS = ("school", "profile", "groups", "hours", "priority")
_REQUIRED = DEMAND_COLUMNS[:4]
_EXPECTED = ("a DataFrame, a mapping of columns or a list of records with 'school', 'profile', 'groups', 'hours' "
             "(and optionally 'priority')")


class DemandRow(NamedTuple):
    """One valid row of a demand table; ``priority`` is None where the table leaves it out."""

    school: str
    profile: str
    groups: int
    hours: float
    priority: bool | None


@functools.lru_cache(maxsize=4096)
def profile_key(profile: str) -> tuple[str, str]:
    """``("kind", code)`` for a resource kind (any spelling), else ``("subject", normalised name)``.

    >>> profile_key("Точка роста"), profile_key(" Физика ")
    (('kind', 'growth_point'), ('subject', 'физика'))
    """
    kind = ResourceKind.parse(profile)
    if isinstance(kind, ResourceKind):
        return ("kind", kind.value)
    return ("subject", norm(profile))


def _mapping_columns(demand: Mapping[Any, Any], owner: str) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {}
    for k, v in demand.items():
        if isinstance(v, str | bytes) or not isinstance(v, Iterable):
            raise invalid("demand", owner, f"{_EXPECTED}; its {str(k)!r} must be a column", v)
        cols[str(k)] = list(v)
    return cols


def _record_columns(demand: Iterable[Any], owner: str) -> dict[str, list[Any]]:
    names: dict[str, None] = {}
    rows: list[Mapping[str, Any]] = []
    for k, rec in enumerate(demand):
        if hasattr(rec, "_asdict"):
            rec = rec._asdict()
        if not isinstance(rec, Mapping):
            raise invalid("demand", owner, f"{_EXPECTED}; record {k} must be a mapping", rec)
        rows.append(rec)
        names.update(dict.fromkeys(str(c) for c in rec))
    if not rows:
        return {c: [] for c in _REQUIRED}
    return {c: [r.get(c) for r in rows] for c in names}


def demand_columns(demand: Any, owner: str = "share_resources") -> dict[str, list[Any]]:
    """A demand table as ``{column: values}``, whatever form it came in.

    >>> demand_columns([{"school": "A", "groups": 1}, {"school": "B", "hours": 2}])
    {'school': ['A', 'B'], 'groups': [1, None], 'hours': [None, 2]}
    """
    if hasattr(demand, "columns") and hasattr(demand, "to_dict"):  # a DataFrame
        return {str(c): list(demand[c]) for c in demand.columns}
    if isinstance(demand, Mapping):
        return _mapping_columns(demand, owner)
    if isinstance(demand, Iterable) and not isinstance(demand, str | bytes):
        return _record_columns(demand, owner)
    raise invalid("demand", owner, _EXPECTED, type(demand).__name__)


def _text(value: object) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids typed as numbers in Excel: 1001.0 -> "1001"
    return str(value).strip()


def _check_columns(cols: Mapping[str, list[Any]]) -> int:
    """The number of rows; raises for unknown, missing or ragged columns."""
    problems = [Problem("demand", f"a column among {list(DEMAND_COLUMNS)}", column=c)
                for c in cols if c not in DEMAND_COLUMNS]
    problems += [Problem("demand", "this required column", column=c) for c in _REQUIRED if c not in cols]
    if problems:
        raise InvalidInputError(problems)
    n = len(cols["school"])
    if any(len(v) != n for v in cols.values()):
        raise InvalidInputError(["All demand columns must have the same length."])
    return n


def _groups(value: object) -> int | None:
    try:
        groups = parse_number(value, integer=True)
    except (ValueError, TypeError):
        return None
    return int(groups) if groups >= 0 else None


def _hours(value: object) -> float | None:
    try:
        hours = parse_number(value)
    except (ValueError, TypeError):
        return None
    return float(hours) if 0 < hours <= 168 else None


def _row(raw: Mapping[str, Any], i: int, index: Mapping[str, int], problems: list[Problem]) -> DemandRow | None:
    """One row, or None after recording its problems."""
    here = len(problems)
    school = _text(raw["school"])
    if school is None or school not in index:
        problems.append(Problem("demand", "the id of a school in the registry", column="school",
                                value=raw["school"], index=i))
    profile = _text(raw["profile"])
    if profile is None or not norm(profile):
        problems.append(Problem("demand", "a resource kind or a subject (e.g. 'физика', 'Точка роста')",
                                column="profile", value=raw["profile"], index=i, school=school))
    groups = _groups(raw["groups"])
    if groups is None:
        problems.append(Problem("demand", "a whole number of groups, 0 or more", column="groups",
                                value=raw["groups"], index=i, school=school))
    hours = _hours(raw["hours"])
    if hours is None:
        problems.append(Problem("demand", "hours a week per group, more than 0 and at most 168",
                                column="hours", value=raw["hours"], index=i, school=school))
    prio: bool | None = None
    value = raw.get("priority")
    if not is_missing(value):
        try:
            prio = parse_bool(value)
        except ValueError:
            problems.append(Problem("demand", "yes or no (да/нет, 1/0)", column="priority",
                                    value=value, index=i, school=school))
    if len(problems) > here or school is None or profile is None or groups is None or hours is None:
        return None
    return DemandRow(school, profile, groups, hours, prio)


def parse_demand(demand: Any, index: Mapping[str, int], owner: str = "share_resources") -> list[DemandRow]:
    """Validate a user's demand table; every problem at once.

    Parameters
    ----------
    demand : DataFrame, mapping of columns or list of records
        Columns ``school``, ``profile``, ``groups`` (whole, 0 or more), ``hours`` (a week per
        group, more than 0 and at most 168) and optionally ``priority`` (yes/no).
    index : mapping of str to int
        The registry's school ids.
    owner : str
        The public function the table was passed to, for messages.

    Returns
    -------
    list of DemandRow
        In table order; one row per school and profile (a profile in any spelling).

    Raises
    ------
    InvalidInputError
        Listing every bad cell, unknown school and repeated (school, profile).

    Examples
    --------
    >>> parse_demand({"school": ["A"], "profile": ["лаборатория"], "groups": [1], "hours": [2], "priority": ["да"]},
    ...              {"A": 0})
    [DemandRow(school='A', profile='лаборатория', groups=1, hours=2.0, priority=True)]
    """
    cols = demand_columns(demand, owner)
    n = _check_columns(cols)
    problems: list[Problem] = []
    out: list[DemandRow] = []
    seen: dict[tuple[str, tuple[str, str]], int] = {}
    for i in range(n):
        raw = {c: cols[c][i] for c in cols}
        row = _row(raw, i, index, problems)
        if row is None:
            continue
        key = (row.school, profile_key(row.profile))
        if key in seen:
            problems.append(Problem("demand", f"one row per school and profile; this repeats item {seen[key]}",
                                    column="profile", value=raw["profile"], index=i, school=row.school))
            continue
        seen[key] = i
        out.append(row)
    if problems:
        raise InvalidInputError(problems)
    return out
