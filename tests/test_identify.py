"""Identification of ШНОР, ШНСУ and leaders: hand-computed cases for every rule, and invariants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._identify import IdentificationRules, Status, identify

YEARS = (2023, 2024, 2025)


def result(school: str, year: int, proc: str, subject: str = "математика", mean: float | None = 50.0,
           below: float | None = 0.05, participants: int = 20, grade: int | None = None) -> dict[str, Any]:
    return {"school": school, "year": year, "procedure": proc, "subject": subject, "mean_score": mean,
            "share_below_minimum": below, "participants": participants, "grade": grade}


def registry(schools: Iterable[dict[str, Any]], results: Iterable[dict[str, Any]]) -> nm.Registry:
    return nm.Registry(schools=[{"name": s["id"], **s} for s in schools], results=list(results))


def ordinary_results(ids: Iterable[str], means: dict[str, float] | None = None,
                     procs: Iterable[str] = ("ЕГЭ", "ОГЭ", "ВПР")) -> list[dict[str, Any]]:
    means = means or {}
    return [result(s, y, p, mean=means.get(s, 50.0 + k)) for k, s in enumerate(ids) for y in YEARS for p in procs]


# --- the threshold rule ------------------------------------------------------------------------


def test_threshold_rule_needs_two_procedures_in_a_year_and_one_two_years_running() -> None:
    ids = [f"S{i}" for i in range(6)]
    res = ordinary_results(ids[2:])
    # A: 35% below the minimum in ЕГЭ and ОГЭ in 2024, and in ОГЭ in 2024-2025 -> low
    for y, ege, oge in ((2023, 0.05, 0.1), (2024, 0.35, 0.35), (2025, 0.1, 0.31)):
        res += [result("S0", y, "ЕГЭ", below=ege), result("S0", y, "ОГЭ", below=oge), result("S0", y, "ВПР")]
    # B: two procedures in 2024 only, never the same procedure two years running -> not low
    for y, ege, oge in ((2023, 0.05, 0.1), (2024, 0.35, 0.35), (2025, 0.1, 0.1)):
        res += [result("S1", y, "ЕГЭ", below=ege), result("S1", y, "ОГЭ", below=oge), result("S1", y, "ВПР")]
    reg = registry([{"id": s} for s in ids], res)
    # read anywhere in the window (the latest-years reading is tested below)
    ident = identify(reg, IdentificationRules(low_rule="threshold", threshold_years="any"))
    assert ident.low_results == ("S0",)
    reasons = [r for r in ident.reasons_of("S0") if r.rule == "threshold"]
    assert {r.procedure for r in reasons} == {"ege", "oge"}
    oge = next(r for r in reasons if r.procedure == "oge")
    assert oge.years == (2024, 2025) and oge.value == pytest.approx(0.35) and oge.threshold == 0.30
    assert "35%" in oge.text("ru") and "ОГЭ" in oge.text("ru")


def test_threshold_rule_weights_subjects_by_participants() -> None:
    # ОГЭ: maths 50% of 30 pupils, Russian 0% of 10 -> 37.5% overall; ЕГЭ 40% -> low both years
    res = ordinary_results(["A", "B", "C"])
    for y in (2024, 2025):
        res += [result("X", y, "ОГЭ", "математика", below=0.5, participants=30),
                result("X", y, "ОГЭ", "русский язык", below=0.0, participants=10),
                result("X", y, "ЕГЭ", below=0.4)]
    res += [result("X", 2023, "ОГЭ", below=0.0), result("X", 2023, "ЕГЭ", below=0.0)]
    averaged = {"low_rule": "threshold", "by_subject": False}  # the family-level reading, an option
    ident = identify(registry([{"id": s} for s in "ABCX"], res), averaged)
    assert ident.low_results == ("X",)
    oge = next(r for r in ident.reasons_of("X") if r.procedure == "oge")
    assert oge.value == pytest.approx(0.375) and oge.subject is None and "в среднем по предметам" in oge.text("ru")
    # raising the threshold above 40% clears it
    assert identify(registry([{"id": s} for s in "ABCX"], res),
                    {**averaged, "low_share_threshold": 0.41}).low_results == ()
    # per subject (the default): maths alone is at 50%, and the reason says so
    ident = identify(registry([{"id": s} for s in "ABCX"], res))
    (maths,) = [r for r in ident.reasons_of("X") if r.procedure == "oge"]
    assert maths.subject == "математика" and maths.value == pytest.approx(0.5) and maths.years == (2024, 2025)


def test_by_subject_threshold() -> None:
    res = ordinary_results(["A", "B"])
    for y in YEARS:
        res += [result("X", y, "ОГЭ", "математика", below=0.5, participants=10),
                result("X", y, "ОГЭ", "русский язык", below=0.0, participants=90),
                result("X", y, "ЕГЭ", "математика", below=0.5, participants=10),
                result("X", y, "ЕГЭ", "русский язык", below=0.0, participants=90)]
    reg = registry([{"id": s} for s in "ABX"], res)
    assert identify(reg, {"by_subject": False}).low_results == ()  # 5% overall
    assert identify(reg).low_results == ("X",)  # per subject, the published reading


# --- the relative rule ------------------------------------------------------------------------------


def test_relative_rule_bottom_share_three_years_running() -> None:
    ids = [f"S{i:02d}" for i in range(10)]
    res = []
    for k, s in enumerate(ids):
        for y in YEARS:
            mean = 40.0 + 3 * k
            if s == "S05" and y == 2024:
                mean = 41.0  # second-worst in 2024 only
            res.append(result(s, y, "ОГЭ", mean=mean, below=0.2))  # every school above the floor of 15%
    reg = registry([{"id": s} for s in ids], res)
    ident = identify(reg, {"low_rule": "relative", "bottom_share": 0.10})
    assert ident.low_results == ("S00",)  # the last of 10 three years running
    reason = next(r for r in ident.reasons_of("S00") if r.rule == "relative")
    assert reason.years == YEARS and reason.value == pytest.approx(0.05)  # (rank 0 + 0.5) / 10
    # bottom 20%: S01 is second-worst in 2023 and 2025, S05 in 2024 - never two years running
    assert identify(reg, {"low_rule": "relative", "bottom_share": 0.20, "bottom_years": 2}).low_results == ("S00",)
    assert identify(reg, {"low_rule": "relative", "bottom_share": 0.20, "bottom_years": 1}).low_results == (
        "S00", "S01", "S05")
    # the absolute floor: where every school has few pupils below the minimum, the bottom 10% is no ШНОР
    good = registry([{"id": s} for s in ids], [{**r, "share_below_minimum": 0.05} for r in res])
    assert identify(good, {"low_rule": "relative", "bottom_share": 0.10}).low_results == ()
    assert identify(good, {"low_rule": "relative", "bottom_share": 0.10, "relative_floor": 0}).low_results == (
        "S00",)


# --- insufficient data ---------------------------------------------------------------------------


def test_missing_year_is_insufficient_data_not_low() -> None:
    res = ordinary_results(["A", "B", "C"])
    res += [result("X", y, p, mean=1.0, below=0.9) for y in (2023, 2025) for p in ("ЕГЭ", "ОГЭ")]
    ident = identify(registry([{"id": s} for s in "ABCX"], res))
    assert ident.status_of("X") == {Status.INSUFFICIENT_DATA}
    assert "X" not in ident.low_results
    (reason,) = [r for r in ident.reasons_of("X") if r.rule == "data"]
    assert reason.years == (2023, 2025) and "2 of 3" in reason.text("en")
    # a school with no results at all
    ident = identify(registry([{"id": s} for s in "ABCXZ"], res))
    assert Status.INSUFFICIENT_DATA in ident.status_of("Z")
    # the rules may ask for fewer years; the threshold rule still needs two consecutive ones
    assert "X" not in identify(registry([{"id": s} for s in "ABCX"], res), {"min_years": 2}).low_results
    recent = ordinary_results(["A", "B", "C"]) + [result("X", y, p, mean=1.0, below=0.9) for y in (2024, 2025)
                                                  for p in ("ЕГЭ", "ОГЭ")]
    assert "X" in identify(registry([{"id": s} for s in "ABCX"], recent), {"min_years": 2}).low_results


# --- social context ----------------------------------------------------------------------------------


def test_wellbeing_index_threshold_and_composite_when_absent() -> None:
    schools = [{"id": "A", "social_wellbeing_index": -1.2}, {"id": "B", "social_wellbeing_index": 0.3},
               {"id": "C", "share_registered": 0.09, "share_single_parent": 0.45},
               {"id": "D", "share_registered": 0.01, "share_single_parent": 0.1},
               {"id": "E"}]
    res = ordinary_results("ABCDE")
    ident = identify(registry(schools, res), {"wellbeing_threshold": -1.0, "composite_threshold": 0.5})
    assert ident.unfavourable == ("A", "C")
    (r,) = [r for r in ident.reasons_of("A") if r.rule == "wellbeing"]
    assert (r.value, r.threshold) == (-1.2, -1.0)
    (c,) = [r for r in ident.reasons_of("C") if r.rule == "composite"]
    # components standardised over C and D: each is +0.707, their mean too
    assert c.value == pytest.approx(np.sqrt(0.5))
    assert any(r.rule == "context" and "no social-context data" in r.text("en") for r in ident.reasons_of("E"))


def test_unfavourable_by_default_is_the_bottom_share_of_the_index() -> None:
    schools = [{"id": f"S{i}", "social_wellbeing_index": float(i)} for i in range(10)]
    ident = identify(registry(schools, ordinary_results([s["id"] for s in schools])))
    assert ident.unfavourable == ("S0", "S1")  # bottom 20%


# --- leaders -----------------------------------------------------------------------------------------


def _leader_registry(**top: Any) -> nm.Registry:
    ids = [f"S{i}" for i in range(8)]
    schools = [{"id": s, "share_highest_category": 0.4, "share_first_category": 0.3} for s in ids]
    schools[7].update(top)
    return registry(schools, ordinary_results(ids, {s: 40.0 + 2 * k for k, s in enumerate(ids)}))


def test_leader_top_three_years_with_qualified_staff() -> None:
    ident = identify(_leader_registry(), {"top_share": 0.15})
    assert ident.leaders == ("S7",)
    top = next(r for r in ident.reasons_of("S7") if r.rule == "top")
    assert top.value == 3 and top.threshold == 3
    assert any(r.rule == "staff" and r.value == pytest.approx(0.7) for r in ident.reasons_of("S7"))


def test_leader_blocked_by_staff_or_risk() -> None:
    ident = identify(_leader_registry(share_highest_category=0.1, share_first_category=0.1), {"top_share": 0.15})
    assert ident.leaders == ()
    assert any("qualified teachers 20%" in r.text("en") for r in ident.reasons_of("S7"))
    ident = identify(_leader_registry(share_highest_category=0.1, share_first_category=0.1),
                     {"top_share": 0.15, "min_qualified_share": None})
    assert ident.leaders == ("S7",)


def test_leader_needs_enough_years() -> None:
    assert identify(_leader_registry(), {"top_share": 0.15, "leader_years": 4}).leaders == ()


# --- profiles and context-adjusted results --------------------------------------------------------------


def test_subject_profile_z_scores_and_trend() -> None:
    # three schools, one subject: values 40, 50, 60 every year except B improving
    res = []
    for y, b in zip(YEARS, (45.0, 50.0, 55.0), strict=True):
        res += [result("A", y, "ЕГЭ", mean=40.0), result("B", y, "ЕГЭ", mean=b), result("C", y, "ЕГЭ", mean=60.0)]
    ident = identify(registry([{"id": s} for s in "ABC"], res))
    assert ident.profile.keys == (("ege", "математика"),)
    z = ident.profile.z[:, 0]
    # 2024: values 40, 50, 60 -> z = -1, 0, 1 (sample sd 10)
    expected_b = np.mean([(45 - 145 / 3) / np.std([40, 45, 60], ddof=1), 0.0,
                          (55 - 155 / 3) / np.std([40, 55, 60], ddof=1)])
    assert z[1] == pytest.approx(expected_b)
    assert ident.profile.trend[1, 0] > 0 and ident.profile.years[1, 0] == 3
    assert ident.profile.of(0) == {("ege", "математика"): pytest.approx(z[0])}


def test_context_adjusted_residuals_are_least_squares() -> None:
    rng = np.random.default_rng(3)
    ids = [f"S{i}" for i in range(30)]
    index = rng.normal(size=30)
    schools = [{"id": s, "social_wellbeing_index": float(x)} for s, x in zip(ids, index, strict=True)]
    means = {s: 50 + 8 * x + rng.normal() * 3 for s, x in zip(ids, index, strict=True)}
    ident = identify(registry(schools, ordinary_results(ids, means, procs=("ЕГЭ",))))
    ok = ~np.isnan(ident.overall)
    coef = np.polyfit(ident.context[ok], ident.overall[ok], 1)
    assert ident.expected[ok] == pytest.approx(np.polyval(coef, ident.context[ok]))
    assert ident.residual[ok] == pytest.approx(ident.overall[ok] - ident.expected[ok])
    sd = np.std(ident.residual[ok], ddof=1)
    assert set(np.flatnonzero(ident.below_expectation)) == set(np.flatnonzero(ident.residual <= -sd))
    disadvantaged = ident.context <= np.quantile(ident.context, 0.2)
    assert not (ident.resilient & ~disadvantaged).any()
    assert (ident.residual[ident.resilient] > 0).all()


# --- declared statuses ---------------------------------------------------------------------------------


def test_declared_statuses_compared_and_chosen() -> None:
    ids = [f"S{i}" for i in range(6)]
    res = ordinary_results(ids[1:]) + [result("S0", y, p, mean=5.0, below=0.5) for y in YEARS
                                         for p in ("ЕГЭ", "ОГЭ", "ВПР")]
    schools = [{"id": s} for s in ids]
    schools[0]["declared_low_results"] = False
    schools[1]["declared_low_results"] = True
    reg = registry(schools, res)
    computed = identify(reg)
    assert computed.low_results == ("S0",)
    assert set(computed.disagreements) == {("S0", "low_results", "computed"), ("S1", "low_results", "declared")}
    assert identify(reg, {"status_source": "declared"}).low_results == ("S1",)
    assert identify(reg, {"status_source": "union"}).low_results == ("S0", "S1")
    assert any(r.rule == "declared" for r in computed.reasons_of("S1"))


def test_demo_district_low_results_schools() -> None:
    reg = nm.datasets.load_demo()
    ident = identify(reg)
    declared = tuple(s.id for s in reg.schools if s.declared_low_results)
    assert len(ident.low_results) == 3 and ident.low_results == declared
    assert not [d for d in ident.disagreements if d[1] == "low_results"]
    frame = ident.to_frame()
    assert len(frame) == 18 and frame["low_results"].sum() == 3
    assert frame.loc[frame["low_results"], "reasons"].str.contains("ВПР|ОГЭ|ЕГЭ").all()


def test_rules_errors_are_clear() -> None:
    with pytest.raises(nm.InvalidInputError, match="bottom_share"):
        identify(nm.datasets.load_demo(), {"bottom_share": 2})


@pytest.mark.parametrize(("rules", "message"), [
    ({"bottom_share": 2}, "The 'bottom_share' parameter of identify must be at most 1. Got 2 instead."),
    ({"low_rule": "any"}, "The 'low_rule' parameter of identify must be one of 'either', 'threshold', 'relative' "
                          "or 'both'. Got 'any' instead."),
    ({"procedures": ()}, "The 'procedures' parameter of identify must be at least one procedure. Got () instead."),
    ({"composite_weights": {"x": -1}}, "The 'composite_weights' parameter of identify must be weights of 0 or more "
                                       "(not x=-1.0). Got {'x': -1} instead."),
])
def test_rules_errors_use_the_one_parameter_template(rules: dict[str, Any], message: str) -> None:
    with pytest.raises(nm.InvalidInputError) as err:
        identify(nm.datasets.load_demo(), rules)
    assert str(err.value) == message


def test_all_bad_rules_are_reported_at_once() -> None:
    with pytest.raises(nm.InvalidInputError) as err:
        identify(nm.datasets.load_demo(), {"bottom_share": 2, "leader_years": 9, "nonsense": 1})
    assert str(err.value).startswith("3 problems in the input:")


# --- the result ----------------------------------------------------------------------------------------


def test_identification_is_immutable() -> None:
    import dataclasses

    ident = identify(nm.datasets.load_demo())
    with pytest.raises(dataclasses.FrozenInstanceError):
        ident.ids = ()  # type: ignore[misc]
    for a in (ident.overall, ident.context, ident.residual, ident.resilient, ident.profile.z, ident.profile.trend,
              ident.profile.years):
        with pytest.raises(ValueError, match="read-only"):
            a[0] = 0


def test_identification_repr_is_short_and_says_what_it_is() -> None:
    for reg in (nm.datasets.load_demo(), nm.datasets.make_region(300, seed=2)):
        ident = identify(reg)
        text = repr(ident)
        assert len(text) < 300 and len(repr(ident.profile)) < 300
        assert text.startswith(f"<Identification: {len(reg)} schools;")
        assert f"low results {len(ident.low_results)}" in text and f"leaders {len(ident.leaders)}" in text


def test_identification_kpis_are_typed_indicators_that_match_the_statuses() -> None:
    from netmatch._base.results import Indicators
    from netmatch._identify import IdentificationKpis

    reg = nm.datasets.make_region(300, seed=2)
    ident = identify(reg, {"status_source": "union"})
    k = ident.kpis
    assert isinstance(k, IdentificationKpis) and isinstance(k, Indicators)
    assert (k.schools, k.years) == (len(reg), len(ident.years))
    assert k.low_results == len(ident.low_results) and k.unfavourable == len(ident.unfavourable)
    assert k.leaders == len(ident.leaders) and k.needs_partner == int(ident.needs_partner.sum())
    assert k.low_and_unfavourable == len(set(ident.low_results) & set(ident.unfavourable))
    assert k.needs_partner == k.low_results + k.unfavourable - k.low_and_unfavourable
    assert k.insufficient_data == sum(Status.INSUFFICIENT_DATA in st for st in ident.statuses)
    assert k.ordinary == sum(st == {Status.ORDINARY} for st in ident.statuses)
    assert k.disagreements == len(ident.disagreements)
    assert k.declared == sum(d is not None for d in ident.declared)
    assert (k.resilient, k.below_expectation) == (int(ident.resilient.sum()), int(ident.below_expectation.sum()))
    d = k.as_dict()
    assert list(d)[:3] == ["schools", "years", "low_results"]
    assert d["share_needs_partner"] == pytest.approx(k.needs_partner / k.schools)
    frame = k.to_frame()
    assert list(frame.columns) == ["indicator", "value"] and len(frame) == len(d)


def test_identification_kpis_of_an_empty_window() -> None:
    reg = registry([{"id": "A"}, {"id": "B"}], [])
    k = identify(reg).kpis
    assert (k.schools, k.years, k.low_results, k.leaders) == (2, 0, 0, 0)
    assert "years none" in repr(identify(reg))


def test_to_frame_has_one_row_per_school_in_registry_order() -> None:
    reg = nm.datasets.load_demo()
    ident = identify(reg)
    frame = ident.to_frame()
    assert list(frame["school"]) == list(reg.ids)
    assert list(frame.columns) == ["school", "status", "low_results", "unfavourable", "leader", "insufficient_data",
                                   "overall_z", "context_z", "expected_z", "residual", "below_expectation",
                                   "resilient", "borderline", "reasons"]
    assert set(frame.loc[frame["leader"], "school"]) == set(ident.leaders)
    assert identify(reg).to_frame("en")["status"].str.contains("ШНОР").sum() == 0


# --- invariants ----------------------------------------------------------------------------------------


@st.composite
def small_regions(draw: st.DrawFn) -> nm.Registry:
    n = draw(st.integers(3, 9))
    ids = [f"S{i}" for i in range(n)]
    res = []
    for s in ids:
        for y in YEARS:
            for p in ("ЕГЭ", "ОГЭ"):
                for subj in ("математика", "русский язык"):
                    res.append(result(s, y, p, subj, mean=draw(st.floats(0, 100)),
                                      below=draw(st.floats(0, 1)), participants=draw(st.integers(1, 40))))
    return registry([{"id": s} for s in ids], res)


def _raised(reg: nm.Registry, school: str, up: float, down: float) -> nm.Registry:
    t = reg.results
    mine = t.school == school
    cols = dict(t.columns())
    cols["mean_score"] = np.where(mine, t.mean_score + up, t.mean_score)
    cols["share_below_minimum"] = np.where(mine, np.clip(t.share_below_minimum - down, 0, 1), t.share_below_minimum)
    return reg.replace(results=nm.ResultTable.from_columns(cols, validate=False))


@settings(max_examples=60)
@given(reg=small_regions(), who=st.integers(0, 8), up=st.floats(0, 50), down=st.floats(0, 0.5),
       rule=st.sampled_from(["either", "threshold", "relative", "both"]))
def test_raising_results_never_makes_a_school_low(reg: nm.Registry, who: int, up: float, down: float,
                                                  rule: str) -> None:
    school = reg.ids[who % len(reg)]
    before = identify(reg, {"low_rule": rule})
    after = identify(_raised(reg, school, up, down), {"low_rule": rule})
    if school not in before.low_results:
        assert school not in after.low_results


@settings(max_examples=60)
@given(reg=small_regions(), t1=st.floats(0.05, 1), t2=st.floats(0.05, 1), b1=st.floats(0, 1), b2=st.floats(0, 1))
def test_stricter_thresholds_never_add_schools(reg: nm.Registry, t1: float, t2: float, b1: float,
                                               b2: float) -> None:
    lo_t, hi_t = sorted((t1, t2))
    lo_b, hi_b = sorted((b1, b2))
    loose = set(identify(reg, {"low_share_threshold": lo_t, "bottom_share": hi_b}).low_results)
    strict = set(identify(reg, {"low_share_threshold": hi_t, "bottom_share": lo_b}).low_results)
    assert strict <= loose


@settings(max_examples=40)
@given(reg=small_regions(), who=st.integers(0, 8), gone=st.sampled_from(YEARS))
def test_a_missing_year_is_never_low(reg: nm.Registry, who: int, gone: int) -> None:
    school = reg.ids[who % len(reg)]
    t = reg.results
    keep = ~((t.school == school) & (t.year == gone))
    assume(keep.sum() > 0)
    ident = identify(reg.replace(results=t.take(keep)))
    assert ident.status_of(school) >= {Status.INSUFFICIENT_DATA}
    assert school not in ident.low_results and school not in ident.leaders


def test_same_input_same_output() -> None:
    reg = nm.datasets.load_demo()
    a, b = identify(reg).to_frame(), identify(reg).to_frame()
    assert a.equals(b)
