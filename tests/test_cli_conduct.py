"""The command line's manners: ``--version``, ``-q``/``-v``, ``--force``, and a progress bar that moves.

The bar is tqdm's on a terminal (a fake one here: a text buffer that says it is a terminal) and one
line per step and stage into a log; the library's stages reach it through standard logging.
"""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import netmatch as nm
from netmatch._base.log import stage
from netmatch._base.util import installed_version
from netmatch.cli import main
from netmatch.cli.progress import Progress

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "netmatch" / "data" / "demo"
LATIN = re.compile(r"[A-Za-z]{3,}")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_version_prints_the_installed_version() -> None:
    done = subprocess.run([sys.executable, "-m", "netmatch", "--version"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"netmatch {installed_version()}"


def test_quiet_plan_prints_nothing_and_writes_everything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", str(DEMO), "--out", str(tmp_path / "p"), "-q", "--progress")
    assert code == 0
    assert out == "" and err == ""  # -q wins over --progress
    assert {"plan.json", "plan.xlsx", "report.html"} <= {p.name for p in (tmp_path / "p").iterdir()}
    code, out, err = run(capsys, "-q", "identify", str(DEMO))  # the command's own output is its result
    assert code == 0 and "ШНОР (3)" in out and err == ""


def test_quiet_keeps_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(tmp_path / "missing.csv"), "-q")
    assert code == 2 and "missing.csv" in err


def test_verbose_says_every_stage_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "plan", str(DEMO), "--out", str(tmp_path), "-v", "--no-progress")
    assert code == 0, err
    lines = err.splitlines()
    for words in ("чтение реестра", "проверка школ (школ: 18)", "проверка результатов (строк: ",
                  "выявление ШНОР/ШНСУ и лидеров (школ: 18)", "подбор пар (возможных пар: ", "отчёт HTML"):
        assert any(words in line for line in lines), (words, err)
    assert all(re.search(r"\(\d+ s\)$", line) for line in lines)  # each with the time since the start
    for line in lines:
        assert not LATIN.findall(line.replace("plan.json", "").replace("HTML", "").replace("Excel", "")
                                 .replace("CSV", "")), line
    code, _, err = run(capsys, "--lang", "en", "plan", str(DEMO), "--out", str(tmp_path), "--force", "-v")
    assert code == 0 and "checking results (" in err and "pairing (" in err


def test_out_refuses_to_replace_a_plan_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan"
    assert run(capsys, "plan", str(DEMO), "--out", str(out))[0] == 0
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    code, stdout, err = run(capsys, "plan", str(DEMO), "--out", str(out), "--max-km", "5")
    assert code == 2 and stdout == ""
    assert len(err.strip().splitlines()) == 1  # one plain line: where, what is there, the two ways on
    assert str(out) in err and "plan.json" in err and "--force" in err and f"--out {out}-" in err
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()} == before
    code, _, err = run(capsys, "--lang", "en", "demo", "--out", str(out))
    assert code == 2 and "already holds plan.json" in err and "--force" in err
    code, _, _ = run(capsys, "plan", str(DEMO), "--out", str(out), "--max-km", "5", "--force")
    assert code == 0 and '"max_km": 5' in (out / "plan.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "name"), [
    (["identify", str(DEMO)], "identification.csv"),
    (["site", str(DEMO)], "sites.csv"),
])
def test_every_out_refuses_to_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                      name: str) -> None:
    assert run(capsys, *argv, "--out", str(tmp_path))[0] == 0
    assert (tmp_path / name).is_file()
    code, _, err = run(capsys, *argv, "--out", str(tmp_path))
    assert code == 2 and name in err
    assert run(capsys, *argv, "--out", str(tmp_path), "--force")[0] == 0


def test_stages_of_reading_and_planning_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="netmatch"):
        reg = nm.read_registry(DEMO)
        from netmatch._scenario import plan

        plan(reg)
    stages = [(r.stage, r.counts) for r in caplog.records if hasattr(r, "stage")]
    keys = [k for k, _ in stages]
    assert keys[:4] == ["read.schools", "check.schools", "read.results", "check.results"] or \
        keys[:3] == ["read.schools", "check.schools", "check.results"]
    assert dict(stages)["check.schools"] == {"rows": 18}
    assert dict(stages)["check.results"]["rows"] == len(reg.results)  # one result per row in the demo
    assert keys[-8:] == ["plan.identify", "plan.graph", "plan.pairing", "plan.networks", "plan.sharing",
                         "plan.needs", "plan.curators", "plan.mentors"]


def test_library_is_silent_without_logging_configured(capsys: pytest.CaptureFixture[str]) -> None:
    nm.read_registry(DEMO)
    assert capsys.readouterr() == ("", "")


def test_bar_on_a_terminal_moves_while_a_stage_runs_long() -> None:
    term = _Terminal()
    with Progress(["read", "plan"], "ru", enabled=True, file=term) as bar:
        bar("read")
        stage("check.results", rows=2_100_000)
        seen = term.getvalue()
        time.sleep(2.3)  # no call: the ticker redraws with the elapsed time
        moved = term.getvalue()[len(seen):]
        bar("plan")
    assert "1/2" in seen and "чтение реестра: проверка результатов (строк: 2\u00a0100" in seen  # cut at 80
    assert "00:02" in moved or "00:01" in moved  # tqdm's elapsed time, redrawn without a call
    assert "2/2" in term.getvalue()
    assert not logging.getLogger("netmatch").handlers[1:]  # the bar's handler is gone with it


def test_bar_into_a_log_is_a_line_per_step_and_stage() -> None:
    log = io.StringIO()
    with Progress(["read", "plan"], "en", enabled=True, file=log) as bar:
        bar("read")
        stage("check.schools", rows=40_000)
        bar("plan")
    lines = log.getvalue().splitlines()
    assert [re.sub(r" \(\d+ s\)$", "", x) for x in lines] == [
        "[1/2] reading the registry", "      checking schools (40,000)",
        "[2/2] identification, pairing and resources", "[2/2] done"]


def test_bar_leaves_nothing_behind_on_an_error() -> None:
    term, level = _Terminal(), logging.getLogger("netmatch").level
    with pytest.raises(KeyError), Progress(["read"], "ru", enabled=True, file=term) as bar:
        bar("read")
        raise KeyError("x")
    assert logging.getLogger("netmatch").level == level
    assert not [h for h in logging.getLogger("netmatch").handlers if not isinstance(h, logging.NullHandler)]


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_progress_on_a_real_terminal(tmp_path: Path) -> None:
    """``netmatch plan`` on a pseudo-terminal draws the bar by itself (no --progress)."""
    import pty

    env = {**os.environ, "COLUMNS": "100"}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "netmatch", "plan", str(DEMO), "--out", "p"], env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "\r" in text and "9/9" in text and "чтение реестра" in text
    assert "Результаты записаны в папку p" in text
