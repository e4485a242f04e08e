"""The command line: every command, every error path, exit codes, languages, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netmatch.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "netmatch" / "data" / "demo"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plan, written once for the module."""
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--no-progress"]) == 0
    return out


def bad_registry(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.csv"
    bad.write_text("Код ОО;Наименование ОО;Сменность\nA;a;4\nA;b;1\n", encoding="utf-8")
    return bad


# --- demo ---------------------------------------------------------------------------------------


def test_demo_writes_the_plan_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo", "--out", str(tmp_path / "d"), "--no-progress")
    assert code == 0, err
    assert "Школ: 18" in out and "Проверка пройдена" in out
    assert "ШНОР/ШНСУ в сети: 5 из 5 (100%)" in out and "Сетевых объединений: 3; школ в них: 9" in out
    assert "report.html" in out
    names = {p.name for p in (tmp_path / "d").iterdir()}
    assert {"report.html", "plan.xlsx", "plan.json", "pairs.csv", "unpaired.csv", "resources.csv", "sites.csv",
            "kpis.csv", "schools.csv"} <= names
    assert err == ""  # no progress bar unless on a terminal or asked


def test_demo_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "demo", "--out", str(tmp_path))
    assert code == 0
    assert "Schools: 18" in out and "Validation passed" in out and "printable report" in out
    assert '<html lang="en">' in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_demo_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "demo")
    assert code == 0 and (tmp_path / "netmatch-demo" / "report.html").is_file()


def test_progress_bar_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", str(DEMO), "--out", str(tmp_path), "--progress")
    assert code == 0
    assert "9/9" in err and "готово" in err and "[" in err
    assert "9/9" not in out


# --- validate and identify ----------------------------------------------------------------------


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(bad_registry(tmp_path)))
    assert code == 2
    assert "Найдено проблем: 2" in err and "строка 2" in err and "строка 3" in err
    assert "Исправьте" in err


def test_validate_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_text("id,name\nA,a\n", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(good), "--lang", "en")
    assert code == 0 and "Schools: 1" in out and "Validation passed" in out


def test_identify_prints_statuses_with_reasons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "identify", str(DEMO), "--out", str(tmp_path))
    assert code == 0
    assert "ШНОР (3)" in out and "S09" in out and "порог" in out
    text = (tmp_path / "identification.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("school,name,status")
    code, out, _ = run(capsys, "identify", str(DEMO), "--lang", "en", "--set", "rules.bottom_share=0.05")
    assert code == 0 and "low_results (3)" in out and "threshold" in out


# --- plan ---------------------------------------------------------------------------------------


def test_plan_with_options_and_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[constraints]\nmax_km = 30\n\n[weights]\nproximity = 0.4\n\n[siting]\nk = 2\n'
                      '[plan]\nname = "30 км"\n', encoding="utf-8")
    code, out, err = run(capsys, "plan", str(DEMO), "--config", str(config), "--max-km", "25",
                         "--weight", "subject=0.5", "--set", "sharing.max_minutes=40", "--out", str(tmp_path / "p"))
    assert code == 0, err
    saved = json.loads((tmp_path / "p" / "plan.json").read_text(encoding="utf-8"))
    assert saved["format"] == "netmatch-plan" and saved["name"] == "30 км"
    # the option overrides the file; both are kept in the saved plan
    assert saved["settings"]["constraints"] == {"max_km": 25}
    assert saved["settings"]["weights"] == {"proximity": 0.4, "subject": 0.5}
    assert saved["settings"]["sharing"] == {"max_minutes": 40}
    assert len([c for c in saved["siting"]["centres"] if c["status"] == "new"]) == 2
    assert "Новые центры:" in out


def test_plan_skips_an_impossible_siting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # every ШНОР/ШНСУ within 5 minutes of a centre: impossible with one new centre
    code, out, _ = run(capsys, "plan", str(DEMO), "--out", str(tmp_path / "o"), "--objective", "median",
                       "--site-minutes", "5")
    assert code == 0 and "Размещение центров пропущено" in out
    saved = json.loads((tmp_path / "o" / "plan.json").read_text(encoding="utf-8"))
    assert saved["siting"]["centres"] == [] and "radius 5" in saved["siting"]["note_en"]
    code, _, _ = run(capsys, "plan", str(DEMO), "--out", str(tmp_path / "o2"), "--k", "0")
    assert code == 0
    assert json.loads((tmp_path / "o2" / "plan.json").read_text(encoding="utf-8"))["siting"] is None


