"""A registry's JSON document parsed with declared limits, and its shape checked before any table is built.

The shape (as :func:`netmatch.write_registry` writes it): a list of school records, or an object
whose ``schools``, ``results`` and ``resources`` keys — and the optional ``organisations`` and
``needs`` — (in either language: «Школы», «Организации», «Потребности» …) each hold a list of
records (objects) or an object of columns (lists of equal length). A cell holds a number, text,
``true``/``false`` or ``null``, or one level more: a list or an object of those (a school's
``partners``, ``vacancies``). Limits: a whole number of at most :data:`MAX_DIGITS` digits and a
finite decimal stay numbers; longer ones, and ``NaN`` or ``Infinity``, stay the text written, so
that the field they are in rejects them in words; nesting beyond the shape is an error; a key
given twice in one object is an error (the last would silently win).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, cast

from netmatch.exceptions import InvalidInputError

__all__ = ["MAX_DIGITS", "check_table", "loads"]

#: Digits of the longest whole number kept a number (int64 holds 18 for sure).
MAX_DIGITS = 18
_SCALARS = (str, int, float, bool, type(None))


class _Repeated(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


def _int(text: str) -> int | str:
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else text


def _float(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else text


def loads(text: str, name: str) -> Any:
    """The document ``text`` holds, with the limits of this module; failures are input errors.

    >>> loads('{"a": 1e400, "b": 12345678901234567890}', "r.json")
    {'a': '1e400', 'b': '12345678901234567890'}
    >>> loads('{"a": 1, "a": 2}', "r.json")
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: r.json: the key 'a' is given twice in one object; keep one.
    """
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                          parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InvalidInputError([
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]) from None
    except _Repeated as exc:
        raise InvalidInputError([f"{name}: the key {exc.key!r} is given twice in one object; keep one."]) from None
    except RecursionError:
        raise InvalidInputError([
            f"{name} nests lists and objects far deeper than a registry does; check the file."]) from None


def _cell_ok(value: Any) -> bool:
    if isinstance(value, _SCALARS):
        return True
    if isinstance(value, list):
        return all(isinstance(v, _SCALARS) for v in value)
    if isinstance(value, dict):
        return all(isinstance(v, _SCALARS) for v in value.values())
    return False


def check_table(value: Any, where: str, source: str) -> list[dict[str, Any]] | dict[str, list[Any]]:
    """``value`` if it has a table's shape (see the module), else an input error naming ``where`` in ``source``.

    >>> check_table([{"id": "S1"}], "schools", "r.json")
    [{'id': 'S1'}]
    >>> check_table({"id": ["S1"], "name": []}, "schools", "r.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    netmatch.exceptions.InvalidInputError: r.json: the columns of schools have different lengths (id 1, name 0); ...
    """
    problems: list[str] = []
    if isinstance(value, list):
        for k, rec in enumerate(value):
            if not isinstance(rec, dict):
                problems.append(f"{source}: {where}[{k}] is not an object; a record is an object of fields and "
                                "their values.")
                continue
            problems += [f"{source}: {where}[{k}].{key} holds values nested too deep; a cell holds a number, text, "
                         "true/false or null, or a list of them." for key, cell in rec.items() if not _cell_ok(cell)]
    elif isinstance(value, Mapping):
        lengths = {}
        for key, column in value.items():
            if not isinstance(column, list):
                problems.append(f"{source}: {where}.{key} is not a list; a column is a list of values.")
                continue
            lengths[key] = len(column)
            problems += [f"{source}: {where}.{key}[{k}] holds values nested too deep; a cell holds a number, text, "
                         "true/false or null, or a list of them."
                         for k, cell in enumerate(column) if not _cell_ok(cell)]
        if len(set(lengths.values())) > 1:
            shown = ", ".join(f"{k} {n}" for k, n in lengths.items())
            problems.append(f"{source}: the columns of {where} have different lengths ({shown}); give every "
                            "column a value per school.")
    else:
        problems.append(f"{source}: {where} is neither a list of records nor an object of columns.")
    if problems:
        raise InvalidInputError(problems[:50] + ([f"{source}: and {len(problems) - 50} more such problems."]
                                                if len(problems) > 50 else []))
    return cast("list[dict[str, Any]] | dict[str, list[Any]]", value)
