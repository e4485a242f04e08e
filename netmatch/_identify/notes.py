"""Honest warnings: what the rules could not apply to this registry, how it was handled, and the fix.

Before any rule runs, :func:`data_notes` compares what the rules need with what the registry
holds — results at all, years of results against each rule's years running, a share below the
minimum for the threshold rule, enough procedures, social-context data — and
:func:`effective_rules` gives the rules as ``short_data`` says they apply (by default each rule
uses the years there are). After the rules ran, :func:`outcome_notes` says why no school is a
leader when some need one. :func:`check_rules` is the first step alone, for ``netmatch
validate``. Each warning is a :class:`~netmatch._identify.results.Note`.

>>> from netmatch.datasets import load_demo
>>> check_rules(load_demo())
()
>>> demo = load_demo()
>>> one_year = demo.replace(results=demo.results.take(demo.results.year == 2025))
>>> print(check_rules(one_year)[0].text("ru"))  # doctest: +ELLIPSIS
лидеры выбраны по 1 году результатов вместо 3: в реестре нет более ранних лет; ...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from netmatch._base.params import coerce
from netmatch._base.parse import norm
from netmatch._data import Registry, SchoolKind, spellings
from netmatch._identify.reasons import years_ru
from netmatch._identify.results import DEFAULT_SCHOOL_KINDS, IdentificationRules, Note, Status
from netmatch._identify.rules import Leaders, LowResults
from netmatch._identify.standardise import Standing, Window, select_window

__all__ = ["check_rules", "data_notes", "effective_rules", "kind_notes", "outcome_notes", "stop_problems"]

#: The school attributes of the social context (ШНСУ): the index and its components.
_CONTEXT_ATTRS = ("social_wellbeing_index", "share_registered", "share_single_parent", "share_non_native",
                  "share_disabled", "share_unemployed_parents", "share_parents_higher_education", "registered_count")


def _by_years_ru(n: int) -> str:
    """«по 1 году», «по 3 годам»."""
    return f"по {n} году" if n % 10 == 1 and n % 100 != 11 else f"по {n} годам"


def _years_en(n: int) -> str:
    return f"{n} year" if n == 1 else f"{n} years"


def _list(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years) or "—"


@dataclass(frozen=True)
class _YearRule:
    """A rule that asks for years of results: its setting, and what it selects in both languages."""

    setting: str
    ru: str  # what the rule selects, plural: «лидеры»
    en: str
    none_ru: str  # what happens when it cannot apply
    none_en: str
    running: bool = True  # the years must follow each other


_LEADERS = _YearRule("leader_years", "лидеры", "leaders", "лидеры не выбираются", "no leaders")
_THRESHOLD = _YearRule("consecutive_years", "ШНОР по правилу порога", "low-results schools by the threshold rule",
                       "ШНОР по правилу порога не выбираются", "no low-results school by the threshold rule")
_RELATIVE = _YearRule("bottom_years", "ШНОР по месту в районе", "low-results schools by regional rank",
                      "ШНОР по месту в районе не выбираются", "no low-results school by regional rank")
_MIN_YEARS = _YearRule("min_years", "статусы по результатам", "statuses by results",
                       "статусы по результатам не присваиваются", "no status by results", running=False)


def _year_rules(rules: IdentificationRules) -> list[tuple[_YearRule, int]]:
    """The rules in force that ask for years running, with the years each asks for."""
    out = [(_LEADERS, rules.leader_years)]
    if rules.low_rule != "relative":
        out.append((_THRESHOLD, rules.consecutive_years))
    if rules.low_rule != "threshold" and rules.bottom_share > 0:
        out.append((_RELATIVE, rules.bottom_years))
    if rules.min_years is not None:
        out.append((_MIN_YEARS, rules.min_years))
    return out


def effective_rules(rules: IdentificationRules, win: Window) -> IdentificationRules:
    """The rules as they apply to the window: with ``short_data="adapt"`` no rule left at its
    default asks for more years than the window has results for (at least one); a requirement
    set explicitly (``leader_years=4``) is kept, and so are all with ``"strict"`` or ``"stop"``.

    >>> from netmatch.datasets import load_demo
    >>> from netmatch._identify.standardise import select_window
    >>> r = IdentificationRules(years=(2025,))
    >>> effective_rules(r, select_window(load_demo(), r)).leader_years
    1
    """
    have = len(win.present)
    if rules.short_data != "adapt" or have == 0:
        return rules
    update = {rule.setting: have for rule, need in _year_rules(rules)
              if need > have and rule.setting not in rules.model_fields_set}
    return rules.model_copy(update=update) if update else rules


def _why_short(all_years: Sequence[int], have: int, rules: IdentificationRules) -> tuple[str, str]:
    """Why the window has fewer years: the registry has no more, or the window is set shorter."""
    if len(all_years) <= have:
        return "в реестре нет более ранних лет", "the registry has no earlier years"
    setting = "rules.years" if rules.years else f"rules.n_years={rules.n_years}"
    return (f"окно расчёта короче ({setting}), в реестре есть {_list(all_years)}",
            f"the window is set shorter ({setting}); the registry has {_list(all_years)}")


def _year_notes(win: Window, all_years: Sequence[int], rules: IdentificationRules) -> list[Note]:
    """One note per rule that asks for more years running than the window has results for."""
    present = win.present
    have = len(present)
    why_ru, why_en = _why_short(all_years, have, rules)
    notes = []
    for rule, need in _year_rules(rules):
        if need <= have:
            continue
        fix = f"rules.{rule.setting}={have}"
        explicit = rule.setting in rules.model_fields_set
        # an explicit requirement is kept even in "adapt": say it was set, not how to adapt it
        set_ru, set_en = ((f" (задано в настройках: rules.{rule.setting}={need})",
                           f" (set explicitly: rules.{rule.setting}={need})") if explicit else ("", ""))
        alt_ru, alt_en = (("", "") if explicit else ("; выбрать по имеющимся годам: rules.short_data=adapt",
                                                     "; to use the years there are: rules.short_data=adapt"))
        if rules.short_data == "adapt" and not explicit:
            notes.append(Note(
                "years_adapted",
                f"{rule.ru} выбраны {_by_years_ru(have)} результатов вместо {need}: {why_ru}; "
                f"чтобы требовать все {years_ru(need)}: rules.short_data=strict",
                f"{rule.en} selected on {_years_en(have)} of results instead of {need}: {why_en}; "
                f"to require all {_years_en(need)}: rules.short_data=strict",
                rule=rule.setting, fix=fix, adapted=True))
        else:
            asks_ru = f"{years_ru(need)} результатов подряд" if rule.running else f"результатов за {years_ru(need)}"
            asks_en = f"{_years_en(need)} of results running" if rule.running else f"results for {_years_en(need)}"
            notes.append(Note(
                "years_short",
                f"{rule.none_ru}: правило требует {asks_ru}{set_ru}, а в расчёте {years_ru(have)} "
                f"({_list(present)}): {why_ru}{alt_ru}",
                f"{rule.none_en}: the rule asks for {asks_en}{set_en}, the data give {_years_en(have)} "
                f"({_list(present)}): {why_en}{alt_en}",
                rule=rule.setting, fix=fix))
    return notes


def _procedure_name(win: Window, code: str, lang: str) -> str:
    """A procedure's name in the window (ЕГЭ/EGE, or a declared assessment's name)."""
    return win.name(win.procs.index(code), lang) if code in win.procs else code


def _threshold_notes(win: Window, rules: IdentificationRules) -> list[Note]:
    """The threshold rule needs the share below the minimum, in ``min_procedures`` procedures; so does the
    relative rule's absolute floor (``relative_floor``)."""
    known = ~np.isnan(win.below)
    if not known.any():
        ranked = rules.low_rule in ("either", "relative") and rules.relative_floor == 0  # still applies
        if ranked and rules.low_rule == "relative":
            return []
        rest_ru = "ШНОР выбираются только по месту в районе" if ranked else "ШНОР не выбираются"
        rest_en = "low-results schools are chosen by regional rank only" if ranked \
            else "no low-results school is chosen"
        return [Note(
            "no_share_below",
            f"в результатах нет доли участников, не преодолевших минимальный порог: правило порога и нижняя "
            f"граница правила места в районе не применяются, {rest_ru}; выбрать по месту в районе без нижней "
            f"границы (нижние {round(100 * rules.bottom_share)}% есть в любом районе): rules.low_rule=relative "
            f"и rules.relative_floor=0",
            f"the results give no share of participants below the minimum: neither the threshold rule nor the "
            f"floor of the regional-rank rule can apply; {rest_en}; to choose by regional rank without a floor "
            f"(every district has its bottom {round(100 * rules.bottom_share)}%): rules.low_rule=relative and "
            f"rules.relative_floor=0",
            rule="low_rule", fix="rules.low_rule=relative rules.relative_floor=0", adapted=ranked)]
    if rules.low_rule == "relative":
        return []
    procs = sorted({win.procs[p] for p in np.unique(win.proc[known]).tolist()})
    if len(procs) >= rules.min_procedures:
        return []
    return [Note(
        "few_procedures",
        f"доля не преодолевших минимальный порог есть только по {len(procs)} процедуре "
        f"({', '.join(_procedure_name(win, p, 'ru') for p in procs)}), а правило порога требует "
        f"{rules.min_procedures} в одном году: по нему ШНОР не выбираются",
        f"the share below the minimum is given for {len(procs)} procedure(s) only "
        f"({', '.join(_procedure_name(win, p, 'en') for p in procs)}) while the threshold rule asks for "
        f"{rules.min_procedures} in a year: it selects no school",
        rule="min_procedures", fix=f"rules.min_procedures={len(procs)}")]