# --- site ---------------------------------------------------------------------------------------


def test_site_chooses_new_centres(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "site", str(DEMO), "--k", "2", "--clients", "all", "--site-minutes", "25",
                       "--out", str(tmp_path))
    assert code == 0
    assert out.count("обслуживает") == 2 and "Действующие центры: S01, S05, S06" in out
    assert "в пределах 25 мин" in out
    assert (tmp_path / "sites.csv").read_text(encoding="utf-8-sig").count("новый центр") == 2
    code, out, _ = run(capsys, "site", str(DEMO), "--k", "1", "--lang", "en")
    assert code == 0 and "New centres (1)" in out


def test_site_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, default, _ = run(capsys, "site", str(DEMO))  # --k defaults to the library's one new centre
    code_1, one, _ = run(capsys, "site", str(DEMO), "--k", "1")
    assert code == code_1 == 0 and default == one and "Новые центры (1)" in default
    code, _, err = run(capsys, "site", str(DEMO), "--k", "1", "--clients", "some")
    assert code == 2 and "«siting.clients» должен быть одним из: 'needy' или 'all'" in err
    code, _, err = run(capsys, "site", str(DEMO), "--k", "99")
    assert code == 2 and "99" in err
    reg = tmp_path / "r.csv"
    reg.write_text("Код ОО,Наименование ОО\nA,a\n", encoding="utf-8")
    code, _, err = run(capsys, "site", str(reg), "--k", "1")
    assert code == 2 and "Найдено проблем" in err
    # no siting brings every ШНОР/ШНСУ within 5 minutes of a centre: no solution, exit 1
    code, _, err = run(capsys, "site", str(DEMO), "--k", "1", "--objective", "median", "--site-minutes", "5")
    assert code == 1 and "Решения нет" in err and "radius 5" in err


# --- compare ------------------------------------------------------------------------------------


def test_compare_two_saved_plans(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "p25"
    assert run(capsys, "plan", str(DEMO), "--max-km", "25", "--name", "25 км", "--out", str(other))[0] == 0
    code, out, _ = run(capsys, "compare", str(demo_dir / "plan.json"), str(other), "--out", str(tmp_path / "c"))
    assert code == 0
    assert "Показатели:" in out and "25 км" in out and "сменился формат" in out and "S08" in out
    assert (tmp_path / "c" / "compare_changes.csv").is_file()
    code, out, _ = run(capsys, "compare", str(demo_dir), str(demo_dir), "--lang", "en")
    assert code == 0 and "same pairs" in out


def test_compare_errors(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compare", str(demo_dir), str(tmp_path / "none.json"))
    assert code == 2 and "файл не найден" in err
    not_json = tmp_path / "x.json"
    not_json.write_text("{oops", encoding="utf-8")
    code, _, err = run(capsys, "compare", str(demo_dir), str(not_json))
    assert code == 2 and "это не JSON" in err
    other = tmp_path / "other.json"
    other.write_text('{"schools": []}', encoding="utf-8")
    code, _, err = run(capsys, "compare", str(other), str(demo_dir), "--lang", "en")
    assert code == 2 and "not a saved netmatch plan" in err
    code, _, err = run(capsys, "compare", str(demo_dir))
    assert code == 2 and "PLAN_B" in err


# --- error paths ----------------------------------------------------------------------------------


def test_missing_file_is_a_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("validate", "identify", "plan"):
        code, _, err = run(capsys, command, "no-such-file.csv")
        assert code == 2 and "Файл или папка не найдены" in err and "no-such-file.csv" in err
    code, _, err = run(capsys, "plan", "no-such-file.csv", "--lang", "en")
    assert code == 2 and "No such file or folder" in err


def test_bad_registry_in_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(bad_registry(tmp_path)), "--out", str(tmp_path / "o"))
    assert code == 2 and "Найдено проблем: 2" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["--max-km", "-5"], "«constraints.max_km» должен быть больше 0; получено -5"),
    (["--max-km", "abc"], "--max-km: параметр «constraints.max_km» должен быть числом; получено 'abc'"),
    (["--leader-capacity", "1.5"], "целым числом"),
    (["--pairing", "best"], "одним из: 'optimal', 'stable', 'greedy' или 'subject'"),
    (["--weight", "proximity"], "--weight proximity: нужно ИМЯ=ЗНАЧЕНИЕ"),
    (["--weight", "closeness=1"], "неизвестный параметр «weights.closeness»"),
    (["--set", "max_km=30"], "укажите раздел и параметр"),
    (["--objective", "centre"], "«siting.objective» должен быть одним из: 'median' или 'coverage'"),
    (["--site-minutes", "0"], "«siting.max_minutes» должен быть больше 0"),
])
def test_bad_option_values(args: list[str], expected: str, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(DEMO), "--out", str(tmp_path), *args)
    assert code == 2
    assert expected in err
    assert "Найдено проблем" in err and "Исправьте" in err


