"""Identify ШНОР, ШНСУ and leader schools from three years of results and social context.

Every verdict comes with its reasons in words and numbers — which rule, which procedure,
subject and years, the value against the threshold — so a coordinator can defend the list.

The steps, all vectorised over the registry's results:

1. **Standardise.** Within each procedure, year, grade and subject, a school's mean result
   becomes a z-score against the region (all schools of the registry). The per-school
   **subject profile** averages the z-scores of each (procedure, subject) over the years
   present and gives the trend (least-squares slope per year).
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
   absent, a composite of its components (shares of pupils on КДН/ПДН registers, from
   single-parent families, non-native speakers, with ОВЗ: the mean of their z-scores) in the
   top ``unfavourable_share`` (or above ``composite_threshold``).
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
data*: never silently low or high.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from netmatch._data.models import Procedure, Registry
from netmatch.exceptions import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Identification", "IdentificationRules", "Reason", "Status", "SubjectProfile", "identify"]


class Status(str, enum.Enum):
    """A school's status; LOW_RESULTS and UNFAVOURABLE may hold together."""

    LOW_RESULTS = "low_results"
    UNFAVOURABLE = "unfavourable"
    LEADER = "leader"
    ORDINARY = "ordinary"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label_ru(self) -> str:
        """The Russian name of the status."""
        return _STATUS_RU[self]


_STATUS_RU = {
    Status.LOW_RESULTS: "ШНОР",
    Status.UNFAVOURABLE: "ШНСУ",
    Status.LEADER: "школа-лидер",
    Status.ORDINARY: "без особого статуса",
    Status.INSUFFICIENT_DATA: "недостаточно данных",
}


