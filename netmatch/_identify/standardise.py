"""Step 1 of identification: the results in the window, standardised and summed up per school.

Within each procedure, year, grade and subject a school's mean result becomes a z-score and a
percentile against the region (all schools of the registry); the *subject profile* averages the
z-scores of each (procedure, subject) over the years, and the *standing* averages them per
(school, procedure, year). Everything is vectorised over the registry's results with integer
group codes (``numpy.bincount``), never string keys.

>>> import numpy as np
>>> zscores(np.array([0, 0, 0]), np.array([1.0, 2.0, 3.0]), 1).tolist()
[-1.0, 0.0, 1.0]
>>> percentile_in_group(np.array([0, 0, 1]), np.array([5.0, 5.0, 1.0])).tolist()
[0.5, 0.5, 0.5]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from netmatch._base.parse import norm
from netmatch._data import Assessment, Registry, ResultTable, spellings
from netmatch._identify.results import IdentificationRules, SubjectProfile

__all__ = [
    "Standing",
    "Window",
    "bottom_value",
    "cells",
    "group_mean",
    "kind_groups",
    "longest_run",
    "nanmean",
    "percentile_in_group",
    "procedures_of",
    "result_z",
    "select_window",
    "standardise",
    "standing",
    "subject_profile",
    "zscores",
]


# --- array helpers ---------------------------------------------------------------------------


def group_mean(keys: np.ndarray, values: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Weighted mean of ``values`` per group id in ``keys`` (NaN values skipped; NaN for an empty group).

    >>> group_mean(np.array([0, 0, 2]), np.array([1.0, 3.0, np.nan]), np.array([1.0, 3.0, 1.0]), 3).tolist()
    [2.5, nan, nan]
    """
    ok = ~np.isnan(values)
    s = np.bincount(keys[ok], weights=values[ok] * weights[ok], minlength=n)
    w = np.bincount(keys[ok], weights=weights[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(w > 0, s / np.where(w > 0, w, 1), np.nan)


def percentile_in_group(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Rank of each value within its group, as (rank - 0.5) / group size; ties share the mean rank."""
    out = np.full(len(value), np.nan)
    ok = ~np.isnan(value)
    idx = np.flatnonzero(ok)
    if len(idx) == 0:
        return out
    g, v = group[idx], value[idx]
    by_value = np.argsort(v, kind="stable")
    order = by_value[np.argsort(g[by_value], kind="stable")]  # by group, then value: two cheap sorts
    g_sorted, v_sorted = g[order], v[order]
    n = len(order)
    start_of_group = np.r_[True, g_sorted[1:] != g_sorted[:-1]]
    group_id = np.cumsum(start_of_group) - 1
    group_start = np.flatnonzero(start_of_group)
    sizes = np.diff(np.r_[group_start, n])
    pos = np.arange(n) - group_start[group_id]
    # ties: average position within runs of equal (group, value)
    run_start = np.r_[True, (g_sorted[1:] != g_sorted[:-1]) | (v_sorted[1:] != v_sorted[:-1])]
    run_id = np.cumsum(run_start) - 1
    run_mean = np.bincount(run_id, weights=pos) / np.bincount(run_id)
    pct = (run_mean[run_id] + 0.5) / sizes[group_id]
    out[idx[order]] = pct
    return out


def zscores(group: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
    """z-score of each value within its group (sample sd); 0 where a group's values are all equal."""
    ok = ~np.isnan(value)
    cnt = np.bincount(group[ok], minlength=n_groups).astype(float)
    s = np.bincount(group[ok], weights=value[ok], minlength=n_groups)
    ss = np.bincount(group[ok], weights=value[ok] ** 2, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / cnt
        var = np.maximum(ss / cnt - mean**2, 0.0)
        sd = np.sqrt(var * cnt / np.maximum(cnt - 1, 1))
        z = (value - mean[group]) / sd[group]
    z[~np.isfinite(z)] = np.nan
    z[ok & (sd[group] == 0)] = 0.0  # everyone equal: nobody above or below
    return np.asarray(z, dtype=float)


def nanmean(a: np.ndarray, axis: int | tuple[int, ...]) -> np.ndarray:
    """Mean ignoring NaN; NaN (and no warning) where a slice has no value.

    >>> nanmean(np.array([[1.0, np.nan], [np.nan, np.nan]]), axis=1).tolist()
    [1.0, nan]
    """
    ok = ~np.isnan(a)
    cnt = ok.sum(axis=axis)
    tot = np.where(ok, a, 0.0).sum(axis=axis)
    return np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)


def bottom_value(x: np.ndarray, share: float) -> float:
    """The largest value such that the values at or below it are at most ``floor(share * len(x))`` (-inf: none).

    "The bottom 20%" of 18 schools is 3 schools, not 4: no school is counted in part — nor a tie
    across the cut: schools of equal value are in or out together, so a district where every
    school is alike has no bottom 20%.

    >>> bottom_value(np.arange(18.0), 0.2)
    2.0
    >>> bottom_value(np.array([1.0, 2.0, 2.0, 3.0, 4.0]), 0.4), bottom_value(np.ones(10), 0.2)
    (1.0, -inf)
    """
    k = math.floor(share * len(x) + 1e-9)
    if k <= 0:
        return -math.inf
    s = np.sort(x)
    cut = float(s[k - 1])
    if k < len(s) and s[k] == cut:  # the tie crosses the cut: left out whole
        below = int(np.searchsorted(s, cut, side="left"))
        return float(s[below - 1]) if below > 0 else -math.inf
    return cut


def result_z(results: ResultTable, assessments: Sequence[Assessment]) -> tuple[np.ndarray, np.ndarray]:
    """Each result's z-score across the registry within its procedure, subject, grade and year, and its
    cell (procedure, subject, grade) as one integer.

    The value is the mean score, else the mean percent, turned round for a lower-is-better
    assessment; the z-score is NaN where it is unknown or its cell and year have no spread. Unlike
    identification (:func:`standing`), schools are not weighted nor split by kind: this is what the
    report's dynamics and the indicators of rising results compare.

    >>> t = ResultTable.from_columns({"school": ["A", "B", "A", "B"], "year": [2024, 2024, 2025, 2025],
    ...     "procedure": ["ЕГЭ"] * 4, "subject": ["химия"] * 4, "mean_score": [40, 60, 70, 50]})
    >>> z, cell = result_z(t, ())
    >>> z.tolist(), len(set(cell.tolist()))
    ([-1.0, 1.0, 1.0, -1.0], 1)
    """
    import pandas as pd

    proc, procs = results.codes("procedure")
    subject, subjects = results.codes("subject")
    value = np.where(np.isnan(results.mean_score), results.mean_percent, results.mean_score)
    lower = np.isin(procs, [a.code for a in assessments if not a.higher_is_better])
    value = np.where(lower[proc], -value, value)
    cell = (proc * len(subjects) + subject) * 12 + np.nan_to_num(results.grade, nan=0.0).astype(np.int64)
    grouped = pd.DataFrame({"cell": cell, "year": results.year, "value": value}).groupby(
        ["cell", "year"], sort=False)["value"]
    sd = grouped.transform("std", ddof=0)
    z = ((pd.Series(value) - grouped.transform("mean")) / sd.where(sd > 0)).to_numpy(dtype=float)
    return z, cell


def standardise(x: np.ndarray) -> np.ndarray:
    """``(x - mean) / sd`` over the known values (sd 1 if they are all equal; 0 with fewer than two).

    >>> standardise(np.array([1.0, 3.0, np.nan])).round(3).tolist()
    [-0.707, 0.707, nan]
    """
    ok = ~np.isnan(x)
    if ok.sum() < 2:
        return np.where(ok, 0.0, np.nan)
    sd = float(np.std(x[ok], ddof=1))
    return (x - float(np.mean(x[ok]))) / (sd if sd > 0 else 1.0)


def longest_run(mask: np.ndarray) -> np.ndarray:
    """Length of the longest run of True along the last axis.

    >>> longest_run(np.array([[True, False, True, True], [False, False, False, False]])).tolist()
    [2, 0]
    """
    best = np.zeros(mask.shape[:-1], dtype=int)
    cur = np.zeros(mask.shape[:-1], dtype=int)
    for k in range(mask.shape[-1]):
        cur = np.where(mask[..., k], cur + 1, 0)
        best = np.maximum(best, cur)
    return best


# --- the window and its standardisation --------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The registry's results that the rules judge, one entry per result row kept.

    ``school``, ``year``, ``proc`` and ``subject`` are integer codes (registry row, position in
    ``years``, position in ``procs``, position in ``subjects``); ``names`` the procedures' names
    (ru, en). ``value`` is each result's mean score (or mean percent) with its sign turned for an
    assessment where a lower score is better, so that higher is better throughout. Per school (registry row),
    ``group`` is its comparison group (0: every school compared together; one more code per
    kind ranked within its own group) and ``excluded`` whether its kind is left out
    (``IdentificationRules.school_kinds``); the results of excluded schools are not kept.
    """

    n: int
    years: tuple[int, ...]
    procs: tuple[str, ...]
    subjects: np.ndarray
    school: np.ndarray
    year: np.ndarray
    proc: np.ndarray
    subject: np.ndarray
    grade: np.ndarray
    value: np.ndarray
    below: np.ndarray
    weight: np.ndarray
    group: np.ndarray
    excluded: np.ndarray
    participants: np.ndarray  # per result kept: the number of participants, NaN where not given
    names: tuple[tuple[str, str], ...] = ()

    def name(self, p: int, lang: str = "ru") -> str:
        """The name of the window's procedure ``p`` in ``lang`` (its code when the window has no names)."""
        if p < len(self.names):
            return self.names[p][0 if lang == "ru" else 1]
        return self.procs[p]

    @property
    def ny(self) -> int:
        """Number of years in the window."""
        return len(self.years)

    @property
    def npr(self) -> int:
        """Number of procedures considered."""
        return len(self.procs)

    @property
    def present(self) -> tuple[int, ...]:
        """The window's years that have any result kept."""
        return tuple(self.years[k] for k in np.unique(self.year).tolist())

    @property
    def ns(self) -> int:
        """Number of subject codes (at least 1, so that codes multiply safely)."""
        return max(len(self.subjects), 1)


def kind_groups(registry: Registry, rules: IdentificationRules) -> tuple[np.ndarray, np.ndarray]:
    """Per school, its comparison group and whether it is excluded, by ``school_kinds``.

    >>> from netmatch.datasets import load_demo
    >>> group, excluded = kind_groups(load_demo(), IdentificationRules(school_kinds={"evening": "own_group"}))
    >>> int(group.max()), int(excluded.sum())
    (1, 0)
    """
    n = len(registry)
    group = np.zeros(n, np.int64)
    excluded = np.zeros(n, bool)
    if not rules.school_kinds:
        return group, excluded
    own = sorted(k.value for k, how in rules.school_kinds.items() if how == "own_group")
    for i, s in enumerate(registry.schools):
        how = rules.school_kinds.get(s.kind, "compare") if s.kind is not None else "compare"
        if how == "exclude":
            excluded[i] = True
        elif how == "own_group" and s.kind is not None:
            group[i] = 1 + own.index(s.kind.value)
    return group, excluded


def procedures_of(registry: Registry, rules: IdentificationRules) -> list[str]:
    """The codes of the procedures the rules consider, among the registry's assessments.

    ``rules.procedures`` names them by code, name or spelling; left at its default it also takes
    every procedure the registry declares beyond ЕГЭ, ОГЭ and ВПР (after them, in order). A name
    no assessment of the registry has is left out (the registry's results cannot name it).

    >>> from netmatch.datasets import load_demo
    >>> procedures_of(load_demo(), IdentificationRules(procedures=["ЕГЭ", "vpr"]))
    ['ege', 'vpr']
    """
    known = spellings(registry.assessments)
    asked = [known.get(norm(p)) for p in rules.procedures]
    procs = list(dict.fromkeys(p for p in asked if p is not None))
    if "procedures" not in rules.model_fields_set:
        procs += [a.code for a in registry.assessments if a.code not in procs]
    return procs


def select_window(registry: Registry, rules: IdentificationRules) -> Window:
    """The results of the window's years, procedures and subjects, as integer codes."""
    group, excluded = kind_groups(registry, rules)
    res = registry.results
    all_years = np.unique(res.year).tolist()
    years = tuple(sorted(rules.years)) if rules.years else tuple(all_years[-rules.n_years:])
    procs = procedures_of(registry, rules)
    by_code = {a.code: a for a in registry.assessments}
    proc_codes, proc_names = res.codes("procedure")
    subj_codes, subj_all = res.codes("subject")
    proc_map = np.array([procs.index(p) if p in procs else -1 for p in proc_names.tolist()], dtype=np.int64)
    keep = np.isin(res.year, np.array(years)) & (proc_map[proc_codes] >= 0 if len(proc_codes) else True)
    if rules.subjects:
        known = spellings(registry.assessments)
        allowed = {(known.get(norm(p), p), s) for p, subs in rules.subjects.items() for s in subs}
        keep &= np.array([(p, s) in allowed for p, s in zip(res.procedure, res.subject, strict=True)],
                         dtype=bool)
    if excluded.any():
        keep &= ~excluded[registry.result_rows]
    part = res.participants[keep]
    # a lower-is-better scale read the other way round: every rank and rule below reads higher as better
    sign = np.array([1.0 if by_code[p].higher_is_better else -1.0 for p in proc_names.tolist()])
    value = np.where(np.isnan(res.mean_score[keep]), res.mean_percent[keep], res.mean_score[keep])
    if len(proc_codes) and (sign < 0).any():
        value = value * sign[proc_codes[keep]]
    return Window(
        n=len(registry), years=years, procs=tuple(procs), subjects=subj_all,
        names=tuple((by_code[p].name_ru, str(by_code[p].name_en)) for p in procs),
        school=registry.result_rows[keep],
        year=np.searchsorted(np.array(years), res.year[keep]).astype(np.int64),
        proc=proc_map[proc_codes[keep]], subject=subj_codes[keep],
        grade=np.nan_to_num(res.grade[keep], nan=0).astype(np.int64),
        value=value,
        below=res.share_below_minimum[keep],
        weight=np.where(np.isnan(part) | (part <= 0), 1.0, part), group=group, excluded=excluded,
        participants=part)


def cells(win: Window) -> np.ndarray:
    """The (group, procedure, year, grade, subject) cell of each result, as dense integer codes."""
    group = win.group[win.school].astype(np.int64) if len(win.school) else np.zeros(0, np.int64)
    cell_raw = (((group * win.npr + win.proc) * win.ny + win.year) * 12 + win.grade) * win.ns + win.subject
    _, cell = np.unique(cell_raw, return_inverse=True)
    return np.asarray(cell, dtype=np.int64)


def subject_profile(win: Window, z: np.ndarray) -> tuple[SubjectProfile, np.ndarray]:
    """Each school's z-score per (procedure, subject), averaged over the years, with its trend.

    Returns the profile and each result's profile column.
    """
    n, ny, ns = win.n, win.ny, win.ns
    prof_ids, prof = np.unique(win.proc * ns + win.subject, return_inverse=True)
    prof_names = np.array([f"{win.procs[k // ns]}|{win.subjects[k % ns]}" for k in prof_ids.tolist()], dtype=object)
    nk = len(prof_names)
    # first average over grades within a year, then over years
    sy = (win.school * nk + prof) * ny + win.year
    zy = group_mean(sy, z, win.weight, n * nk * ny).reshape(n, nk, ny)
    has = ~np.isnan(zy)
    cnt_years = has.sum(axis=2)
    with np.errstate(invalid="ignore"):
        zmean = np.where(cnt_years > 0, np.nansum(zy, axis=2) / np.maximum(cnt_years, 1), np.nan)
        t = np.array(win.years, dtype=float) - (np.mean(win.years) if ny else 0.0)
        tt = np.where(has, t, 0.0)
        tbar = tt.sum(axis=2) / np.maximum(cnt_years, 1)
        dt = np.where(has, t - tbar[..., None], 0.0)
        zc = np.where(has, zy - zmean[..., None], 0.0)
        denom = (dt**2).sum(axis=2)
        trend = np.where((cnt_years >= 2) & (denom > 0), (dt * zc).sum(axis=2) / np.where(denom > 0, denom, 1),
                         np.nan)
    keys = tuple(tuple(k.split("|", 1)) for k in prof_names.tolist())
    return SubjectProfile(keys=keys, z=zmean, trend=trend, years=cnt_years), np.asarray(prof, dtype=np.int64)


@dataclass(frozen=True)
class Standing:
    """Per (school, procedure, year): mean z-score, mean percentile, share below the minimum.

    Arrays of shape (n, procedures, years); ``overall`` is each school's mean z over the
    window, ``years_with_data`` (n, years) where it has any result, ``insufficient`` the schools
    with results in fewer than ``min_years`` years.
    """

    z: np.ndarray
    percentile: np.ndarray
    below: np.ndarray
    years_with_data: np.ndarray
    overall: np.ndarray
    min_years: int
    insufficient: np.ndarray


def standing(win: Window, z: np.ndarray, cell: np.ndarray, rules: IdentificationRules) -> Standing:
    """The standing of every school in every procedure and year of the window."""
    n, npr, ny = win.n, win.npr, win.ny
    spy = (win.school * npr + win.proc) * ny + win.year
    z_spy = group_mean(spy, z, win.weight, n * npr * ny).reshape(n, npr, ny)
    # Ranks, not z-scores, decide "bottom" and "top": raising a school's results can then
    # never lower its standing (a z-score average over subjects could).
    q_spy = group_mean(spy, percentile_in_group(cell, win.value), win.weight, n * npr * ny).reshape(n, npr, ny)
    below_spy = group_mean(spy, win.below, win.weight, n * npr * ny).reshape(n, npr, ny)
    years_with_data = (~np.isnan(z_spy) | ~np.isnan(below_spy)).any(axis=1)  # (n, ny)
    min_years = rules.min_years or ny
    # an excluded kind has no results here by choice, not for want of data
    return Standing(z=z_spy, percentile=q_spy, below=below_spy, years_with_data=years_with_data,
                    overall=nanmean(z_spy.reshape(n, npr * ny), axis=1), min_years=min_years,
                    insufficient=(years_with_data.sum(axis=1) < min_years) & ~win.excluded)
