"""«Показатели и цели»: every indicator of a saved plan with its numerator, denominator and target.

One row per indicator (and per group of one broken down, «по классам»): the value, what it is
the share of, the target and whether it is reached; an indicator that cannot be computed keeps
its row and says what it needs («не рассчитан: нужна таблица «Педагоги»»).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from netmatch.report.tables import Column, Table
from netmatch.report.words import li, yes_no

__all__ = ["indicator_rows", "indicators_table"]

#: How each unit's value is shown: the row kind of the value and target cells.
_KIND = {"share": "share", "mean": "num", "count": "num"}
_BY = {"grade": ("класс", "grade"), "procedure": ("процедура", "procedure"), "half": ("полугодие", "half-year"),
       "month": ("месяц", "month")}


def _state(item: Mapping[str, Any], lang: str) -> str:
    """What a value is, in words: computed, missing its data, or with no rows to apply to."""
    i = li(lang)
    if item.get("value") is not None:
        return ""
    missing = str(item.get(f"missing_{('ru', 'en')[i]}") or "")
    if missing:
        return ("не рассчитан: нужны данные — ", "cannot be computed: needs ")[i] + missing
    return ("не рассчитан: нет школ (строк), к которым он относится", "cannot be computed: no rows it applies to")[i]


def _group(ind: Mapping[str, Any], group: Any, lang: str) -> str:
    if group is None:
        return ""
    word = _BY.get(ind.get("by", ""), (ind.get("by", ""), ind.get("by", "")))[li(lang)]
    return f"{word} {group}"


def indicator_rows(record: Mapping[str, Any], lang: str = "ru") -> list[dict[str, Any]]:
    """The indicators of a saved plan as rows: name, group, value, numerator, denominator, target, met, note.

    >>> item = {"code": "x", "name_ru": "Доля", "name_en": "Share", "unit": "share", "value": None,
    ...         "missing_ru": "таблица «Педагоги»", "missing_en": "the teachers table", "target": 0.5,
    ...         "groups": [], "by": "", "met": None, "source": ""}
    >>> indicator_rows({"indicators": [item]}, "en")[0]["note"]
    'cannot be computed: needs the teachers table'
    """
    i = li(lang)
    rows = []
    for ind in record.get("indicators") or ():
        for item in (ind, *ind.get("groups", ())):
            sub = item is not ind
            rows.append({
                "code": ind["code"], "name": ind[("name_ru", "name_en")[i]], "group": _group(ind, item.get("group"),
                                                                                            lang) if sub else "",
                "value": item.get("value"), "numerator": item.get("numerator"),
                "denominator": item.get("denominator") if ind["unit"] != "count" else None,
                "target": ind.get("target"), "met": item.get("met"), "note": _state(item, lang),
                "source": ind.get("source", ""), "kind": _KIND.get(ind["unit"], "num")})
    return rows


def indicators_table(record: Mapping[str, Any], lang: str = "ru") -> Table:
    """The «Показатели и цели» table of a saved plan (:func:`indicator_rows`)."""
    i = li(lang)
    cols = (Column("name", "Показатель", "Indicator", "long"), Column("group", "Разрез", "Breakdown"),
            Column("value", "Значение", "Value", "mixed"), Column("numerator", "Числитель", "Numerator", "num"),
            Column("denominator", "Знаменатель", "Denominator", "num"), Column("target", "Цель", "Target", "mixed"),
            Column("met", "Цель достигнута", "Target met"), Column("note", "Примечание", "Note", "long"),
            Column("source", "Источник", "Source"), Column("code", "Код", "Code"))
    found = indicator_rows(record, lang)
    rows = [[r["name"], r["group"], r["value"], r["numerator"], r["denominator"], r["target"],
             yes_no(r["met"], lang) if r["met"] is not None else
             ("цель не задана", "no target")[i] if r["target"] is None else "—",
             r["note"], r["source"], r["code"]] for r in found]
    return Table("indicators", ("Показатели и цели", "Indicators and targets")[i], cols, rows,
                 row_kinds=[r["kind"] for r in found])
