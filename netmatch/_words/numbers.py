"""Numbers as a reader of each language writes them: «40 000» and «4,5» in Russian, "40,000" and "4.5" in English.

Russian separates thousands with a no-break space (U+00A0, so that a number never breaks across
lines) and writes a decimal comma; four-digit numbers stay whole («2024», «1500»), as Russian
typography has it. English uses a comma and a decimal point.

>>> number(40000, "ru"), number(40000, "en"), number(1500, "ru"), number(4.25, "ru", 1)
('40\\xa0000', '40,000', '1500', '4,2')
>>> percent(0.4375, "ru"), percent(0.4375, "en", 1), percent(None, "ru")
('44%', '43.8%', '—')
"""

from __future__ import annotations

import math

__all__ = ["number", "percent", "plural"]

_NBSP = "\u00a0"


def number(x: float | int | None, lang: str = "ru", digits: int = 0) -> str:
    """``x`` with ``digits`` decimals (rounded half to even) in the writing of ``lang``; «—» when missing.

    >>> number(2_100_000, "ru"), number(-12345.678, "en", 2), number(float("nan")), number(0.05, "ru", 1)
    ('2\\xa0100\\xa0000', '-12,345.68', '—', '0,1')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    text = f"{x:,.{digits}f}"
    if lang != "ru":
        return text
    whole, _, frac = text.partition(".")
    digits_only = whole.lstrip("-")
    if len(digits_only) <= 5:  # «1500», not «1 500»; 10 000 and up are grouped
        whole = whole.replace(",", "")
    whole = whole.replace(",", _NBSP)
    return f"{whole},{frac}" if frac else whole


def percent(share: float | None, lang: str = "ru", digits: int = 0) -> str:
    """A share (0.44) as a percentage: «44%», «5,5%» in Russian, "5.5%" in English.

    >>> percent(1.0, "ru"), percent(0.055, "ru", 1), percent(0.055, "en", 1)
    ('100%', '5,5%', '5.5%')
    """
    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return "—"
    return number(100 * share, lang, digits) + "%"


def plural(n: int, forms: tuple[str, ...] | list[str], lang: str = "ru") -> str:
    """The form of a word counted ``n`` times: English one/other, Russian one/few/many.

    >>> plural(1, ("год", "года", "лет")), plural(3, ("год", "года", "лет")), plural(12, ("доля", "доли", "долей"))
    ('год', 'года', 'долей')
    >>> plural(22, ("доля", "доли", "долей")), plural(2, ("share", "shares"), "en")
    ('доли', 'shares')
    """
    if lang != "ru":
        return forms[0] if n == 1 else forms[1]
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]
