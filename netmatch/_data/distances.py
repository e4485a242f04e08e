"""A user's distance table (from, to, km, minutes) read into the travel model's :class:`DistanceTable`.

Graph building, resource sharing and siting all take the same optional table; this is its one
reader, with one set of messages.

>>> t = read_distances({"from": ["A"], "to": ["B"], "minutes": [12]}, {"A": 0, "B": 1}, 2, "build_graph")
>>> t.keys.tolist(), t.minutes.tolist()
([1, 2], [12.0, 12.0])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from netmatch._base.geo import DistanceTable
from netmatch._base.params import message
from netmatch._base.parse import is_missing, parse_number
from netmatch.exceptions import InvalidInputError

__all__ = ["read_distances"]


def _numbers(values: list[Any], column: str, problems: list[str]) -> np.ndarray:
    """A table column as floats (NaN where missing), a problem for each value that is not a number."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        pass
    out = np.full(len(values), np.nan)
    for k, v in enumerate(values):
        if is_missing(v):
            continue
        try:
            out[k] = parse_number(v)
        except ValueError:
            problems.append(f"distance table, item {k}, column {column!r}: got {v!r}; expected a number")
    return out


def _columns(table: Any, owner: str) -> dict[str, list[Any]]:
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        return {str(c): list(table[c]) for c in table.columns}
    if isinstance(table, Mapping):
        return {str(k): list(v) for k, v in table.items()}
    raise InvalidInputError([message("distances", owner, "a DataFrame or a mapping of columns 'from', 'to', 'km', "
                                     "'minutes'", type(table).__name__)])


def _rows(cols: dict[str, list[Any]], index: Mapping[str, int], problems: list[str]) -> tuple[np.ndarray, np.ndarray]:
    m = len(cols["from"])
    a = np.empty(m, np.int64)
    b = np.empty(m, np.int64)
    for k, (u, v) in enumerate(zip(cols["from"], cols["to"], strict=True)):
        iu, iv = index.get(str(u)), index.get(str(v))
        if iu is None or iv is None:
            problems.append(f"distance table, item {k}: school {u if iu is None else v!r} is not in the registry")
            iu = iv = 0
        a[k], b[k] = iu, iv
    return a, b


def read_distances(table: Any, index: Mapping[str, int], n: int, owner: str) -> DistanceTable:
    """Parse a long table (``from``, ``to``, ``km`` and/or ``minutes``) into sorted symmetric pair keys.

    Parameters
    ----------
    table : DataFrame, mapping of columns or None
        The user's table; ``None`` gives an empty table.
    index : mapping of str to int
        School id to row.
    n : int
        Number of schools (keys are ``a * n + b``).
    owner : str
        The public function the table was passed to, for messages.

    Returns
    -------
    DistanceTable
        A row serves both directions; when a pair is listed twice the last row wins.

    Raises
    ------
    InvalidInputError
        Listing every unknown school, non-number and negative value at once.
    """
    if table is None:
        return DistanceTable.empty(n)
    cols = _columns(table, owner)
    missing = [c for c in ("from", "to") if c not in cols] + (
        ["km or minutes"] if "km" not in cols and "minutes" not in cols else [])
    if missing:
        raise InvalidInputError([f"The distance table lacks the column(s) {missing}; it needs 'from', 'to' "
                                 "and 'km' and/or 'minutes'."])
    m = len(cols["from"])
    problems: list[str] = []
    a, b = _rows(cols, index, problems)
    km = _numbers(cols.get("km", [np.nan] * m), "km", problems)
    minutes = _numbers(cols.get("minutes", [np.nan] * m), "minutes", problems)
    bad = (km < 0) | (minutes < 0)
    problems += [f"distance table, item {k}: negative km or minutes" for k in np.flatnonzero(bad)]
    if problems:
        raise InvalidInputError(problems)
    if m == 0:
        return DistanceTable.empty(n)
    # symmetric: a table row serves both directions; both keys of a row stay in the row's place,
    # so that the stable sort below keeps the table's order whichever way round a row names the pair
    key = np.c_[a * n + b, b * n + a].ravel()
    km2, min2 = np.repeat(km, 2), np.repeat(minutes, 2)
    order = np.argsort(key, kind="stable")
    key, km2, min2 = key[order], km2[order], min2[order]
    last = np.r_[key[1:] != key[:-1], True]  # the last row for a pair wins
    return DistanceTable(key[last], km2[last], min2[last], n)
