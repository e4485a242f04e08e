"""Programme indicators as data (issue 18, item 4): formulas over the plan's tables, hand-computed.

Each shipped indicator is checked against a computation written here from the registry and the
plan (not from :func:`indicator_tables`); the evaluator against pandas on random tables; the
indicators a plan lacks the data for say what they need instead of a number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._programme.indicators import _measure_by
from netmatch._programme.tables import indicator_tables


@pytest.fixture(scope="module")
def demo() -> nm.Registry:
    return nm.datasets.load_demo()


@pytest.fixture(scope="module")
def demo_plan(demo: nm.Registry) -> Any:
    return nm.plan(demo)


@pytest.fixture(scope="module")
def demo_events(demo_plan: Any) -> Any:
    return nm.plan_events(demo_plan, year=2025, time_limit=10.0)


def _ind(**kw: Any) -> nm.Indicator:
    return nm.Indicator(**{"code": "x", "name_ru": "Икс", "table": "schools", **kw})


# --- the shipped indicators against a computation of their own --------------------------------


def test_coverage_and_network_equal_the_plans_kpis(demo_plan: Any) -> None:
    m = nm.measure_indicators(demo_plan)
    k = demo_plan.kpis
    assert m["covered"].value == pytest.approx(k.share_covered)
    assert m["covered"].denominator == len(set(demo_plan.identification.low_results)
                                           | set(demo_plan.identification.unfavourable))
    assert m["in_network"].value == pytest.approx(k.share_in_network)
    assert (m["in_network"].numerator, m["in_network"].denominator) == (k.in_network, len(demo_plan.identification.ids))


def test_the_network_targets_follow_the_plans_own(demo: nm.Registry) -> None:
    p = nm.plan(demo, network_settings={"targets": {"network_share": 0.9}})
    m = nm.measure_indicators(p)
    assert m["in_network"].indicator.target == 0.9
    assert m["in_network"].met is (m["in_network"].value >= 0.9)
    # an indicator of the user's own with the same code keeps its own target
    own = _ind(code="in_network", numerator="in_network", target=0.3)
    assert nm.measure_indicators(p, indicators=[own])["in_network"].indicator.target == 0.3


def test_gia_pass_share_in_unfavourable_schools_by_hand(demo: nm.Registry, demo_plan: Any) -> None:
    res = demo.to_frames().results
    latest = res[res["year"] == res["year"].max()]
    for code, schools in (("gia_passed_unfavourable", demo_plan.identification.unfavourable),
                          ("gia_passed_low_results", demo_plan.identification.low_results)):
        rows = latest[latest["procedure"].isin(["ege", "oge"]) & latest["school"].isin(schools)]
        passed = (rows["participants"] * (1 - rows["share_below_minimum"])).sum()
        got = nm.measure_indicators(demo_plan)[code]
        assert got.value == pytest.approx(passed / rows["participants"].sum()), code
        assert got.rows == len(rows)


def test_vpr_by_grade_by_hand(demo: nm.Registry, demo_plan: Any) -> None:
    res = demo.to_frames().results
    vpr = res[(res["year"] == res["year"].max()) & (res["procedure"] == "vpr")]
    got = nm.measure_indicators(demo_plan)["vpr_passed"]
    assert [g.group for g in got.groups] == sorted(int(g) for g in vpr["grade"].unique())
    for g in got.groups:
        rows = vpr[vpr["grade"] == g.group]
        assert g.value == pytest.approx((rows["participants"] * (1 - rows["share_below_minimum"])).sum()
                                        / rows["participants"].sum())
    # the total is over every grade, not a mean of the grades' values
    assert got.value == pytest.approx((vpr["participants"] * (1 - vpr["share_below_minimum"])).sum()
                                      / vpr["participants"].sum())


def test_oge_quality_by_hand(demo: nm.Registry) -> None:
    # the demo has no «Качество знаний»: the indicator names it; given, it is the participants' share
    plan = nm.plan(demo)
    assert nm.measure_indicators(plan)["oge_quality"].missing("ru") == "столбец «Качество знаний» в результатах"
    res = demo.to_frames().results
    quality = np.where(res["procedure"] == "oge", 0.3 + 0.01 * (np.arange(len(res)) % 40), np.nan)
    frames = demo.to_frames()
    with_quality = nm.read_registry({"schools": frames.schools, "results": res.assign(share_quality=quality),
                                     "resources": frames.resources})
    got = nm.measure_indicators(nm.plan(with_quality))["oge_quality"]
    latest = res.assign(q=quality)[(res["year"] == res["year"].max()) & (res["procedure"] == "oge")]
    assert got.value == pytest.approx((latest["participants"] * latest["q"]).sum() / latest["participants"].sum())


def test_teachers_trained_by_hand(demo: nm.Registry, tmp_path: Path) -> None:
    frames = demo.to_frames()
    teachers = frames.teachers.copy()
    count = teachers["teachers"].astype(float).fillna(1.0)
    # a count per counted row (half, rounded down), yes/no for a named teacher; one row left unknown
    trained = [("да" if k % 2 else "нет") if pd.notna(n) and isinstance(n, str) else int(c // 2)
               for k, (n, c) in enumerate(zip(teachers["name"], count, strict=True))]
    trained[0] = None
    teachers["trained"] = trained
    tables = {"schools": frames.schools, "results": frames.results, "resources": frames.resources,
              "teachers": teachers}
    plan = nm.plan(nm.read_registry(tables))
    got = nm.measure_indicators(plan)["teachers_trained"]
    target = set(plan.identification.low_results) | set(plan.identification.unfavourable)
    numbers = pd.Series([np.nan if t is None else {"да": 1, "нет": 0}.get(t, t) for t in trained], dtype=float)
    rows = teachers["school"].isin(target) & numbers.notna()
    assert got.value == pytest.approx(numbers[rows].sum() / count[rows].sum())
    assert got.rows == int(rows.sum())
    bad = teachers.assign(trained=count + 1)
    with pytest.raises(nm.InvalidInputError, match="more teachers trained"):
        nm.read_registry({**tables, "teachers": bad})


def test_results_rose_by_hand() -> None:
    # two schools, one subject, two years: A falls behind B, then passes it
    schools = [{"id": s, "name": s, "latitude": 55.0, "longitude": 37.0 + i / 100} for i, s in enumerate("ABC")]
    res = [{"school": s, "year": y, "procedure": "ЕГЭ", "subject": "математика", "mean_score": m,
            "share_below_minimum": 0.05, "participants": 20}
           for s, y, m in (("A", 2024, 40), ("B", 2024, 60), ("C", 2024, 50),
                           ("A", 2025, 65), ("B", 2025, 45), ("C", 2025, 50))]
    p = nm.plan(nm.Registry(schools=schools, results=res))
    frame = indicator_tables(p)["schools"].set_index("school")
    assert frame.loc["A", "results_change"] > 0 > frame.loc["B", "results_change"]
    assert frame["results_rose"].tolist() == [True, False, False]  # C kept its place: no rise
    one_year = nm.plan(nm.Registry(schools=schools, results=[r for r in res if r["year"] == 2025]))
    assert indicator_tables(one_year)["schools"]["results_rose"].isna().all()


def test_teachers_and_staff_need_the_plan_of_events(demo_plan: Any, demo_events: Any, demo: nm.Registry) -> None:
    without = nm.measure_indicators(demo_plan)
    for code in ("teachers_in_events", "staff_involved", "events_in_person"):
        assert without[code].value is None and without[code].missing("ru") == "план мероприятий", code
        assert without[code].met is None
    m = nm.measure_indicators(demo_plan, events=demo_events)
    taking = {s for e in demo_events.events for s in (*e.participants, *([e.place] if e.place else []))}
    teachers = demo.to_frames().teachers
    count = teachers["teachers"].astype(float).fillna(1.0)
    assert m["teachers_in_events"].value == pytest.approx(count[teachers["school"].isin(taking)].sum() / count.sum())
    in_person = [e.form == "in_person" for e in demo_events.events]  # as the plan of events counts them
    assert m["events_in_person"].value == pytest.approx(np.mean(in_person))
    assert m["events_in_person"].denominator == len(demo_events.events)
    assert m["events_in_person"].numerator == demo_events.kpis.in_person
    assert 0 < m["staff_involved"].value <= 1


def test_a_registry_without_teachers_says_so() -> None:
    reg = nm.Registry(schools=[{"id": "A", "name": "A", "latitude": 55.0, "longitude": 37.0}])
    m = nm.measure_indicators(nm.plan(reg))
    assert m["teachers_in_events"].missing("ru") == "таблица «Педагоги»"
    assert m["teachers_in_events"].missing("en") == "the teachers table («Педагоги»)"
    assert m["gia_passed_unfavourable"].missing("en").startswith("the assessment results")
    assert m["covered"].empty and m["covered"].value is None  # no ШНОР/ШНСУ: nothing to cover
    assert m["in_network"].value == 0.0


def test_an_empty_column_is_named_as_the_need() -> None:
    frame = pd.DataFrame({"school": ["A", "B"], "students": [np.nan, np.nan], "target": [True, False]})
    v = _measure_by(_ind(numerator="students", unit="mean"), frame)
    assert v.value is None and v.missing("ru") == "«Кол-во обучающихся» реестра"


# --- the evaluator --------------------------------------------------------------------------


def test_conditions_sums_and_missing_values() -> None:
    f = pd.DataFrame({"school": list("ABCD"), "students": [100.0, 50.0, np.nan, 10.0],
                      "target": [True, True, False, False], "in_network": [True, False, True, False]})
    share = _measure_by(_ind(numerator="in_network", where="target"), f)
    assert (share.value, share.numerator, share.denominator, share.rows) == (0.5, 1.0, 2.0, 2)
    # a number sums; a row missing a value it needs is left out of both sums
    mean = _measure_by(_ind(numerator="students * in_network", denominator="students", unit="mean"), f)
    assert (mean.numerator, mean.denominator, mean.rows) == (100.0, 160.0, 3)
    count = _measure_by(_ind(numerator="not target and students > 5", unit="count"), f)
    assert (count.value, count.rows) == (1.0, 3)  # D; C's students are missing: left out, not counted
    # three-valued logic: a missing value decides only where the rest does not
    either = _measure_by(_ind(numerator="target or students > 5", unit="count"), f)
    assert (either.value, either.rows) == (3.0, 3)  # C: false or missing is missing
    known = _measure_by(_ind(numerator="not target and students > 5", where="target", unit="count"), f)
    assert (known.value, known.rows) == (0.0, 2)  # false and anything is false
    assert _measure_by(_ind(numerator="students > 5 & in_network", unit="count"), f).rows == 3

    grouped = _measure_by(_ind(numerator="in_network", by="target"), f)
    assert [(g.group, g.value) for g in grouped.groups] == [(False, 0.5), (True, 0.5)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500, allow_nan=False) | st.none(), st.booleans(), st.booleans()),
                min_size=1, max_size=25))
def test_a_share_is_the_pandas_share_and_within_bounds(rows: list[tuple[float | None, bool, bool]]) -> None:
    f = pd.DataFrame({"school": [f"S{i}" for i in range(len(rows))],
                      "students": [np.nan if r[0] is None else r[0] for r in rows],
                      "target": [r[1] for r in rows], "in_network": [r[2] for r in rows]})
    v = _measure_by(_ind(numerator="students * in_network", denominator="students", where="target"), f)
    rows_t = f[f["target"] & f["students"].notna()]
    if not f["target"].any():
        assert v.empty and v.value is None
    elif not len(rows_t):
        assert v.value is None and v.missing("en") == "the registry's «Кол-во обучающихся»"
    elif rows_t["students"].sum() == 0:
        assert v.value is None
    else:
        expected = (rows_t["students"] * rows_t["in_network"]).sum() / rows_t["students"].sum()
        assert v.value == pytest.approx(expected)
        assert 0 <= v.value <= 1 + 1e-12 and v.numerator is not None and v.denominator is not None
        assert v.numerator <= v.denominator + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["ege", "oge", "vpr", None]), st.sampled_from(["ege", "oge", None])),
                min_size=1, max_size=30), st.booleans())
def test_text_comparisons_match_a_row_by_row_reading(rows: list[tuple[str | None, str | None]],
                                                     categories: bool) -> None:
    from netmatch._programme.indicators import _evaluate

    f = pd.DataFrame({"p": [r[0] for r in rows], "q": [r[1] for r in rows]}, dtype=object)
    if categories:  # the results' texts come as categories of the table's codes
        f = f.astype("category")

    def by_row(test: Any, *cols: str) -> list[float]:
        return [np.nan if any(r[i] is None for i in range(len(cols))) else float(test(*r[:len(cols)]))
                for r in rows]

    def same(got: np.ndarray, expected: list[float]) -> bool:
        return bool(np.array_equal(got, np.array(expected), equal_nan=True))

    assert same(_evaluate(f, "p == 'oge'"), by_row(lambda p: p == "oge", "p"))
    assert same(_evaluate(f, "p in ['ege', 'vpr']"), by_row(lambda p: p in ("ege", "vpr"), "p"))
    assert same(_evaluate(f, "p not in ['vpr']"), by_row(lambda p: p != "vpr", "p"))
    assert same(_evaluate(f, "p != q"), by_row(lambda p, q: p != q, "p", "q"))


@pytest.mark.parametrize(("field", "formula", "words"), [
    ("numerator", "__import__('os')", "found «__import__('os')»"),
    ("numerator", "students ** 2", "found «**»"),
    ("numerator", "pupils > 0", "no column"),
    ("where", "procedure in 'ege'", "«in» takes a list"),
    ("numerator", "students >", "not a formula"),
])
def test_bad_formulas_are_refused_with_their_field(field: str, formula: str, words: str) -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.measure_indicators(nm.plan(nm.datasets.load_demo()),
                              indicators=[{"code": "x", "name_ru": "Икс", "table": "results", "numerator": "latest",
                                           field: formula}])
    text = str(info.value)
    assert words in text and f"indicator 1 ('x'): {field}" in text, text


def test_a_text_compared_with_less_than_is_refused_at_measure(demo_plan: Any) -> None:
    bad = _ind(table="results", numerator="procedure < 'oge'")
    with pytest.raises(nm.InvalidInputError, match="texts compare only with == and !="):
        nm.measure_indicators(demo_plan, indicators=[bad])


# --- from files ----------------------------------------------------------------------------


def test_a_file_replaces_and_adds_to_the_preset(tmp_path: Path, demo_plan: Any) -> None:
    path = tmp_path / "indicators.toml"
    path.write_text('preset = "common"\n\n[[indicator]]\ncode = "covered"\nname_ru = "Охват"\ntable = "schools"\n'
                    'numerator = "covered"\nwhere = "target"\ntarget = 0.9\n\n[[indicator]]\ncode = "big"\n'
                    'name_ru = "Крупные школы"\ntable = "schools"\nnumerator = "students >= 500"\nunit = "count"\n',
                    encoding="utf-8")
    found = nm.load_indicators(path)
    codes = [i.code for i in found]
    assert codes[0] == "covered" and codes[-1] == "big" and len(codes) == len(nm.INDICATOR_PRESETS["common"]) + 1
    assert found[0].target == 0.9 and found[0].name_ru == "Охват"
    m = nm.measure_indicators(demo_plan, indicators=found)
    students = demo_plan.registry.to_frames().schools["students"]
    assert m["big"].value == float((students >= 500).sum())


def test_bad_files_list_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "i.toml"
    path.write_text('preset = "common"\nextra = 1\n', encoding="utf-8")
    with pytest.raises(nm.InvalidInputError, match="unknown keys extra"):
        nm.load_indicators(path)
    path.write_text('[[indicator]]\ncode = "a"\nname_ru = "А"\ntable = "pupils"\nnumerator = "x"\n'
                    '[[indicator]]\ncode = "a"\nname_ru = "Б"\ntable = "schools"\nnumerator = "in_network"\n'
                    'unit = "ratio"\n', encoding="utf-8")
    with pytest.raises(nm.InvalidInputError) as info:
        nm.load_indicators(path)
    problems = info.value.problems
    assert len(problems) == 2, problems  # the first indicator's table, the second's unit (codes checked after)
    path.write_text("[[indicator]\n", encoding="utf-8")
    with pytest.raises(nm.InvalidInputError, match="not a TOML file"):
        nm.load_indicators(path)


def test_the_frame_has_a_row_per_group(demo_plan: Any) -> None:
    m = nm.measure_indicators(demo_plan)
    frame = m.to_frame("ru")
    assert len(frame) == len(m) + len(m["vpr_passed"].groups)
    assert frame.set_index("code").loc["teachers_in_events", "needs"] == "план мероприятий"
    assert nm.measure_indicators(demo_plan, indicators="none").to_frame().empty


# --- where a user sees them ------------------------------------------------------------------


def test_the_cli_prints_saves_and_reads_indicators(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    path = tmp_path / "ind.toml"
    path.write_text('preset = "none"\n[[indicator]]\ncode = "net"\nname_ru = "Школы в сети"\n'
                    'name_en = "Schools in the network"\ntable = "schools"\nnumerator = "in_network"\n'
                    'target = 0.99\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "netmatch", "demo", "--out", str(tmp_path / "out"), "--no-progress",
                           "--indicators", str(path)], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert "цель не достигнута: Школы в сети — 78% при цели ≥ 99%" in done.stdout, done.stdout
    record = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    assert [i["code"] for i in record["indicators"]] == ["net"]
    assert record["indicators"][0]["met"] is False
    table = pd.read_csv(tmp_path / "out" / "indicators.csv")
    assert len(table) == 1
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Показатели и их цели" in report and "Школы в сети" in report
    path.write_text('[[indicator]]\ncode = "net"\nname_ru = "Сеть"\ntable = "schools"\nnumerator = "pupils"\n',
                    encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "netmatch", "demo", "--out", str(tmp_path / "out2"),
                          "--no-progress", "--indicators", str(path)], capture_output=True, text=True, cwd=tmp_path,
                         check=False)
    assert bad.returncode == 2 and "нет столбца" in bad.stderr + bad.stdout, bad.stderr
