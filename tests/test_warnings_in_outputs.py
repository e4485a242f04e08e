"""The warnings of identification reach every output: plan.json, the HTML report, the workbook, validate.

A one-year registry is the demo with the results of 2023–2024 dropped (as open data often publish
only the last year): identification adapts the rules to the one year there is and says so. The
plan written from it carries those notes; ``netmatch validate`` takes the same ``--config`` /
``--set rules.X=...`` as ``netmatch plan`` and warns under them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import netmatch as nm
from netmatch._identify import identify
from netmatch._scenario import plan
from netmatch.cli import main
from netmatch.report import plan_record, read_plan
from netmatch.report.html import render_html, warnings_html
from netmatch.report.record import plan_warnings
from netmatch.report.tables import tables, warnings_table


def one_year() -> nm.Registry:
    """The demo with only the results of 2025, read back through the public reader."""
    frames = nm.datasets.load_demo().to_frames()
    results = frames.results[np.asarray(frames.results["year"]) == 2025]
    return nm.read_registry(frames.schools, results=results, resources=frames.resources, name="Демо, один год")


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("one-year") / "one.csv"
    nm.write_registry(one_year(), path, headers="ru")
    return path


@pytest.fixture(scope="module")
def written(registry_file: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``netmatch plan`` of the one-year registry, in Russian and in English."""
    out = {}
    for lang in ("ru", "en"):
        folder = tmp_path_factory.mktemp(f"plan-{lang}")
        assert main(["--lang", lang, "plan", str(registry_file), "--out", str(folder), "--no-progress"]) == 0
        out[lang] = folder
    return out


def test_the_one_year_registry_has_notes() -> None:
    notes = identify(one_year()).notes
    assert notes and any(n.rule == "leader_years" and n.adapted for n in notes)


def test_plan_record_carries_the_notes_only_when_there_are_any() -> None:
    reg = one_year()
    record = plan_record(plan(reg))
    notes = identify(reg).notes
    assert record["warnings"] == [n.as_dict() for n in notes]
    assert "warnings" not in plan_record(plan(nm.datasets.load_demo()))


def test_plan_json_holds_the_notes_and_read_plan_reads_them(written: dict[str, Path]) -> None:
    doc = json.loads((written["ru"] / "plan.json").read_text(encoding="utf-8"))
    codes = [w["code"] for w in doc["warnings"]]
    assert "years_adapted" in codes or "years_short" in codes
    assert any(w["fix"] == "rules.leader_years=1" and w["adapted"] for w in doc["warnings"])
    back = read_plan(written["ru"])
    assert back["warnings"] == doc["warnings"]
    assert plan_warnings(back) == doc["warnings"]


def test_read_plan_rejects_damaged_warnings(written: dict[str, Path], tmp_path: Path) -> None:
    doc = json.loads((written["ru"] / "plan.json").read_text(encoding="utf-8"))
    doc["warnings"] = "сломано"
    bad = tmp_path / "plan.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(nm.InvalidInputError, match="warnings"):
        read_plan(bad)


def test_the_html_report_shows_the_warnings_box_near_the_top(written: dict[str, Path]) -> None:
    ru = (written["ru"] / "report.html").read_text(encoding="utf-8")
    assert '<aside class="warnings"' in ru and "⚠ Предупреждения (" in ru
    assert "лидеры выбраны по 1 году результатов вместо 3" in ru
    assert "задать явно: <code>--set rules.leader_years=1</code>" in ru
    # before the first section (the indicators)
    assert ru.index('<aside class="warnings"') < ru.index('<section id="s-kpis"')
    en = (written["en"] / "report.html").read_text(encoding="utf-8")
    assert "⚠ Warnings (" in en and "leaders selected on 1 year" in en
    assert "to state it: <code>--set rules.leader_years=1</code>" in en
    assert "Предупреждения" not in en


