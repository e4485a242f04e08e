"""What every result object shares: typed indicators with ``as_dict()``/``to_frame()`` and a short repr.

Every result of netmatch (``Pairing``, ``Sharing``, ``Siting``, ``Identification``, ``Plan``,
``Registry``, ``SweepResult``, ``Monitoring``) is immutable, has ``to_frame()`` (one row per
school, pair, flow or indicator as fits), a ``.kpis`` that is a frozen dataclass deriving from
:class:`Indicators`, and a ``repr`` under :data:`REPR_LIMIT` characters built by :func:`short_repr`.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Demo(Indicators):
...     covered: int
...     share_covered: float
>>> k = Demo(covered=5, share_covered=1.0)
>>> k.as_dict()
{'covered': 5, 'share_covered': 1.0}
>>> k.to_frame()
       indicator  value
0        covered    5.0
1  share_covered    1.0
>>> short_repr("Pairing", 5, "pairs", covered="5 of 5", method="optimal", share_covered=1.0)
'<Pairing: 5 pairs; covered 5 of 5, method optimal, share covered 100%>'
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["REPR_LIMIT", "Indicators", "short_repr"]

#: The longest repr of a result, in characters.
REPR_LIMIT = 300


class Reasoned:
    """A result that gives its reason in Russian or English (its ``reason_ru`` and ``reason_en`` fields).

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Why(Reasoned):
    ...     reason_ru: str
    ...     reason_en: str
    >>> Why("потому что", "because").reason("en")
    'because'
    """

    def reason(self, lang: str = "ru") -> str:
        """The reason in Russian (``"ru"``, the default) or English."""
        return str(getattr(self, "reason_ru" if lang == "ru" else "reason_en"))


class Indicators:
    """Base of every ``.kpis``: a frozen dataclass of named figures.

    Fields that are not plain numbers, flags or text (a mapping of leader loads, say) are left
    out of :meth:`as_dict` and :meth:`to_frame`, which hold one figure per indicator; subclasses
    add derived figures by overriding :meth:`extra`.
    """

    def extra(self) -> dict[str, Any]:
        """Derived figures added after the fields (none by default)."""
        return {}

    def as_dict(self) -> dict[str, Any]:
        """The figures as a flat ``{indicator: value}`` dict, in field order, derived figures last."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None or isinstance(value, bool | int | float | str):
                out[f.name] = value
        out.update(self.extra())
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator: ``indicator``, ``value`` (flags as 1/0, missing as NaN)."""
        import pandas as pd

        rows = [(k, math.nan if v is None else float(v) if isinstance(v, bool | int | float) else v)
                for k, v in self.as_dict().items()]
        return pd.DataFrame(rows, columns=["indicator", "value"])


def _fmt(key: str, value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "n/a"
    if isinstance(value, float):
        # shares as percentages (by name, so that 1.0 reads 100%), other figures as short numbers
        return f"{value:.0%}" if key.startswith("share") else f"{value:g}"
    return str(value)


def short_repr(kind: str, rows: int | None, unit: str, **headline: Any) -> str:
    """``<Kind: N unit; key value, ...>``, cut to :data:`REPR_LIMIT` characters."""
    size = "" if rows is None else f" {rows} {unit}"
    heads = ", ".join(f"{k.replace('_', ' ')} {_fmt(k, v)}" for k, v in headline.items())
    text = f"<{kind}:{size}{'; ' + heads if heads else ''}>"
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 4] + "...>"
