"""The published rules of identification, one small function each, on the standardised arrays.

Each rule computes its flags (one per school) and the values its reasons quote:

* :func:`threshold_rule` and :func:`relative_rule` — low results (ШНОР), combined by
  :func:`low_results` as ``IdentificationRules.low_rule`` says;
* :func:`social_context` — unfavourable conditions (ШНСУ) from the well-being index or, where
  it is absent, the composite of its components;
* :func:`context_adjusted` — what the context predicts, *below expectation* and *resilient*;
* :func:`leader_rule` — leaders: top results years running, not at risk, qualified staff;
* :func:`computed_statuses` and :func:`declared_statuses` — the statuses, and the registry's
  declared ones compared and chosen by ``status_source``.

>>> import numpy as np
>>> [sorted(s.value for s in st) for st in computed_statuses(
...     np.array([True, False]), np.array([True, False]), np.array([False, True]), np.array([False, False]))]
[['low_results', 'unfavourable'], ['leader']]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from netmatch._base.ranks import standing
from netmatch._data import School
from netmatch._identify.results import COMPONENTS, SURVEY_COMPONENTS, IdentificationRules, Status
from netmatch._identify.standardise import (
    Standing,
    Window,
    bottom_value,
    group_mean,
    longest_run,
    nanmean,
    percentile_in_group,
    standardise,
)
from netmatch.exceptions import InvalidInputError, Problem

__all__ = [
    "DECLARED_FLAGS",
    "Adjusted",
    "Context",
    "Leaders",
    "LowResults",
    "ShareCells",
    "computed_statuses",
    "context_adjusted",
    "declared_statuses",
    "failing",
    "leader_rule",
    "low_results",
    "relative_rule",
    "social_context",
    "threshold_rule",
    "wilson",
]

#: The registry's declared statuses: each status and the school attribute that declares it.
DECLARED_FLAGS = ((Status.LOW_RESULTS, "declared_low_results"), (Status.UNFAVOURABLE, "declared_unfavourable"),
                  (Status.LEADER, "declared_leader"))


# --- low results (ШНОР) ----------------------------------------------------------------------


@dataclass(frozen=True)
class LowResults:
    """The two low-results rules and their verdict.

    ``fail`` (n, procedures, years): the procedure failed the threshold that year (with
    ``by_subject``, in any of its subjects); ``cells`` the shares the threshold rule read, with
    their intervals (:class:`ShareCells`: per subject profile key, whose (procedure, subject) are
    ``keys``, or per procedure); ``counted`` the years the rule reads (the latest ones, or all of
    the window); ``decisive`` (n, procedures, years) the open decisions that would turn a
    ``borderline`` status; ``percentile`` (n, procedures, years) the school's regional rank;
    ``bottom`` where that rank is within ``bottom_share`` above the floor; ``threshold``,
    ``relative`` and ``low`` per school.
    """

    fail: np.ndarray
    threshold: np.ndarray
    percentile: np.ndarray
    bottom: np.ndarray
    relative: np.ndarray
    low: np.ndarray
    cells: ShareCells
    counted: tuple[int, ...]
    keys: tuple[tuple[str, str], ...]
    borderline: np.ndarray
    decisive: np.ndarray


def wilson(share: np.ndarray, n: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of each share of ``n`` trials (the share itself where ``n`` is unknown or 0).

    Wilson (1927); it stays within [0, 1] and is honest for small ``n`` and shares near 0 or 1,
    where the normal approximation is not.

    >>> lo, hi = wilson(np.array([1 / 3, 0.3, 0.5]), np.array([3, 1000, np.nan]))
    >>> lo.round(3).tolist(), hi.round(3).tolist()
    ([0.061, 0.272, 0.5], [0.792, 0.329, 0.5])
    """
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + confidence / 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = 1 + z * z / n
        centre = (share + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    known = np.isfinite(half) & (n > 0)
    return np.where(known, np.clip(centre - half, 0, 1), share), np.where(known, np.clip(centre + half, 0, 1), share)


def failing(share: np.ndarray, rules: IdentificationRules) -> np.ndarray:
    """Where a share below the minimum fails the threshold: at or above it, or above it when strict.

    >>> failing(np.array([0.3, 0.25, np.nan]), IdentificationRules()).tolist()
    [True, False, False]
    >>> failing(np.array([0.25, 0.26]), IdentificationRules(preset="rosobrnadzor")).tolist()
    [False, True]
    """
    with np.errstate(invalid="ignore"):
        out = share > rules.low_share_threshold if rules.low_share_strict else share >= rules.low_share_threshold
    return np.asarray(out, dtype=bool)


@dataclass(frozen=True)
class ShareCells:
    """The shares the threshold rule reads, (n, keys, years): per subject key, or per procedure averaged.

    ``share`` and its Wilson interval ``low``-``high`` from ``participants`` (NaN: not given);
    ``fail`` the verdict on each; ``key_proc`` each key's procedure (``None``: the keys are the procedures).
    """

    share: np.ndarray
    participants: np.ndarray
    low: np.ndarray
    high: np.ndarray
    fail: np.ndarray
    key_proc: np.ndarray | None

    @property
    def procedure(self) -> np.ndarray:
        """Each key's procedure."""
        return self.key_proc if self.key_proc is not None else np.arange(self.share.shape[1])


@dataclass(frozen=True)
class _Threshold:
    fail: np.ndarray
    flag: np.ndarray
    cells: ShareCells
    counted: tuple[int, ...]
    decisive: np.ndarray  # (n, procedures, years): the open decisions that would turn a status


def _share_cells(win: Window, stand: Standing, prof: np.ndarray, nk: int, rules: IdentificationRules
                 ) -> ShareCells:
    """The shares below the minimum per school, subject key (or procedure) and year, with their intervals."""
    n, ny = win.n, win.ny
    if rules.by_subject:
        key, size, key_proc = (win.school * nk + prof) * ny + win.year, n * nk * ny, np.zeros(nk, dtype=np.int64)
        key_proc[prof] = win.proc  # a key is one procedure's subject
        share = group_mean(key, win.below, win.weight, size).reshape(n, nk, ny)
    else:
        key, size, key_proc = (win.school * win.npr + win.proc) * ny + win.year, n * win.npr * ny, None
        share = stand.below
    known, part = ~np.isnan(win.below), win.participants
    total = np.bincount(key[known], weights=np.nan_to_num(part[known]), minlength=size)
    unknown = np.bincount(key[known & np.isnan(part)], minlength=size)  # a share without its count: exact
    count = np.where(unknown > 0, np.nan, total).reshape(share.shape)
    low, high = wilson(share, count, rules.confidence)
    fail = failing(low if rules.uncertainty == "interval" else share, rules)
    return ShareCells(share, count, low, high, fail, key_proc)


def _per_procedure(fail: np.ndarray, cells: ShareCells, npr: int) -> np.ndarray:
    """(n, procedures, years): a procedure fails in a year when one of its keys does."""
    if cells.key_proc is None:
        return fail
    out = np.zeros((fail.shape[0], npr, fail.shape[2]), dtype=bool)
    for p in range(npr):  # a few procedures: one reduction each over their subjects
        out[:, p, :] = fail[:, cells.key_proc == p, :].any(axis=1)
    return out


def _verdict(fail: np.ndarray, rules: IdentificationRules) -> tuple[np.ndarray, tuple[int, ...]]:
    """Per school, whether procedures failing as ``fail`` (n, procedures, years) make it ШНОР; the years read."""
    n, _, ny = fail.shape
    run = rules.consecutive_years
    if rules.threshold_years == "latest":
        within = fail[:, :, -1].sum(axis=1) >= rules.min_procedures
        runs = np.asarray(fail[:, :, ny - run:].all(axis=2), dtype=bool).any(axis=1) if run <= ny \
            else np.zeros(n, bool)
        return within & runs, tuple(range(max(ny - run, 0), ny))
    within = (fail.sum(axis=1) >= rules.min_procedures).any(axis=1)
    return within & (longest_run(fail).max(axis=1) >= run), tuple(range(ny))


def threshold_rule(win: Window, stand: Standing, prof: np.ndarray, keys: Sequence[tuple[str, str]],
                   rules: IdentificationRules) -> _Threshold:
    """The share below the minimum fails the threshold (:func:`failing`) in ``min_procedures``
    procedures within a year, and in one of them ``consecutive_years`` years running.

    With ``threshold_years="latest"`` (the published reading) the year is the window's latest
    and the run ends with it; with ``"any"`` both may lie anywhere in the window. With
    ``by_subject`` a procedure fails in a year when one of its subjects does, on that subject's
    own share (weighted by participants over the grades); else on the mean of its subjects. A
    verdict is *borderline* when the shares' Wilson intervals leave it open (see the comment).
    """
    cells = _share_cells(win, stand, prof, len(keys), rules)
    if not win.ny:
        empty = np.zeros((win.n, win.npr, 0), bool)
        return _Threshold(empty, np.zeros(win.n, bool), cells, (), empty)
    fail = _per_procedure(cells.fail, cells, win.npr)
    flag, counted = _verdict(fail, rules)
    # A listed school is borderline unless its status holds with every share at the low end of its
    # interval. A school not listed is borderline when one open decision (a procedure's verdict in a
    # year, the threshold inside its shares' intervals) would list it, or when its shares as given
    # would (uncertainty="interval"): never all open decisions at once, which tiny cohorts always allow.
    sure = _per_procedure(failing(cells.low, rules), cells, win.npr)
    point = fail if rules.uncertainty == "estimate" else _per_procedure(failing(cells.share, rules), cells, win.npr)
    could_fail = _per_procedure(failing(cells.high, rules), cells, win.npr) & ~fail
    decisive = np.zeros_like(fail)
    for p in range(win.npr):  # one decision at a time
        for y in counted:
            up = fail.copy()
            up[:, p, y] |= could_fail[:, p, y]
            decisive[:, p, y] = _verdict(up, rules)[0] & could_fail[:, p, y]
    by_point = _verdict(point, rules)[0] & ~flag
    decisive[by_point] |= (point & ~fail)[by_point]
    listed = flag & ~_verdict(sure, rules)[0]
    decisive[listed] = (fail & ~sure)[listed]
    decisive[~(listed | ~flag)] = False
    return _Threshold(fail, flag, cells, counted, decisive)


def relative_rule(win: Window, stand: Standing,
                  rules: IdentificationRules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean results in a procedure in the bottom ``bottom_share`` of the region ``bottom_years``
    years running, each of those years with at least ``relative_floor`` of the participants below the
    minimum there: (regional percentile, bottom mask, flag per school)."""
    n, npr, ny = win.n, win.npr, win.ny
    # ranked per (group, procedure, year): a kind compared in its own group is ranked within it
    pct = percentile_in_group(
        (win.group[:, None] * (npr * ny) + np.arange(npr * ny)[None, :]).reshape(-1),
        stand.percentile.reshape(-1),
    ).reshape(n, npr, ny)
    bottom = pct <= rules.bottom_share
    if rules.relative_floor > 0:  # the absolute floor: a district of good schools has no bottom to flag
        with np.errstate(invalid="ignore"):
            bottom &= stand.below >= rules.relative_floor
    low_relative = np.zeros(n, bool)
    if ny and rules.bottom_share > 0:
        low_relative = np.asarray((longest_run(bottom) >= rules.bottom_years).any(axis=1))
    return pct, bottom, low_relative


def low_results(win: Window, stand: Standing, prof: np.ndarray, keys: Sequence[tuple[str, str]],
                rules: IdentificationRules) -> LowResults:
    """Both low-results rules, combined by ``low_rule``; never a school with insufficient data."""
    found = threshold_rule(win, stand, prof, keys, rules)
    low_threshold = found.flag
    pct, bottom, low_relative = relative_rule(win, stand, rules)
    if rules.low_rule == "threshold":
        low = low_threshold
    elif rules.low_rule == "relative":
        low = low_relative
    elif rules.low_rule == "both":
        low = low_threshold & low_relative
    else:
        low = low_threshold | low_relative
    # a status hangs on the threshold rule's shares only where the other rule does not decide it
    hangs = {"threshold": True, "either": ~low_relative, "both": low_relative, "relative": False}[rules.low_rule]
    borderline = np.asarray(found.decisive.any(axis=(1, 2)), dtype=bool) & hangs & ~stand.insufficient
    return LowResults(fail=found.fail, threshold=low_threshold, percentile=pct, bottom=bottom, relative=low_relative,
                      low=low & ~stand.insufficient, cells=found.cells, counted=found.counted, keys=tuple(keys),
                      borderline=borderline, decisive=found.decisive)


# --- unfavourable conditions (ШНСУ) ------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """The social context of every school and the unfavourable-conditions rule.

    ``context`` is standardised, higher = more favourable (NaN where unknown);
    ``by_index``/``by_composite`` say which measure made a school unfavourable, against
    ``wellbeing_threshold``/``composite_threshold`` (None when nothing to judge).
    """

    wellbeing: np.ndarray
    components: dict[str, np.ndarray]
    composite: np.ndarray
    wellbeing_threshold: float | None
    composite_threshold: float | None
    by_index: np.ndarray
    by_composite: np.ndarray
    unfavourable: np.ndarray
    context: np.ndarray


def _column(schools: Sequence[School], attr: str) -> np.ndarray:
    return np.array([np.nan if getattr(s, attr) is None else getattr(s, attr) for s in schools], dtype=float)


def _components(schools: Sequence[School], rules: IdentificationRules, given: Mapping[str, np.ndarray]
                ) -> dict[str, np.ndarray]:
    """Each weighted indicator of the composite for every school (NaN where not given): the registry's own
    fields, the components its other tables give (``given``: the surveys' share satisfied), and by name the
    indicators of conditions it adds (``School.context_indicators``).

    A named indicator no school has is a mistake (a misspelt name, a column not read), not a zero.
    """
    comps, absent = {}, []
    for c in rules.composite_weights:
        if c in COMPONENTS or c in given:
            comps[c] = _column(schools, c) if c in COMPONENTS else given[c].astype(float)  # a copy
            continue
        if c in SURVEY_COMPONENTS:  # no survey in the registry: as a field no school gives
            comps[c] = np.full(len(schools), np.nan)
            continue
        comps[c] = np.array([s.context_indicators.get(c, math.nan) for s in schools], dtype=float)
        if len(schools) and np.isnan(comps[c]).all():
            absent.append(c)
    if absent:
        named = sorted({k for s in schools for k in s.context_indicators})
        raise InvalidInputError([Problem(
            "rules", f"an indicator the registry holds; no school has {c!r} (the registry's own indicators of "
            f"conditions: {', '.join(map(repr, named)) or 'none'})", column="composite_weights",
            fix="Add a column «Условия: <name>» to the schools table, map a column to \"context\" (--columns), "
                "or correct the name.",
            expected_ru=f"показатель, который есть в реестре; «{c}» нет ни у одной школы (показатели условий "
                        f"реестра: {', '.join(f'«{k}»' for k in named) or 'нет'})",
            fix_ru="Добавьте в таблицу школ столбец «Условия: <название>», сопоставьте столбец с «context» "
                   "(--columns) или исправьте название.") for c in absent])
    return comps


def _composite(components: dict[str, np.ndarray], rules: IdentificationRules, n: int) -> np.ndarray:
    """The weighted mean of the components' z-scores (a favourable one's turned round), over those a school has."""
    zc_parts = [(w, -standardise(v) if c in rules.composite_favourable else standardise(v))
                for c, v in components.items() if (w := rules.composite_weights[c])]
    if not zc_parts:
        return np.full(n, np.nan)
    num = sum(w * np.nan_to_num(v) for w, v in zc_parts)
    den = sum(w * (~np.isnan(v)) for w, v in zc_parts)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(den > 0, num / np.where(den > 0, den, 1), np.nan))


def social_context(schools: Sequence[School], rules: IdentificationRules,
                   excluded: np.ndarray | None = None, given: Mapping[str, np.ndarray] | None = None) -> Context:
    """The well-being index in the bottom ``unfavourable_share`` (or below ``wellbeing_threshold``);
    without it, the composite in the top ``unfavourable_share`` (or above ``composite_threshold``).
    Schools ``excluded`` (by kind) take no part: their context is unknown here. ``given``: components from
    the registry's other tables (``share_satisfied``, :func:`netmatch._data.surveys.satisfied_shares`)."""
    wellbeing = _column(schools, "social_wellbeing_index")
    comps = _components(schools, rules, given or {})
    if "share_registered" in comps:  # a count of pupils on the register, as a share where none is given
        share = comps["share_registered"]
        with np.errstate(invalid="ignore", divide="ignore"):
            derived = _column(schools, "registered_count") / _column(schools, "students")
        derived[~np.isfinite(derived)] = np.nan
        comps["share_registered"] = np.where(np.isnan(share), np.minimum(derived, 1.0), share)
    if excluded is not None and excluded.any():
        for values in (wellbeing, *comps.values()):
            values[excluded] = np.nan
    composite = _composite(comps, rules, len(schools))
    has_index = ~np.isnan(wellbeing)
    ok_index = wellbeing[has_index]
    w_thr = rules.wellbeing_threshold
    if w_thr is None and len(ok_index):
        w_thr = bottom_value(ok_index, rules.unfavourable_share)
    c_thr = rules.composite_threshold
    comp_all = composite[~np.isnan(composite)]
    if c_thr is None and len(comp_all):
        c_thr = -bottom_value(-comp_all, rules.unfavourable_share)
    unfav_index = has_index & (wellbeing <= (w_thr if w_thr is not None else -math.inf))
    unfav_comp = ~has_index & ~np.isnan(composite) & (composite >= (c_thr if c_thr is not None else math.inf))
    if rules.unfavourable_share == 0 and rules.wellbeing_threshold is None:
        unfav_index[:] = False
    if rules.unfavourable_share == 0 and rules.composite_threshold is None:
        unfav_comp[:] = False
    return Context(wellbeing=wellbeing, components=comps, composite=composite, wellbeing_threshold=w_thr,
                   composite_threshold=c_thr, by_index=unfav_index, by_composite=unfav_comp,
                   unfavourable=unfav_index | unfav_comp,
                   context=np.where(has_index, standardise(wellbeing), -standardise(composite)))


# --- context-adjusted results --------------------------------------------------------------------


@dataclass(frozen=True)
class Adjusted:
    """Results against what the context predicts (ordinary least squares with an intercept)."""

    expected: np.ndarray
    residual: np.ndarray
    residual_sd: float
    below_expectation: np.ndarray
    resilient: np.ndarray
    #: Share of the schools whose residual is as high or higher, and as low or lower (:func:`standing`).
    top: np.ndarray
    bottom: np.ndarray


def context_adjusted(overall: np.ndarray, context: np.ndarray, low: np.ndarray,
                     rules: IdentificationRules) -> Adjusted:
    """``expectation_sigma`` residual sds below: *below expectation*; a disadvantaged context (its
    bottom ``unfavourable_share``) and ``resilient_sigma`` above, not low-results: *resilient*."""
    n = len(overall)
    expected = np.full(n, np.nan)
    fit = ~np.isnan(overall) & ~np.isnan(context)
    if fit.sum() >= 3:
        design = np.c_[np.ones(fit.sum()), context[fit]]
        coef, *_ = np.linalg.lstsq(design, overall[fit], rcond=None)
        expected[~np.isnan(context)] = coef[0] + coef[1] * context[~np.isnan(context)]
    residual = overall - expected
    res_sd = float(np.nanstd(residual, ddof=1)) if np.sum(~np.isnan(residual)) >= 3 else math.nan
    known_sd = not math.isnan(res_sd)
    below_exp: np.ndarray = ~np.isnan(residual) & (residual <= -rules.expectation_sigma * res_sd) if known_sd \
        else np.zeros(n, bool)
    ctx_ok = context[~np.isnan(context)]
    disadvantaged = ~np.isnan(context) & (context <= (np.quantile(ctx_ok, rules.unfavourable_share)
                                                      if len(ctx_ok) else -math.inf))
    resilient = disadvantaged & ~np.isnan(residual) & (residual > rules.resilient_sigma * (res_sd if known_sd
                                                                                           else 0.0))
    top, bottom = standing(residual)
    return Adjusted(expected=expected, residual=residual, residual_sd=res_sd, below_expectation=below_exp,
                    resilient=resilient & ~low, top=top, bottom=bottom)


# --- leaders ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaders:
    """The leader rule: ``run`` of years in the top, ``at_risk``, ``qualified`` share of teachers
    (NaN when unknown), ``staff_ok`` and the verdict ``leader``."""

    run: np.ndarray
    at_risk: np.ndarray
    qualified: np.ndarray
    staff_ok: np.ndarray
    leader: np.ndarray


def leader_rule(win: Window, stand: Standing, low: LowResults, adjusted: Adjusted, schools: Sequence[School],
                rules: IdentificationRules) -> Leaders:
    """Top ``top_share`` of the region ``leader_years`` years running, not low, not at risk, with
    at least ``min_qualified_share`` qualified teachers when known, and enough years of data."""
    n, npr, ny = win.n, win.npr, win.ny
    year_pct = nanmean(low.percentile, axis=1)  # (n, ny): mean percentile over procedures
    year_rank = percentile_in_group((win.group[:, None] * ny + np.arange(ny)[None, :]).reshape(-1),
                                    year_pct.reshape(-1)).reshape(n, ny) if ny else np.zeros((n, 0))
    top = year_rank >= 1 - rules.top_share
    lead_run = longest_run(top) if ny else np.zeros(n, int)
    latest_below = stand.below[:, :, -1] if ny else np.full((n, npr), np.nan)
    at_risk = (np.nan_to_num(latest_below, nan=0) >= rules.risk_share).any(axis=1) | adjusted.below_expectation
    qual = np.array([np.nan if s.share_highest_category is None and s.share_first_category is None
                     else (s.share_highest_category or 0) + (s.share_first_category or 0) for s in schools])
    staff_ok = np.isnan(qual) | (qual >= (rules.min_qualified_share or 0))
    enough_years = ny >= rules.leader_years
    leader = (lead_run >= rules.leader_years) & ~low.low & ~at_risk & staff_ok & ~stand.insufficient & enough_years
    return Leaders(run=lead_run, at_risk=at_risk, qualified=qual, staff_ok=staff_ok, leader=leader)


# --- statuses ----------------------------------------------------------------------------------------


def computed_statuses(low: np.ndarray, unfavourable: np.ndarray, leader: np.ndarray,
                      insufficient: np.ndarray) -> list[frozenset[Status]]:
    """Each school's statuses by the rules: a ШНОР/ШНСУ is never a leader; no status is ORDINARY."""
    computed: list[frozenset[Status]] = []
    for lo, un, le, ins in zip(low.tolist(), unfavourable.tolist(), leader.tolist(), insufficient.tolist(),
                               strict=True):
        st: set[Status] = set()
        if lo:
            st.add(Status.LOW_RESULTS)
        if un:
            st.add(Status.UNFAVOURABLE)
        if le and not st:
            st.add(Status.LEADER)
        if ins:
            st.add(Status.INSUFFICIENT_DATA)
        computed.append(frozenset(st or {Status.ORDINARY}))
    return computed


def _chosen(computed: frozenset[Status], given: dict[Status, bool], source: str) -> frozenset[Status]:
    """The statuses ``status_source`` keeps from the computed and the declared ones."""
    st = set(computed)
    for status, flag in given.items():
        if source == "declared" or (source == "union" and flag):
            if flag:
                st.add(status)
            else:
                st.discard(status)
    if source != "computed":
        if st & {Status.LOW_RESULTS, Status.UNFAVOURABLE}:
            st.discard(Status.LEADER)
        if st - {Status.ORDINARY}:
            st.discard(Status.ORDINARY)
        elif not st:
            st.add(Status.ORDINARY)
    return frozenset(st)


def declared_statuses(schools: Sequence[School], computed: Sequence[frozenset[Status]], rules: IdentificationRules
                      ) -> tuple[list[frozenset[Status] | None], list[frozenset[Status]],
                                 list[tuple[int, Status, bool]]]:
    """The registry's declared statuses, the final ones by ``status_source``, and the disagreements.

    Returns (declared per school or None, final statuses, (row, status, declared flag) of each
    status where the registry and the rules differ, by row).
    """
    declared: list[frozenset[Status] | None] = []
    final: list[frozenset[Status]] = []
    disagreements: list[tuple[int, Status, bool]] = []
    for i, s in enumerate(schools):
        given = {status: getattr(s, attr) for status, attr in DECLARED_FLAGS if getattr(s, attr) is not None}
        declared.append(frozenset(k for k, v in given.items() if v) if given else None)
        disagreements += [(i, status, flag) for status, flag in given.items() if flag != (status in computed[i])]
        final.append(_chosen(computed[i], given, rules.status_source))
    return declared, final, disagreements
