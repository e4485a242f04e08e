"""The reasons behind each verdict, in Russian and English, with the numbers they quote.

One function per rule turns what :mod:`netmatch._identify.rules` found for a school into
:class:`~netmatch._identify.results.Reason` objects; :func:`school_reasons` lists them in the
order a coordinator reads them: data, low results, context, leadership, expectation.

>>> from netmatch._identify.results import Status
>>> print(declared_reason(Status.LEADER, True, False).text("en"))
status leader declared in the registry; computed: no
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from netmatch._base.ranks import share_words
from netmatch._data import SchoolKind
from netmatch._data.headers import MEANINGS
from netmatch._identify.results import IdentificationRules, Reason, Status
from netmatch._identify.rules import Adjusted, Context, Leaders, LowResults, failing
from netmatch._identify.standardise import Standing, Window, longest_run
from netmatch._words.numbers import plural

__all__ = ["Findings", "declared_reason", "kind_reason", "school_reasons", "years_ru"]



def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def years_ru(n: int) -> str:
    """A number of years in Russian: «1 год», «3 года», «5 лет».

    >>> years_ru(1), years_ru(3), years_ru(5), years_ru(11)
    ('1 год', '3 года', '5 лет', '11 лет')
    """
    return f"{n} {plural(n, ('год', 'года', 'лет'))}"


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


@dataclass(frozen=True)
class Findings:
    """Everything the rules found, which the reasons quote."""

    win: Window
    stand: Standing
    low: LowResults
    ctx: Context
    adj: Adjusted
    lead: Leaders
    rules: IdentificationRules


def _data(i: int, f: Findings) -> list[Reason]:
    if not f.stand.insufficient[i]:
        return []
    years, ny, min_years = f.win.years, f.win.ny, f.stand.min_years
    have = [years[k] for k in range(ny) if f.stand.years_with_data[i, k]]
    return [Reason(
        "data",
        f"результаты есть за {len(have)} из {ny} лет ({_years_text(have) or 'нет'}); нужно не меньше "
        f"{min_years}",
        f"results for {len(have)} of {ny} years ({_years_text(have) or 'none'}); {min_years} needed",
        years=tuple(have), value=float(len(have)), threshold=float(min_years))]


def _limit(rules: IdentificationRules, lang: str) -> str:
    """The threshold as the rule reads it: «порог 30%», «порог: более 25%»."""
    if lang == "ru":
        return f"порог: более {_pct(rules.low_share_threshold)}" if rules.low_share_strict \
            else f"порог {_pct(rules.low_share_threshold)}"
    return f"threshold: above {_pct(rules.low_share_threshold)}" if rules.low_share_strict \
        else f"threshold {_pct(rules.low_share_threshold)}"


def _shares(years: Sequence[int], values: Sequence[float]) -> str:
    return ", ".join(f"{y}: {_pct(v)}" if v == v else str(y) for y, v in zip(years, values, strict=True))


def _threshold(i: int, f: Findings) -> list[Reason]:
    """Each procedure and subject (or procedure, its subjects averaged) below the threshold in the years read."""
    low, rules = f.low, f.rules
    if not (low.low[i] and rules.low_rule != "relative" and (low.threshold[i] or rules.low_rule == "both")):
        return []  # (a rule not in force is not a reason)
    cells, out = low.cells, []
    fail, share, proc_of = cells.fail[i], cells.share[i], cells.procedure
    for k in np.flatnonzero(fail[:, list(low.counted)].any(axis=1)).tolist():
        ks = [y for y in low.counted if fail[k, y]]
        subject = low.keys[k][1] if cells.key_proc is not None else None
        out.append(_threshold_reason(f, int(proc_of[k]), subject, ks, [float(share[k, y]) for y in ks]))
    return out


def _threshold_reason(f: Findings, p: int, subject: str | None, ks: list[int], vals: list[float]) -> Reason:
    """The reason of one procedure (and subject) below the threshold in the years ``ks`` (window positions)."""
    rules, years = f.rules, f.win.years
    shown = _shares([years[y] for y in ks], vals)
    if subject is None:
        ru = f"{f.win.name(p, 'ru')}: доля не преодолевших минимальный порог в среднем по предметам {shown}"
        en = f"share below the minimum in {f.win.name(p, 'en')}, its subjects averaged: {shown}"
    else:
        ru = f"{f.win.name(p, 'ru')}, {subject}: доля не преодолевших минимальный порог {shown}"
        en = f"{f.win.name(p, 'en')}, {subject}: share below the minimum {shown}"
    return Reason("threshold", f"{ru} ({_limit(rules, 'ru')})", f"{en} ({_limit(rules, 'en')})",
                  procedure=f.win.procs[p], subject=subject, years=tuple(years[y] for y in ks),
                  value=max((v for v in vals if v == v), default=None), threshold=rules.low_share_threshold)


#: How many shares a borderline reason quotes with their intervals (the others are counted).
_SHOWN = 4


def _open_cells(i: int, f: Findings) -> list[tuple[int, int]]:
    """The (key, year) cells of school ``i`` whose interval holds the threshold and which would turn its
    status, the fewest participants first."""
    low, rules = f.low, f.rules
    cells = low.cells
    share = cells.share[i]
    open_ = failing(cells.high[i], rules) & ~failing(cells.low[i], rules)  # the threshold inside the interval
    open_ &= low.decisive[i][cells.procedure]  # only the shares of the decision that would turn the status
    if low.low[i]:  # the failing shares the status rests on
        open_ &= failing(share, rules)
    elif rules.uncertainty == "estimate":  # the passing shares that could fail
        open_ &= ~failing(share, rules)
    found = [(int(k), low.counted[int(y)]) for k, y in zip(*np.nonzero(open_[:, list(low.counted)]), strict=True)]
    found.sort(key=lambda c: cells.participants[i][c])  # they leave the most open
    return found


def _borderline(i: int, f: Findings) -> list[Reason]:
    """A status the threshold rule decides inside the shares' intervals: the deciding shares with their intervals."""
    low, rules = f.low, f.rules
    if not low.borderline[i]:
        return []
    found = _open_cells(i, f)
    cells = low.cells
    lo, hi, count, share, proc_of = cells.low[i], cells.high[i], cells.participants[i], cells.share[i], cells.procedure
    level = _pct(rules.confidence)
    parts_ru, parts_en = [], []
    for k, y in found[:_SHOWN]:
        p, n = int(proc_of[k]), int(count[k, y])
        where = f"{low.keys[k][1]}, " if cells.key_proc is not None else ""
        interval = f"{_pct(lo[k, y])}–{_pct(hi[k, y])}"
        pupils = plural(n, ("участника", "участников", "участников"))  # after «из»: «из 21 участника»
        parts_ru.append(f"{f.win.name(p, 'ru')}, {where}{f.win.years[y]}: {_pct(share[k, y])} из {n} "
                        f"{pupils}, {level}-й доверительный интервал {interval}")
        parts_en.append(f"{f.win.name(p, 'en')}, {where}{f.win.years[y]}: {_pct(share[k, y])} of {n} "
                        f"participants, {level} interval {interval}")
    if len(found) > _SHOWN:
        more = len(found) - _SHOWN
        parts_ru.append(f"и ещё {more} {plural(more, ('доля', 'доли', 'долей'))} с порогом внутри интервала")
        parts_en.append(f"and {more} more {plural(more, ('share', 'shares'), 'en')} with the threshold inside")
    listed = bool(low.low[i])
    head_ru = "ШНОР по правилу порога, но статус пограничный" if listed else "не ШНОР, но статус пограничный"
    head_en = "low results by the threshold rule, but borderline" if listed else "not low results, but borderline"
    return [Reason(
        "borderline",
        f"{head_ru}: порог {_pct(rules.low_share_threshold)} внутри доверительного интервала доли — "
        + "; ".join(parts_ru),
        f"{head_en}: the threshold {_pct(rules.low_share_threshold)} lies inside the share's interval — "
        + "; ".join(parts_en),
        value=float(lo[found[0]]) if found else None, threshold=rules.low_share_threshold)]