def test_bad_option_values_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "plan", str(DEMO), "--max-km", "-5", "--group-size", "0")
    assert code == 2
    assert "Problems found: 2" in err
    assert "--max-km: The 'constraints.max_km' parameter of the settings must be greater than 0. Got -5 instead." in err
    assert "The 'sharing.group_size' parameter of the settings must be at least 1. Got 0 instead." in err


@pytest.mark.parametrize(("text", "expected"), [
    ("[constraints\nmax_km = 30\n", "ошибка синтаксиса TOML"),
    ("[roads]\nmax_km = 30\n", "неизвестный раздел [roads]"),
    ("[constraints]\nmax_kms = 30\n", "неизвестный параметр «constraints.max_kms»"),
    ("[constraints]\nmax_km = -1\n", "settings.toml [constraints]: параметр «constraints.max_km» должен быть больше 0"),
    ("constraints = 3\n", "должен быть разделом [constraints]"),
    ("[weights]\nproximity = \"high\"\n[rules]\nleader_years = 9\n", "«rules.leader_years» должен быть не больше 5"),
])
def test_bad_config(text: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "plan", str(DEMO), "--config", str(config), "--out", str(tmp_path / "o"))
    assert code == 2 and expected in err


def test_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(DEMO), "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "Файл настроек не найден" in err
    code, _, err = run(capsys, "demo", "--config", str(tmp_path / "none.toml"), "--lang", "en")
    assert code == 2 and "Settings file not found" in err


@pytest.mark.parametrize(("argv", "expected"), [
    ([], "не хватает обязательных аргументов: COMMAND"),
    (["report"], "неизвестная команда «report»"),
    (["plan"], "не хватает обязательных аргументов: FILE"),
    (["demo", "--bogus"], "неизвестные параметры: --bogus"),
    (["demo", "--lang", "de"], "параметр --lang: недопустимое значение «de»"),
    (["plan", "x.csv", "--max-km"], "после --max-km нужно значение"),
    (["--lang", "en", "report"], "invalid choice: 'report'"),
])
def test_usage_errors(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert expected in err and "--help" in err
    assert len(err.strip().splitlines()) == 1


def test_parsers_keep_their_own_language() -> None:
    from netmatch.cli.parser import UsageError, build_parser

    en, ru = build_parser("en"), build_parser("ru")
    with pytest.raises(UsageError, match=r"See: netmatch --help"):
        en.parse_args(["bogus"])
    with pytest.raises(UsageError, match="неизвестная команда"):
        ru.parse_args(["bogus"])
    assert "show this help" in en.format_help() and "Использование:" in ru.format_help()


def test_unwritable_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run(capsys, "demo", "--out", str(blocker / "sub"))
    assert code == 1 and "Не удалось прочитать или записать" in err and "--out" in err


# --- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, "validate", "identify", "plan", "site", "compare", "demo"])
def test_help_for_everything(command: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ([command] if command else []) + ["--help"]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "Использование: netmatch" in out and "показать справку" in out
    if command is None:
        assert all(c in out for c in ("validate", "identify", "plan", "site", "compare", "demo"))
    if command == "plan":
        assert "--max-km" in out and "--config" in out and "--weight" in out and "--out" in out
    with pytest.raises(SystemExit):
        main(["--lang", "en", *argv])
    assert "show this help" in capsys.readouterr().out


def test_console_script_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-m", "netmatch", "demo", "--lang", "en", "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Schools: 18" in done.stdout and (tmp_path / "report.html").is_file()
    done = subprocess.run([sys.executable, "-m", "netmatch", "plan", "missing.csv"],
                          capture_output=True, text=True, check=False, env=env, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "missing.csv" in done.stderr
