"""Identify ШНОР, ШНСУ and leader schools from three years of results and social context.

Every verdict comes with its reasons in words and numbers — which rule, which procedure,
subject and years, the value against the threshold — so a coordinator can defend the list.

The steps, all vectorised over the registry's results:

1. **Standardise** (:mod:`~netmatch._identify.standardise`). Within each procedure, year, grade
   and subject, a school's mean result becomes a z-score against the region (all schools of the
   registry). The per-school **subject profile** averages the z-scores of each (procedure,
   subject) over the years present and gives the trend (least-squares slope per year).
2. **Low results (ШНОР).** Two rules, either of which suffices by default (standing in a
   procedure is the school's mean percentile over its subjects, ranked in the region, so
   raising a school's results can never lower its standing):

   * *threshold rule* — the share of participants below the minimum threshold is at least
     ``low_share_threshold`` (30%) in ``min_procedures`` (2) or more procedures within a year,
     and in the same procedure in ``consecutive_years`` (2) consecutive years;
   * *relative rule* — the school's mean results in a procedure are in the bottom
     ``bottom_share`` (10%) of the region in each of ``bottom_years`` (3) consecutive years.

3. **Unfavourable conditions (ШНСУ).** The index of social well-being (ИСБШ) in the bottom
   ``unfavourable_share`` of the region (or below ``wellbeing_threshold``); where the index is
   absent, a composite of its components (shares of pupils on КДН/ПДН registers — or their
   count over the pupils —, from single-parent families, non-native speakers, with ОВЗ, with
   unemployed parents, and parents with higher education counted the other way round: the
   weighted mean of their z-scores, ``composite_weights``) in the top ``unfavourable_share``
   (or above ``composite_threshold``); schools of equal value are in or out of a share together.
4. **Leaders.** Results in the top ``top_share`` of the region in each of ``leader_years``
   (3, up to 5) consecutive years, not low-results, not at risk (share below the minimum at or
   above ``risk_share`` in the latest year, or far below what its context predicts), and —
   when known — at least ``min_qualified_share`` of teachers with the highest or first category.
5. **Context-adjusted results.** Ordinary least squares of each school's overall z-score on
   its social context (``numpy.linalg.lstsq`` with an intercept); the residual says how far
   results are above or below what the context predicts. Schools ``expectation_sigma``
   residual standard deviations below are flagged *below expectation*; disadvantaged schools
   (the bottom ``unfavourable_share`` of context) with a positive residual of at least
   ``resilient_sigma`` are *resilient* — the preferred leaders for ШНСУ.

A school with results in fewer than ``min_years`` of the window's years is *insufficient
data*: never silently low or high. What the rules cannot apply to the registry as a whole (no
results, fewer years than a rule asks for, no share below the minimum, no social context, no
leader at all) is told in :attr:`Identification.notes`, and rules asking for more years than
the data hold use the years there are, or not, as ``short_data`` says
(:mod:`~netmatch._identify.notes`). Each rule is a function of :mod:`~netmatch._identify.rules`,
its reasons are written by :mod:`~netmatch._identify.reasons`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from netmatch._base.params import MAPPING, NONE, coerce, of, validate_params
from netmatch._data import Registry
from netmatch._data.surveys import satisfied_shares
from netmatch._identify.notes import data_notes, effective_rules, kind_notes, outcome_notes, stop_problems
from netmatch._identify.reasons import Findings, declared_reason, kind_reason, school_reasons
from netmatch._identify.results import Identification, IdentificationRules
from netmatch._identify.rules import (
    computed_statuses,
    context_adjusted,
    declared_statuses,
    leader_rule,
    low_results,
    social_context,
)
from netmatch._identify.standardise import cells, select_window, standing, subject_profile, zscores
from netmatch.exceptions import InvalidInputError

__all__ = ["identify"]


@validate_params(registry=of(Registry, text="a Registry"),
                 rules=(of(IdentificationRules, text="IdentificationRules"), MAPPING, NONE))
def identify(registry: Registry, rules: IdentificationRules | Mapping[str, Any] | None = None) -> Identification:
    """Name the ШНОР, ШНСУ and leader schools of a registry, with reasons.

    Parameters
    ----------
    registry : Registry
    rules : IdentificationRules or dict, optional
        Thresholds; see :class:`IdentificationRules` for every one and its default.

    Returns
    -------
    Identification
        Statuses, reasons, the subject profile and context-adjusted results of every school.

    Raises
    ------
    InvalidInputError
        Naming every bad rule at once; or, with ``short_data="stop"``, every rule the data cannot
        meet (the notes, with their settings).

    Examples
    --------
    >>> from netmatch.datasets import load_demo
    >>> ident = identify(load_demo())
    >>> len(ident.low_results)
    3
    >>> print(ident.reasons_of(ident.low_results[0])[0].text("en"))  # doctest: +ELLIPSIS
    EGE, биология: share below the minimum 2024: 50%, 2025: 100% (threshold 30%)
    """
    given = coerce(IdentificationRules, rules, "identify")
    schools = registry.schools
    win = select_window(registry, given)
    notes = data_notes(registry, win, given)
    if notes and given.short_data == "stop":
        raise InvalidInputError(stop_problems(notes))
    rules = effective_rules(given, win)  # the rules as they apply: the reasons quote these
    notes += kind_notes(registry, win, given)
    cell = cells(win)
    z = zscores(cell, win.value, int(cell.max()) + 1 if len(cell) else 0)
    profile, prof = subject_profile(win, z)
    stand = standing(win, z, cell, rules)
    low = low_results(win, stand, prof, profile.keys, rules)
    ctx = social_context(schools, rules, win.excluded,
                         {"share_satisfied": satisfied_shares(registry.surveys, registry.ids)[0]})
    adj = context_adjusted(stand.overall, ctx.context, low.low, rules)
    lead = leader_rule(win, stand, low, adj, schools, rules)

    findings = Findings(win=win, stand=stand, low=low, ctx=ctx, adj=adj, lead=lead, rules=rules)
    reasons = [school_reasons(i, findings) for i in range(len(registry))]
    for i in np.flatnonzero(win.excluded | (win.group > 0)).tolist():
        kind = schools[i].kind
        if kind is not None:  # an excluded school has no verdict: only why it has none
            how = rules.school_kinds[kind]
            reasons[i] = [kind_reason(kind, how)] if how == "exclude" else [kind_reason(kind, how), *reasons[i]]
    computed = computed_statuses(low.low, ctx.unfavourable, lead.leader, stand.insufficient)
    declared, final, disagree = declared_statuses(schools, computed, rules)
    for i, status, flag in disagree:
        reasons[i].append(declared_reason(status, flag, status in computed[i]))
    notes += outcome_notes(notes, final, lead, low, stand, rules)

    return Identification(
        ids=registry.ids,
        statuses=tuple(final),
        reasons=tuple(tuple(r) for r in reasons),
        profile=profile,
        overall=stand.overall,
        context=ctx.context,
        expected=adj.expected,
        residual=adj.residual,
        below_expectation=adj.below_expectation,
        resilient=adj.resilient,
        years=win.years,
        rules=given,
        computed=tuple(computed),
        declared=tuple(declared),
        disagreements=tuple((schools[i].id, status.value, "declared" if flag else "computed")
                            for i, status, flag in disagree),
        notes=tuple(notes),
        borderline=low.borderline,
    )