def _context_notes(registry: Registry, rules: IdentificationRules) -> list[Note]:
    """ШНСУ are named from the social context: say so when no school has any."""
    can_select = rules.unfavourable_share > 0 or rules.wellbeing_threshold is not None \
        or rules.composite_threshold is not None
    if not can_select or not len(registry):
        return []
    if any(getattr(s, a) is not None for s in registry.schools for a in _CONTEXT_ATTRS):
        return []
    return [Note(
        "no_context",
        "ни у одной школы нет данных о социальном контексте (ИСБШ или доли обучающихся на учёте, из неполных "
        "семей, с неродным языком, с ОВЗ): ШНСУ не выявляются; добавьте эти столбцы в реестр",
        "no school has social-context data (the well-being index or the shares of pupils on registers, from "
        "single-parent families, non-native speakers, with disabilities): no school in unfavourable "
        "conditions (ШНСУ) can be named; add these columns to the registry")]


def _procedure_notes(registry: Registry, rules: IdentificationRules) -> list[Note]:
    """Procedures the rules name that the registry neither has built in nor declares: left out, with a note."""
    known = spellings(registry.assessments)
    unknown = [p for p in rules.procedures if norm(p) not in known]
    if not unknown:
        return []
    names = ", ".join(unknown)
    return [Note(
        "unknown_procedure",
        f"в rules.procedures названы процедуры, которых нет в реестре: {names}; они не учитываются. Объявите "
        "их (лист «Процедуры» или [procedures.КОД] в файле настроек) или уберите из rules.procedures",
        f"rules.procedures names procedures the registry does not have: {names}; they are left out. Declare "
        "them (a «Процедуры» sheet or [procedures.CODE] in the settings file) or drop them from rules.procedures",
        rule="procedures", adapted=True)]


