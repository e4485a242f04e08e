"""Data carried inside the report page: large tables and the map, as JSON in one ``<script>`` element.

A page of a national registry holds hundreds of thousands of table cells; as HTML they would be
100 MB and take the browser most of a minute to lay out. Carried as data, column-wise
(:func:`table_columns`: repeated texts stored once), they are drawn a page at a time by the
report's script. Above :data:`GZIP_MIN` bytes the JSON is gzip-compressed and base64-encoded
(the browser's own ``DecompressionStream`` opens it), which makes a 40,000-school page about
ten times smaller. The JSON is safe inside ``<script>``: ``<``, ``>`` and ``&`` are escaped.

>>> html = data_script({"a": "</script><b>"})
>>> html[61:-9]
'{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import base64
import gzip
import json
import math
from collections.abc import Sequence
from typing import Any

__all__ = ["GZIP_MIN", "compact", "data_script", "table_columns"]

#: JSON larger than this many bytes is carried gzip-compressed (smaller pages stay readable as text).
GZIP_MIN = 1_000_000
_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def data_script(data: Any, gzip_min: int = GZIP_MIN) -> str:
    """``data`` as the page's data element: JSON, or gzip + base64 when larger than ``gzip_min`` bytes.

    The compression is deterministic (no time stamp in the gzip header): the same plan, the same page.

    >>> packed = data_script(list(range(1000)), gzip_min=100)
    >>> packed[:61]
    '<script type="application/json" id="nm-data" data-enc="gzip">'
    >>> body = packed[61:-9]
    >>> json.loads(gzip.decompress(base64.b64decode(body))) == list(range(1000))
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    raw = text.encode("utf-8")
    if len(raw) <= gzip_min:
        for ch, code in _SAFE:  # str.replace is many times faster than str.translate here
            text = text.replace(ch, code)
        return f'<script type="application/json" id="nm-data" data-enc="json">{text}</script>'
    # base64 needs no escaping inside <script>
    packed = base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")
    return f'<script type="application/json" id="nm-data" data-enc="gzip">{packed}</script>'


def _number(v: Any) -> float | None:
    t = type(v)
    if (t is not float and t is not int) or not math.isfinite(v):  # bool is not int here: type, not isinstance
        return None
    return round(float(v), 6)


def table_columns(texts: Sequence[Sequence[str]], values: Sequence[Sequence[Any] | None]) -> list[dict[str, Any]]:
    """Columns of a table as the page's script reads them.

    ``texts[j]`` are column j's cells as shown, ``values[j]`` the values behind them. A column is
    ``{"s": texts}``, or ``{"d": distinct texts, "i": their index per row}`` when that is shorter
    (:func:`compact`); ``"v"`` holds the numbers to sort by (``null`` for a cell with none) when the
    column has any. ``values[j]`` is ``None`` for a column of texts (nothing to sort by but the text).

    >>> table_columns([["a", "a", "a"], ["1", "2", "x"]], [None, [1, 2.5, "x"]])
    [{'d': ['a'], 'i': [0, 0, 0]}, {'s': ['1', '2', 'x'], 'v': [1.0, 2.5, None]}]
    """
    out = []
    for col, vals in zip(texts, values, strict=True):
        enc = compact(col)
        nums = [] if vals is None else [_number(v) for v in vals]
        if any(x is not None for x in nums):
            enc["v"] = nums
        out.append(enc)
    return out


def compact(texts: Sequence[str]) -> dict[str, Any]:
    """A column of texts as ``{"s": texts}`` or ``{"d": distinct, "i": index per row}``, whichever is shorter.

    >>> compact(["очно", "очно", "очно", "дистанционно"])
    {'d': ['очно', 'дистанционно'], 'i': [0, 0, 0, 1]}
    >>> compact(["S1", "S2"])
    {'s': ['S1', 'S2']}
    """
    distinct = list(dict.fromkeys(texts))
    pos = {t: k for k, t in enumerate(distinct)}
    # the JSON each way, roughly: a quoted text and a comma per cell, or per distinct text plus an index per cell
    plain = sum(len(t) for t in texts) + 3 * len(texts)
    coded = sum(len(t) + 3 for t in distinct) + sum(len(str(pos[t])) + 1 for t in texts)
    if coded < plain:
        return {"d": distinct, "i": [pos[t] for t in texts]}
    return {"s": list(texts)}
