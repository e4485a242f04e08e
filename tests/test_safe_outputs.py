"""What netmatch writes is safe to open and never half-written.

Every text a spreadsheet would run as a formula is quoted in every file (the registry export
included) and read back unquoted; a file is written under a temporary name and renamed when
complete; a plan's folder is replaced as a whole, ``plan.json`` last.
"""

from __future__ import annotations

import csv
import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import netmatch as nm
from netmatch import report
from netmatch._base.files import neutralise, replacing, unquote
from netmatch._scenario import plan
from netmatch.report import files as report_files

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=cmd|\' /C calc\'!A0', '=HYPERLINK("http://x";"S04")', "+S05", "@SUM(1;1)район", "-2 школа",
           "'=already quoted", "''+twice", "'plain'", "=1+1", "-"]


def _hostile_registry() -> nm.Registry:
    reg = nm.datasets.load_demo()
    n = len(HOSTILE)
    schools = [s.model_copy(update={"name": HOSTILE[i % n], "settlement": HOSTILE[(i + 3) % n],
                                    "languages": ("=x+y", "@sum")}) for i, s in enumerate(reg.schools)]
    resources = [r.model_copy(update={"name": HOSTILE[(i + 5) % n]}) for i, r in enumerate(reg.resources)]
    return reg.replace(schools=schools, resources=resources)


def _csv_cells(files: list[Path]) -> list[str]:
    out = []
    for f in files:
        with f.open(encoding="utf-8-sig", newline="") as fh:
            out += [c for row in csv.reader(fh) for c in row]
    return out


# --- the quoting rule -------------------------------------------------------------------------------


@given(st.text(alphabet="'=+-@\t\rab1 ш", max_size=8))
def test_unquote_undoes_neutralise(text: str) -> None:
    quoted = neutralise(text)
    assert unquote(quoted) == text
    assert not quoted.startswith(FORMULA_START)


def test_numbers_are_never_quoted() -> None:
    assert [neutralise(v) for v in (-1.5, -3, 0, None, True)] == [-1.5, -3, 0, None, True]


# --- the registry export ----------------------------------------------------------------------------


@pytest.mark.parametrize("headers", ["en", "ru"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ""])
def test_the_registry_export_reads_back_the_same(tmp_path: Path, suffix: str, headers: str) -> None:
    reg = _hostile_registry()
    files = nm.write_registry(reg, tmp_path / f"r{suffix}", headers=headers)  # type: ignore[arg-type]
    back = nm.read_registry(files[0] if suffix else tmp_path / "r", name=reg.name)
    assert back == reg


@pytest.mark.parametrize("headers", ["en", "ru"])
def test_no_csv_cell_of_the_registry_export_starts_a_formula(tmp_path: Path, headers: str) -> None:
    reg = _hostile_registry()
    cells = _csv_cells(nm.write_registry(reg, tmp_path / "r.csv", headers=headers))  # type: ignore[arg-type]
    texts = {s.name for s in reg.schools} | {r.name for r in reg.resources}
    assert not [c for c in cells if c.startswith(FORMULA_START) and not _is_number(c)]
    assert "'=cmd|' /C calc'!A0" in cells and "''=already quoted" in cells and "'plain'" in cells
    assert texts  # the hostile names were written (checked above by value)
    # negative numbers stay numbers: a latitude of the southern hemisphere is written bare
    south = reg.replace(schools=[reg.schools[0].model_copy(update={"latitude": -33.5, "longitude": -70.6}),
                                 *reg.schools[1:]])
    assert "-33.5" in _csv_cells(nm.write_registry(south, tmp_path / "s.csv", headers=headers))  # type: ignore[arg-type]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_no_xlsx_cell_of_the_registry_export_is_or_becomes_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    reg = _hostile_registry()
    wb = load_workbook(nm.write_registry(reg, tmp_path / "r.xlsx", headers="ru")[0])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_START)]
    assert any(c.value == "'+S05" for c in cells)
    assert any(isinstance(c.value, float) for c in cells)  # numbers stay numbers


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.from_regex(r"'{0,2}[=+\-@]?[A-Za-zА-Яа-я0-9]( ?[A-Za-zА-Яа-я0-9=+@'-]){0,6}",
                                    fullmatch=True), min_size=18, max_size=18),
       suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_name_survives_the_round_trip(tmp_path_factory: pytest.TempPathFactory, names: list[str],
                                          suffix: str) -> None:
    reg = nm.datasets.load_demo()
    reg = reg.replace(schools=[s.model_copy(update={"name": n}) for s, n in zip(reg.schools, names, strict=True)])
    files = nm.write_registry(reg, tmp_path_factory.mktemp("rt") / f"r{suffix}", headers="ru")
    assert [s.name for s in nm.read_registry(files[0]).schools] == names


