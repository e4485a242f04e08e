"""One spelling for every code: invisible and compatibility characters out, look-alikes refused.

A code typed by hand or pasted from a web page may carry a zero-width space, a no-break space,
a byte-order mark, a control character or full-width digits; it would then be a school of its
own. :func:`normal_id` gives the one spelling the reader keeps (the rule, in order: Unicode
NFKC, except that «№» stays «№»; every control, format, private-use and unassigned character
removed; blanks at the ends stripped), and the reader lists every code it changed.
Two different codes that differ only by letters that look alike — a Cyrillic «О» for a Latin
«O» or a zero, «С» for «C» — are refused (:func:`look_alike`), never merged or kept apart
silently. :data:`CONTROL` are the characters no text of a registry may hold: a terminal or a
spreadsheet would act on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["CONTROL", "look_alike", "normal_id", "plain", "skeleton"]

#: Control characters (but tab and line breaks) and the bidirectional overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DROP = frozenset(("Cc", "Cf", "Co", "Cs", "Cn"))
_NUMERO = "№"
# Cyrillic letters drawn as Latin ones, and the digits drawn as letters, in one Latin form each
_SAME = str.maketrans("АВЕКМНОРСТХУаеорсухіјѕІЈЅ0", "ABEKMHOPCTXYaeopcyxijsIJSO")


def plain(texts: Iterable[str | None], codes: bool = True) -> bool:
    """Whether no text holds a control character and, with ``codes``, none is one :func:`normal_id` respells.

    One C pass over the joined texts: true of nearly every column, which then needs no look one by one.

    >>> plain(["S01", None, "S02"]), plain(["Школа"]), plain(["Школа"], codes=False), plain(["S\x1b1"], False)
    (True, False, True, False)
    """
    joined = "".join(filter(None, texts))
    return joined.isprintable() and (joined.isascii() or not codes)


def normal_id(text: str) -> str:
    """The one spelling of a code: NFKC (but «№»), no invisible or control characters, stripped.

    >>> normal_id("S01\\u200b"), normal_id("\\ufeffS01"), normal_id("Ｓ０１"), normal_id("S\\x1b01")
    ('S01', 'S01', 'S01', 'S01')
    >>> normal_id("№ 5"), normal_id("5\\u00a0А")
    ('№ 5', '5 А')
    """
    if text.isascii() and text.isprintable():  # nearly every code: nothing to do
        return text.strip()
    out = unicodedata.normalize("NFKC", text.replace(_NUMERO, "\ue000")).replace("\ue000", _NUMERO)
    return "".join(ch for ch in out if ch == _NUMERO or unicodedata.category(ch) not in _DROP).strip()


def skeleton(text: str) -> str:
    """A code with look-alike letters in one form: equal skeletons of different codes are look-alikes.

    >>> skeleton("SО1") == skeleton("S01") == skeleton("SO1"), skeleton("S02") == skeleton("S01")
    (True, False)
    """
    return text.translate(_SAME)


def look_alike(codes: list[str]) -> dict[str, list[str]]:
    """The codes among ``codes`` that have a look-alike among them: each with the others it looks like.

    >>> look_alike(["S01", "SО1", "S02", "S03"])
    {'S01': ['SО1'], 'SО1': ['S01']}
    """
    distinct = list(dict.fromkeys(codes))
    # every skeleton at once (a code holds no line break: normal_id removes it), then only the repeated ones
    shapes = skeleton("\n".join(distinct)).split("\n") if distinct else []
    if len(set(shapes)) == len(shapes):
        return {}
    count = Counter(shapes)
    by: dict[str, list[str]] = {}
    for c, k in zip(distinct, shapes, strict=True):
        if count[k] > 1:
            by.setdefault(k, []).append(c)
    return {c: [o for o in group if o != c] for group in by.values() for c in group}