def data_notes(registry: Registry, win: Window, rules: IdentificationRules) -> list[Note]:
    """What the rules need and the registry lacks, before any rule runs (in reading order)."""
    return [*_procedure_notes(registry, rules), *_data_notes(registry, win, rules)]


def _data_notes(registry: Registry, win: Window, rules: IdentificationRules) -> list[Note]:
    all_years = sorted({int(y) for y in np.unique(registry.results.year).tolist()})
    context = _context_notes(registry, rules)
    if not all_years:
        return [Note(
            "no_results",
            "в реестре нет результатов оценочных процедур (ЕГЭ, ОГЭ, ВПР): ШНОР и школы-лидеры не выявляются, "
            "пар «лидер — школа» не будет; ШНСУ выявляются только по социальному контексту. Добавьте результаты "
            "в реестр (лист или файл результатов)",
            "the registry has no assessment results (EGE, OGE, VPR): no low-results or leader school can be "
            "named and there will be no leader–school pairs; only unfavourable conditions (ШНСУ) are judged, "
            "from the social context. Add the results to the registry (a results sheet or file)"), *context]
    if len(win.school) == 0:
        procs_ru = ", ".join(_procedure_name(win, p, "ru") for p in win.procs)
        procs_en = ", ".join(_procedure_name(win, p, "en") for p in win.procs)
        return [Note(
            "no_results_in_window",
            f"нет результатов за годы и процедуры расчёта ({_list(win.years)}; {procs_ru}), а в реестре есть "
            f"результаты за {_list(all_years)}: ШНОР и школы-лидеры не выявляются; проверьте настройки "
            "rules.years, rules.n_years и rules.procedures",
            f"no results in the years and procedures judged ({_list(win.years)}; {procs_en}) while the registry "
            f"has results for {_list(all_years)}: no low-results or leader school can be named; check "
            "rules.years, rules.n_years and rules.procedures",
            rule="years"), *context]
    return [*_year_notes(win, all_years, rules), *_threshold_notes(win, rules), *context]