def test_a_cell_typed_with_a_quote_in_a_csv_loses_it_but_json_keeps_it(tmp_path: Path) -> None:
    reg = nm.datasets.load_demo()
    frames = nm.write_registry(reg, tmp_path / "r.csv", headers="en")
    text = frames[0].read_text(encoding="utf-8").replace(reg.schools[0].name, "'-Школа", 1)
    frames[0].write_text(text, encoding="utf-8")
    assert nm.read_registry(frames[0]).schools[0].name == "-Школа"
    doc = nm.write_registry(reg.replace(schools=[reg.schools[0].model_copy(update={"name": "'-Школа"}),
                                                 *reg.schools[1:]]), tmp_path / "r.json")[0]
    assert nm.read_registry(doc).schools[0].name == "'-Школа"


# --- one file at a time -----------------------------------------------------------------------------


def test_a_file_is_replaced_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OSError, match="disk full"), replacing(target) as part:
        part.write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "disk full")
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["t.txt"]


# --- a plan's folder as a whole --------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> tuple[dict[str, Any], dict[str, Any]]:
    """Two different plans of the demo: the second with a school more in need."""
    reg = nm.datasets.load_demo()
    first = report.plan_record(plan(reg))
    second = report.plan_record(plan(reg, constraints={"max_km": 10, "beyond_limit": "forbid"}))
    return first, second


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, those of the drafts folder too."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("stage", "error"), [
    ("write_excel", KeyboardInterrupt()), ("write_csv", OSError(errno.ENOSPC, "No space left on device")),
    ("render_html", RuntimeError("a defect")), ("write_json", KeyboardInterrupt()),
])
def test_a_stopped_write_leaves_the_previous_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     records: tuple[dict[str, Any], dict[str, Any]], stage: str,
                                                     error: BaseException) -> None:
    first, second = records
    report.write_plan(first, tmp_path)
    before = _snapshot(tmp_path)
    real = getattr(report_files, stage)

    def half_then_fail(*args: Any, **kwargs: Any) -> Any:
        if stage != "render_html":
            real(*args, **kwargs)  # the file is written (to the hidden folder) ...
        raise error  # ... and then the run stops

    monkeypatch.setattr(report_files, stage, half_then_fail)
    with pytest.raises(type(error)):
        report.write_plan(second, tmp_path)
    assert _snapshot(tmp_path) == before  # every file as it was, nothing hidden left behind


def test_a_stop_while_moving_in_leaves_no_plan_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   records: tuple[dict[str, Any], dict[str, Any]]) -> None:
    first, second = records
    report.write_plan(first, tmp_path)
    moved: list[str] = []
    real = os.replace

    def replace_twice(src: Any, dst: Any) -> None:
        if Path(dst).parent == tmp_path and len(moved) == 2:
            raise KeyboardInterrupt
        real(src, dst)
        if Path(dst).parent == tmp_path:
            moved.append(Path(dst).name)

    monkeypatch.setattr(report_files.os, "replace", replace_twice)
    with pytest.raises(KeyboardInterrupt):
        report.write_plan(second, tmp_path)
    assert not (tmp_path / "plan.json").exists()  # the folder says it is incomplete
    with pytest.raises(nm.InvalidInputError):
        report.read_plan(tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_table_the_new_plan_lacks_is_removed(tmp_path: Path,
                                               records: tuple[dict[str, Any], dict[str, Any]]) -> None:
    first, _ = records
    (tmp_path / "warnings.csv").write_text("stale", encoding="utf-8")
    paths = report.write_plan(first, tmp_path)
    assert not (tmp_path / "warnings.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths.values())
    assert report.read_plan(tmp_path)["format"] == report.FORMAT


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_while_the_cli_writes_leaves_the_previous_plan(tmp_path: Path) -> None:
    reg = nm.datasets.make_region(3000, seed=2)
    source = tmp_path / "r.csv"
    nm.write_registry(reg, source, headers="ru")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "netmatch", "plan", str(source), "--out", str(out), "--k", "0", "--force"]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    before = _snapshot(out)
    proc = subprocess.Popen([*cmd, "--max-km", "12"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while not any(p.name.startswith(".netmatch-") for p in out.iterdir()):  # the writing has begun
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it began to write"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert _snapshot(out) == before
