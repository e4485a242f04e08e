"""Every example in examples/ runs as a user would run it."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_path

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
NEEDS_SHARED = {"foreign_registry.py": ("data", "england_ks4_2019.csv")}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if path.name in NEEDS_SHARED:
        shared_path(*NEEDS_SHARED[path.name])
    namespace = runpy.run_path(str(path), run_name="example")
    namespace["main"]()
    assert capsys.readouterr().out.strip()


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 2