def kind_notes(registry: Registry, win: Window, rules: IdentificationRules) -> list[Note]:
    """How many schools of each kind are left out or compared within their kind (``school_kinds``)."""
    if not (win.excluded.any() or (win.group > 0).any()) or rules.school_kinds == DEFAULT_SCHOOL_KINDS:
        return []  # the programmes' own comparison is no warning: the report states it, each school has its reason
    counts: dict[tuple[str, SchoolKind], int] = {}
    for i in np.flatnonzero(win.excluded | (win.group > 0)).tolist():
        kind = registry.schools[i].kind
        if kind is not None:
            key = ("exclude" if win.excluded[i] else "own_group", kind)
            counts[key] = counts.get(key, 0) + 1

    def listed(how: str, ru: bool) -> str:
        return ", ".join(f"{k.label_ru} — {n}" if ru else f"{k.value} {n}"
                         for (h, k), n in sorted(counts.items(), key=lambda t: t[0][1].value) if h == how)

    heads = (("exclude", "не участвуют в выявлении", "left out of identification"),
             ("own_group", "сравниваются только со школами своего типа", "compared only within their kind"))
    ru = "; ".join(f"{h_ru}: {listed(how, True)}" for how, h_ru, _ in heads if listed(how, True))
    en = "; ".join(f"{h_en}: {listed(how, False)}" for how, _, h_en in heads if listed(how, False))
    return [Note("school_kinds", f"{ru} (rules.school_kinds)", f"{en} (rules.school_kinds)", rule="school_kinds",
                 adapted=True)]


def stop_problems(notes: Sequence[Note]) -> list[str]:
    """The problems ``short_data="stop"`` raises: each note with its setting."""
    return [f"{n.text_ru}" + (f" (настройка {n.fix})" if n.fix else "") + "; расчёт остановлен: "
            "rules.short_data=stop" for n in notes]