def _relative(i: int, f: Findings) -> list[Reason]:
    low, rules = f.low, f.rules
    if not (low.relative[i] and low.low[i] and rules.low_rule != "threshold"):
        return []
    years, ny, procs = f.win.years, f.win.ny, f.win.procs
    out = []
    for p in range(f.win.npr):
        if longest_run(low.bottom[i, p][None, :])[0] >= rules.bottom_years:
            yrs = [years[k] for k in range(ny) if low.bottom[i, p, k]]
            worst = float(np.nanmax(low.percentile[i, p]))
            floor_ru = (f", доля не преодолевших минимальный порог не ниже {_pct(rules.relative_floor)}"
                        if rules.relative_floor > 0 else "")
            floor_en = (f", at least {_pct(rules.relative_floor)} below the minimum"
                        if rules.relative_floor > 0 else "")
            out.append(Reason(
                "relative",
                f"{f.win.name(p, 'ru')}: средние результаты в нижних {_pct(rules.bottom_share)} района "
                f"в {_years_text(yrs)} (место не выше {_pct(worst)} снизу{floor_ru})",
                f"{f.win.name(p, 'en')}: mean results in the bottom {_pct(rules.bottom_share)} of the region "
                f"in {_years_text(yrs)} (at most the {_pct(worst)} percentile{floor_en})",
                procedure=procs[p], years=tuple(yrs), value=worst, threshold=rules.bottom_share))
    return out


