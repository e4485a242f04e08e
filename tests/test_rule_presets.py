"""Low results as the published rules read them: presets, the latest years, subjects, the relative floor.

Hand-computed cases for each preset (issue 18, item 1) and the invariants every preset keeps:
raising a school's results never makes it ШНОР, and a district where every school is above
every absolute threshold has no ШНОР.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch import IdentificationRules, identify
from tests.test_identify import YEARS, ordinary_results, registry, result

PRESETS = ("omsk2025", "rosobrnadzor", "regional_rank")


def low_of(res: list[dict[str, Any]], ids: str = "ABCX", **rules: Any) -> tuple[str, ...]:
    return identify(registry([{"id": s} for s in ids], res), rules).low_results


def test_the_default_is_the_published_rule() -> None:
    rules = IdentificationRules()
    assert (rules.preset, rules.low_rule, rules.by_subject, rules.threshold_years) == (
        "omsk2025", "threshold", True, "latest")
    assert (rules.low_share_threshold, rules.min_procedures, rules.consecutive_years) == (0.30, 2, 2)
    assert nm.RULE_PRESETS["omsk2025"] == {}  # the defaults are the rule
    with pytest.raises(nm.InvalidInputError, match="preset"):
        identify(nm.datasets.load_demo(), {"preset": "moscow"})


def test_the_failing_years_are_the_latest_ones() -> None:
    # X failed ЕГЭ and ОГЭ in 2023 and 2024 and is clean in 2025: no longer ШНОР
    res = ordinary_results("ABC")
    for y, below in ((2023, 0.4), (2024, 0.4), (2025, 0.05)):
        res += [result("X", y, p, below=below) for p in ("ЕГЭ", "ОГЭ", "ВПР")]
    assert low_of(res) == ()
    assert low_of(res, threshold_years="any") == ("X",)  # the window read anywhere: still listed
    # failing in 2024 and 2025 instead: ШНОР, and the reason quotes those years
    res = ordinary_results("ABC")
    for y, below in ((2023, 0.05), (2024, 0.4), (2025, 0.4)):
        res += [result("X", y, p, below=below) for p in ("ЕГЭ", "ОГЭ", "ВПР")]
    ident = identify(registry([{"id": s} for s in "ABCX"], res))
    assert ident.low_results == ("X",)
    assert {r.years for r in ident.reasons_of("X") if r.rule == "threshold"} == {(2024, 2025)}


def test_two_procedures_must_fail_in_the_latest_year() -> None:
    # ЕГЭ fails 2024-2025; ОГЭ failed in 2024 only: two procedures in 2024, one in 2025
    res = ordinary_results("ABC")
    for y, ege, oge in ((2023, 0.05, 0.05), (2024, 0.4, 0.4), (2025, 0.4, 0.05)):
        res += [result("X", y, "ЕГЭ", below=ege), result("X", y, "ОГЭ", below=oge), result("X", y, "ВПР")]
    assert low_of(res) == ()
    assert low_of(res, threshold_years="any") == ("X",)
    assert low_of(res, min_procedures=1) == ("X",)


def test_one_subject_fails_its_procedure_on_its_own_share() -> None:
    # maths at 40%, Russian at 5% (as many pupils): 22.5% averaged, under the threshold
    res = ordinary_results("ABC")
    for y in YEARS:
        for p in ("ЕГЭ", "ОГЭ"):
            res += [result("X", y, p, "математика", below=0.4), result("X", y, p, "русский язык", below=0.05)]
    ident = identify(registry([{"id": s} for s in "ABCX"], res))
    assert ident.low_results == ("X",)
    reasons = [r for r in ident.reasons_of("X") if r.rule == "threshold"]
    assert {(r.procedure, r.subject) for r in reasons} == {("ege", "математика"), ("oge", "математика")}
    r = reasons[0]
    assert (r.years, r.value, r.threshold) == ((2024, 2025), pytest.approx(0.4), 0.30)
    assert r.text("ru") == ("ЕГЭ, математика: доля не преодолевших минимальный порог 2024: 40%, 2025: 40% "
                            "(порог 30%)")
    # the family-level reading, an option: the subjects averaged, and the reason says so
    averaged = identify(registry([{"id": s} for s in "ABCX"], res), {"by_subject": False})
    assert averaged.low_results == ()


def test_rosobrnadzor_reads_more_than_a_quarter_in_one_procedure_of_the_latest_year() -> None:
    def school_at(share: float) -> list[dict[str, Any]]:
        return ordinary_results("ABC") + [result("X", y, "ЕГЭ", below=share if y == 2025 else 0.0) for y in YEARS] \
            + [result("X", y, p) for y in YEARS for p in ("ОГЭ", "ВПР")]

    assert low_of(school_at(0.26), preset="rosobrnadzor") == ("X",)
    assert low_of(school_at(0.25), preset="rosobrnadzor") == ()  # more than 25%, not 25%
    assert low_of(school_at(0.26)) == ()  # the Omsk rule: 30%, two procedures, two years
    ident = identify(registry([{"id": s} for s in "ABCX"], school_at(0.26)), {"preset": "rosobrnadzor"})
    (reason,) = [r for r in ident.reasons_of("X") if r.rule == "threshold"]
    assert "порог: более 25%" in reason.text("ru") and reason.years == (2025,)
    # a setting beside the preset overrides it
    assert low_of(school_at(0.26), preset="rosobrnadzor", low_share_threshold=0.3) == ()


def test_the_regional_rank_needs_the_floor() -> None:
    ids = [f"S{i:02d}" for i in range(10)]
    def district(below: float) -> list[dict[str, Any]]:
        return [result(s, y, "ОГЭ", mean=40.0 + 3 * k, below=below) for k, s in enumerate(ids) for y in YEARS]

    # everyone at 5% below the minimum: the lowest mean is still a good school
    assert low_of(district(0.05), ids=ids, preset="regional_rank") == ()
    assert low_of(district(0.2), ids=ids, preset="regional_rank") == ("S00",)
    assert low_of(district(0.05), ids=ids, preset="regional_rank", relative_floor=0) == ("S00",)


# --- invariants over random districts -------------------------------------------------------------------

_SHARE = st.floats(0, 1, allow_nan=False)


@st.composite
def districts(draw: st.DrawFn, top: float = 1.0) -> list[dict[str, Any]]:
    """Six schools, three years, two procedures, two subjects: random means and shares below the minimum."""
    res = []
    for k in range(6):
        for y in YEARS:
            for p in ("ЕГЭ", "ОГЭ"):
                for subject in ("математика", "русский язык"):
                    res.append(result(f"S{k}", y, p, subject, mean=draw(st.floats(20, 90)),
                                      below=draw(st.floats(0, top)), participants=draw(st.integers(1, 60))))
    return res


@settings(max_examples=40, deadline=None)
@given(res=districts(), preset=st.sampled_from(PRESETS), school=st.integers(0, 5), data=st.data())
def test_raising_a_schools_results_never_makes_it_low(res: list[dict[str, Any]], preset: str, school: int,
                                                      data: st.DataObject) -> None:
    ids = [f"S{k}" for k in range(6)]
    before = set(low_of(res, ids=ids, preset=preset))
    who = f"S{school}"
    better = [dict(r) for r in res]
    for r in better:
        if r["school"] == who and data.draw(st.booleans()):
            r["share_below_minimum"] *= data.draw(st.floats(0, 1))
            r["mean_score"] += data.draw(st.floats(0, 10))
    after = set(low_of(better, ids=ids, preset=preset))
    assert who in before or who not in after
    if preset != "regional_rank":  # an absolute rule: nobody else's status moves either
        assert after <= before


@settings(max_examples=30, deadline=None)
@given(res=districts(top=0.1499), preset=st.sampled_from(PRESETS))
def test_a_district_above_every_absolute_threshold_has_no_low_results(res: list[dict[str, Any]],
                                                                      preset: str) -> None:
    assert low_of(res, ids=[f"S{k}" for k in range(6)], preset=preset) == ()


def test_the_rules_reasons_name_procedure_subject_years_value_and_threshold() -> None:
    ident = identify(nm.datasets.load_demo())
    for sid in ident.low_results:
        reasons = [r for r in ident.reasons_of(sid) if r.rule == "threshold"]
        assert reasons
        for r in reasons:
            assert r.procedure and r.subject and r.years and r.value is not None and r.threshold == 0.30
            assert r.subject in r.text("ru") and all(str(y) in r.text("ru") for y in r.years)
            assert np.isclose(r.value, max(r.value, 0.30)) and r.value >= 0.30


# --- small schools: the shares' intervals (issue 18, item 3) ----------------------------------------------


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 2000), data=st.data(), confidence=st.sampled_from((0.9, 0.95, 0.99)))
def test_wilson_is_scipys(n: int, data: st.DataObject, confidence: float) -> None:
    from scipy.stats import binomtest

    from netmatch._identify.rules import wilson

    k = data.draw(st.integers(0, n))
    ci = binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    lo, hi = wilson(np.array([k / n]), np.array([float(n)]), confidence)
    assert lo[0] == pytest.approx(ci.low, abs=1e-9) and hi[0] == pytest.approx(ci.high, abs=1e-9)


def _small_school(share: float, participants: int) -> list[dict[str, Any]]:
    res = [result(s, y, p, below=0.05, participants=200) for s in "ABC" for y in YEARS for p in ("ЕГЭ", "ОГЭ")]
    return res + [result("X", y, p, below=share, participants=participants) for y in YEARS for p in ("ЕГЭ", "ОГЭ")]


def test_a_small_schools_status_is_borderline_and_says_its_interval() -> None:
    reg = registry([{"id": s} for s in "ABCX"], _small_school(0.4, 5))  # 2 of 5: Wilson 95% 12%-77%
    ident = identify(reg)
    assert ident.low_results == ("X",) and ident.borderline.tolist() == [False] * 3 + [True]
    assert ident.kpis.borderline == 1 and ident.to_frame()["borderline"].tolist()[-1]
    (reason,) = [r for r in ident.reasons_of("X") if r.rule == "borderline"]
    assert reason.text("ru").startswith("ШНОР по правилу порога, но статус пограничный: порог 30% внутри")
    assert "40% из 5 участников, 95%-й доверительный интервал 12%–77%" in reason.text("ru")
    assert "40% of 5 participants, 95% interval 12%–77%" in reason.text("en")
    # only where the whole interval is beyond the threshold: not listed, and said so
    strict = identify(reg, {"uncertainty": "interval"})
    assert strict.low_results == () and strict.borderline[-1]
    assert next(r for r in strict.reasons_of("X") if r.rule == "borderline").text("ru").startswith(
        "не ШНОР, но статус пограничный")
    # the same shares of 500 pupils: beyond doubt
    big = identify(registry([{"id": s} for s in "ABCX"], _small_school(0.4, 500)))
    assert big.low_results == ("X",) and not big.borderline.any()
    assert identify(registry([{"id": s} for s in "ABCX"], _small_school(0.4, 500)),
                    {"uncertainty": "interval"}).low_results == ("X",)


@settings(max_examples=80, deadline=None)
@given(shares=st.tuples(st.floats(0, 1), st.floats(0, 1)), sizes=st.tuples(st.integers(1, 300), st.integers(1, 300)))
def test_borderline_exactly_when_an_interval_holds_the_threshold_of_a_deciding_share(
        shares: tuple[float, float], sizes: tuple[int, int]) -> None:
    from scipy.stats import binomtest

    # X: ЕГЭ and ОГЭ far above the threshold in 2024 (1,000 pupils), and the drawn shares in 2025
    shares = tuple(round(s * n) / n for s, n in zip(shares, sizes, strict=True))  # whole pupils
    res = [result(s, y, p, below=0.05, participants=200) for s in "ABC" for y in YEARS for p in ("ЕГЭ", "ОГЭ")]
    for p, share, n in zip(("ЕГЭ", "ОГЭ"), shares, sizes, strict=True):
        res += [result("X", 2023, p, below=0.0, participants=1000), result("X", 2024, p, below=0.9, participants=1000),
                result("X", 2025, p, below=share, participants=n)]
    ident = identify(registry([{"id": s} for s in "ABCX"], res))
    fails = [s >= 0.30 for s in shares]
    cis = [binomtest(round(s * n), n).proportion_ci(method="wilson") for s, n in zip(shares, sizes, strict=True)]
    open_ = [ci.low < 0.30 <= ci.high for ci in cis]  # the threshold inside the interval
    listed = all(fails)
    assert ident.low_results == (("X",) if listed else ())
    expected = (open_[0] or open_[1]) if listed else \
        (fails[1] and open_[0] and not fails[0]) or (fails[0] and open_[1] and not fails[1])
    assert bool(ident.borderline[-1]) == expected
