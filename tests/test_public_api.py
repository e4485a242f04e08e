"""The lazily imported public names: the lists that declare them agree, and each name resolves to its object."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import netmatch
import netmatch.cli


def _typing_names(module: ModuleType) -> set[str]:
    """The names imported under ``if TYPE_CHECKING:`` (what type checkers and IDEs see)."""
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", None) == "TYPE_CHECKING")
    return {a.asname or a.name for n in block.body if isinstance(n, ast.ImportFrom) for a in n.names}


@pytest.mark.parametrize(("module", "eager"), [(netmatch, set()), (netmatch.cli, {"main"})])
def test_the_three_lists_of_public_names_agree(module: ModuleType, eager: set[str]) -> None:
    declared = set(module.__all__) - eager
    assert _typing_names(module) == declared == set(module._FROM)


def test_every_public_name_is_the_object_of_its_module() -> None:
    for name, where in netmatch._FROM.items():
        source = importlib.import_module(where)
        expected = source if source.__name__ == f"netmatch.{name}" else getattr(source, name)
        assert getattr(netmatch, name) is expected, name
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        netmatch.nothing  # noqa: B018


def test_importing_the_command_line_loads_no_library() -> None:
    code = ("import sys; from netmatch.cli import main; "
            "print(sorted(m for m in ('pandas', 'numpy', 'scipy', 'pydantic', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