def _no_leaders(lead: Leaders, low: LowResults, stand: Standing, rules: IdentificationRules) -> Note:
    """No leader though schools need one: how many schools had strong results and what ruled them out."""
    strong = (lead.run >= rules.leader_years) & ~low.low & ~stand.insufficient
    n_strong = int(strong.sum())
    top = f"{100 * rules.top_share:.0f}%"
    run_ru, run_en = years_ru(rules.leader_years), _years_en(rules.leader_years)
    if n_strong == 0:
        return Note(
            "no_leaders",
            f"школы-лидеры не найдены: ни одна школа не была в верхних {top} района {run_ru} подряд; пар "
            "«лидер — школа» не будет",
            f"no leader school: no school was in the top {top} of the region {run_en} running; there will be "
            "no leader–school pairs",
            rule="top_share", fix="rules.top_share=0.5" if rules.top_share < 0.5 else "")
    risk = int((strong & lead.at_risk).sum())
    staff = int((strong & ~lead.staff_ok).sum())
    qual = f"{100 * (rules.min_qualified_share or 0):.0f}%"
    fix = "rules.min_qualified_share=0" if staff >= risk else f"rules.risk_share={min(1.0, 2 * rules.risk_share):g}"
    return Note(
        "no_leaders",
        f"школы-лидеры не найдены: из {n_strong} школ с результатами в верхних {top} района {run_ru} подряд "
        f"с риском снижения результатов — {risk}, с долей педагогов высшей и первой категории ниже {qual} — "
        f"{staff}; пар «лидер — школа» не будет",
        f"no leader school: of the {n_strong} schools in the top {top} of the region {run_en} running, "
        f"{risk} have results at risk and {staff} fewer than {qual} teachers of the highest or first category; "
        "there will be no leader–school pairs",
        rule="min_qualified_share" if staff >= risk else "risk_share", fix=fix)


def outcome_notes(notes: Sequence[Note], final: Sequence[frozenset[Status]], lead: Leaders, low: LowResults,
                  stand: Standing, rules: IdentificationRules) -> list[Note]:
    """After the rules ran: no school with enough data, or no leader though some school needs one.

    ``notes`` are those written before (a cause already told is not told twice); ``rules`` are
    the rules as applied (:func:`effective_rules`).
    """
    told = {n.code for n in notes} | {n.rule for n in notes if n.code == "years_short"}
    if told & {"no_results", "no_results_in_window"}:
        return []
    out: list[Note] = []
    with_results = stand.years_with_data.any(axis=1)
    if with_results.any() and stand.insufficient[with_results].all():
        if "min_years" in told:  # the explicit requirement is the cause, already told
            return out
        out.append(Note(
            "no_years_enough",
            f"ни у одной школы нет результатов за все {years_ru(stand.min_years)} расчёта: статусы по "
            "результатам не присвоены",
            f"no school has results for all {_years_en(stand.min_years)} judged: no status by results",
            rule="min_years", fix="rules.min_years=1"))
        return out
    needs = any(st & {Status.LOW_RESULTS, Status.UNFAVOURABLE} for st in final)
    if needs and not any(Status.LEADER in st for st in final) and "leader_years" not in told:
        out.append(_no_leaders(lead, low, stand, rules))
    return out


def check_rules(registry: Registry, rules: IdentificationRules | Mapping[str, Any] | None = None
                ) -> tuple[Note, ...]:
    """What the identification rules cannot apply to a registry as written, before identifying.

    The same notes :func:`netmatch.identify` records first (its ``notes`` add what the rules
    found afterwards, such as no leader at all); ``netmatch validate`` prints them.

    Parameters
    ----------
    registry : Registry
    rules : IdentificationRules or dict, optional

    Returns
    -------
    tuple of Note
        Empty when every rule can apply as written.

    Examples
    --------
    >>> import netmatch as nm
    >>> [n.code for n in check_rules(nm.Registry(schools=[{"id": "A", "name": "A"}]))]
    ['no_results', 'no_context']
    """
    rules = coerce(IdentificationRules, rules, "check_rules")
    win = select_window(registry, rules)
    return (*data_notes(registry, win, rules), *kind_notes(registry, win, rules))
