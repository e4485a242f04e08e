"""Fuzzing registries: mutate a registry's files bytewise or its JSON structurally, read, and check what came in.

Used by ``tests/test_hostile_inputs.py`` (hypothesis, bounded) and by ``scripts/fuzz_registry.py``
(a long seeded run). :func:`outcome` reads a mutated registry and says what happened: refused as an
:class:`~netmatch.InvalidInputError`, or accepted — then every value must lie in its declared range
and identify → graph → pairing → :func:`~netmatch.check_pairing` must run without a crash or a
violation. Anything else raises :class:`FuzzFailure` with the reason.
"""

from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import netmatch as nm
from netmatch._data.columnwise import _bounds
from netmatch._data.models import Resource, School
from netmatch._data.results import _BOUNDS

__all__ = [
    "FORMATS",
    "HOSTILE",
    "FuzzFailure",
    "mutate_bytes",
    "mutate_cells",
    "mutate_json",
    "mutate_workbook",
    "outcome",
    "random_case",
    "registry_files",
]

#: The formats fuzzed: label -> (file name, headers).
FORMATS = {"csv-ru": ("r.csv", "ru"), "csv-en": ("r.csv", "en"), "xlsx": ("r.xlsx", "ru"), "json": ("r.json", "en")}

#: Values put anywhere in a JSON registry.
HOSTILE: list[Any] = [None, "abc", "", [], {}, [[1]], {"a": {"b": 1}}, -1, 0, True, "1e19", "\x1b[31m", [None],
                      {"x": [1]}, "9" * 5000, 1e308, 10**30, "S01\u200b", "=1+1", "'-5", -1e-300, "NaN", "inf",
                      "\ufeff", "95%", "0,5", "  ", "2015/16", 2**63, -(2**63) - 1]


class FuzzFailure(AssertionError):
    """An input that was neither refused as an input error nor read into a sound registry."""


def registry_files(registry: nm.Registry, folder: Path) -> dict[str, dict[str, bytes]]:
    """The registry written in every format of :data:`FORMATS`: label -> file name -> bytes."""
    out: dict[str, dict[str, bytes]] = {}
    for label, (name, headers) in FORMATS.items():
        (folder / label).mkdir(parents=True, exist_ok=True)
        nm.write_registry(registry, folder / label / name, headers=headers)  # type: ignore[arg-type]
        out[label] = {p.name: p.read_bytes() for p in (folder / label).iterdir()}
    return out


