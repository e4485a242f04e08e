"""The architecture contract beside import-linter's own: no module uses another package's private names.

A *package* here is one room of the house: ``netmatch.graph``, ``netmatch._data``, ``netmatch._solvers``
and so on (the first name below ``netmatch``). Inside a room, modules share what they like; across
rooms, a module imports only public names (no leading underscore) of public modules. ``lint-imports``
runs it with the layer contracts in ``pyproject.toml``; ``tests/test_architecture.py`` runs them all.
"""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.domain.contract import Contract, ContractCheck


def _room(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def _private_imports(path: Path, module: str, is_package: bool) -> list[str]:
    """Every ``from netmatch.x import _name`` or ``import netmatch.x._y`` that leaves ``module``'s room."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    base = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        targets: list[tuple[str, list[str]]] = []
        if isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                up = base.split(".")[: len(base.split(".")) - node.level + 1]
                source = ".".join(up + ([node.module] if node.module else []))
            targets.append((source, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            targets += [(a.name, []) for a in node.names]
        for source, names in targets:
            if not source.startswith("netmatch.") or _room(source) == _room(module):
                continue
            inner = source.split(".")[2:]
            bad = [p for p in inner if p.startswith("_")] + [n for n in names if n.startswith("_") and n != "*"]
            if bad:
                found.append(f"{module}:{node.lineno} imports {', '.join(bad)} from {source}")
    return found


class PrivateNamesContract(Contract):
    """Fails when a module imports a private name or a private module of another package."""

    def check(self, graph, verbose: bool) -> ContractCheck:  # type: ignore[no-untyped-def]
        import importlib.util

        root = self.session_options["root_packages"][0]
        spec = importlib.util.find_spec(root)
        assert spec is not None and spec.submodule_search_locations
        top = Path(next(iter(spec.submodule_search_locations)))
        problems: list[str] = []
        for module in sorted(m for m in graph.modules if m == root or m.startswith(root + ".")):
            rel = Path(*module.split(".")[1:])
            path = top / rel / "__init__.py"
            is_package = path.exists()
            if not is_package:
                path = (top / rel).with_suffix(".py")
            if path.exists():
                problems += _private_imports(path, module, is_package)
        return ContractCheck(kept=not problems, metadata={"problems": problems})

    def render_broken_contract(self, check: ContractCheck) -> None:
        from importlinter.application import output

        for line in check.metadata["problems"]:
            output.print_error(line)