#: The composite's shares by name, in Russian and English: the schools' fields and the surveys' share satisfied.
_SHARES = {**MEANINGS["schools"], "share_satisfied": ("доля удовлетворённых в последних опросах",
                                                      "share satisfied in the latest surveys")}


def _context(i: int, f: Findings) -> list[Reason]:
    ctx = f.ctx
    wellbeing, composite, w_thr, c_thr = ctx.wellbeing, ctx.composite, ctx.wellbeing_threshold, ctx.composite_threshold
    if ctx.by_index[i]:
        return [Reason(
            "wellbeing", f"ИСБШ {wellbeing[i]:.2f} не выше порога {w_thr:.2f}",
            f"index of social well-being {wellbeing[i]:.2f} at or below {w_thr:.2f}",
            value=float(wellbeing[i]), threshold=w_thr)]
    if ctx.by_composite[i]:
        given = [(c, float(v[i])) for c, v in ctx.components.items() if v[i] == v[i]]
        # the registry's fields and the surveys are shares; an indicator it names is shown by its name, as given
        parts_ru = ", ".join(f"{_SHARES[c][0]} {_pct(x)}" if c in _SHARES else f"«{c}» {x:g}" for c, x in given)
        parts_en = ", ".join(f"{_SHARES[c][1]} {_pct(x)}" if c in _SHARES else f"'{c}' {x:g}" for c, x in given)
        return [Reason(
            "composite",
            f"ИСБШ не указан; составной показатель неблагополучия {composite[i]:.2f} не ниже "
            f"{c_thr:.2f} ({parts_ru})",
            f"no well-being index; composite disadvantage {composite[i]:.2f} at or above {c_thr:.2f} ({parts_en})",
            value=float(composite[i]), threshold=c_thr)]
    if np.isnan(wellbeing[i]) and np.isnan(composite[i]):
        return [Reason("context", "нет данных о социальном контексте (ИСБШ и его составляющие)",
                       "no social-context data (well-being index or its components)")]
    return []


def _not_a_leader(i: int, f: Findings) -> list[Reason]:
    """Why a school with strong results years running is still not a leader."""
    lead, rules = f.lead, f.rules
    if not (lead.run[i] >= rules.leader_years and not f.low.low[i] and not f.stand.insufficient[i]):
        return []
    why_ru, why_en = [], []
    if lead.at_risk[i]:
        why_ru.append("есть риск снижения результатов")
        why_en.append("results at risk")
    if not lead.staff_ok[i]:
        qual = lead.qualified[i]
        why_ru.append(f"педагогов высшей и первой категории {_pct(qual)} < "
                      f"{_pct(rules.min_qualified_share or 0)}")
        why_en.append(f"qualified teachers {_pct(qual)} below {_pct(rules.min_qualified_share or 0)}")
    return [Reason("top", "сильные результаты, но не лидер: " + "; ".join(why_ru),
                   "strong results but not a leader: " + "; ".join(why_en))]


