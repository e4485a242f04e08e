"""Dates of a plan of events: the months of a period, the days an event may be held on, dates in words.

Events are held on working days: Tuesday to Thursday after lessons when every school taking
part works in one shift, Saturday morning when one works in two or three (its teachers teach
until evening); never on Sunday or a public holiday of the Russian calendar (1–8 January,
23 February, 8 March, 1 and 9 May, 12 June, 4 November).

>>> months_between(dt.date(2025, 9, 1), dt.date(2026, 5, 31))[:2], len(months_between(dt.date(2025, 9, 1),
...                                                                                 dt.date(2026, 5, 31)))
([(2025, 9), (2025, 10)], 9)
>>> date_words(dt.date(2025, 11, 18), "ru"), date_words(dt.date(2025, 11, 18), "en")
('18 ноября 2025 г.', '18 November 2025')
>>> month_words((2026, 1), "ru")
'январь 2026'
"""

from __future__ import annotations

import datetime as dt

__all__ = ["HOLIDAYS", "date_words", "days_for", "month_words", "months_between"]

#: Public holidays (month, day) of the Russian calendar; events are never put on them.
HOLIDAYS: frozenset[tuple[int, int]] = frozenset({(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9),
                                                                                  (6, 12), (11, 4)})
_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря")
_NOMINATIVE = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
               "ноябрь", "декабрь")
_ENGLISH = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December")


def months_between(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The (year, month) pairs from ``start``'s month to ``end``'s, in order."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def days_for(year: int, month: int, saturday: bool, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days of a month an event may be held on: Tuesday–Thursday, or Saturdays; within ``start``–``end``."""
    day = dt.date(year, month, 1)
    out = []
    while day.month == month:
        ok = day.weekday() == 5 if saturday else day.weekday() in (1, 2, 3)
        if ok and (day.month, day.day) not in HOLIDAYS and start <= day <= end:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def date_words(day: dt.date, lang: str = "ru") -> str:
    """A date as a Russian document writes it («18 ноября 2025 г.»), or in English."""
    if lang == "ru":
        return f"{day.day} {_GENITIVE[day.month - 1]} {day.year} г."
    return f"{day.day} {_ENGLISH[day.month - 1]} {day.year}"


def month_words(month: tuple[int, int], lang: str = "ru") -> str:
    """A month of a year in words («январь 2026», «January 2026»)."""
    y, m = month
    return f"{(_NOMINATIVE if lang == 'ru' else _ENGLISH)[m - 1]} {y}"
