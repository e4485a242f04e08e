"""The command line under faults: no traceback reaches the user, Ctrl-C is exit 130, a defect is exit 3 with a log."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netmatch.cli import commands
from netmatch.cli.commands import main


def _raising(exc: BaseException):  # type: ignore[no-untyped-def]
    def command(args: object, lang: str) -> int:
        raise exc

    return command


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    monkeypatch.setitem(commands._COMMANDS, "demo", _raising(KeyboardInterrupt()))
    assert main(["demo", "--out", str(tmp_path)]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "Прервано (Ctrl-C)."


def test_a_defect_is_one_line_exit_3_and_a_log(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    monkeypatch.setitem(commands._COMMANDS, "demo", _raising(RuntimeError("boom")))
    assert main(["--lang", "en", "demo", "--out", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    log = tmp_path / "netmatch-error.log"
    assert f"the details are in {log}" in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: boom" in text and "'demo'" in text


@pytest.mark.parametrize(("code", "ru"), [(errno.ENOSPC, "на диске нет места"), (errno.EACCES, "нет прав доступа"),
                                          (errno.EROFS, "файловая система только для чтения")])
def test_a_system_error_is_named_in_the_users_language(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], code: int, ru: str) -> None:
    monkeypatch.setitem(commands._COMMANDS, "demo", _raising(OSError(code, os.strerror(code), "out/plan.json")))
    assert main(["demo"]) == 1
    err = capsys.readouterr().err
    assert "«out/plan.json»" in err and ru in err and os.strerror(code) not in err


def test_ctrl_c_inside_pyarrow_is_ctrl_c(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pa = pytest.importorskip("pyarrow")
    cancelled = pa.ArrowCancelled("Operation cancelled", signal.SIGINT)  # what a Ctrl-C inside its reader gives
    monkeypatch.setitem(commands._COMMANDS, "demo", _raising(cancelled))
    assert main(["demo"]) == 130
    assert capsys.readouterr().err.strip() == "Прервано (Ctrl-C)."


def test_ctrl_c_inside_a_pydantic_schema_build_is_ctrl_c(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    # a Ctrl-C while pydantic builds a validator comes out as its SchemaError (seen as the registry was validated)
    from pydantic_core import SchemaError

    built = SchemaError('Error building "list" validator:\n  SchemaError: Error building "function-after" '
                        'validator:\n  KeyboardInterrupt: ')
    monkeypatch.setitem(commands._COMMANDS, "demo", _raising(built))
    assert main(["demo"]) == 130
    assert capsys.readouterr().err.strip() == "Прервано (Ctrl-C)."
    monkeypatch.setitem(commands._COMMANDS, "demo", _raising(SchemaError("Error building: a defect")))
    assert main(["demo"]) == 3


def test_a_closed_pipe_ends_quietly() -> None:
    # ``netmatch columns | head -1``: the reader goes away after one line
    proc = subprocess.run(f"{sys.executable} -m netmatch columns | head -1", shell=True, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 1
    assert "Traceback" not in proc.stderr and "Broken" not in proc.stderr, proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_a_real_ctrl_c_during_a_run(tmp_path: Path) -> None:
    import netmatch as nm

    nm.write_registry(nm.datasets.make_region(3000, seed=1), tmp_path / "r.csv", headers="ru")  # about 5 s to plan
    proc = subprocess.Popen([sys.executable, "-m", "netmatch", "plan", str(tmp_path / "r.csv"), "--out",
                             str(tmp_path / "out"), "--progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the first step shown: imports done, the registry being read
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    err = first + err
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Прервано (Ctrl-C)" in err


def _ctrl_c_during_slow_import(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    """Run ``body`` in a child whose SIGINT comes 0.2 s in, while ``import slow_module`` takes 0.6 s."""
    (tmp_path / "slow_module.py").write_text("import time\ntime.sleep(0.6)\nDONE = True\n", encoding="utf-8")
    script = ("import os, signal, sys, threading, time\n"
              "from netmatch.cli.interrupted import ctrl_c_handled\n"
              "threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()\n") + body
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_during_an_import_waits_for_the_import(tmp_path: Path) -> None:
    # a KeyboardInterrupt raised inside a compiled module's initialisation is lost: it comes after it
    proc = _ctrl_c_during_slow_import(tmp_path, (
        "with ctrl_c_handled():\n"
        "    try:\n"
        "        import slow_module\n"
        "        print('imported', slow_module.DONE, flush=True)\n"
        "        time.sleep(5)\n"
        "        print('lost', flush=True)\n"
        "    except KeyboardInterrupt:\n"
        "        print('interrupted', 'slow_module' in sys.modules, flush=True)\n"
    ))
    assert proc.stdout.split() == ["imported", "True", "interrupted", "True"], proc.stdout + proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
@pytest.mark.parametrize("delay", [0.3, 0.6])
def test_a_real_ctrl_c_while_the_libraries_load(tmp_path: Path, delay: float) -> None:
    # the command line starts before pandas and scipy load (about a second): a Ctrl-C then is one line too
    proc = subprocess.Popen([sys.executable, "-m", "netmatch", "demo", "--out", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Прервано (Ctrl-C)." and "Traceback" not in err, err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_a_ctrl_c_still_waiting_when_the_run_ends_ends_it_as_interrupted(tmp_path: Path) -> None:
    # the run ends right after the import, before the waiting Ctrl-C is sent again: it is raised at the end
    proc = _ctrl_c_during_slow_import(tmp_path, (
        "try:\n"
        "    with ctrl_c_handled():\n"
        "        import slow_module\n"
        "    print('lost', flush=True)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
        "time.sleep(0.3)\n"  # a retry still running would interrupt this sleep
        "print('done', flush=True)\n"
    ))
    assert proc.stdout.split() == ["interrupted", "done"], proc.stdout + proc.stderr  # no retry left to fire
    assert "Traceback" not in proc.stderr
