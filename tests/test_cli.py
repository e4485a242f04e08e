"""The command line: demo summary, validation, exit codes, languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from netmatch.cli import main


def test_demo_prints_a_validated_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Школ: 18" in out and "Проверка пройдена" in out
    assert main(["demo", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Schools: 18" in out and "Validation passed" in out


def test_validate_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Код ОО;Наименование ОО;Сменность\nA;a;4\nA;b;1\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    captured = capsys.readouterr()
    assert "Найдено проблем: 2" in captured.err and "Traceback" not in captured.err
    assert "row 2" in captured.err and "row 3" in captured.err


def test_validate_a_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.csv"
    good.write_text("id,name\nA,a\n", encoding="utf-8")
    assert main(["validate", str(good), "--lang", "en"]) == 0
    assert "Schools: 1" in capsys.readouterr().out


def test_missing_file_is_a_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-file.csv"]) == 2
    assert "No such file" in capsys.readouterr().err


def test_console_script_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "netmatch.cli", "demo", "--lang", "en"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Schools: 18" in done.stdout


def test_help_mentions_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "demo" in out and "validate" in out
