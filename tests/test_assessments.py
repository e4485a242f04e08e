"""Assessments as data (issue 13, item 6): declared procedures, scales, counts, percent columns.

Registries are built in code: a foreign test on a 200–800 scale, a regional diagnostic with
signed progress scores, a lower-is-better scale, counts with participants, percent share
columns. Who is identified is checked against answers worked out by hand or by brute force.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch._data import BUILTIN_ASSESSMENTS
from netmatch._data.assessments import catalogue
from netmatch._identify import IdentificationRules, identify
from netmatch.cli.commands import main
from netmatch.cli.settings import resolve
from netmatch.report.charts import charts_html
from netmatch.report.record import plan_record

YEARS = (2023, 2024, 2025)
SAT = nm.Assessment(code="sat", name_ru="SAT (тест)", name_en="SAT", aliases=("Scholastic Assessment Test",),
                    scale_min=200, scale_max=800, grades=(11,))
PROGRESS = nm.Assessment(code="rdr", name_ru="РДР", name_en="Regional diagnostic", scale_min=-3, scale_max=3,
                         aliases=("региональная диагностическая работа",))
RANK = nm.Assessment(code="rank", name_ru="Рейтинг", name_en="Rank", scale_min=1, scale_max=100,
                     higher_is_better=False)


def schools(n: int) -> list[dict[str, Any]]:
    return [{"id": f"S{i:02d}", "name": f"Школа {i}"} for i in range(n)]


def rows(proc: str, means: dict[str, list[float]], **extra: Any) -> list[dict[str, Any]]:
    return [{"school": s, "year": y, "procedure": proc, "subject": "математика", "mean_score": m, **extra}
            for s, by_year in means.items() for y, m in zip(YEARS, by_year, strict=True)]


def bottom_each_year(means: dict[str, list[float]], share: float, higher_is_better: bool = True) -> set[str]:
    """Brute force: the schools in the bottom ``floor(share * n)`` every year (worst first)."""
    k = math.floor(share * len(means) + 1e-9)
    found = None
    for y in range(len(YEARS)):
        order = sorted(means, key=lambda s: means[s][y] if higher_is_better else -means[s][y])
        worst = set(order[:k])
        found = worst if found is None else found & worst
    return found or set()


# --- a foreign test, ranked like the built-ins ----------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_foreign_test_is_standardised_and_ranked_like_the_builtins(seed: int) -> None:
    rng = np.random.default_rng(seed)
    ids = [s["id"] for s in schools(20)]
    means = {s: [float(v) for v in rng.integers(300, 700, size=3)] for s in ids}
    worst = ids[int(rng.integers(0, 20))]
    means[worst] = [250.0, 240.0, 260.0]  # the last school three years running
    reg = nm.Registry(schools(20), rows("SAT", means), assessments=[SAT])
    ident = identify(reg, {"low_rule": "relative", "bottom_share": 0.10, "relative_floor": 0})
    assert set(ident.low_results) == bottom_each_year(means, 0.10) and worst in ident.low_results
    reason = next(r for r in ident.reasons_of(worst) if r.rule == "relative")
    assert reason.procedure == "sat" and "SAT:" in reason.text("en") and "SAT (тест):" in reason.text("ru")
    # the built-in procedures alone: the SAT results are not judged, nobody is low by them
    only = identify(reg, IdentificationRules(procedures=("ЕГЭ", "ОГЭ"), low_rule="relative", bottom_share=0.1,
                                             relative_floor=0))
    assert only.low_results == ()


def test_a_lower_is_better_scale_turns_every_rule_round() -> None:
    ids = [s["id"] for s in schools(10)]
    means = {s: [10.0 + 5 * k] * 3 for k, s in enumerate(ids)}  # S09 has the highest rank number: the worst
    lower = identify(nm.Registry(schools(10), rows("rank", means), assessments=[RANK]),
                     {"low_rule": "relative", "bottom_share": 0.10, "relative_floor": 0})
    assert lower.low_results == ("S09",) == tuple(bottom_each_year(means, 0.1, higher_is_better=False))
    higher = identify(nm.Registry(schools(10), rows("rank", means), assessments=[RANK.model_copy(
        update={"higher_is_better": True})]), {"low_rule": "relative", "bottom_share": 0.10, "relative_floor": 0})
    assert higher.low_results == ("S00",)
    # leaders are the best: the lowest rank numbers on a lower-is-better scale, the highest otherwise
    assert lower.leaders == ("S00", "S01", "S02") and higher.leaders == ("S07", "S08", "S09")


def test_a_declared_assessment_counts_towards_min_procedures_beyond_three() -> None:
    ids = [s["id"] for s in schools(6)]
    means = {s: [50.0] * 3 for s in ids}
    res = []
    for proc in ("ЕГЭ", "ОГЭ", "ВПР"):
        res += rows(proc, means, share_below_minimum=0.05, participants=20)
    res += rows("РДР", {s: [0.5] * 3 for s in ids}, share_below_minimum=0.05, participants=20)
    for r in res:  # S00 fails the threshold in all four procedures, every year
        if r["school"] == "S00":
            r["share_below_minimum"] = 0.5
    reg = nm.Registry(schools(6), res, assessments=[PROGRESS])
    four = identify(reg, IdentificationRules(low_rule="threshold", min_procedures=4))
    assert four.low_results == ("S00",)
    assert identify(reg, IdentificationRules(low_rule="threshold", min_procedures=5)).low_results == ()
    assert {r.procedure for r in four.reasons_of("S00") if r.rule == "threshold"} == {"ege", "oge", "vpr", "rdr"}


# --- scales ---------------------------------------------------------------------------------------


def test_signed_progress_scores_are_read_where_the_scale_allows_them() -> None:
    reg = nm.Registry(schools(2), rows("региональная диагностическая работа", {"S00": [-0.4, 0.0, 2.5]}),
                      assessments=[PROGRESS])
    assert reg.results.mean_score.tolist() == [-0.4, 0.0, 2.5]
    assert set(reg.results.procedure.tolist()) == {"rdr"}
    with pytest.raises(nm.InvalidInputError) as info:
        nm.Registry(schools(2), rows("РДР", {"S00": [-0.4, -5.0, 3.5]}), assessments=[PROGRESS])
    found = [(p.index, p.value) for p in info.value.problems]
    assert found == [(1, -5.0), (2, 3.5)]
    p = info.value.problems[0]
    assert "Regional diagnostic" in p.expected and "from -3 to 3" in p.expected
    assert p.expected_ru is not None and "РДР" in p.expected_ru and "от -3 до 3" in p.expected_ru
    # a built-in scale starts at 0: a negative ЕГЭ score is still an error, worded as before
    with pytest.raises(nm.InvalidInputError, match="a mean score of 0 or more"):
        nm.Registry(schools(1), rows("ЕГЭ", {"S00": [-0.4, 50, 60]}))


def test_an_unknown_procedure_names_the_declared_ones() -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.Registry(schools(1), rows("PISA", {"S00": [1, 2, 3]}), assessments=[PROGRESS])
    p = info.value.problems[0]
    assert p.column == "procedure" and "'rdr' (РДР)" in p.expected and "'ege' (ЕГЭ)" in p.expected
    assert p.fix_ru is not None and "Процедуры" in p.fix_ru


def test_declarations_are_checked() -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        catalogue([{"code": "a", "name_ru": "А"}, {"code": "A", "name_ru": "Б"}, {"code": "c", "name_ru": "ОГЭ"},
                   {"code": "d", "name_ru": "Д", "scale_min": 10, "scale_max": 5}])
    found = sorted((p.index, p.column) for p in info.value.problems)
    assert found == [(1, "code"), (2, "name_ru"), (3, None)]
    # a declared built-in code replaces it, keeping its place
    ege = nm.Assessment(code="ege", name_ru="ЕГЭ", name_en="EGE", scale_min=0, scale_max=100)
    assert catalogue([ege])[0] == ege and len(catalogue([ege])) == 3
    assert BUILTIN_ASSESSMENTS[0].scale_max is None


# --- counts with participants ------------------------------------------------------------------------


def test_counts_with_participants_become_shares() -> None:
    cols = {"school": ["A", "B", "C"], "year": [2024] * 3, "procedure": ["ОГЭ"] * 3, "subject": ["химия"] * 3,
            "participants": [20, 8, 40], "count_below_minimum": ["5", 0, None], "count_high": [2, 8, 10],
            "share_below_minimum": [None, None, 0.1]}
    t = nm.ResultTable.from_columns(cols)
    assert t.share_below_minimum.tolist() == [0.25, 0.0, 0.1]
    assert t.share_high.tolist() == [0.1, 1.0, 0.25]


def test_counts_are_checked_against_participants() -> None:
    cols = {"school": ["A", "B", "C", "D", "E"], "year": [2024] * 5, "procedure": ["ОГЭ"] * 5,
            "subject": ["химия"] * 5, "participants": [20, None, 10, 0, 20],
            "count_high": [25, 3, 2, -1, 4], "share_high": [None, None, 0.9, None, 0.2]}
    with pytest.raises(nm.InvalidInputError) as info:
        nm.ResultTable.from_columns(cols)
    found = sorted((p.index, p.column) for p in info.value.problems)
    assert found == [(0, "count_high"), (1, "participants"), (2, "share_high"), (3, "count_high")]
    assert all(p.expected_ru for p in info.value.problems)


def test_counts_are_read_from_russian_headers(tmp_path: Path) -> None:
    res = pd.DataFrame({"Код ОО": ["S00", "S01"], "Год": [2024, 2024], "Процедура": ["ОГЭ", "ОГЭ"],
                        "Предмет": ["химия", "химия"], "Участников": [10, 4],
                        "Не преодолели минимальный порог, чел.": [1, 2], "Высоких результатов, чел.": [5, 0]})
    reg = nm.read_registry({"schools": pd.DataFrame(schools(2)), "results": res})
    assert reg.results.share_below_minimum.tolist() == [0.1, 0.5]
    assert reg.results.share_high.tolist() == [0.5, 0.0]


def test_the_quality_of_marks_is_read_as_a_share_or_from_a_count(tmp_path: Path) -> None:
    # «качество знаний»: the share of «4» and «5», as a percentage column or as a count of pupils
    res = pd.DataFrame({"Код ОО": ["S00", "S01"], "Год": [2024, 2024], "Процедура": ["ОГЭ", "ОГЭ"],
                        "Предмет": ["химия", "химия"], "Участников": [10, 4], "Качество знаний": ["45%", "60%"]})
    reg = nm.read_registry({"schools": pd.DataFrame(schools(2)), "results": res})
    assert reg.results.share_quality.tolist() == [0.45, 0.6]
    counted = res.drop(columns="Качество знаний").assign(**{"На «4» и «5», чел.": [7, 1]})
    reg = nm.read_registry({"schools": pd.DataFrame(schools(2)), "results": counted})
    assert reg.results.share_quality.tolist() == [0.7, 0.25]
    nm.write_registry(reg, tmp_path / "r.xlsx")
    assert nm.read_registry(tmp_path / "r.xlsx").results.share_quality.tolist() == [0.7, 0.25]
    with pytest.raises(nm.InvalidInputError, match="share_quality"):
        nm.ResultTable.from_columns({"school": ["A"], "year": [2024], "procedure": ["ОГЭ"], "subject": ["химия"],
                                     "share_quality": [1.5]})


# --- percent columns ---------------------------------------------------------------------------------


def _results_frame(share: list[object]) -> pd.DataFrame:
    n = len(share)
    return pd.DataFrame({"Код ОО": ["S00"] * n, "Год": list(range(2020, 2020 + n)), "Процедура": ["ЕГЭ"] * n,
                         "Предмет": ["химия"] * n, "Доля не преодолевших минимальный порог": share})


def test_a_percent_column_is_detected_with_a_note() -> None:
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry({"schools": pd.DataFrame(schools(1)), "results": _results_frame([35, "12%", 0, 100])},
                           notes=notes)
    assert reg.results.share_below_minimum.tolist() == [0.35, 0.12, 0.0, 1.0]
    (note,) = [n for n in notes if n.kind == "percent"]
    assert note.header == "Доля не преодолевших минимальный порог" and "percentages" in str(note)


def test_a_column_of_fractions_stays_fractions_unless_declared() -> None:
    frames = {"schools": pd.DataFrame(schools(1)), "results": _results_frame([0.5, 1, 0])}
    assert nm.read_registry(frames).results.share_below_minimum.tolist() == [0.5, 1.0, 0.0]
    declared = nm.read_registry(frames, percent_columns=["share_below_minimum"])
    assert declared.results.share_below_minimum.tolist() == [0.005, 0.01, 0.0]


def test_an_ambiguous_column_is_one_problem_naming_it() -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({"schools": pd.DataFrame(schools(1)), "results": _results_frame([35, 40, 0.5, 0.2])})
    (p,) = info.value.problems
    assert p.column == "Доля не преодолевших минимальный порог"
    assert p.fix is not None and "percent_columns" in p.fix
    assert p.fix_ru is not None and "percent_columns" in p.fix_ru and p.expected_ru is not None
    # declaring the column settles it: every bare number a percentage
    reg = nm.read_registry({"schools": pd.DataFrame(schools(1)), "results": _results_frame([35, 40, 0.5, 0.2])},
                           percent_columns=["share_below_minimum"])
    assert reg.results.share_below_minimum.tolist() == [0.35, 0.4, 0.005, 0.002]


def test_a_value_over_100_in_a_percent_column_is_still_an_error() -> None:
    with pytest.raises(nm.InvalidInputError) as info:
        nm.read_registry({"schools": pd.DataFrame(schools(1)), "results": _results_frame([35, 140, 20])})
    assert [(p.index, p.value) for p in info.value.problems] == [(1, 140)]


# --- files and settings --------------------------------------------------------------------------------


def _declared_registry() -> nm.Registry:
    ids = [s["id"] for s in schools(4)]
    res = rows("SAT", {s: [500.0 + k, 510.0, 520.5] for k, s in enumerate(ids)})
    res += rows("РДР", {s: [-0.4, 0.25, 1.0] for s in ids})
    return nm.Registry(schools(4), res, assessments=[SAT, PROGRESS, RANK], name="Район")


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".csv", ""])
@pytest.mark.parametrize("headers", ["en", "ru"])
def test_declared_assessments_round_trip_through_every_format(tmp_path: Path, suffix: str, headers: str) -> None:
    reg = _declared_registry()
    files = nm.write_registry(reg, tmp_path / f"district{suffix}", headers=headers)  # type: ignore[arg-type]
    back = nm.read_registry(files[0] if suffix else tmp_path / "district", name=reg.name)
    assert back == reg and back.assessments == reg.assessments
    assert back.assessment("Scholastic Assessment Test").scale_max == 800


@pytest.mark.parametrize("calamine", [True, False])
def test_the_procedures_sheet_reads_alike_with_either_excel_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   calamine: bool) -> None:
    pytest.importorskip("openpyxl")
    if calamine:
        pytest.importorskip("python_calamine")
    else:
        monkeypatch.setitem(sys.modules, "python_calamine", None)  # import fails: the openpyxl fallback
    reg = _declared_registry()
    (path,) = nm.write_registry(reg, tmp_path / "district.xlsx", headers="ru")
    back = nm.read_registry(path, name=reg.name)
    assert back == reg and back.assessments == reg.assessments


def test_the_config_declares_procedures_and_percent_columns(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    reg = _declared_registry()
    nm.write_registry(reg.replace(assessments=[SAT, PROGRESS]), tmp_path / "d.csv")
    (tmp_path / "d.procedures.csv").unlink()  # the procedures now come from the settings file only
    assert main(["--lang", "en", "validate", str(tmp_path / "d.csv")]) == 2
    assert "declared" not in capsys.readouterr().err  # built-ins only: the old wording
    config = tmp_path / "c.toml"
    config.write_text('[procedures.sat]\nname_ru = "SAT (тест)"\nname_en = "SAT"\nscale_min = 200\n'
                      'scale_max = 800\n[procedures.rdr]\nname_ru = "РДР"\nscale_min = -3\nscale_max = 3\n'
                      '[read]\npercent_columns = ["share_high"]\n', encoding="utf-8")
    assert main(["--lang", "en", "validate", str(tmp_path / "d.csv"), "--config", str(config)]) == 0
    settings_ = resolve({"procedures": {"kdr": {"name_ru": "КДР"}}, "read": {"percent_columns": "share_high"}})
    assert settings_.procedures[0].code == "kdr" and settings_.percent_columns == ("share_high",)
    with pytest.raises(nm.InvalidInputError) as info:
        resolve({"procedures": {"x": {"name_ru": "X", "scale_min": 1, "scale_max": 0}}, "read": {"other": 1}},
                lang="en")
    text = str(info.value)
    assert "[procedures.x]" in text and "unknown parameter 'other'" in text


def test_declared_names_reach_the_plan_and_its_charts() -> None:
    from netmatch._scenario import plan

    ids = [s["id"] for s in schools(12)]
    res = rows("SAT", {s: [400.0 + 20 * k] * 3 for k, s in enumerate(ids)}, share_below_minimum=0.1,
               participants=20)
    reg = nm.Registry([{**s, "latitude": 52 + i / 100, "longitude": 91.0} for i, s in enumerate(schools(12))],
                      res, assessments=[SAT])
    record = plan_record(plan(reg))
    assert record["procedures"][0]["code"] == "sat"
    html = charts_html(record, "en")
    assert "<figcaption>SAT</figcaption>" in html
    assert "<figcaption>SAT (тест)</figcaption>" in charts_html(record, "ru")


# --- invariants ------------------------------------------------------------------------------------------


def _assessments() -> st.SearchStrategy[nm.Assessment]:
    bounds = st.one_of(st.none(), st.integers(-1000, 1000).map(float))

    def build(code: str, lo: float | None, width: int, higher: bool) -> nm.Assessment:
        return nm.Assessment(code=code, name_ru=f"Процедура {code}", name_en=f"Test {code}", scale_min=lo,
                             scale_max=None if lo is None else lo + width, higher_is_better=higher)

    return st.builds(build, st.sampled_from(["rdr", "sat", "kdr", "pisa"]), bounds, st.integers(1, 500),
                     st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=_assessments(), data=st.data(), fmt=st.sampled_from([".json", ".csv", ".xlsx"]))
def test_a_declared_registry_round_trips(tmp_path_factory: pytest.TempPathFactory, a: nm.Assessment,
                                         data: st.DataObject, fmt: str) -> None:
    lo = -1e4 if a.scale_min is None else a.scale_min
    hi = 1e4 if a.scale_max is None else a.scale_max
    scores = data.draw(st.lists(st.floats(lo, hi, allow_nan=False).map(lambda v: round(v, 3)), min_size=1,
                                max_size=6))
    res = [{"school": "S00", "year": 2000 + k, "procedure": a.name_ru, "subject": "математика", "mean_score": v}
           for k, v in enumerate(scores)]
    reg = nm.Registry(schools(1), res, assessments=[a])
    d = tmp_path_factory.mktemp("round")
    files = nm.write_registry(reg, d / f"r{fmt}", headers=data.draw(st.sampled_from(["en", "ru"])))
    assert nm.read_registry(files[0]) == reg


_CELLS = st.one_of(st.none(), st.text(max_size=6), st.integers(-1000, 1000), st.floats(allow_nan=True),
                   st.sampled_from(["35%", "-0,4", "РДР", "rdr", "1e9", "inf", "12,5%", "", "нет"]))


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.tuples(_CELLS, _CELLS, _CELLS, _CELLS, _CELLS), min_size=1, max_size=8),
       percent=st.booleans())
def test_bad_values_give_only_invalid_input_errors(cells: list[tuple[object, ...]], percent: bool) -> None:
    cols: dict[str, list[object]] = {"school": ["S00"] * len(cells), "year": [2000 + k for k in range(len(cells))],
                                     "subject": ["химия"] * len(cells)}
    for name, k in (("procedure", 0), ("mean_score", 1), ("share_high", 2), ("count_below_minimum", 3),
                    ("participants", 4)):
        cols[name] = [c[k] for c in cells]
    try:
        reg = nm.Registry(schools(1), cols, assessments=[PROGRESS, RANK],
                          percent_columns=["share_high"] if percent else ())
    except nm.InvalidInputError as exc:
        assert exc.problems and all(p.table == "results" for p in exc.problems)
        return
    table = reg.results
    assert ((table.share_high[~np.isnan(table.share_high)] >= 0) & (table.share_high[~np.isnan(table.share_high)]
                                                                    <= 1)).all()
    for proc, score in zip(table.procedure.tolist(), table.mean_score.tolist(), strict=True):
        assert math.isnan(score) or reg.assessment(proc).on_scale(score)


def test_a_declared_assessment_is_read_from_wide_headers() -> None:
    frame = pd.DataFrame({"Код ОО": ["S00", "S01"], "Наименование ОО": ["a", "b"],
                          "РДР 2024 математика средний балл": [-0.4, 1.2],
                          "ЕГЭ 2024 химия средний балл": [55, None]})
    reg = nm.read_registry(frame, assessments=[PROGRESS])
    got = sorted(zip(reg.results.school.tolist(), reg.results.procedure.tolist(), reg.results.mean_score.tolist(),
                     strict=True))
    assert got == [("S00", "ege", 55.0), ("S00", "rdr", -0.4), ("S01", "rdr", 1.2)]
    # undeclared, the header names no procedure netmatch knows: the column is kept aside with a note
    notes: list[nm.ColumnNote] = []
    plain = nm.read_registry(frame, notes=notes)
    assert set(plain.results.procedure.tolist()) == {"ege"}
    assert any(n.header == "РДР 2024 математика средний балл" and n.kind == "kept_aside" for n in notes)


def test_a_procedure_the_registry_lacks_is_left_out_with_a_note() -> None:
    ids = [s["id"] for s in schools(10)]
    reg = nm.Registry(schools(10), rows("SAT", {s: [400.0 + 10 * k] * 3 for k, s in enumerate(ids)}),
                      assessments=[SAT])
    ident = identify(reg, IdentificationRules(procedures=("SAT", "PISA"), low_rule="relative", bottom_share=0.1,
                                             relative_floor=0))
    assert ident.low_results == ("S00",)
    (note,) = [n for n in ident.notes if n.code == "unknown_procedure"]
    assert "PISA" in note.text_en and "PISA" in note.text_ru and note.rule == "procedures"
    assert not [n for n in identify(reg).notes if n.code == "unknown_procedure"]


@pytest.mark.parametrize("content", [b"", b"\\x00\\xff\\xfe,;\\n\\x81", "Код;Название\nrdr;РДР\n".encode("cp1251"),
                                     b"code,name_ru,scale_min\nrdr,R,abc\n"])
def test_a_bad_procedures_file_gives_only_invalid_input_errors(tmp_path: Path, content: bytes) -> None:
    nm.write_registry(nm.Registry(schools(1)), tmp_path / "d.csv")
    (tmp_path / "d.procedures.csv").write_bytes(content)
    try:
        reg = nm.read_registry(tmp_path / "d.csv")
    except nm.InvalidInputError as exc:
        assert exc.problems and all(p.table == "procedures" for p in exc.problems)
    else:  # the Windows-1251 file is read; a file of no records (empty, or a header alone) declares nothing
        assert reg.declared == ((nm.Assessment(code="rdr", name_ru="РДР"),) if b"rdr" in content else ())


_FIELDS = ("code", "name_ru", "name_en", "aliases", "scale_min", "scale_max", "higher_is_better", "minimum",
           "grades", "Классы", "nonsense")


@settings(max_examples=80, deadline=None)
@given(records=st.lists(st.dictionaries(st.sampled_from(_FIELDS), _CELLS, max_size=6), max_size=4))
def test_bad_declarations_give_only_invalid_input_errors(records: list[dict[str, object]]) -> None:
    try:
        found = catalogue(records)
    except nm.InvalidInputError as exc:
        assert exc.problems and all(p.table == "procedures" for p in exc.problems)
    else:
        # the built-ins keep their places, every code is one assessment, every record is in the catalogue
        assert [a.code for a in found[:3]] == ["ege", "oge", "vpr"] and len({a.code for a in found}) == len(found)
        assert len(found) == len({str(r["code"]).strip().casefold() for r in records} | {"ege", "oge", "vpr"})