def _leader(i: int, f: Findings) -> list[Reason]:
    lead, rules, years = f.lead, f.rules, f.win.years
    if not lead.leader[i]:
        return _not_a_leader(i, f)
    qual = lead.qualified[i]
    staff = Reason("staff", "квалификация педагогов не указана", "teachers' qualification categories not given") \
        if np.isnan(qual) else Reason("staff", f"педагогов высшей и первой категории {_pct(qual)}",
                                      f"teachers with the highest or first category {_pct(qual)}",
                                      value=float(qual), threshold=rules.min_qualified_share)
    return [Reason(
        "top",
        f"результаты в верхних {_pct(rules.top_share)} района {years_ru(int(lead.run[i]))} подряд "
        f"({_years_text(years)})",
        f"results in the top {_pct(rules.top_share)} of the region for {lead.run[i]} consecutive "
        f"{'year' if lead.run[i] == 1 else 'years'} "
        f"({_years_text(years)})",
        years=years, value=float(lead.run[i]), threshold=float(rules.leader_years)), staff]


def _expectation(i: int, f: Findings) -> list[Reason]:
    adj, out = f.adj, []
    residual = adj.residual
    if adj.below_expectation[i]:
        out.append(Reason(
            "context", "результаты ниже ожидаемых для такого социального контекста: с поправкой на контекст "
            f"школа среди последних {share_words(adj.bottom[i])} района",
            "results below what the social context predicts: allowing for the context, the school is among the "
            f"bottom {share_words(adj.bottom[i])} of the region", value=float(residual[i]),
            threshold=-f.rules.expectation_sigma * adj.residual_sd))
    if adj.resilient[i]:
        out.append(Reason(
            "context",
            "устойчивая школа: контекст неблагоприятный, а результаты выше ожидаемых; с поправкой на контекст "
            f"школа среди лучших {share_words(adj.top[i])} района",
            "resilient: a disadvantaged context, yet results above expectation; allowing for the context, the "
            f"school is among the top {share_words(adj.top[i])} of the region",
            value=float(residual[i])))
    return out


def school_reasons(i: int, f: Findings) -> list[Reason]:
    """The reasons of school row ``i``, in reading order (the declared statuses come later)."""
    return [*_data(i, f), *_threshold(i, f), *_borderline(i, f), *_relative(i, f), *_context(i, f),
            *_leader(i, f), *_expectation(i, f)]


def declared_reason(status: Status, declared: bool, computed: bool) -> Reason:
    """The registry declares ``status`` (or declares it absent) where the rules say otherwise."""
    word_ru = "заявлен" if declared else "не заявлен"
    word_en = "declared" if declared else "not declared"
    verdict_ru = "по расчёту — да" if computed else "по расчёту — нет"
    verdict_en = "computed: yes" if computed else "computed: no"
    return Reason("declared", f"статус {status.label_ru} {word_ru} в реестре; {verdict_ru}",
                  f"status {status.value} {word_en} in the registry; {verdict_en}")


def kind_reason(kind: SchoolKind, how: str) -> Reason:
    """A school of a kind left out of identification, or compared only within its kind.

    >>> print(kind_reason(SchoolKind.SPECIAL, "exclude").text("ru"))
    не участвует в выявлении: тип «коррекционная» исключён из сравнения (rules.school_kinds)
    """
    if how == "exclude":
        return Reason("kind", f"не участвует в выявлении: тип «{kind.label_ru}» исключён из сравнения "
                              "(rules.school_kinds)",
                      f"left out of identification: the kind '{kind.value}' is excluded (rules.school_kinds)")
    return Reason("kind", f"сравнивается только со школами своего типа («{kind.label_ru}», rules.school_kinds)",
                  f"compared only with schools of its kind ('{kind.value}', rules.school_kinds)")