def test_the_demo_report_has_no_warnings_box() -> None:
    record = plan_record(plan(nm.datasets.load_demo()))
    assert warnings_html(record, "ru") == ""
    page = render_html(record, "ru")
    assert 'class="warnings"' not in page.split("</style>", 1)[1]
    assert "warnings" not in tables(record)


def test_the_report_states_which_kinds_were_compared_apart() -> None:
    record = plan_record(plan(nm.datasets.load_demo()))
    assert record["school_kinds"] == {"special": "exclude", "evening": "own_group"}
    page = render_html(record, "ru")
    assert ("коррекционная — не участвуют в сравнении; вечерняя — сравниваются только между собой; остальные — со "
            "всеми школами (так, как сравнивают программы сетевого взаимодействия") in page
    every = plan_record(plan(nm.datasets.load_demo(), rules={"school_kinds": {}}))
    assert "every kind is compared with every school" in render_html(every, "en")


def test_the_warnings_text_is_escaped() -> None:
    w = {"code": "x", "text_ru": "<b>школа</b>", "text_en": "<b>", "fix": "rules.a=<1>"}
    box = warnings_html({"warnings": [w]}, "ru")
    assert "<b>" not in box and "&lt;b&gt;школа&lt;/b&gt;" in box and "--set rules.a=&lt;1&gt;" in box


def test_the_workbook_opens_with_the_warnings_sheet(written: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(written["ru"] / "plan.xlsx")
    assert wb.sheetnames[0] == "Предупреждения" and "Пары" in wb.sheetnames
    rows = list(wb["Предупреждения"].iter_rows(min_row=2, values_only=True))
    assert rows[0] == ("Предупреждение", "Что сделать", "Настройка (--set)", "Код")
    assert any(r[0].startswith("лидеры выбраны по 1 году") and r[1] == "задать явно"
               and r[2] == "rules.leader_years=1" for r in rows[1:])
    assert load_workbook(written["en"] / "plan.xlsx").sheetnames[0] == "Warnings"
    assert (written["ru"] / "warnings.csv").is_file()


def test_the_warnings_table_offers_a_fix_only_where_there_is_one() -> None:
    record = {"warnings": [{"code": "no_results", "text_ru": "нет результатов", "text_en": "no results"},
                           {"code": "years_short", "text_ru": "нет лидеров", "text_en": "no leaders",
                            "fix": "rules.leader_years=1"}]}
    t = warnings_table(record, "ru")
    assert t.rows == [["нет результатов", "", "", "no_results"],
                      ["нет лидеров", "исправление", "rules.leader_years=1", "years_short"]]


def test_validate_warns_under_the_rules_of_set(capsys: pytest.CaptureFixture[str], registry_file: Path) -> None:
    assert main(["validate", str(registry_file)]) == 0
    default = capsys.readouterr().out
    assert "задать явно: --set rules.leader_years=1" in default
    assert main(["validate", str(registry_file), "--set", "rules.short_data=strict"]) == 0
    strict = capsys.readouterr().out
    assert "  ! лидеры не выбираются" in strict and "исправление: --set rules.leader_years=1" in strict
    assert strict.index("Предупреждения") < strict.index("ошибок нет")
    assert main(["--lang", "en", "validate", str(registry_file), "--set", "rules.short_data=strict"]) == 0
    assert "  ! no leaders: the rule asks for 3 years" in capsys.readouterr().out


def test_validate_reads_the_rules_of_config(capsys: pytest.CaptureFixture[str], registry_file: Path,
                                            tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[rules]\nshort_data = "strict"\n', encoding="utf-8")
    assert main(["validate", str(registry_file), "--config", str(config)]) == 0
    assert "  ! лидеры не выбираются" in capsys.readouterr().out


def test_validate_rejects_a_bad_rule(capsys: pytest.CaptureFixture[str], registry_file: Path) -> None:
    assert main(["validate", str(registry_file), "--set", "rules.short_data=maybe"]) == 2
    assert "short_data" in capsys.readouterr().err
