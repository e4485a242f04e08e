"""Parsing of raw registry values: numbers with a decimal comma, shares, flags, lists, codes.

Shared by the models (one record at a time) and the readers (whole columns at once), so
that a value means the same thing whichever way it arrives. Nothing here guesses: a value
that does not parse is reported, never coerced.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = [
    "is_missing",
    "norm",
    "parse_bool",
    "parse_number",
    "parse_number_array",
    "split_list",
]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_STRIP = re.compile(r"[«»\"'`“”„.,:;()\[\]{}!?]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

TRUE_WORDS = frozenset({"1", "да", "д", "есть", "имеется", "+", "yes", "y", "true", "истина", "v", "✓"})
FALSE_WORDS = frozenset({"0", "нет", "н", "отсутствует", "-", "no", "n", "false", "ложь"})


def norm(text: object) -> str:
    """Normalise a header or code for comparison: case, ``ё``, quotes, punctuation, spaces.

    >>> norm("  Наименование  ОО «Точка роста» ")
    'наименование оо точка роста'
    >>> norm("Кол-во обучающихся")
    'кол-во обучающихся'
    """
    s = str(text).casefold().replace("ё", "е")
    s = _STRIP.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def is_missing(value: object) -> bool:
    """True for ``None``, NaN, pandas' NA and empty or blank strings.

    >>> is_missing(" "), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (np.floating, np.datetime64, np.timedelta64)):
        return bool(np.isnan(value))
    # pandas' NA and NaT, without importing pandas for every cell
    return type(value).__name__ in ("NAType", "NaTType")


def _number_text(text: str) -> tuple[str, bool]:
    """Clean a numeric string; returns the text and whether it ended in a percent sign."""
    s = _SPACES.sub("", text)
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if "," in s and "." not in s:
        s = s.replace(",", ".")  # decimal comma, as Russian Excel writes it
    return s, percent


def parse_number(value: object, *, integer: bool = False, share: bool = False) -> float | int:
    """Parse one number; raise ``ValueError`` with the expected form when it does not parse.

    Parameters
    ----------
    value : object
        A number or a string such as ``"4,5"``, ``"1 234"`` or (for shares) ``"35%"``.
    integer : bool
        Require a whole number and return an ``int``.
    share : bool
        Accept a percent sign and divide by 100 (``"35%"`` -> 0.35). A bare number is taken
        as a fraction: ``35`` is *not* silently read as 35%.

    Examples
    --------
    >>> parse_number("4,5"), parse_number("1 234", integer=True), parse_number("35%", share=True)
    (4.5, 1234, 0.35)
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    ValueError: not a number
    """
    percent = False
    if isinstance(value, bool):
        raise ValueError("a number, not a yes/no flag")
    if isinstance(value, (int, np.integer)):
        x: float = float(value)
    elif isinstance(value, (float, np.floating)):
        x = float(value)
    elif isinstance(value, str):
        s, percent = _number_text(value)
        if percent and not share:
            raise ValueError("a number without a percent sign")
        if not _NUMBER.match(s):
            raise ValueError("not a number")
        x = float(s)
    else:
        raise ValueError("not a number")
    if not math.isfinite(x):
        raise ValueError("a finite number")
    if percent:
        x = x / 100.0
    if integer:
        if x != int(x):
            raise ValueError("a whole number")
        return int(x)
    return x


def parse_number_array(values: Any, *, share: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`parse_number` for a whole column.

    Returns ``(numbers, bad)``: float64 values with NaN where missing, and a boolean mask of
    entries that were present but did not parse.

    >>> x, bad = parse_number_array(["1,5", "", None, "x", 3])
    >>> x.tolist()[:2], bad.tolist()
    ([1.5, nan], [False, False, False, True, False])
    """
    import pandas as pd

    s = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        x = s.to_numpy(dtype=np.float64, na_value=np.nan)
        return x, ~np.isfinite(x) & ~np.isnan(x)
    obj = s.astype(object)
    missing = obj.map(is_missing).to_numpy(dtype=bool)
    is_bool = obj.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
    text = obj.where(~missing, "").astype(str)
    text = text.str.replace(_SPACES.pattern, "", regex=True)
    percent = text.str.endswith("%").to_numpy(dtype=bool)
    text = text.str.rstrip("%")
    comma = text.str.contains(",", regex=False) & ~text.str.contains(".", regex=False)
    text = text.where(~comma, text.str.replace(",", ".", regex=False))
    ok = text.str.match(_NUMBER.pattern).to_numpy(dtype=bool)
    x = np.full(len(obj), np.nan)
    good = ok & ~missing & ~is_bool & (share | ~percent)
    x[good] = text[good].astype(np.float64).to_numpy()
    if share:
        x[good & percent] /= 100.0
    x[good & ~np.isfinite(x)] = np.nan
    bad = ~missing & ~good | (good & np.isnan(x))
    return x, bad


def parse_bool(value: object) -> bool:
    """Parse a yes/no flag in Russian or English (``да``/``нет``, ``1``/``0``, ``+``/``-``).

    >>> parse_bool("Да"), parse_bool(0), parse_bool("no")
    (True, False, False)
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    s = norm(value) if not (isinstance(value, str) and value.strip() in ("+", "-")) else value.strip()
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise ValueError("yes or no (да/нет, 1/0)")


def split_list(value: object) -> tuple[str, ...]:
    """Split a list written in one cell: ``"НОО, ООО; СОО"`` -> three items; blanks dropped.

    >>> split_list("НОО, ООО; СОО")
    ('НОО', 'ООО', 'СОО')
    >>> split_list(["a", " b "])
    ('a', 'b')
    """
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[object] = re.split(r"[;,\n|]", value)
    elif isinstance(value, Iterable) and not isinstance(value, Mapping):
        items = value
    else:
        items = [value]
    return tuple(s for s in (str(v).strip() for v in items if not is_missing(v)) if s)