def mutate_bytes(data: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    """``data`` with each edit applied: set a byte, insert bytes, delete a run, copy a run elsewhere."""
    b = bytearray(data)
    for op, at, chunk in edits:
        i = at % max(len(b), 1)
        if op == "set" and b:
            b[i] = chunk[0]
        elif op == "insert":
            b[i:i] = chunk
        elif op == "delete":
            del b[i:i + 1 + chunk[0] % 64]
        else:
            j = (at // 7) % max(len(b), 1)
            b[i:i] = b[j:j + 1 + chunk[0]]
    return bytes(b)


def _nodes(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    items = doc.items() if isinstance(doc, dict) else enumerate(doc[:5]) if isinstance(doc, list) else []
    for key, value in items:
        out += _nodes(value, (*path, key))
    return out


def mutate_json(doc: Any, choose: Callable[[list[Any]], Any], times: int) -> Any:
    """``doc`` with ``times`` nodes (chosen by ``choose`` from a list) replaced by a :data:`HOSTILE` value."""
    for _ in range(times):
        doc = copy.deepcopy(doc)
        path = choose(_nodes(doc))
        value = copy.deepcopy(choose(HOSTILE))  # never a shared object of HOSTILE in a document
        if not path:
            doc = value
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    return doc


def mutate_cells(data: bytes, choose: Callable[[list[Any]], Any], times: int) -> bytes:
    """A CSV file's ``times`` cells (chosen by ``choose``) replaced by :data:`HOSTILE` values written as text."""
    import csv
    import io

    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for _ in range(times):
        r = choose(list(range(len(rows))))
        if rows[r]:
            rows[r][choose(list(range(len(rows[r]))))] = str(choose(HOSTILE))
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def mutate_workbook(data: bytes, choose: Callable[[list[Any]], Any], times: int) -> bytes:
    """An XLSX workbook's ``times`` cells (chosen by ``choose``) replaced by :data:`HOSTILE` values, as typed."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    for _ in range(times):
        ws = choose(wb.worksheets)
        value = choose(HOSTILE)
        if isinstance(value, list | dict) or (isinstance(value, int) and abs(value) >= 2**63):
            value = str(value)  # a cell holds a number or a text; "=1+1" becomes a formula, as typed
        if isinstance(value, str):
            value = value.replace("\x1b", "")  # a character no worksheet may hold (openpyxl refuses it)
        ws.cell(row=choose(list(range(1, ws.max_row + 2))), column=choose(list(range(1, ws.max_column + 2))),
                value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _out_of_range(reg: nm.Registry) -> list[str]:
    """Every value of ``reg`` outside the range its field declares."""
    bad = []
    for model, items in ((School, reg.schools), (Resource, reg.resources)):
        for name, info in model.model_fields.items():
            bounds = _bounds(info)
            if bounds is None:
                continue
            lo, hi = bounds
            for item in items:
                v = getattr(item, name)
                if v is not None and not (isinstance(v, int | float) and lo <= v <= hi and math.isfinite(v)):
                    bad.append(f"{model.__name__} {item.id}: {name}={v!r} outside [{lo}, {hi}]")
    table = reg.results
    for column, (lo, hi, whole, _) in _BOUNDS.items():
        x = np.asarray(getattr(table, column), dtype=np.float64)
        given = x[~np.isnan(x)]
        if ((given < lo) | (given > hi)).any() or (whole and (given != np.floor(given)).any()) or \
                np.isinf(given).any():
            bad.append(f"results: {column} outside [{lo}, {hi}]")
    return bad


def outcome(folder: Path, found: dict[str, bytes]) -> str:
    """Write ``found`` into ``folder``, read it and say ``"refused"`` or ``"accepted"``; else :class:`FuzzFailure`."""
    for name, data in found.items():
        (folder / name).write_bytes(data)
    main = next(n for n in found if n.count(".") == 1)
    try:
        reg = nm.read_registry(folder / main)
    except nm.InvalidInputError as exc:
        if not exc.problems or not all(str(p) and p.text("ru") for p in exc.problems):
            raise FuzzFailure(f"an input error without its problems: {exc!r}") from exc
        return "refused"
    except Exception as exc:
        raise FuzzFailure(f"reading raised {type(exc).__name__}: {exc}") from exc
    if bad := _out_of_range(reg):
        raise FuzzFailure("accepted out of range: " + "; ".join(bad[:5]))
    try:
        G = nm.build_graph(reg, nm.identify(reg))
        violations = nm.check_pairing(G, nm.optimal_pairing(G))
    except (nm.InvalidInputError, nm.InfeasibleError):
        return "accepted"  # worded refusals of the plan: a sound answer
    except Exception as exc:
        raise FuzzFailure(f"identify → graph → pairing raised {type(exc).__name__}: {exc}") from exc
    if violations:
        raise FuzzFailure(f"check_pairing found violations: {violations[:3]}")
    return "accepted"


def random_case(files: dict[str, dict[str, bytes]], rng: random.Random) -> tuple[str, dict[str, bytes]]:
    """One mutated registry drawn with ``rng``: its label and files (for the long run of the script)."""
    label = rng.choice(sorted(files))
    found = dict(files[label])
    if label == "json" and rng.random() < 0.5:
        doc = mutate_json(json.loads(found["r.json"]), rng.choice, rng.randint(1, 3))
        found["r.json"] = json.dumps(doc, ensure_ascii=False).encode()
        return label + "/structure", found
    name = rng.choice(sorted(found))
    if label == "xlsx" and rng.random() < 0.5:
        found[name] = mutate_workbook(found[name], rng.choice, rng.randint(1, 4))
        return label + "/cells", found
    if label.startswith("csv") and rng.random() < 0.5:
        found[name] = mutate_cells(found[name], rng.choice, rng.randint(1, 4))
        return label + "/cells", found
    edits = [(rng.choice(["set", "insert", "delete", "copy"]), rng.randrange(10**9),
              bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))) for _ in range(rng.randint(1, 6))]
    found[name] = mutate_bytes(found[name], edits)
    return label + "/bytes", found