class IdentificationRules(BaseModel):
    """Every threshold of :func:`identify`, as a named parameter with its default.

    The low-results threshold rule (≥ 30% below the minimum in two procedures within a year
    and in one procedure two years running) and the three-year horizon are the programme rule
    this tool was asked to implement; the relative shares (bottom 10%, top 25%, bottom 20% of
    context) are starting points for a region to set, not official figures.

    Examples
    --------
    >>> IdentificationRules(bottom_share=0.05).low_rule
    'either'
    >>> IdentificationRules(leader_years=6)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for IdentificationRules
    leader_years
      Input should be less than or equal to 5 ...
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    years: tuple[int, ...] | None = Field(
        None, description="Years to judge; by default the latest `n_years` years in the registry.")
    n_years: int = Field(3, ge=1, le=10, description="How many latest years form the window.")
    min_years: int | None = Field(
        None, ge=1, description="Years with results a school needs; by default all `n_years`.")
    procedures: tuple[Procedure, ...] = Field(tuple(Procedure), description="Procedures considered.")
    subjects: Mapping[Procedure, tuple[str, ...]] | None = Field(
        None, description="Per procedure, the subjects considered (default: all).")
    by_subject: bool = Field(
        False, description="Apply the threshold rule to each subject rather than to the procedure overall.")
    low_rule: Literal["either", "threshold", "relative", "both"] = "either"
    low_share_threshold: float = Field(0.30, gt=0, le=1)
    min_procedures: int = Field(2, ge=1, le=3)
    consecutive_years: int = Field(2, ge=1, le=10)
    bottom_share: float = Field(0.10, ge=0, le=1)
    bottom_years: int = Field(3, ge=1, le=10)
    unfavourable_share: float = Field(0.20, ge=0, le=1)
    wellbeing_threshold: float | None = None
    composite_threshold: float | None = None
    composite_weights: Mapping[str, float] = Field(
        default_factory=lambda: {"share_registered": 1.0, "share_single_parent": 1.0,
                                 "share_non_native": 1.0, "share_disabled": 1.0})
    top_share: float = Field(0.25, gt=0, le=1)
    leader_years: int = Field(3, ge=1, le=5)
    risk_share: float = Field(0.15, gt=0, le=1)
    min_qualified_share: float | None = Field(0.5, ge=0, le=1)
    expectation_sigma: float = Field(1.0, gt=0)
    resilient_sigma: float = Field(0.0, ge=0)
    status_source: Literal["computed", "declared", "union"] = Field(
        "computed", description="Which list counts when the registry declares statuses.")

    @model_validator(mode="after")
    def _check(self) -> IdentificationRules:
        unknown = set(self.composite_weights) - {"share_registered", "share_single_parent",
                                                 "share_non_native", "share_disabled"}
        if unknown:
            raise ValueError(f"composite_weights names unknown components {sorted(unknown)}")
        if not self.procedures:
            raise ValueError("procedures must name at least one procedure")
        return self


@dataclass(frozen=True)
class Reason:
    """One reason behind a verdict, with its numbers.

    ``rule`` is a short code (``"threshold"``, ``"relative"``, ``"wellbeing"``, ``"composite"``,
    ``"top"``, ``"at_risk"``, ``"staff"``, ``"data"``, ``"declared"``, ``"context"``).
    """

    rule: str
    text_ru: str
    text_en: str
    procedure: str | None = None
    subject: str | None = None
    years: tuple[int, ...] = ()
    value: float | None = None
    threshold: float | None = None

    def text(self, lang: str = "ru") -> str:
        """The reason in Russian (``"ru"``) or English (``"en"``)."""
        return self.text_ru if lang == "ru" else self.text_en


@dataclass(frozen=True)
class SubjectProfile:
    """Standardised results per school and (procedure, subject), averaged over the years.

    ``z[i, k]`` is school i's mean z-score in ``keys[k]`` (NaN where it has none), ``trend``
    the least-squares slope of its z-score per year (NaN with fewer than two years) and
    ``years`` the number of years behind each value.
    """

    keys: tuple[tuple[str, str], ...]
    z: np.ndarray
    trend: np.ndarray
    years: np.ndarray

    def of(self, row: int) -> dict[tuple[str, str], float]:
        """The non-missing z-scores of one school (by row), by (procedure, subject)."""
        vals = self.z[row]
        return {k: float(v) for k, v in zip(self.keys, vals, strict=True) if not math.isnan(v)}


@dataclass(frozen=True)
class Identification:
    """The statuses of every school of a registry, with reasons and key figures.

    Rows follow the registry's school order (``ids``).
    """

    ids: tuple[str, ...]
    statuses: tuple[frozenset[Status], ...]
    reasons: tuple[tuple[Reason, ...], ...]
    profile: SubjectProfile
    overall: np.ndarray  # per school: mean z over the window (NaN without results)
    context: np.ndarray  # per school: standardised context, higher = more favourable (NaN if unknown)
    expected: np.ndarray  # what the context predicts for `overall`
    residual: np.ndarray  # overall - expected
    below_expectation: np.ndarray
    resilient: np.ndarray
    years: tuple[int, ...]
    rules: IdentificationRules
    computed: tuple[frozenset[Status], ...]
    declared: tuple[frozenset[Status] | None, ...]
    disagreements: tuple[tuple[str, str, str], ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("overall", "context", "expected", "residual", "below_expectation", "resilient"):
            getattr(self, name).flags.writeable = False

    @property
    def index(self) -> dict[str, int]:
        """Row of each school id."""
        return {s: i for i, s in enumerate(self.ids)}

    def status_of(self, school_id: str) -> frozenset[Status]:
        """The statuses of one school."""
        return self.statuses[self._row(school_id)]

    def reasons_of(self, school_id: str) -> tuple[Reason, ...]:
        """The reasons behind one school's statuses."""
        return self.reasons[self._row(school_id)]

    def _row(self, school_id: str) -> int:
        try:
            return self.ids.index(school_id)
        except ValueError:
            raise KeyError(f"no school with id {school_id!r} in this identification") from None

    def _having(self, status: Status) -> tuple[str, ...]:
        return tuple(s for s, st in zip(self.ids, self.statuses, strict=True) if status in st)

    @property
    def low_results(self) -> tuple[str, ...]:
        """Ids of low-results schools (ШНОР)."""
        return self._having(Status.LOW_RESULTS)

    @property
    def unfavourable(self) -> tuple[str, ...]:
        """Ids of schools in unfavourable social conditions (ШНСУ)."""
        return self._having(Status.UNFAVOURABLE)

    @property
    def leaders(self) -> tuple[str, ...]:
        """Ids of leader schools."""
        return self._having(Status.LEADER)

    @property
    def needs_partner(self) -> np.ndarray:
        """Boolean mask of schools that need a leader: ШНОР or ШНСУ."""
        return np.array([bool(st & {Status.LOW_RESULTS, Status.UNFAVOURABLE}) for st in self.statuses])

    @property
    def is_leader(self) -> np.ndarray:
        """Boolean mask of leader schools."""
        return np.array([Status.LEADER in st for st in self.statuses])

    def to_frame(self, lang: str = "ru") -> pd.DataFrame:
        """One row per school: status, reasons and key figures.

        >>> from netmatch.datasets import load_demo
        >>> frame = identify(load_demo()).to_frame()
        >>> list(frame.columns)[:4]
        ['school', 'status', 'low_results', 'unfavourable']
        """
        import pandas as pd

        def label(st: frozenset[Status]) -> str:
            order = [s for s in Status if s in st]
            return ", ".join(s.label_ru if lang == "ru" else s.value for s in order)

        return pd.DataFrame({
            "school": list(self.ids),
            "status": [label(st) for st in self.statuses],
            "low_results": [Status.LOW_RESULTS in st for st in self.statuses],
            "unfavourable": [Status.UNFAVOURABLE in st for st in self.statuses],
            "leader": [Status.LEADER in st for st in self.statuses],
            "insufficient_data": [Status.INSUFFICIENT_DATA in st for st in self.statuses],
            "overall_z": self.overall,
            "context_z": self.context,
            "expected_z": self.expected,
            "residual": self.residual,
            "below_expectation": self.below_expectation,
            "resilient": self.resilient,
            "reasons": ["; ".join(r.text(lang) for r in rs) for rs in self.reasons],
        })


