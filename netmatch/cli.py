"""The ``netmatch`` command line: a thin shell over the public API.

Messages are in Russian by default and in English with ``--lang en``. Input problems are
printed as short plain lines (no traceback) and the command exits with status 2.

Subcommands
-----------
``netmatch demo``
    Load the bundled demo district, validate it and print its summary.
``netmatch validate FILE``
    Read a registry (CSV, XLSX, JSON or a directory) and list every problem in it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence

import numpy as np

from netmatch import datasets
from netmatch.exceptions import InvalidInputError, NetmatchError
from netmatch.io import read_registry
from netmatch.models import Procedure, Registry

__all__ = ["main", "summary"]

_TEXT = {
    "ru": {
        "title": "Реестр: {name}",
        "schools": "Школ: {n}",
        "kinds": "  по типам: {items}",
        "places": "  городских: {urban}, сельских: {rural}, тип местности не указан: {unknown}",
        "shifts": "  по сменности: {items}",
        "over": "  обучающихся больше проектной мощности: {items}",
        "coords": "  без координат: {n}",
        "results": "Результатов: {n}",
        "proc": "  {proc}: {n} строк, годы {years}, предметов {subjects}",
        "resources": "Ресурсов для совместного использования: {n}",
        "res_kind": "  {kind}: {n}",
        "candidates": "Кандидатов для размещения новых центров: {n}",
        "declared": "Заявлено в реестре: ШНОР — {low}, ШНСУ — {unf}, лидеров — {lead}",
        "valid": "Проверка пройдена: ошибок нет.",
        "invalid": "Найдено проблем: {n}",
        "none": "нет",
        "unnamed": "без названия",
    },
    "en": {
        "title": "Registry: {name}",
        "schools": "Schools: {n}",
        "kinds": "  by kind: {items}",
        "places": "  urban: {urban}, rural: {rural}, not given: {unknown}",
        "shifts": "  by shifts: {items}",
        "over": "  enrolment above design capacity: {items}",
        "coords": "  without coordinates: {n}",
        "results": "Results: {n}",
        "proc": "  {proc}: {n} rows, years {years}, {subjects} subjects",
        "resources": "Shareable resources: {n}",
        "res_kind": "  {kind}: {n}",
        "candidates": "Candidate sites for new centres: {n}",
        "declared": "Declared in the registry: low results (ШНОР) {low}, unfavourable conditions (ШНСУ) {unf}, "
        "leaders {lead}",
        "valid": "Validation passed: no problems.",
        "invalid": "Problems found: {n}",
        "none": "none",
        "unnamed": "unnamed",
    },
}


def summary(registry: Registry, lang: str = "ru") -> str:
    """A plain-text summary of a registry, in Russian (``"ru"``) or English (``"en"``).

    >>> from netmatch.datasets import load_demo
    >>> print(summary(load_demo(), "en").splitlines()[1])
    Schools: 18
    """
    t = _TEXT[lang]
    ru = lang == "ru"
    lines = [t["title"].format(name=registry.name or t["unnamed"]), t["schools"].format(n=len(registry))]
    kinds = Counter((s.kind.label_ru if ru else s.kind.value) if s.kind else "?" for s in registry.schools)
    lines.append(t["kinds"].format(items=", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))))
    types = Counter(s.settlement_type.value if s.settlement_type else None for s in registry.schools)
    lines.append(t["places"].format(urban=types["urban"], rural=types["rural"], unknown=types[None]))
    shifts = Counter(s.shifts for s in registry.schools if s.shifts is not None)
    lines.append(t["shifts"].format(items=", ".join(f"{k}: {n}" for k, n in sorted(shifts.items()))
                                    or t["none"]))
    over = [f"{s.id} ({s.students}/{s.design_capacity})" for s in registry.schools
            if s.students is not None and s.design_capacity and s.students > s.design_capacity]
    lines.append(t["over"].format(items=", ".join(over) or t["none"]))
    missing = sum(not s.has_coordinates for s in registry.schools)
    if missing:
        lines.append(t["coords"].format(n=missing))
    res = registry.results
    lines.append(t["results"].format(n=len(res)))
    for proc in Procedure:
        mask = res.procedure == proc.value
        if mask.any():
            years = sorted({int(y) for y in res.year[mask]})
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            lines.append(t["proc"].format(proc=proc.label_ru, n=int(mask.sum()), years=span,
                                          subjects=len(np.unique(res.subject[mask]))))
    lines.append(t["resources"].format(n=len(registry.resources)))
    for kind, n in sorted(Counter(r.kind for r in registry.resources).items()):
        lines.append(t["res_kind"].format(kind=kind.label_ru if ru else kind.value, n=n))
    lines.append(t["candidates"].format(n=sum(bool(s.centre_candidate) for s in registry.schools)))
    lines.append(t["declared"].format(
        low=sum(bool(s.declared_low_results) for s in registry.schools),
        unf=sum(bool(s.declared_unfavourable) for s in registry.schools),
        lead=sum(bool(s.declared_leader) for s in registry.schools)))
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("ru", "en"), default="ru",
                        help="language of messages: ru (default) or en")
    parser = argparse.ArgumentParser(
        prog="netmatch", parents=[common],
        description="Pair schools into support partnerships (ШНОР/ШНСУ with leader schools).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("demo", parents=[common], help="validate and summarise the bundled demo district")
    validate = sub.add_parser("validate", parents=[common],
                              help="read a registry and list every problem in it")
    validate.add_argument("file", help="registry: .csv, .xlsx, .json or a directory of them")
    validate.add_argument("--encoding", help="text encoding of CSV files (default: UTF-8, else Windows-1251)")
    validate.add_argument("--sep", help="CSV separator (default: sniffed)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 1 other failure)."""
    args = _parser().parse_args(argv)
    t = _TEXT[args.lang]
    try:
        if args.command == "demo":
            registry = datasets.load_demo()
        else:
            registry = read_registry(args.file, encoding=args.encoding, sep=args.sep)
    except InvalidInputError as exc:
        print(t["invalid"].format(n=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except NetmatchError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(summary(registry, args.lang))
    print(t["valid"])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
