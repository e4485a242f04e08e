"""Context as configured (issue 18, item 2): the registry's own indicators of conditions and satisfaction surveys.

A schools column headed «Условия: …» (or mapped to ``"context"``) becomes an indicator of
conditions the composite takes by name (``composite_weights``), in the direction the rules say
(``composite_favourable``); a name no school has is an error naming the ones there are. The
«Опросы» table holds satisfaction surveys: the latest year's share satisfied, pooled by
respondents, is a favourable component of the composite and a column of the programme's
indicators. Both round-trip through every format; the ИСБШ, where given, still decides alone.
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
from netmatch import identify
from netmatch._data.surveys import satisfied_shares
from netmatch._identify.standardise import standardise
from netmatch.cli import main
from netmatch.datasets import load_demo
from tests.test_catalog import latin_words

SCHOOLS = ("Код ОО,Наименование ОО,Условия: доля малообеспеченных,Пропуски уроков,Адрес\n"
           "S1,Школа 1,12%,\"3,5\",ул. 1\nS2,Школа 2,0.3,1,ул. 2\nS3,Школа 3,,2,ул. 3\n")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def schools(**extra: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"id": f"S{k}", "name": f"S{k}"} for k in range(10)]
    for key, values in extra.items():
        for school, value in zip(out, values, strict=True):
            school[key] = value
    return out


# --- reading the columns -------------------------------------------------------------------------------------


def test_prefixed_and_mapped_columns_become_indicators(tmp_path: Path) -> None:
    notes: list[nm.ColumnNote] = []
    reg = nm.read_registry(write(tmp_path / "r.csv", SCHOOLS), columns={"Пропуски уроков": "context"}, notes=notes)
    assert [s.context_indicators for s in reg.schools] == [
        {"доля малообеспеченных": 0.12, "Пропуски уроков": 3.5},
        {"доля малообеспеченных": 0.3, "Пропуски уроков": 1.0},
        {"Пропуски уроков": 2.0}]  # a missing cell leaves the indicator out, never 0
    assert [n.header for n in notes if n.kind == "kept_aside"] == ["Адрес"]  # only the real extra column
    renamed = nm.read_registry(tmp_path / "r.csv", columns={"Пропуски уроков": "context: пропуски"})
    assert renamed.schools[0].context_indicators == {"доля малообеспеченных": 0.12, "пропуски": 3.5}
    english = nm.read_registry(write(tmp_path / "e.csv", "id,name,context: poor\nA,a,0.2\n"))
    assert english.schools[0].context_indicators == {"poor": 0.2}


def test_a_cell_that_is_no_number_is_located(tmp_path: Path) -> None:
    text = SCHOOLS.replace("\"3,5\"", "много")
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(write(tmp_path / "r.csv", text), columns={"Пропуски уроков": "context"})
    (p,) = err.value.problems
    assert (p.row, p.column, p.value, p.school) == (2, "Пропуски уроков", "много", "S1")
    assert "ожидалось: число от -1 000 000 до 1 000 000" in p.text("ru")
    assert not latin_words(p.text("ru"), {"r.csv"})


def test_two_columns_of_one_indicator_and_both_forms_are_refused(tmp_path: Path) -> None:
    twice = "id,name,context: a,Условия: A\nS1,x,1,2\n"
    with pytest.raises(nm.InvalidInputError, match="one column per indicator"):
        nm.read_registry(write(tmp_path / "a.csv", twice))
    both = "id,name,context_indicators,context: a\nS1,x,b: 1,2\n"
    with pytest.raises(nm.InvalidInputError, match="either in one column"):
        nm.read_registry(write(tmp_path / "b.csv", both))
    one_cell = nm.read_registry(write(tmp_path / "c.csv", "id,name,Показатели условий\nS1,x,\"b: 1,5; c: 20%\"\n"))
    assert one_cell.schools[0].context_indicators == {"b": 1.5, "c": 0.2}


@pytest.mark.parametrize("name", ["r.csv", "r.xlsx", "r.json", "folder"])
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_indicators_and_surveys_round_trip(tmp_path: Path, name: str, lang: str) -> None:
    reg = with_both(load_demo())
    files = nm.write_registry(reg, tmp_path / name, headers=lang)
    back = nm.read_registry(files[0] if name != "folder" else tmp_path / name, name=reg.name)
    assert back == reg
    if name == "r.csv":
        header = files[0].read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.endswith("Условия: малообеспеченные,Условия: пропуски" if lang == "ru"
                               else "context: малообеспеченные,context: пропуски")
        assert (tmp_path / "r.surveys.csv").exists()


def test_a_registry_without_them_is_written_as_before(tmp_path: Path) -> None:
    files = nm.write_registry(load_demo(), tmp_path / "r.csv", headers="ru")
    assert "Условия" not in files[0].read_text(encoding="utf-8-sig").splitlines()[0]
    assert not any("surveys" in f.name for f in files)
    nm.write_registry(load_demo(), tmp_path / "r.json")
    assert "context_indicators" not in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_frames_carry_them() -> None:
    reg = with_both(load_demo())
    frames = reg.to_frames()
    assert frames.surveys is not None and len(frames.surveys) == len(reg.surveys)
    back = nm.read_registry({"schools": frames.schools, "results": frames.results, "resources": frames.resources,
                             "surveys": frames.surveys})
    assert [s.context_indicators for s in back.schools] == [s.context_indicators for s in reg.schools]
    assert back.surveys == reg.surveys


def with_both(reg: nm.Registry) -> nm.Registry:
    """The registry with two indicators of conditions on two schools in three and a survey per school and year."""
    schools = [s.model_copy(update={"context_indicators": {"малообеспеченные": i / 100, "пропуски": float(i)}
                                    if i % 3 else {}}) for i, s in enumerate(reg.schools)]
    surveys = [{"school": s.id, "year": y, "survey": "удовлетворённость родителей", "respondents": 20 + i,
                "satisfied": round(0.5 + (i % 5) / 10, 2)} for i, s in enumerate(reg.schools) for y in (2024, 2025)]
    return reg.replace(schools=schools, surveys=surveys)


# --- the composite ---------------------------------------------------------------------------------------------


def test_the_composite_takes_an_own_indicator_by_name() -> None:
    poor = [0.05, 0.1, 0.4, 0.2, 0.15, 0.3, 0.12, 0.08, 0.5, 0.02]
    reg = nm.Registry(schools=schools(context_indicators=[{"малообеспеченные": x} for x in poor]))
    ident = identify(reg, {"composite_weights": {"малообеспеченные": 1.0}})
    assert ident.unfavourable == ("S2", "S8")  # the top 20% of ten by the share of low-income families
    (reason,) = [r for r in ident.reasons_of("S8") if r.rule == "composite"]
    assert "«малообеспеченные» 0.5" in reason.text("ru")
    assert reason.value == pytest.approx(float(standardise(np.array(poor))[8]))
    favourable = identify(reg, {"composite_weights": {"малообеспеченные": 1.0},
                                "composite_favourable": ["малообеспеченные"]})
    assert favourable.unfavourable == ("S0", "S9")  # the other way round: the lowest two


def test_the_index_still_decides_where_it_is_given() -> None:
    poor = [0.05, 0.1, 0.4, 0.2, 0.15, 0.3, 0.12, 0.08, 0.5, 0.02]
    index = [None] * 8 + [0.9, 0.95]  # S8 has the most low-income families but a high index
    reg = nm.Registry(schools=schools(context_indicators=[{"малообеспеченные": x} for x in poor],
                                      social_wellbeing_index=index))
    ident = identify(reg, {"composite_weights": {"малообеспеченные": 1.0}})
    assert "S8" not in ident.unfavourable
    assert all(r.rule != "composite" for r in ident.reasons_of("S8"))


def test_a_name_no_school_has_is_an_error_naming_those_there_are() -> None:
    reg = nm.Registry(schools=schools(context_indicators=[{"малообеспеченные": 0.1}] * 10))
    with pytest.raises(nm.InvalidInputError) as err:
        identify(reg, {"composite_weights": {"малообеспеченых": 1.0}})
    (p,) = err.value.problems
    assert "'малообеспеченых'" in p.expected and "'малообеспеченные'" in p.expected
    assert "«малообеспеченых» нет ни у одной школы" in p.text("ru")
    assert not latin_words(p.text("ru"), {"composite_weights", "context", "columns"})
    with pytest.raises(nm.InvalidInputError, match="weights of 0 or more"):
        identify(reg, {"composite_weights": {"малообеспеченные": -1.0}})


def test_the_default_weights_ignore_what_a_registry_lacks() -> None:
    reg = nm.Registry(schools=schools(share_single_parent=[i / 20 for i in range(10)]))
    assert identify(reg).unfavourable == ("S8", "S9")  # no survey, no own indicator: as before


# --- satisfaction surveys ---------------------------------------------------------------------------------------


def test_the_latest_share_satisfied_is_pooled_by_respondents() -> None:
    surveys = [nm.Survey(school="A", year=2024, satisfied=0.1),
               nm.Survey(school="A", year=2025, satisfied=0.6, respondents=30),
               nm.Survey(school="A", year=2025, survey="климат", satisfied=0.9, respondents=10),
               nm.Survey(school="B", year=2025, satisfied=0.4),
               nm.Survey(school="B", year=2025, survey="климат", satisfied=0.8, respondents=50)]
    share, year = satisfied_shares(surveys, ["A", "B", "C"])
    assert share[:2].tolist() == pytest.approx([(0.6 * 30 + 0.9 * 10) / 40, (0.4 + 0.8) / 2])
    assert np.isnan(share[2]) and year.tolist() == [2025, 2025, 0]


def test_survey_problems_are_located(tmp_path: Path) -> None:
    write(tmp_path / "r" / "schools.csv", "id,name\nS1,a\nS2,b\n")
    write(tmp_path / "r" / "surveys.csv", "Код ОО,Год,Опрошено,Доля удовлетворённых\nS1,2024/25,40,81%\n"
                                          "S9,2025,10,0.5\nS2,2025,10,85\nS1,2025,5,0.7\n")
    with pytest.raises(nm.InvalidInputError) as err:
        nm.read_registry(tmp_path / "r")
    found = sorted((p.row, p.column, p.value) for p in err.value.problems)
    assert found == [(3, "Код ОО", "S9"), (4, "Доля удовлетворённых", "85"), (5, "Год", 2025)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=10, max_size=10), st.integers(0, 9))
def test_less_satisfaction_never_makes_conditions_look_better(shares: list[float], k: int) -> None:
    base = schools(share_single_parent=[i / 20 for i in range(10)])

    def composite(values: list[float]) -> float:
        reg = nm.Registry(schools=base, surveys=[{"school": f"S{i}", "year": 2025, "satisfied": v}
                                                 for i, v in enumerate(values)])
        reason = identify(reg, {"unfavourable_share": 1.0}).reasons_of(f"S{k}")
        return next(r.value for r in reason if r.rule == "composite")

    lower = [*shares[:k], 0.0, *shares[k + 1:]]
    assert composite(lower) >= composite(shares) - 1e-9


def test_satisfaction_is_an_indicator_of_the_programme() -> None:
    reg = load_demo()
    surveys = [{"school": s.id, "year": 2025, "respondents": 30, "satisfied": (i % 5) / 5}
               for i, s in enumerate(reg.schools)]
    plan = nm.plan(reg.replace(surveys=surveys))
    value = nm.measure_indicators(plan)["satisfaction_target"]
    targets = [i for i, s in enumerate(reg.schools) if s.id in {*plan.identification.low_results,
                                                                 *plan.identification.unfavourable}]
    assert value.denominator == len(targets)
    assert value.value == pytest.approx(np.mean([(i % 5) / 5 for i in targets]))
    missing = nm.measure_indicators(nm.plan(reg))["satisfaction_target"]
    assert missing.value is None and missing.missing_ru == "таблица «Опросы»"


# --- the command line -------------------------------------------------------------------------------------------


def test_the_cli_reads_weights_and_says_what_it_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reg = with_both(load_demo())
    schools_ = [s.model_copy(update={"social_wellbeing_index": None}) for s in reg.schools]
    nm.write_registry(reg.replace(schools=schools_), tmp_path / "reg.csv", headers="ru")
    config = write(tmp_path / "c.toml", "[rules.composite_weights]\n\"малообеспеченные\" = 2\nshare_satisfied = 1\n")
    assert main(["validate", str(tmp_path / "reg.csv")]) == 0
    out = capsys.readouterr().out
    assert "свои показатели условий (школ с данными): «малообеспеченные» (12), «пропуски» (12)" in out
    assert "Опросы удовлетворённости: строк — 36, школ — 18, годы 2024–2025" in out
    assert main(["identify", str(tmp_path / "reg.csv"), "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "«малообеспеченные»" in out and "доля удовлетворённых в последних опросах" in out
    bad = write(tmp_path / "b.toml", "[rules.composite_weights]\n\"малообеспечнные\" = 2\n")
    assert main(["identify", str(tmp_path / "reg.csv"), "--config", str(bad)]) == 2
    err = capsys.readouterr()
    text = err.out + err.err
    assert "«малообеспечнные» нет ни у одной школы" in text
    assert not latin_words(text, {"composite_weights", "context", "columns"})


def test_columns_lists_the_surveys_and_the_own_indicators(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["columns"]) == 0
    out = capsys.readouterr().out
    assert "Опросы удовлетворённости" in out and "Доля удовлетворённых" in out and "«Условия: название»" in out


def test_frames_of_a_registry_without_surveys() -> None:
    frames = load_demo().to_frames()
    assert isinstance(frames.surveys, pd.DataFrame) and frames.surveys.empty