# --- helpers ---------------------------------------------------------------------------------

_PROC_RU = {p.value: p.label_ru for p in Procedure}
_PROC_EN = {"ege": "EGE", "oge": "OGE", "vpr": "VPR"}


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _group_mean(keys: np.ndarray, values: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """Weighted mean of ``values`` per group id in ``keys`` (NaN values skipped)."""
    ok = ~np.isnan(values)
    s = np.bincount(keys[ok], weights=values[ok] * weights[ok], minlength=n)
    w = np.bincount(keys[ok], weights=weights[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(w > 0, s / np.where(w > 0, w, 1), np.nan)


def _percentile_in_group(group: np.ndarray, value: np.ndarray) -> np.ndarray:
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


def _zscores(group: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
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


def _nanmean(a: np.ndarray, axis: int | tuple[int, ...]) -> np.ndarray:
    """Mean ignoring NaN; NaN (and no warning) where a slice has no value."""
    ok = ~np.isnan(a)
    cnt = ok.sum(axis=axis)
    tot = np.where(ok, a, 0.0).sum(axis=axis)
    return np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)


def _bottom_value(x: np.ndarray, share: float) -> float:
    """The largest value among the bottom ``floor(share * len(x))`` (-inf when that is none).

    "The bottom 20%" of 18 schools is 3 schools, not 4: no school is counted in part.
    """
    k = math.floor(share * len(x) + 1e-9)
    return float(np.sort(x)[k - 1]) if k > 0 else -math.inf


def _standardise(x: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(x)
    if ok.sum() < 2:
        return np.where(ok, 0.0, np.nan)
    sd = float(np.std(x[ok], ddof=1))
    return (x - float(np.mean(x[ok]))) / (sd if sd > 0 else 1.0)


def _runs(mask: np.ndarray) -> np.ndarray:
    """Length of the longest run of True along the last axis."""
    best = np.zeros(mask.shape[:-1], dtype=int)
    cur = np.zeros(mask.shape[:-1], dtype=int)
    for k in range(mask.shape[-1]):
        cur = np.where(mask[..., k], cur + 1, 0)
        best = np.maximum(best, cur)
    return best


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


# --- the identification ----------------------------------------------------------------------


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

    Examples
    --------
    >>> from netmatch.datasets import load_demo
    >>> ident = identify(load_demo())
    >>> len(ident.low_results)
    3
    >>> print(ident.reasons_of(ident.low_results[0])[0].text("en"))  # doctest: +ELLIPSIS
    share below the minimum ...
    """
    if rules is None:
        rules = IdentificationRules()
    elif not isinstance(rules, IdentificationRules):
        try:
            rules = IdentificationRules(**rules)
        except ValidationError as exc:
            raise InvalidInputError([
                f"The {'.'.join(map(str, e['loc']))!r} rule of identify: {e['msg']}. Got {e.get('input')!r} instead."
                for e in exc.errors(include_url=False)]) from None
    n = len(registry)
    res = registry.results
    ids = registry.ids

    # -- results in the window --
    all_years = np.unique(res.year).tolist()
    years = tuple(sorted(rules.years)) if rules.years else tuple(all_years[-rules.n_years:])
    ny = len(years)
    procs = [p.value for p in rules.procedures]
    proc_codes, proc_names = res.codes("procedure")
    subj_codes, subj_all = res.codes("subject")
    proc_map = np.array([procs.index(p) if p in procs else -1 for p in proc_names.tolist()], dtype=np.int64)
    keep = np.isin(res.year, np.array(years)) & (proc_map[proc_codes] >= 0 if len(proc_codes) else True)
    if rules.subjects:
        allowed = {(p.value if isinstance(p, Procedure) else str(p), s) for p, subs in rules.subjects.items()
                   for s in subs}
        keep &= np.array([(p, s) in allowed for p, s in zip(res.procedure, res.subject, strict=True)],
                         dtype=bool)
    sch = registry.result_rows[keep]
    ypos = np.searchsorted(np.array(years), res.year[keep]).astype(np.int64)
    grade = np.nan_to_num(res.grade[keep], nan=0).astype(np.int64)
    value = np.where(np.isnan(res.mean_score[keep]), res.mean_percent[keep], res.mean_score[keep])
    below = res.share_below_minimum[keep]
    part = res.participants[keep]
    weight = np.where(np.isnan(part) | (part <= 0), 1.0, part)
    ppos = proc_map[proc_codes[keep]]
    npr = len(procs)

    # z within (procedure, year, grade, subject): integer codes, no string keys at scale
    subj_names = subj_all
    subj_code = subj_codes[keep]
    ns = max(len(subj_names), 1)
    cell_raw = ((ppos * ny + ypos) * 12 + grade) * ns + subj_code
    _, cell = np.unique(cell_raw, return_inverse=True)
    z = _zscores(cell.astype(np.int64), value, int(cell.max()) + 1 if len(cell) else 0)

    # the subject profile: (school, procedure|subject) averaged over years, with trend
    prof_raw = ppos * ns + subj_code
    prof_ids, prof = np.unique(prof_raw, return_inverse=True)
    prof_names = np.array([f"{procs[k // ns]}|{subj_names[k % ns]}" for k in prof_ids.tolist()], dtype=object)
    nk = len(prof_names)
    # first average over grades within a year, then over years
    sy = (sch * nk + prof) * ny + ypos
    zy = _group_mean(sy, z, weight, n * nk * ny).reshape(n, nk, ny)
    has = ~np.isnan(zy)
    cnt_years = has.sum(axis=2)
    with np.errstate(invalid="ignore"):
        zmean = np.where(cnt_years > 0, np.nansum(zy, axis=2) / np.maximum(cnt_years, 1), np.nan)
        t = np.array(years, dtype=float) - (np.mean(years) if ny else 0.0)
        tt = np.where(has, t, 0.0)
        tbar = tt.sum(axis=2) / np.maximum(cnt_years, 1)
        dt = np.where(has, t - tbar[..., None], 0.0)
        zc = np.where(has, zy - zmean[..., None], 0.0)
        denom = (dt**2).sum(axis=2)
        trend = np.where((cnt_years >= 2) & (denom > 0), (dt * zc).sum(axis=2) / np.where(denom > 0, denom, 1),
                         np.nan)
    keys = tuple(tuple(k.split("|", 1)) for k in prof_names.tolist())
    profile = SubjectProfile(keys=keys, z=zmean, trend=trend, years=cnt_years)

    # per (school, procedure, year): overall z, mean percentile and share below minimum
    spy = (sch * npr + ppos) * ny + ypos
    z_spy = _group_mean(spy, z, weight, n * npr * ny).reshape(n, npr, ny)
    # Ranks, not z-scores, decide "bottom" and "top": raising a school's results can then
    # never lower its standing (a z-score average over subjects could).
    q_spy = _group_mean(spy, _percentile_in_group(cell.astype(np.int64), value), weight,
                        n * npr * ny).reshape(n, npr, ny)
    below_spy = _group_mean(spy, below, weight, n * npr * ny).reshape(n, npr, ny)
    years_with_data = (~np.isnan(z_spy) | ~np.isnan(below_spy)).any(axis=1)  # (n, ny)
    n_years_data = years_with_data.sum(axis=1)
    overall = _nanmean(z_spy.reshape(n, -1), axis=1)

    min_years = rules.min_years or ny
    insufficient = n_years_data < min_years

    # -- threshold rule --
    if rules.by_subject:
        # per (school, procedure, subject, year): a procedure fails in a year when any subject does
        sps = ((sch * npr + ppos) * nk + prof) * ny + ypos
        b = _group_mean(sps, below, weight, n * npr * nk * ny).reshape(n, npr, nk, ny)
        fail: np.ndarray = np.asarray((b >= rules.low_share_threshold).any(axis=2))
    else:
        fail = np.asarray(below_spy >= rules.low_share_threshold)  # (n, npr, ny)
    procs_failing = fail.sum(axis=1)  # (n, ny)
    cond_within = (procs_failing >= rules.min_procedures).any(axis=1)
    cond_runs = _runs(fail).max(axis=1) >= rules.consecutive_years if ny else np.zeros(n, bool)
    low_threshold = cond_within & cond_runs

    # -- relative rule --
    pct = _percentile_in_group(
        np.repeat(np.arange(npr * ny)[None, :], n, axis=0).reshape(-1),
        q_spy.reshape(-1),
    ).reshape(n, npr, ny)
    bottom = pct <= rules.bottom_share
    low_relative = np.zeros(n, bool)
    if ny and rules.bottom_share > 0:
        low_relative = np.asarray((_runs(bottom) >= min(rules.bottom_years, ny)).any(axis=1))

    if rules.low_rule == "threshold":
        low = low_threshold
    elif rules.low_rule == "relative":
        low = low_relative
    elif rules.low_rule == "both":
        low = low_threshold & low_relative
    else:
        low = low_threshold | low_relative
    low = low & ~insufficient

    # -- social context --
    schools = registry.schools
    wellbeing = np.array([np.nan if s.social_wellbeing_index is None else s.social_wellbeing_index
                          for s in schools], dtype=float)
    comps = {c: np.array([np.nan if getattr(s, c) is None else getattr(s, c) for s in schools], dtype=float)
             for c in rules.composite_weights}
    zc_parts = [(w, _standardise(v)) for c, v in comps.items() if (w := rules.composite_weights[c])]
    if zc_parts:
        num = sum(w * np.nan_to_num(v) for w, v in zc_parts)
        den = sum(w * (~np.isnan(v)) for w, v in zc_parts)
        with np.errstate(invalid="ignore", divide="ignore"):
            composite = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    else:
        composite = np.full(n, np.nan)
    has_index = ~np.isnan(wellbeing)
    ok_index = wellbeing[has_index]
    w_thr = rules.wellbeing_threshold
    if w_thr is None and len(ok_index):
        w_thr = _bottom_value(ok_index, rules.unfavourable_share)
    c_thr = rules.composite_threshold
    comp_all = composite[~np.isnan(composite)]
    if c_thr is None and len(comp_all):
        c_thr = -_bottom_value(-comp_all, rules.unfavourable_share)
    unfav_index = has_index & (wellbeing <= (w_thr if w_thr is not None else -math.inf))
    unfav_comp = ~has_index & ~np.isnan(composite) & (composite >= (c_thr if c_thr is not None else math.inf))
    if rules.unfavourable_share == 0 and rules.wellbeing_threshold is None:
        unfav_index[:] = False
    if rules.unfavourable_share == 0 and rules.composite_threshold is None:
        unfav_comp[:] = False
    unfavourable = unfav_index | unfav_comp
    context = np.where(has_index, _standardise(wellbeing), -_standardise(composite))

    # -- context-adjusted results --
    expected = np.full(n, np.nan)
    fit = ~np.isnan(overall) & ~np.isnan(context)
    if fit.sum() >= 3:
        design = np.c_[np.ones(fit.sum()), context[fit]]
        coef, *_ = np.linalg.lstsq(design, overall[fit], rcond=None)
        expected[~np.isnan(context)] = coef[0] + coef[1] * context[~np.isnan(context)]
    residual = overall - expected
    res_sd = float(np.nanstd(residual, ddof=1)) if np.sum(~np.isnan(residual)) >= 3 else math.nan
    below_exp: np.ndarray = ~np.isnan(residual) & (residual <= -rules.expectation_sigma * res_sd) if res_sd == res_sd \
        else np.zeros(n, bool)
    ctx_ok = context[~np.isnan(context)]
    disadvantaged = ~np.isnan(context) & (context <= (np.quantile(ctx_ok, rules.unfavourable_share)
                                                      if len(ctx_ok) else -math.inf))
    resilient = disadvantaged & ~np.isnan(residual) & (residual > rules.resilient_sigma * (res_sd if res_sd == res_sd
                                                                                           else 0.0))
    resilient &= ~low

    # -- leaders --
    year_pct = _nanmean(pct, axis=1)  # (n, ny): mean percentile over procedures
    year_rank = _percentile_in_group(np.repeat(np.arange(ny)[None, :], n, axis=0).reshape(-1),
                                     year_pct.reshape(-1)).reshape(n, ny) if ny else np.zeros((n, 0))
    top = year_rank >= 1 - rules.top_share
    lead_run = _runs(top) if ny else np.zeros(n, int)
    latest_below = below_spy[:, :, -1] if ny else np.full((n, npr), np.nan)
    at_risk = (np.nan_to_num(latest_below, nan=0) >= rules.risk_share).any(axis=1) | below_exp
    qual = np.array([np.nan if s.share_highest_category is None and s.share_first_category is None
                     else (s.share_highest_category or 0) + (s.share_first_category or 0) for s in schools])
    staff_ok = np.isnan(qual) | (qual >= (rules.min_qualified_share or 0))
    enough_years = ny >= rules.leader_years
    leader = (lead_run >= rules.leader_years) & ~low & ~at_risk & staff_ok & ~insufficient & enough_years

    # -- reasons --
    reasons: list[list[Reason]] = [[] for _ in range(n)]
    for i in range(n):
        rs = reasons[i]
        if insufficient[i]:
            have = [years[k] for k in range(ny) if years_with_data[i, k]]
            rs.append(Reason(
                "data",
                f"результаты есть за {len(have)} из {ny} лет ({_years_text(have) or 'нет'}); нужно не меньше "
                f"{min_years}",
                f"results for {len(have)} of {ny} years ({_years_text(have) or 'none'}); {min_years} needed",
                years=tuple(have), value=float(len(have)), threshold=float(min_years)))
        if (low_threshold[i] and low[i]) or (low[i] and rules.low_rule in ("threshold", "both")):
            for p in range(npr):
                yrs = [years[k] for k in range(ny) if fail[i, p, k]]
                if not yrs:
                    continue
                vals = [below_spy[i, p, k] for k in range(ny) if fail[i, p, k]]
                shown = ", ".join(f"{y}: {_pct(v)}" if v == v else str(y) for y, v in zip(yrs, vals, strict=True))
                rs.append(Reason(
                    "threshold",
                    f"{_PROC_RU[procs[p]]}: доля не преодолевших минимальный порог {shown} "
                    f"(порог {_pct(rules.low_share_threshold)})",
                    f"share below the minimum in {_PROC_EN[procs[p]]}: {shown} "
                    f"(threshold {_pct(rules.low_share_threshold)})",
                    procedure=procs[p], years=tuple(yrs), value=max((float(v) for v in vals if v == v), default=None),
                    threshold=rules.low_share_threshold))
        if low_relative[i] and low[i]:
            for p in range(npr):
                if _runs(bottom[i, p][None, :])[0] >= min(rules.bottom_years, ny):
                    yrs = [years[k] for k in range(ny) if bottom[i, p, k]]
                    worst = float(np.nanmax(pct[i, p]))
                    rs.append(Reason(
                        "relative",
                        f"{_PROC_RU[procs[p]]}: средние результаты в нижних {_pct(rules.bottom_share)} района "
                        f"в {_years_text(yrs)} (место не выше {_pct(worst)} снизу)",
                        f"{_PROC_EN[procs[p]]}: mean results in the bottom {_pct(rules.bottom_share)} of the region "
                        f"in {_years_text(yrs)} (at most the {_pct(worst)} percentile)",
                        procedure=procs[p], years=tuple(yrs), value=worst, threshold=rules.bottom_share))
        if unfav_index[i]:
            rs.append(Reason(
                "wellbeing", f"ИСБШ {wellbeing[i]:.2f} не выше порога {w_thr:.2f}",
                f"index of social well-being {wellbeing[i]:.2f} at or below {w_thr:.2f}",
                value=float(wellbeing[i]), threshold=w_thr))
        elif unfav_comp[i]:
            parts = ", ".join(f"{c} {_pct(v[i])}" for c, v in comps.items() if v[i] == v[i])
            rs.append(Reason(
                "composite",
                f"ИСБШ не указан; составной показатель неблагополучия {composite[i]:.2f} не ниже "
                f"{c_thr:.2f} ({parts})",
                f"no well-being index; composite disadvantage {composite[i]:.2f} at or above {c_thr:.2f} ({parts})",
                value=float(composite[i]), threshold=c_thr))
        elif np.isnan(wellbeing[i]) and np.isnan(composite[i]):
            rs.append(Reason("context", "нет данных о социальном контексте (ИСБШ и его составляющие)",
                             "no social-context data (well-being index or its components)"))
        if leader[i]:
            rs.append(Reason(
                "top",
                f"результаты в верхних {_pct(rules.top_share)} района {lead_run[i]} года подряд "
                f"({_years_text(years)})",
                f"results in the top {_pct(rules.top_share)} of the region for {lead_run[i]} consecutive years "
                f"({_years_text(years)})",
                years=years, value=float(lead_run[i]), threshold=float(rules.leader_years)))
            if np.isnan(qual[i]):
                rs.append(Reason("staff", "квалификация педагогов не указана",
                                 "teachers' qualification categories not given"))
            else:
                rs.append(Reason("staff", f"педагогов высшей и первой категории {_pct(qual[i])}",
                                 f"teachers with the highest or first category {_pct(qual[i])}",
                                 value=float(qual[i]), threshold=rules.min_qualified_share))
        elif lead_run[i] >= rules.leader_years and not low[i] and not insufficient[i]:
            why_ru, why_en = [], []
            if at_risk[i]:
                why_ru.append("есть риск снижения результатов")
                why_en.append("results at risk")
            if not staff_ok[i]:
                why_ru.append(f"педагогов высшей и первой категории {_pct(qual[i])} < "
                              f"{_pct(rules.min_qualified_share or 0)}")
                why_en.append(f"qualified teachers {_pct(qual[i])} below {_pct(rules.min_qualified_share or 0)}")
            rs.append(Reason("top", "сильные результаты, но не лидер: " + "; ".join(why_ru),
                             "strong results but not a leader: " + "; ".join(why_en)))
        if below_exp[i]:
            rs.append(Reason(
                "context", f"результаты ниже ожидаемых для такого контекста на {-residual[i]:.2f}σ",
                f"results {-residual[i]:.2f}σ below what the context predicts", value=float(residual[i]),
                threshold=-rules.expectation_sigma * res_sd))
        if resilient[i]:
            rs.append(Reason(
                "context",
                f"устойчивая школа: неблагоприятный контекст, результаты выше ожидаемых на {residual[i]:.2f}σ",
                f"resilient: disadvantaged context, results {residual[i]:.2f}σ above expectation",
                value=float(residual[i])))

    computed: list[frozenset[Status]] = []
    for i in range(n):
        st: set[Status] = set()
        if low[i]:
            st.add(Status.LOW_RESULTS)
        if unfavourable[i]:
            st.add(Status.UNFAVOURABLE)
        if leader[i] and not st:
            st.add(Status.LEADER)
        if insufficient[i]:
            st.add(Status.INSUFFICIENT_DATA)
        if not st:
            st.add(Status.ORDINARY)
        computed.append(frozenset(st))

    declared: list[frozenset[Status] | None] = []
    disagreements: list[tuple[str, str, str]] = []
    flags = ((Status.LOW_RESULTS, "declared_low_results"), (Status.UNFAVOURABLE, "declared_unfavourable"),
             (Status.LEADER, "declared_leader"))
    final: list[frozenset[Status]] = []
    for i, s in enumerate(schools):
        given = {status: getattr(s, attr) for status, attr in flags if getattr(s, attr) is not None}
        declared.append(frozenset(k for k, v in given.items() if v) if given else None)
        st = set(computed[i])
        for status, flag in given.items():
            if flag != (status in computed[i]):
                disagreements.append((s.id, status.value, "declared" if flag else "computed"))
                word_ru = "заявлен" if flag else "не заявлен"
                word_en = "declared" if flag else "not declared"
                verdict_ru = "по расчёту — да" if status in computed[i] else "по расчёту — нет"
                verdict_en = "computed: yes" if status in computed[i] else "computed: no"
                reasons[i].append(Reason("declared", f"статус {status.label_ru} {word_ru} в реестре; {verdict_ru}",
                                         f"status {status.value} {word_en} in the registry; {verdict_en}"))
            if rules.status_source == "declared" or (rules.status_source == "union" and flag):
                if flag:
                    st.add(status)
                else:
                    st.discard(status)
        if rules.status_source != "computed":
            if st & {Status.LOW_RESULTS, Status.UNFAVOURABLE}:
                st.discard(Status.LEADER)
            if st - {Status.ORDINARY}:
                st.discard(Status.ORDINARY)
            elif not st:
                st.add(Status.ORDINARY)
        final.append(frozenset(st))

    return Identification(
        ids=ids,
        statuses=tuple(final),
        reasons=tuple(tuple(r) for r in reasons),
        profile=profile,
        overall=overall,
        context=context,
        expected=expected,
        residual=residual,
        below_expectation=below_exp,
        resilient=resilient,
        years=years,
        rules=rules,
        computed=tuple(computed),
        declared=tuple(declared),
        disagreements=tuple(disagreements),
    )
