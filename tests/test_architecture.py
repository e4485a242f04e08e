"""The house's rules, checked: layers and private names (import-linter), sizes and complexity (radon)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.architecture import _private_imports
from tests.conftest import ROOT

PACKAGE = ROOT / "netmatch"
#: Longest module, in lines, and longest function body, in lines without its docstring.
MAX_MODULE_LINES = 750
MAX_FUNCTION_LINES = 80


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_contracts_are_kept() -> None:
    pytest.importorskip("importlinter")
    done = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
                           " sys.exit(lint_imports_command())"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in done.stdout


def test_private_names_across_packages_are_found(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("from netmatch.graph import _chord, build_graph\nfrom netmatch._base.geo import chord\n"
                      "from netmatch._solvers import _flow\nimport netmatch._data._private\n")
    found = _private_imports(source, "netmatch._sharing.arcs", is_package=False)
    assert found == ["netmatch._sharing.arcs:1 imports _chord from netmatch.graph",
                     "netmatch._sharing.arcs:3 imports _flow from netmatch._solvers",
                     "netmatch._sharing.arcs:4 imports _private from netmatch._data._private"]
    # inside its own package a module may use private names
    assert _private_imports(source, "netmatch._solvers.gap", is_package=False) == [
        "netmatch._solvers.gap:1 imports _chord from netmatch.graph",
        "netmatch._solvers.gap:4 imports _private from netmatch._data._private"]


def test_modules_are_short() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    if not body:
        return 0
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def test_functions_are_short() -> None:
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _body_lines(node) > MAX_FUNCTION_LINES:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({_body_lines(node)} lines)")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines (docstring aside): {long}"


def test_no_function_is_very_complex() -> None:
    radon = pytest.importorskip("radon.complexity")
    ranked = []
    for path in _modules():
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            if radon.cc_rank(block.complexity) >= "D":
                ranked.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({block.complexity})")
    assert not ranked, f"cyclomatic complexity over 20 (radon rank D or worse): {ranked}"
