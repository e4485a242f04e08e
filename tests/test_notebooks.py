"""Every notebook in examples/ runs top to bottom in a fresh kernel, as an analyst would run it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "examples").glob("*.ipynb"))
#: Seconds one cell may take; the slowest cell of the 3,000-school notebook takes a few seconds.
CELL_TIMEOUT = 180


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_clean(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # jupyter's own modules warn about their future paths unless told which to use
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    # the kernel imports this checkout of netmatch, installed or not, and draws without a display
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
              if out.get("output_type") == "error"]
    assert not errors
    warnings = [out["text"] for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
                if out.get("output_type") == "stream" and out.get("name") == "stderr" and "Warning" in out["text"]]
    assert not warnings, warnings


def test_there_are_notebooks() -> None:
    assert {p.name for p in NOTEBOOKS} >= {"scenario_planning_demo.ipynb", "scenario_planning_region.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_stored_without_outputs(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(path, as_version=4)
    kept = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and (cell.outputs or cell.execution_count)]
    assert not kept, f"{path.name}: cells {kept} keep their outputs; clear them before committing"
